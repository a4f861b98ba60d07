/**
 * Identity requests (docs/decisions/0044-identity-requests.md): an officer asks to
 * see an identified tipster's details, with a reason; a custodian of the tip's
 * province (never the requester) approves or refuses with a note; an approval lets
 * the requester see the details until `expires_at`. Every step is written to the
 * tip's audit trail and the system log, and notified (the custodians who can decide a
 * filed request; the requester of a decision: ids only), in the same transaction as the change.
 * Times are passed in (`at`, `now`), never read from the clock here.
 */
import type { Kysely } from "kysely";
import type { Database, IdentityRequestStatus } from "../schema";
import { notificationStep } from "../../domain/notifications";
import { appendAudit } from "./audit";
import { findIdentityCustodians, insertUserNotifications } from "./notifications";
import { isEmptyScope, unitInScope, type UnitScope } from "./scope";
import { appendTipEvent } from "./tip-events";

export interface IdentityActor {
  userId: number;
  /** Whose tips the user may see (auth.server.ts getUnitScope). */
  scope: UnitScope;
  at: string;
}

export type FileOutcome = { ok: true; requestId: number; unitCode: string } | { ok: false; problem: "notFound" | "anonymous" | "alreadyOpen" };

/** Files a request; refused while the same officer has one pending or approved and unexpired for this tip. */
export async function fileIdentityRequest(db: Kysely<Database>, tipId: number, reason: string, actor: IdentityActor): Promise<FileOutcome> {
  if (isEmptyScope(actor.scope)) return { ok: false, problem: "notFound" };
  return db.transaction().execute(async (trx) => {
    const tip = await trx.selectFrom("tips").select(["reporter_enc", "unit_code"]).where("id", "=", tipId).where(unitInScope(actor.scope, "unit_code")).executeTakeFirst();
    if (!tip?.unit_code) return { ok: false, problem: "notFound" } as const;
    if (!tip.reporter_enc) return { ok: false, problem: "anonymous" } as const;
    const open = await trx
      .selectFrom("identity_requests")
      .select("id")
      .where("tip_id", "=", tipId)
      .where("requester_id", "=", actor.userId)
      .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "approved"), eb("expires_at", ">", actor.at)])]))
      .executeTakeFirst();
    if (open) return { ok: false, problem: "alreadyOpen" } as const;
    const { id } = await trx
      .insertInto("identity_requests")
      .values({ tip_id: tipId, requester_id: actor.userId, reason, status: "pending", created_at: actor.at, decided_by: null, decided_at: null, note: null, expires_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendTipEvent(trx, { tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "identity_requested", data: { requestId: id, reason } });
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "identity_requested", data: { tipId, requestId: id } });
    await insertUserNotifications(trx, {
      userIds: await findIdentityCustodians(trx, tip.unit_code, actor.userId), unitCode: tip.unit_code,
      kind: "identity_requested", tipId, step: notificationStep({ kind: "identity_requested", requestId: id }), at: actor.at,
    });
    return { ok: true, requestId: id, unitCode: tip.unit_code } as const;
  });
}

export type DecideOutcome = { ok: true; tipId: number; unitCode: string } | { ok: false; problem: "notFound" | "ownRequest" | "alreadyDecided" };

/**
 * A custodian's decision. `custodian.scope` is the custodian's: a request
 * about a tip outside it is not found. The requester can never decide their own.
 */
export async function decideIdentityRequest(
  db: Kysely<Database>,
  requestId: number,
  decision: { approve: boolean; note: string; expiresAt: string },
  custodian: IdentityActor,
): Promise<DecideOutcome> {
  if (isEmptyScope(custodian.scope)) return { ok: false, problem: "notFound" };
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom("identity_requests")
      .innerJoin("tips", "tips.id", "identity_requests.tip_id")
      .innerJoin("users", "users.id", "identity_requests.requester_id")
      .select(["identity_requests.tip_id", "identity_requests.requester_id", "identity_requests.status", "tips.unit_code", "users.name as requester_name"])
      .where("identity_requests.id", "=", requestId)
      .where(unitInScope(custodian.scope, "tips.unit_code"))
      .executeTakeFirst();
    if (!request?.unit_code) return { ok: false, problem: "notFound" } as const;
    if (request.requester_id === custodian.userId) return { ok: false, problem: "ownRequest" } as const;
    const status: IdentityRequestStatus = decision.approve ? "approved" : "refused";
    const result = await trx
      .updateTable("identity_requests")
      .set({ status, decided_by: custodian.userId, decided_at: custodian.at, note: decision.note, expires_at: decision.approve ? decision.expiresAt : null })
      .where("id", "=", requestId)
      .where("status", "=", "pending")
      .where("requester_id", "!=", custodian.userId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return { ok: false, problem: "alreadyDecided" } as const;
    const type = decision.approve ? "identity_request_approved" : "identity_request_refused";
    await appendTipEvent(trx, {
      tipId: request.tip_id, at: custodian.at, actorKind: "officer", actorUserId: custodian.userId, type,
      data: { requestId, requester: request.requester_name, note: decision.note, ...(decision.approve ? { expiresAt: decision.expiresAt } : {}) },
    });
    await appendAudit(trx, { at: custodian.at, actorUserId: custodian.userId, type, data: { tipId: request.tip_id, requestId } });
    const kind = decision.approve ? "identity_approved" : "identity_refused";
    await insertUserNotifications(trx, {
      userIds: [request.requester_id], unitCode: request.unit_code, kind, tipId: request.tip_id, step: notificationStep({ kind, requestId }), at: custodian.at,
    });
    return { ok: true, tipId: request.tip_id, unitCode: request.unit_code } as const;
  });
}

export interface IdentityRequestView {
  id: number;
  status: IdentityRequestStatus;
  reason: string;
  createdAt: string;
  note: string | null;
  expiresAt: string | null;
  decidedBy: string | null;
}

/** The officer's latest request about this tip (what the tip page's identity box shows). */
export async function findLatestIdentityRequest(db: Kysely<Database>, tipId: number, requesterId: number): Promise<IdentityRequestView | null> {
  const row = await db
    .selectFrom("identity_requests")
    .leftJoin("users", "users.id", "identity_requests.decided_by")
    .select(["identity_requests.id", "status", "reason", "identity_requests.created_at", "note", "expires_at", "users.name as decided_by_name"])
    .where("tip_id", "=", tipId)
    .where("requester_id", "=", requesterId)
    .orderBy("identity_requests.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, status: row.status, reason: row.reason, createdAt: row.created_at, note: row.note, expiresAt: row.expires_at, decidedBy: row.decided_by_name };
}

export interface PendingIdentityRequest {
  id: number;
  tipId: number;
  unitCode: string;
  requester: string;
  reason: string;
  createdAt: string;
}

/** Pending requests about tips of the scope, oldest first; the custodian's own are left out (they cannot decide them). */
export async function listPendingIdentityRequests(db: Kysely<Database>, scope: UnitScope, custodianId: number): Promise<PendingIdentityRequest[]> {
  if (isEmptyScope(scope)) return [];
  const rows = await db
    .selectFrom("identity_requests")
    .innerJoin("tips", "tips.id", "identity_requests.tip_id")
    .innerJoin("users", "users.id", "identity_requests.requester_id")
    .select(["identity_requests.id", "identity_requests.tip_id", "tips.unit_code", "users.name", "identity_requests.reason", "identity_requests.created_at"])
    .where("identity_requests.status", "=", "pending")
    .where(unitInScope(scope, "tips.unit_code"))
    .where("identity_requests.requester_id", "!=", custodianId)
    .orderBy("identity_requests.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, tipId: r.tip_id, unitCode: r.unit_code ?? "", requester: r.name, reason: r.reason, createdAt: r.created_at }));
}
