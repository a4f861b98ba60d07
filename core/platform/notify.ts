/**
 * Live updates for the officers' queue: a Redis pub/sub channel per unit.
 * Payloads carry ids and an event type only — never tip content — because
 * Redis traffic is clear text. Publishing is best effort: a tip change has
 * already committed, and a missed notice only means an officer reloads.
 */
import type { Redis } from "ioredis";

export interface UnitEvent {
  tipId: number;
  /** What happened: "routed", "claimed", "rerouted", "closed", "message"… */
  type: string;
}

export function unitChannel(prefix: string, unitCode: string): string {
  return `${prefix}:unit-events:${unitCode}`;
}

/** Tells every officer watching `unitCode` that tip `payload.tipId` changed. Never throws. */
export async function publishUnitEvent(redis: Redis, prefix: string, unitCode: string, payload: UnitEvent): Promise<void> {
  const message = JSON.stringify({ tipId: payload.tipId, type: payload.type });
  try {
    await redis.publish(unitChannel(prefix, unitCode), message);
  } catch {
    // Redis is down: the queue page still works by reloading.
  }
}

/** Several notices in one round trip (the intake worker's batch of placed tips). Never throws. */
export async function publishUnitEvents(redis: Redis, prefix: string, events: Array<{ unitCode: string; payload: UnitEvent }>): Promise<void> {
  if (events.length === 0) return;
  const pipeline = redis.pipeline();
  for (const { unitCode, payload } of events) pipeline.publish(unitChannel(prefix, unitCode), JSON.stringify({ tipId: payload.tipId, type: payload.type }));
  try {
    await pipeline.exec();
  } catch {
    // Redis is down: the queue page still works by reloading.
  }
}

/** The name the pipeline's brief used; the same function. */
export const publishTipEvent = publishUnitEvent;
