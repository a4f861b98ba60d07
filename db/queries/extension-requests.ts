/**
 * Extensions with approval (issue 16 item 3; docs/decisions/0072-escalation.md): an
 * officer asks to move a tip's art. 147 deadline to a new day, with a reason; a
 * supervisor of the tip's province or a head of its unit (never the requester) approves
 * or refuses with a note. An approval moves the deadline (if it is still the one the
 * request was made against) and records the extension. Every step goes to the tip's
 * audit trail in the same transaction. Scope is in each query: `scope` is the caller's
 * (the requester's units; the approver's approval scope).
 */
import { sql, type Kysely } from "kysely";
import type { Database, ExtensionRequestStatus } from "../schema";
import { OPEN_STATUSES } from "../../domain/tip-lifecycle";
import { isEmptyScope, unitInScope, type UnitScope } from "./scope";
import { appendTipEvent } from "./tip-events";

type Db = Kysely<Database>;
const OPEN = [...OPEN_STATUSES];

export interface ExtensionActor {
  userId: number;
  scope: UnitScope;
  at: string;
}

export type FileExtensionOutcome = { ok: true; requestId: number; unitCode: string } | { ok: false; problem: "stale" | "extensionPending" };

/** Files a request against the deadline the officer saw; refused while one is pending for the tip. */
export async function fileExtensionRequest(
  db: Db, tipId: number, request: { days: number; reason: string; previousDeadline: string; newDeadline: string }, actor: ExtensionActor,
  /** Runs in the same transaction once the request is stored (the approvers' notifications). */
  then: (trx: Db, filed: { requestId: number; unitCode: string }) => Promise<unknown> = async () => {},
): Promise<FileExtensionOutcome> {
  if (isEmptyScope(actor.scope)) return { ok: false, problem: "stale" };
  return db.transaction().execute(async (trx) => {
    const tip = await trx.selectFrom("tips").select("unit_code").where("id", "=", tipId).where(unitInScope(actor.scope, "tips.unit_code"))
      .where("status", "in", OPEN).where("deadline_at", "=", request.previousDeadline).executeTakeFirst();
    if (!tip?.unit_code) return { ok: false, problem: "stale" } as const;
    const pending = await trx.selectFrom("extension_requests").select("id").where("tip_id", "=", tipId).where("status", "=", "pending").executeTakeFirst();
    if (pending) return { ok: false, problem: "extensionPending" } as const;
    const inserted = await trx
      .insertInto("extension_requests")
      .values({
        tip_id: tipId, requester_id: actor.userId, days: request.days, reason: request.reason, previous_deadline_at: request.previousDeadline,
        deadline_at: request.newDeadline, status: "pending", created_at: actor.at, decided_by: null, decided_at: null, note: null,
      })
      // Two officers filing at once: the unique pending index lets one in.
      .onConflict((oc) => oc.column("tip_id").where(sql<boolean>`status = 'pending'`).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { ok: false, problem: "extensionPending" } as const;
    await appendTipEvent(trx, {
      tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "extension_requested",
      data: { requestId: inserted.id, days: request.days, deadlineAt: request.newDeadline, reason: request.reason },
    });
    await then(trx, { requestId: inserted.id, unitCode: tip.unit_code });
    return { ok: true, requestId: inserted.id, unitCode: tip.unit_code } as const;
  });
}

export type DecideExtensionOutcome =
  | { ok: true; tipId: number; unitCode: string; requesterId: number }
  | { ok: false; problem: "notFound" | "ownRequest" | "alreadyDecided" | "stale" };

class Stale extends Error {}

/**
 * An approver's decision on a pending request of a tip within `approver.scope` (else
 * not found). The requester can never decide their own. Approving moves the deadline
 * only if it is still the one the request was made against; otherwise nothing changes.
 */
export async function decideExtensionRequest(
  db: Db, requestId: number, decision: { approve: boolean; note: string }, approver: ExtensionActor,
  /** Runs in the same transaction once the decision is stored (the requester's notification). */
  then: (trx: Db, decided: { tipId: number; unitCode: string; requesterId: number }) => Promise<unknown> = async () => {},
): Promise<DecideExtensionOutcome> {
  if (isEmptyScope(approver.scope)) return { ok: false, problem: "notFound" };
  try {
    return await db.transaction().execute(async (trx) => {
      const request = await trx
        .selectFrom("extension_requests")
        .innerJoin("tips", "tips.id", "extension_requests.tip_id")
        .innerJoin("users", "users.id", "extension_requests.requester_id")
        .select([
          "extension_requests.tip_id", "extension_requests.requester_id", "extension_requests.days", "extension_requests.reason",
          "extension_requests.previous_deadline_at", "extension_requests.deadline_at", "tips.unit_code", "users.name as requester_name",
        ])
        .where("extension_requests.id", "=", requestId)
        .where(unitInScope(approver.scope, "tips.unit_code"))
        .executeTakeFirst();
      if (!request?.unit_code) return { ok: false, problem: "notFound" } as const;
      if (request.requester_id === approver.userId) return { ok: false, problem: "ownRequest" } as const;
      const status: ExtensionRequestStatus = decision.approve ? "approved" : "refused";
      const decided = await trx
        .updateTable("extension_requests")
        .set({ status, decided_by: approver.userId, decided_at: approver.at, note: decision.note })
        .where("id", "=", requestId)
        .where("status", "=", "pending")
        .where("requester_id", "!=", approver.userId)
        .executeTakeFirst();
      if (Number(decided.numUpdatedRows) !== 1) return { ok: false, problem: "alreadyDecided" } as const;
      if (decision.approve) {
        const moved = await trx
          .updateTable("tips")
          .set({ deadline_at: request.deadline_at, updated_at: approver.at })
          .where("id", "=", request.tip_id)
          .where("status", "in", OPEN)
          .where("deadline_at", "=", request.previous_deadline_at)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new Stale();
        await trx.insertInto("deadline_extensions").values({
          tip_id: request.tip_id, days: request.days, reason: request.reason, previous_deadline_at: request.previous_deadline_at,
          deadline_at: request.deadline_at, user_id: approver.userId, created_at: approver.at,
        }).execute();
      }
      await appendTipEvent(trx, {
        tipId: request.tip_id, at: approver.at, actorKind: "officer", actorUserId: approver.userId,
        type: decision.approve ? "extension_approved" : "extension_refused",
        data: { requestId, requester: request.requester_name, days: request.days, deadlineAt: request.deadline_at, note: decision.note },
      });
      await then(trx, { tipId: request.tip_id, unitCode: request.unit_code, requesterId: request.requester_id });
      return { ok: true, tipId: request.tip_id, unitCode: request.unit_code, requesterId: request.requester_id } as const;
    });
  } catch (error) {
    if (error instanceof Stale) return { ok: false, problem: "stale" };
    throw error;
  }
}

export interface ExtensionRequestView {
  id: number;
  tipId: number;
  unitCode: string;
  unitName: string;
  requesterId: number;
  requester: string;
  days: number;
  reason: string;
  previousDeadlineAt: string;
  deadlineAt: string;
  status: ExtensionRequestStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

function requestsQuery(db: Db) {
  return db
    .selectFrom("extension_requests")
    .innerJoin("tips", "tips.id", "extension_requests.tip_id")
    .innerJoin("units", "units.code", "tips.unit_code")
    .innerJoin("users as requester", "requester.id", "extension_requests.requester_id")
    .leftJoin("users as decider", "decider.id", "extension_requests.decided_by")
    .select([
      "extension_requests.id", "extension_requests.tip_id", "tips.unit_code", "units.name as unit_name", "extension_requests.requester_id",
      "requester.name as requester_name", "extension_requests.days", "extension_requests.reason", "extension_requests.previous_deadline_at",
      "extension_requests.deadline_at", "extension_requests.status", "extension_requests.created_at", "decider.name as decider_name",
      "extension_requests.decided_at", "extension_requests.note",
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>["execute"]>>[number];

function toView(r: RequestRow): ExtensionRequestView {
  return {
    id: r.id, tipId: r.tip_id, unitCode: r.unit_code ?? "", unitName: r.unit_name, requesterId: r.requester_id, requester: r.requester_name,
    days: r.days, reason: r.reason, previousDeadlineAt: r.previous_deadline_at, deadlineAt: r.deadline_at, status: r.status,
    createdAt: r.created_at, decidedBy: r.decider_name, decidedAt: r.decided_at, note: r.note,
  };
}

/** A tip's requests, newest first (the tip page: the pending one and the decided ones). */
export async function listExtensionRequestsOfTip(db: Db, tipId: number, scope: UnitScope): Promise<ExtensionRequestView[]> {
  if (isEmptyScope(scope)) return [];
  const rows = await requestsQuery(db).where("extension_requests.tip_id", "=", tipId).where(unitInScope(scope, "tips.unit_code"))
    .orderBy("extension_requests.id", "desc").limit(50).execute();
  return rows.map(toView);
}

/** Requests of tips of the scope with this status, oldest pending first or newest decided first. */
export async function listExtensionRequests(db: Db, scope: UnitScope, status: ExtensionRequestStatus, limit: number): Promise<ExtensionRequestView[]> {
  if (isEmptyScope(scope)) return [];
  const rows = await requestsQuery(db).where("extension_requests.status", "=", status).where(unitInScope(scope, "tips.unit_code"))
    .orderBy("extension_requests.id", status === "pending" ? "asc" : "desc").limit(limit).execute();
  return rows.map(toView);
}

export async function countPendingExtensionRequests(db: Db, scope: UnitScope): Promise<number> {
  if (isEmptyScope(scope)) return 0;
  const row = await db
    .selectFrom("extension_requests")
    .innerJoin("tips", "tips.id", "extension_requests.tip_id")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("extension_requests.status", "=", "pending")
    .where(unitInScope(scope, "tips.unit_code"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** For a page of the queue: which of these tips have an extension pending, and which were granted one. */
export async function extensionMarkers(db: Db, tipIds: number[]): Promise<Record<number, "pending" | "granted">> {
  if (tipIds.length === 0) return {};
  const [pending, granted] = await Promise.all([
    db.selectFrom("extension_requests").select("tip_id").where("tip_id", "in", tipIds).where("status", "=", "pending").execute(),
    db.selectFrom("deadline_extensions").select("tip_id").distinct().where("tip_id", "in", tipIds).execute(),
  ]);
  const markers: Record<number, "pending" | "granted"> = {};
  for (const r of granted) markers[r.tip_id] = "granted";
  for (const r of pending) markers[r.tip_id] = "pending";
  return markers;
}
