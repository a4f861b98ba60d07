import type { Kysely } from "kysely";
import type { Database, NewTip, TipStatus } from "../schema";

export async function insertTip(db: Kysely<Database>, tip: NewTip): Promise<number> {
  const row = await db.insertInto("tips").values(tip).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findTipIdByReceiptHash(db: Kysely<Database>, receiptHash: string): Promise<number | null> {
  const row = await db.selectFrom("tips").select("id").where("receipt_hash", "=", receiptHash).executeTakeFirst();
  return row?.id ?? null;
}

/** The unit that owns the tip now (null: none, or no such tip). */
export async function findTipOwner(db: Kysely<Database>, tipId: number): Promise<string | null> {
  const row = await db.selectFrom("tips").select("unit_code").where("id", "=", tipId).executeTakeFirst();
  return row?.unit_code ?? null;
}

/** A tip's owner, status, value decision and deadline: what an action checks before changing it. */
export async function findTipState(
  db: Kysely<Database>,
  tipId: number,
): Promise<{ unitCode: string | null; status: TipStatus; valuable: boolean | null; createdAt: string; deadlineAt: string } | null> {
  const row = await db.selectFrom("tips").select(["unit_code", "status", "valuable", "created_at", "deadline_at"]).where("id", "=", tipId).executeTakeFirst();
  if (!row) return null;
  return {
    unitCode: row.unit_code, status: row.status, valuable: row.valuable === null ? null : row.valuable === 1,
    createdAt: row.created_at, deadlineAt: row.deadline_at,
  };
}

export async function markTipEnqueued(db: Kysely<Database>, tipId: number, at: string | null): Promise<void> {
  await db.updateTable("tips").set({ enqueued_at: at }).where("id", "=", tipId).execute();
}

export async function markTipsEnqueued(db: Kysely<Database>, tipIds: number[], at: string): Promise<void> {
  await db.updateTable("tips").set({ enqueued_at: at }).where("id", "in", tipIds).where("enqueued_at", "is", null).execute();
}

/** Tips committed and not yet handed to the queue, oldest first (the relay's read: index tips_status_enqueued). */
export async function findTipsToRelay(db: Kysely<Database>, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("tips")
    .select("id")
    .where("status", "=", "received")
    .where("enqueued_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Tips the outbox must (re-)enqueue: still `received` and either never handed
 * to Redis or handed over before `staleBefore` without being processed.
 */
export async function findTipsAwaitingPipeline(
  db: Kysely<Database>,
  staleBefore: string,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("tips")
    .select("id")
    .where("status", "=", "received")
    .where((eb) => eb.or([eb("enqueued_at", "is", null), eb("enqueued_at", "<", staleBefore)]))
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface TipExportRow {
  id: number;
  externalRef: string | null;
  createdAt: string;
  channel: string;
  category: string;
  status: string;
  wardCode: string | null;
  unitCode: string | null;
  clusterId: string;
  valuable: boolean | null;
  caseIds: number[];
  sourceOrg: string | null;
  resolveMethod: string | null;
}

/**
 * Every tip created at or after `since`, in id order, for `tips export`.
 * Never the receipt hash, never identity. A lone tip's cluster id is its own
 * ("t<id>"), so clusterId groups duplicates and nothing else.
 */
export async function* streamTipsForExport(
  db: Kysely<Database>,
  since: string | null,
  batchSize = 1000,
): AsyncGenerator<TipExportRow> {
  let afterId = 0;
  for (;;) {
    let query = db
      .selectFrom("tips")
      .select([
        "id", "external_ref", "created_at", "channel", "category", "status", "ward_code", "unit_code",
        "cluster_id", "valuable", "source_org_code", "resolve_method",
      ])
      .where("id", ">", afterId)
      .orderBy("id")
      .limit(batchSize);
    if (since) query = query.where("created_at", ">=", since);
    const rows = await query.execute();
    if (rows.length === 0) return;
    const caseLinks = await db
      .selectFrom("case_tips")
      .select(["tip_id", "case_id"])
      .where("tip_id", "in", rows.map((r) => r.id))
      .orderBy("case_id")
      .execute();
    const casesByTip = new Map<number, number[]>();
    for (const link of caseLinks) casesByTip.set(link.tip_id, [...(casesByTip.get(link.tip_id) ?? []), link.case_id]);
    for (const r of rows) {
      yield {
        id: r.id,
        externalRef: r.external_ref,
        createdAt: r.created_at,
        channel: r.channel,
        category: r.category,
        status: r.status,
        wardCode: r.ward_code,
        unitCode: r.unit_code,
        clusterId: r.cluster_id === null ? `t${r.id}` : `c${r.cluster_id}`,
        valuable: r.valuable === null ? null : r.valuable === 1,
        caseIds: casesByTip.get(r.id) ?? [],
        sourceOrg: r.source_org_code,
        resolveMethod: r.resolve_method,
      };
    }
    afterId = rows[rows.length - 1].id;
  }
}

/** How many tips a unit owns (open or closed). */
export async function countTipsOfUnit(db: Kysely<Database>, unitCode: string): Promise<number> {
  const row = await db.selectFrom("tips").select(db.fn.countAll<number>().as("n")).where("unit_code", "=", unitCode).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Tips not closed yet (received ones included). */
export async function countTipsNotClosed(db: Kysely<Database>): Promise<number> {
  return Number((await db.selectFrom("tips").select(db.fn.countAll<number>().as("n")).where("status", "<>", "closed").executeTakeFirstOrThrow()).n);
}

export async function hasAnyTip(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom("tips").select("id").limit(1).executeTakeFirst()) !== undefined;
}
