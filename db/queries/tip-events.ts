/**
 * The audit trail: append-only, one hash chain per tip. Each event's hash covers
 * its content and the previous event's hash, so an edited or deleted event breaks
 * the chain (`npm run cli -- audit verify`).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { ActorKind, Database } from "../schema";

export interface TipEventInput {
  tipId: number;
  at: string;
  actorKind: ActorKind;
  actorUserId?: number | null;
  type: string;
  data?: Record<string, unknown>;
}

export function hashTipEvent(event: {
  tipId: number; at: string; actorKind: string; actorUserId: number | null; type: string; data: string; prevHash: string | null;
}): string {
  const canonical = JSON.stringify([
    event.tipId, event.at, event.actorKind, event.actorUserId, event.type, event.data, event.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Appends an event; call inside the transaction that made the change it records. */
export async function appendTipEvent(db: Kysely<Database>, input: TipEventInput): Promise<void> {
  const previous = await db
    .selectFrom("tip_events")
    .select("hash")
    .where("tip_id", "=", input.tipId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const row = {
    tipId: input.tipId,
    at: input.at,
    actorKind: input.actorKind,
    actorUserId: input.actorUserId ?? null,
    type: input.type,
    data: JSON.stringify(input.data ?? {}),
    prevHash: previous?.hash ?? null,
  };
  await db
    .insertInto("tip_events")
    .values({
      tip_id: row.tipId,
      at: row.at,
      actor_kind: row.actorKind,
      actor_user_id: row.actorUserId,
      type: row.type,
      data: row.data,
      prev_hash: row.prevHash,
      hash: hashTipEvent(row),
    })
    .execute();
}

export interface TipEventView {
  id: number;
  at: string;
  actorKind: ActorKind;
  actorUserId: number | null;
  type: string;
  data: Record<string, unknown>;
}

export async function listTipEvents(db: Kysely<Database>, tipId: number): Promise<TipEventView[]> {
  const rows = await db
    .selectFrom("tip_events")
    .select(["id", "at", "actor_kind", "actor_user_id", "type", "data"])
    .where("tip_id", "=", tipId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actorKind: r.actor_kind, actorUserId: r.actor_user_id, type: r.type,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}
