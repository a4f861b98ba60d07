/**
 * Hotspot detection as a BullMQ job scheduler (issue 17; docs/decisions/0070-hotspot-alerts.md):
 * one repeatable job, whichever worker process takes it. Each process keeps its own
 * detectors in memory (core/hotspots.ts), so a new day costs one day's counts; which
 * worker records a day is decided in the database, so two workers, a retried job or a
 * restart record and announce each day once. The job carries no data.
 */
import type { Kysely } from "kysely";
import type { Redis } from "ioredis";
import { createHotspotMemory, HOTSPOT_GRACE_MS, runHotspotDetection, type DetectionRun } from "../core/hotspots";
import type { Database } from "../db/schema";
import { publishUnitEvent } from "../core/platform/notify";
import { startScheduledJob, type ScheduledJob } from "./scheduled-job";

export const HOTSPOT_QUEUE = "hotspots";
const SCHEDULER_ID = "hotspot-detection";
/** Days are what count; every ten minutes picks a finished day up soon after its grace period. */
export const HOTSPOT_EVERY_MS = 10 * 60_000;

export interface HotspotContext {
  db: Kysely<Database>;
  notify?: { redis: Redis; prefix: string };
  /** Injected in tests; the wall clock otherwise. */
  now?: () => Date;
  graceMs?: number;
}

/** Starts this process's consumer of the hotspot queue and registers the schedule (an upsert: one schedule whoever registers it). */
export function startHotspotDetection(ctx: HotspotContext, redis: { worker: Redis; prefix: string }, everyMs = HOTSPOT_EVERY_MS): ScheduledJob {
  const memory = createHotspotMemory();
  return startScheduledJob(
    // A run from scratch over a large history takes seconds; a lock shorter than that would hand it to another worker.
    { queue: HOTSPOT_QUEUE, schedulerId: SCHEDULER_ID, name: "detect", everyMs, retryDelayMs: 30_000, lockDurationMs: 120_000 },
    redis,
    async (): Promise<DetectionRun> => {
      const result = await runHotspotDetection(ctx.db, memory, (ctx.now ?? (() => new Date()))(), ctx.graceMs ?? HOTSPOT_GRACE_MS);
      if (ctx.notify) {
        for (const unitCode of result.units) await publishUnitEvent(ctx.notify.redis, ctx.notify.prefix, unitCode, { tipId: 0, type: "notification" });
      }
      return result;
    },
  );
}
