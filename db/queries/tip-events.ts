/**
 * The audit trail: append-only, one hash chain per tip. Each event's hash covers
 * its content and the previous event's hash, so an edited or deleted event breaks
 * the chain (`npm run cli -- audit verify`).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { runCompiled } from "../compiled";
import type { TipEventType } from "../../domain/tip-events";
import type { ActorKind, Database } from "../schema";

export interface TipEventInput {
  tipId: number;
  at: string;
  actorKind: ActorKind;
  actorUserId?: number | null;
  type: TipEventType;
  data?: Record<string, unknown>;
  /** The tip was inserted in this same transaction: its trail is empty, nothing to chain to. */
  first?: boolean;
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
  await appendTipEvents(db, [input]);
}

/**
 * Appends several events of one tip, in order, chained as one append each would chain them:
 * the previous hash read once, one insert (the worker writes three per placement, docs/decisions/0087).
 * `lastHash`: the trail's last hash, when the caller has just read it in this transaction with
 * the write that the events record (the worker on PostgreSQL, docs/decisions/0094); not read again.
 */
export async function appendTipEvents(db: Kysely<Database>, inputs: TipEventInput[], known?: { lastHash: string | null }): Promise<void> {
  const [head] = inputs;
  if (!head) return;
  if (inputs.some((input) => input.tipId !== head.tipId)) throw new Error("appendTipEvents: events of one tip only");
  const previous = head.first || known
    ? undefined
    : (await runCompiled(db, "tip-event-last-hash", (slot) =>
      db.selectFrom("tip_events").select("hash").where("tip_id", "=", slot<number>(0)).orderBy("id", "desc").limit(1), [head.tipId])).rows[0];
  let prevHash = known ? known.lastHash : previous?.hash ?? null;
  const values = inputs.map((input) => {
    const row = {
      tipId: input.tipId,
      at: input.at,
      actorKind: input.actorKind,
      actorUserId: input.actorUserId ?? null,
      type: input.type,
      data: JSON.stringify(input.data ?? {}),
      prevHash,
    };
    prevHash = hashTipEvent(row);
    return {
      tip_id: row.tipId, at: row.at, actor_kind: row.actorKind, actor_user_id: row.actorUserId, type: row.type, data: row.data,
      prev_hash: row.prevHash, hash: prevHash,
    };
  });
  // Compiled once per number of events (docs/decisions/0091).
  const columns = ["tip_id", "at", "actor_kind", "actor_user_id", "type", "data", "prev_hash", "hash"] as const;
  await runCompiled(db, `tip-events-insert:${values.length}`, (slot) => db.insertInto("tip_events").values(values.map((_, row) =>
    Object.fromEntries(columns.map((column, c) => [column, slot(row * columns.length + c)])) as typeof values[number])),
  values.flatMap((row) => columns.map((column) => row[column])));
}

export interface TipEventView {
  id: number;
  at: string;
  actorKind: ActorKind;
  actorUserId: number | null;
  /** A TipEventType, or a kind no longer written (the trail is never rewritten). */
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

export interface ChainBreak {
  tipId: number;
  eventId: number;
  reason: "hash mismatch" | "previous hash mismatch";
}

/**
 * Walks every tip's chain in order and returns the first broken link, or null.
 * Streams in batches of events so a large audit trail fits in memory.
 */
export async function findFirstChainBreak(db: Kysely<Database>, batchSize = 5000): Promise<{ checked: number; break: ChainBreak | null }> {
  let checked = 0;
  let after = { tipId: 0, id: 0 };
  let previous: { tipId: number; hash: string } | null = null;
  for (;;) {
    const rows = await db
      .selectFrom("tip_events")
      .select(["id", "tip_id", "at", "actor_kind", "actor_user_id", "type", "data", "prev_hash", "hash"])
      .where((eb) => eb.or([eb("tip_id", ">", after.tipId), eb.and([eb("tip_id", "=", after.tipId), eb("id", ">", after.id)])]))
      .orderBy("tip_id")
      .orderBy("id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { checked, break: null };
    for (const r of rows) {
      checked++;
      const expectedPrev = previous && previous.tipId === r.tip_id ? previous.hash : null;
      if (r.prev_hash !== expectedPrev) return { checked, break: { tipId: r.tip_id, eventId: r.id, reason: "previous hash mismatch" } };
      const recomputed = hashTipEvent({
        tipId: r.tip_id, at: r.at, actorKind: r.actor_kind, actorUserId: r.actor_user_id, type: r.type, data: r.data, prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash) return { checked, break: { tipId: r.tip_id, eventId: r.id, reason: "hash mismatch" } };
      previous = { tipId: r.tip_id, hash: r.hash };
    }
    const last = rows[rows.length - 1];
    after = { tipId: last.tip_id, id: last.id };
  }
}

/** The data of the latest event of `type` that the user wrote on the tip, or null. */
export async function findLatestTipEventOfUser(
  db: Kysely<Database>,
  query: { tipId: number; type: string; userId: number },
): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom("tip_events")
    .select("data")
    .where("tip_id", "=", query.tipId)
    .where("type", "=", query.type)
    .where("actor_user_id", "=", query.userId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as Record<string, unknown>) : null;
}
