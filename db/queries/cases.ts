/**
 * Cases a unit opened or solved, their legal decision, arrests and seizures,
 * and the tips that led to them (many to many). A case belongs to one unit;
 * reads and changes are limited to the caller's units in SQL. Linking a tip
 * writes the tip's trail; creating and editing a case writes the audit log.
 */
import type { Kysely, Transaction } from "kysely";
import type { SeizureKind } from "../../domain/seizures";
import type { Database } from "../schema";
import { appendAudit } from "./audit";
import { isEmptyScope, scopeIncludes, tipVisibleInScope, unitInScope, type UnitScope } from "./scope";
import { appendTipEvent } from "./tip-events";

type Db = Kysely<Database> | Transaction<Database>;

export type CaseDecision = "charged" | "not_charged" | "suspended";

export interface CaseFields {
  number: string;
  title: string;
  category: string;
  decision: CaseDecision | null;
  decisionDate: string | null;
  arrests: number;
  arrestedAt: string | null;
}

export interface SeizureInput {
  kind: SeizureKind;
  quantity: number;
  note: string | null;
}

interface Actor {
  userId: number;
  scope: UnitScope;
  at: string;
}

export async function caseNumberTaken(db: Db, unitCode: string, number: string, exceptCaseId?: number): Promise<boolean> {
  let query = db.selectFrom("cases").select("id").where("unit_code", "=", unitCode).where("number", "=", number);
  if (exceptCaseId) query = query.where("id", "<>", exceptCaseId);
  return !!(await query.executeTakeFirst());
}

async function replaceSeizures(trx: Transaction<Database>, caseId: number, seizures: SeizureInput[]): Promise<void> {
  await trx.deleteFrom("case_seizures").where("case_id", "=", caseId).execute();
  const kept = seizures.filter((s) => s.quantity > 0);
  if (kept.length) {
    await trx.insertInto("case_seizures").values(kept.map((s) => ({ case_id: caseId, kind: s.kind, quantity: s.quantity, note: s.note }))).execute();
  }
}

async function linkTip(trx: Transaction<Database>, caseId: number, caseNumber: string, tipId: number, actor: Actor): Promise<void> {
  await trx.insertInto("case_tips").values({ case_id: caseId, tip_id: tipId, created_at: actor.at }).execute();
  await appendTipEvent(trx, {
    tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "case_linked", data: { caseId, caseNumber },
  });
}

/** Tips of `tipIds` that a unit of the scope owns or received a copy of. */
async function visibleTipIds(db: Db, tipIds: number[], scope: UnitScope): Promise<number[]> {
  if (tipIds.length === 0 || isEmptyScope(scope)) return [];
  const rows = await db
    .selectFrom("tips")
    .select("id")
    .where("id", "in", tipIds)
    .where("status", "<>", "received")
    .where(tipVisibleInScope(scope))
    .execute();
  return rows.map((r) => r.id);
}

/** Creates a case of `unitCode` (one of the caller's units) linked to the given visible tips. */
export async function createCase(
  db: Kysely<Database>,
  input: { unitCode: string; fields: CaseFields; seizures: SeizureInput[]; tipIds: number[] },
  actor: Actor,
): Promise<number | null> {
  if (!scopeIncludes(actor.scope, input.unitCode)) return null;
  return db.transaction().execute(async (trx) => {
    const f = input.fields;
    const { id } = await trx
      .insertInto("cases")
      .values({
        unit_code: input.unitCode, number: f.number, title: f.title, category: f.category, decision: f.decision,
        decision_date: f.decisionDate, arrests: f.arrests, arrested_at: f.arrestedAt, created_by: actor.userId,
        created_at: actor.at, updated_at: actor.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await replaceSeizures(trx, id, input.seizures);
    for (const tipId of await visibleTipIds(trx, input.tipIds, actor.scope)) await linkTip(trx, id, f.number, tipId, actor);
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "case_created", data: { caseId: id, unitCode: input.unitCode, number: f.number } });
    return id;
  });
}

export async function updateCase(
  db: Kysely<Database>,
  caseId: number,
  input: { fields: CaseFields; seizures: SeizureInput[] },
  actor: Actor,
): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const f = input.fields;
    const result = await trx
      .updateTable("cases")
      .set({
        number: f.number, title: f.title, category: f.category, decision: f.decision, decision_date: f.decisionDate,
        arrests: f.arrests, arrested_at: f.arrestedAt, updated_at: actor.at,
      })
      .where("id", "=", caseId)
      .where(unitInScope(actor.scope, "unit_code"))
      .where("withdrawn_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await replaceSeizures(trx, caseId, input.seizures);
    await appendAudit(trx, {
      at: actor.at, actorUserId: actor.userId, type: "case_updated",
      data: { caseId, decision: f.decision, arrests: f.arrests, seizures: input.seizures.filter((s) => s.quantity > 0).map((s) => `${s.kind}:${s.quantity}`) },
    });
    return true;
  });
}

/**
 * Withdraws a case entered by mistake (docs/decisions/0029-case-withdrawal-and-group-merge.md): kept, marked withdrawn with its
 * reason, and unlinked from every tip — each tip's trail says so — so the oversight figures ("linked to a case",
 * cases, arrests, seizures: a case counts only while linked to a tip) drop it at the next refresh. Withdrawn
 * cases cannot be edited or linked again. Returns the tips it was linked to, or null outside the caller's units.
 */
export async function withdrawCase(db: Kysely<Database>, caseId: number, reason: string, actor: Actor & { actorKind: "officer" | "supervisor" }): Promise<number[] | null> {
  if (isEmptyScope(actor.scope)) return null;
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom("cases")
      .select(["id", "number", "unit_code"])
      .where("id", "=", caseId)
      .where(unitInScope(actor.scope, "unit_code"))
      .where("withdrawn_at", "is", null)
      .executeTakeFirst();
    if (!found) return null;
    const links = await trx.selectFrom("case_tips").select("tip_id").where("case_id", "=", caseId).orderBy("tip_id").execute();
    const tipIds = links.map((l) => l.tip_id);
    await trx.deleteFrom("case_tips").where("case_id", "=", caseId).execute();
    for (const tipId of tipIds) {
      await appendTipEvent(trx, {
        tipId, at: actor.at, actorKind: actor.actorKind, actorUserId: actor.userId, type: "case_withdrawn",
        data: { caseId, caseNumber: found.number, reason },
      });
    }
    await trx.updateTable("cases").set({ withdrawn_at: actor.at, withdrawn_reason: reason, withdrawn_by: actor.userId, updated_at: actor.at }).where("id", "=", caseId).execute();
    await appendAudit(trx, {
      at: actor.at, actorUserId: actor.userId, type: "case_withdrawn",
      data: { caseId, unitCode: found.unit_code, number: found.number, reason, tips: tipIds },
    });
    return tipIds;
  });
}

export type LinkOutcome = "linked" | "already" | "not-found";

export async function linkTipToCase(db: Kysely<Database>, caseId: number, tipId: number, actor: Actor): Promise<LinkOutcome> {
  if (isEmptyScope(actor.scope)) return "not-found";
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("cases").select(["id", "number"]).where("id", "=", caseId).where(unitInScope(actor.scope, "unit_code")).where("withdrawn_at", "is", null).executeTakeFirst();
    if (!found || (await visibleTipIds(trx, [tipId], actor.scope)).length === 0) return "not-found";
    const existing = await trx.selectFrom("case_tips").select("tip_id").where("case_id", "=", caseId).where("tip_id", "=", tipId).executeTakeFirst();
    if (existing) return "already";
    await linkTip(trx, caseId, found.number, tipId, actor);
    return "linked";
  });
}

export async function unlinkTipFromCase(db: Kysely<Database>, caseId: number, tipId: number, actor: Actor): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("cases").select(["id", "number"]).where("id", "=", caseId).where(unitInScope(actor.scope, "unit_code")).executeTakeFirst();
    if (!found) return false;
    const result = await trx.deleteFrom("case_tips").where("case_id", "=", caseId).where("tip_id", "=", tipId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await appendTipEvent(trx, {
      tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "case_unlinked", data: { caseId, caseNumber: found.number },
    });
    return true;
  });
}

export interface CaseView extends CaseFields {
  id: number;
  unitCode: string;
  unitName: string;
  createdAt: string;
  updatedAt: string;
  createdByName: string | null;
  /** Set when the case was withdrawn as entered by mistake. */
  withdrawn: { at: string; reason: string } | null;
  seizures: SeizureInput[];
  tips: Array<{ id: number; category: string; excerpt: string; status: string; visible: boolean }>;
}

export async function findCase(db: Db, caseId: number, scope: UnitScope): Promise<CaseView | null> {
  if (isEmptyScope(scope)) return null;
  const row = await db
    .selectFrom("cases")
    .innerJoin("units", "units.code", "cases.unit_code")
    .leftJoin("users", "users.id", "cases.created_by")
    .selectAll("cases")
    .select(["units.name as unit_name", "users.name as creator_name"])
    .where("cases.id", "=", caseId)
    .where(unitInScope(scope, "cases.unit_code"))
    .executeTakeFirst();
  if (!row) return null;
  const seizures = await db.selectFrom("case_seizures").select(["kind", "quantity", "note"]).where("case_id", "=", caseId).orderBy("id").execute();
  const tips = await db
    .selectFrom("case_tips")
    .innerJoin("tips", "tips.id", "case_tips.tip_id")
    .select(["tips.id", "tips.category", "tips.status", "tips.description"])
    .where("case_tips.case_id", "=", caseId)
    .orderBy("tips.id")
    .execute();
  const visible = new Set(await visibleTipIds(db, tips.map((t) => t.id), scope));
  return {
    id: row.id,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    number: row.number,
    title: row.title,
    category: row.category,
    decision: row.decision,
    decisionDate: row.decision_date,
    arrests: row.arrests,
    arrestedAt: row.arrested_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdByName: row.creator_name,
    withdrawn: row.withdrawn_at ? { at: row.withdrawn_at, reason: row.withdrawn_reason ?? "" } : null,
    seizures: seizures.map((s) => ({ kind: s.kind as SeizureKind, quantity: Number(s.quantity), note: s.note })),
    // Tips of other units linked to this case are counted, not shown.
    tips: tips.map((t) => ({
      id: t.id, category: t.category, status: t.status, visible: visible.has(t.id),
      excerpt: visible.has(t.id) ? t.description.slice(0, 160) : "",
    })),
  };
}

export interface CaseListRow {
  id: number;
  unitCode: string;
  number: string;
  title: string;
  category: string;
  decision: CaseDecision | null;
  arrests: number;
  createdAt: string;
  tipCount: number;
  withdrawn: boolean;
}

/** The units' cases, newest first, keyset-paginated by (created_at, id). */
export async function listCases(
  db: Db,
  scope: UnitScope,
  options: { limit: number; before?: { createdAt: string; id: number } | null },
): Promise<{ rows: CaseListRow[]; next: { createdAt: string; id: number } | null }> {
  if (isEmptyScope(scope)) return { rows: [], next: null };
  let query = db
    .selectFrom("cases")
    .select(["cases.id", "cases.unit_code", "cases.number", "cases.title", "cases.category", "cases.decision", "cases.arrests", "cases.created_at", "cases.withdrawn_at"])
    .select((eb) => eb.selectFrom("case_tips").select(eb.fn.countAll<number>().as("n")).whereRef("case_tips.case_id", "=", "cases.id").as("tip_count"))
    .where(unitInScope(scope, "cases.unit_code"))
    .orderBy("cases.created_at", "desc")
    .orderBy("cases.id", "desc")
    .limit(options.limit + 1);
  const before = options.before;
  if (before) query = query.where((eb) => eb(eb.refTuple("cases.created_at", "cases.id"), "<", eb.tuple(before.createdAt, before.id)));
  const found = await query.execute();
  const rows = found.slice(0, options.limit).map((r) => ({
    id: r.id, unitCode: r.unit_code, number: r.number, title: r.title, category: r.category, decision: r.decision,
    arrests: r.arrests, createdAt: r.created_at, tipCount: Number(r.tip_count ?? 0), withdrawn: r.withdrawn_at !== null,
  }));
  const last = rows[rows.length - 1];
  return { rows, next: found.length > options.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Cases of the tip that the caller may see, and how many others (other units') there are. */
export async function listCasesOfTip(db: Db, tipId: number, scope: UnitScope) {
  const rows = await db
    .selectFrom("case_tips")
    .innerJoin("cases", "cases.id", "case_tips.case_id")
    .select(["cases.id", "cases.number", "cases.title", "cases.unit_code", "cases.decision", "cases.arrests"])
    .where("case_tips.tip_id", "=", tipId)
    .orderBy("cases.id")
    .execute();
  const visible = rows.filter((r) => scopeIncludes(scope, r.unit_code));
  return { visible, hidden: rows.length - visible.length };
}

/** Recent cases of the units, for the "link to an existing case" picker. */
export async function listRecentCases(db: Db, scope: UnitScope, limit: number) {
  if (isEmptyScope(scope)) return [];
  return db
    .selectFrom("cases")
    .select(["id", "number", "title", "unit_code"])
    .where(unitInScope(scope, "unit_code"))
    .where("withdrawn_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** How many cases a unit has (withdrawn ones included). */
export async function countCasesOfUnit(db: Db, unitCode: string): Promise<number> {
  const row = await db.selectFrom("cases").select(db.fn.countAll<number>().as("n")).where("unit_code", "=", unitCode).executeTakeFirstOrThrow();
  return Number(row.n);
}
