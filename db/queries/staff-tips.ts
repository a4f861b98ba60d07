/**
 * A tip as officers see and work it. Reads are limited to the caller's units in
 * SQL (the owning unit, or a unit it was copied to for information); every
 * change is one transaction that updates the tip only if it is still owned by
 * one of the caller's units and in a state that allows the change, and appends
 * the matching event to the tip's audit trail. A change that finds nothing to
 * update returns false, and nothing was written.
 */
import type { Kysely, Transaction, Updateable, UpdateQueryBuilder, UpdateResult } from "kysely";
import type { TipEventType } from "../../domain/tip-events";
import type { Database, OccurredPrecision, TipChannel, TipStatus } from "../schema";
import { OPEN_STATUSES } from "../../domain/tip-lifecycle";
import { appendAudit } from "./audit";
import { isEmptyScope, scopeIncludes, tipVisibleInScope, unitInScope, type UnitScope } from "./scope";
import { appendTipEvent } from "./tip-events";
import { clusterSizeOfTip } from "./clusters";

type Db = Kysely<Database> | Transaction<Database>;

export type TipAccess = "owner" | "copy";

export interface StaffTip {
  id: number;
  access: TipAccess;
  status: TipStatus;
  channel: TipChannel;
  category: string;
  description: string;
  occurredAt: string | null;
  occurredPrecision: OccurredPrecision;
  locationKind: string;
  locationWardCode: string | null;
  locationAddress: string | null;
  locationLat: number | null;
  locationLng: number | null;
  locationProvinceCode: string | null;
  identified: boolean;
  sourceOrgCode: string | null;
  valuable: boolean | null;
  valuableReason: string | null;
  wardCode: string | null;
  resolveMethod: string | null;
  resolveConfidence: number | null;
  resolveCandidates: string[];
  unitCode: string | null;
  clusterId: number | null;
  clusterSize: number;
  claimedBy: number | null;
  claimedByName: string | null;
  claimedAt: string | null;
  deadlineAt: string;
  firstTriagedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  purged: boolean;
}

function parseCandidates(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value
      .map((c) => (typeof c === "string" ? c : typeof c === "object" && c && "code" in c ? String((c as { code: unknown }).code) : null))
      .filter((c): c is string => !!c);
  } catch {
    return [];
  }
}

/** The tip if a unit of the scope owns it or received a copy of it; null otherwise (the caller answers 404). */
export async function findTipForStaff(db: Db, tipId: number, scope: UnitScope): Promise<StaffTip | null> {
  if (isEmptyScope(scope)) return null;
  const row = await db
    .selectFrom("tips")
    .leftJoin("users as claimer", "claimer.id", "tips.claimed_by")
    .selectAll("tips")
    .select(["claimer.name as claimer_name", clusterSizeOfTip.as("cluster_members")])
    .where("tips.id", "=", tipId)
    .where("tips.status", "<>", "received")
    .where(tipVisibleInScope(scope))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    access: scopeIncludes(scope, row.unit_code) ? "owner" : "copy",
    status: row.status,
    channel: row.channel,
    category: row.category,
    description: row.description,
    occurredAt: row.occurred_at,
    occurredPrecision: row.occurred_precision,
    locationKind: row.location_kind,
    locationWardCode: row.location_ward_code,
    locationAddress: row.location_address,
    locationLat: row.location_lat,
    locationLng: row.location_lng,
    locationProvinceCode: row.location_province_code,
    identified: row.reporter_enc !== null,
    sourceOrgCode: row.source_org_code,
    valuable: row.valuable === null ? null : row.valuable === 1,
    valuableReason: row.valuable_reason,
    wardCode: row.ward_code,
    resolveMethod: row.resolve_method,
    resolveConfidence: row.resolve_confidence,
    resolveCandidates: parseCandidates(row.resolve_candidates),
    unitCode: row.unit_code,
    clusterId: row.cluster_id,
    clusterSize: row.cluster_members,
    claimedBy: row.claimed_by,
    claimedByName: row.claimer_name,
    claimedAt: row.claimed_at,
    deadlineAt: row.deadline_at,
    firstTriagedAt: row.first_triaged_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    purged: row.purged_at !== null,
  };
}

export async function listTipPhotos(db: Db, tipId: number) {
  return db
    .selectFrom("tip_photos")
    .select(["id", "width", "height", "message_id"])
    .where("tip_id", "=", tipId)
    .orderBy("id")
    .execute();
}

/** A photo's file, if its tip is owned by or copied to a unit of the scope. */
export async function findPhotoForStaff(db: Db, photoId: number, scope: UnitScope) {
  if (isEmptyScope(scope)) return null;
  const row = await db
    .selectFrom("tip_photos")
    .innerJoin("tips", "tips.id", "tip_photos.tip_id")
    .select(["tip_photos.file_name", "tip_photos.mime", "tip_photos.tip_id"])
    .where("tip_photos.id", "=", photoId)
    .where(tipVisibleInScope(scope))
    .executeTakeFirst();
  return row ?? null;
}

export interface ClusterPeer {
  id: number;
  category: string;
  description: string;
  createdAt: string;
  wardCode: string | null;
  unitCode: string | null;
  status: TipStatus;
}

/** Other tips of the cluster the caller may see, and how many others there are. */
export async function listClusterPeers(db: Db, clusterId: number, tipId: number, scope: UnitScope): Promise<{ visible: ClusterPeer[]; hidden: number }> {
  const rows = await db
    .selectFrom("tips")
    .select(["id", "category", "description", "created_at", "ward_code", "unit_code", "status"])
    .select(tipVisibleInScope(scope).as("visible"))
    .where("cluster_id", "=", clusterId)
    .where("id", "<>", tipId)
    .orderBy("id")
    .limit(200)
    .execute();
  // SQLite answers 0/1, PostgreSQL true/false.
  const visible = rows.filter((r) => Number(r.visible) === 1);
  return {
    visible: visible.map((r) => ({
      id: r.id, category: r.category, description: r.description, createdAt: r.created_at,
      wardCode: r.ward_code, unitCode: r.unit_code, status: r.status,
    })),
    hidden: rows.length - visible.length,
  };
}

/** How a tip came to be in its duplicate group: the pipeline matched it or it started the group; an officer merged it or split it off. */
export type MembershipEventType = "clustered" | "cluster_started" | "cluster_merged" | "cluster_group_merged" | "cluster_split";
const MEMBERSHIP_EVENTS: MembershipEventType[] = ["clustered", "cluster_started", "cluster_merged", "cluster_group_merged", "cluster_split"];

export interface MembershipNote {
  tipId: number;
  type: MembershipEventType;
  at: string;
  actorUserId: number | null;
  matchedTipId: number | null;
  /** The English phrases every `clustered` event has, and (newer events) the same as data. */
  reasons: string[];
  evidence: unknown[] | null;
  /** The stored `matches-group` reason: how many of the group's latest members it matched (issue 13, item 5). */
  membership: unknown;
  /** An officer's merge: the tip whose group it was put in. */
  withTipId: number | null;
}

/** Why each of the given tips is in its group: its latest clustering event (pipeline or officer), by tip. */
export async function listClusterMemberships(db: Db, tipIds: number[]): Promise<Map<number, MembershipNote>> {
  const notes = new Map<number, MembershipNote>();
  if (tipIds.length === 0) return notes;
  const rows = await db
    .selectFrom("tip_events")
    .select(["tip_id", "type", "at", "actor_user_id", "data"])
    .where("tip_id", "in", tipIds)
    .where("type", "in", MEMBERSHIP_EVENTS)
    .orderBy("id")
    .execute();
  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    const number = (key: string) => (typeof data[key] === "number" ? (data[key] as number) : null);
    // Ordered by id: a later event (an officer's merge after the pipeline's match) replaces an earlier one.
    notes.set(r.tip_id, {
      tipId: r.tip_id,
      type: r.type as MembershipEventType,
      at: r.at,
      actorUserId: r.actor_user_id,
      matchedTipId: number("matchedTipId"),
      reasons: Array.isArray(data.reasons) ? data.reasons.filter((x): x is string => typeof x === "string") : [],
      evidence: Array.isArray(data.evidence) ? data.evidence : null,
      membership: data.membership ?? null,
      withTipId: number("withTipId"),
    });
  }
  return notes;
}

export async function listDeadlineExtensions(db: Db, tipId: number) {
  const rows = await db
    .selectFrom("deadline_extensions")
    .leftJoin("users", "users.id", "deadline_extensions.user_id")
    .select(["deadline_extensions.id", "days", "reason", "deadline_extensions.deadline_at", "deadline_extensions.created_at", "users.name"])
    .where("tip_id", "=", tipId)
    .orderBy("deadline_extensions.id")
    .execute();
  return rows.map((r) => ({ id: r.id, days: r.days, reason: r.reason, deadlineAt: r.deadline_at, at: r.created_at, by: r.name }));
}

// ---------------------------------------------------------------------------
// Changes. `scope` is the caller's; `at` the time of the change.

interface Actor {
  userId: number;
  scope: UnitScope;
  at: string;
}

/** The lifecycle is domain/tip-lifecycle.ts's; these queries apply it. */
const OPEN = [...OPEN_STATUSES];

type TipUpdate = UpdateQueryBuilder<Database, "tips", "tips", UpdateResult>;

/**
 * The common first step of an officer's change: update the tip if it is open and
 * in the actor's units (and meets `only`, when given). Every such change is
 * triage, so the first one stamps first_triaged_at. False when nothing matched.
 */
async function updateOpenTip(
  trx: Transaction<Database>,
  tipId: number,
  actor: Actor,
  changes: Updateable<Database["tips"]>,
  only: (query: TipUpdate) => TipUpdate = (query) => query,
): Promise<boolean> {
  const result = await only(
    trx
      .updateTable("tips")
      .set((eb) => ({ ...changes, first_triaged_at: eb.fn.coalesce("first_triaged_at", eb.val(actor.at)), updated_at: actor.at }))
      .where("id", "=", tipId)
      .where(unitInScope(actor.scope, "unit_code"))
      .where("status", "in", OPEN),
  ).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const officerEvent = (tipId: number, actor: Actor, type: TipEventType, data?: Record<string, unknown>) =>
  ({ tipId, at: actor.at, actorKind: "officer" as const, actorUserId: actor.userId, type, data });

/** Takes a tip nobody is handling: in progress, claimed by the officer. */
export async function claimTip(db: Kysely<Database>, tipId: number, actor: Actor): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const claimed = await updateOpenTip(trx, tipId, actor, { status: "in_progress", claimed_by: actor.userId, claimed_at: actor.at }, (q) =>
      q.where("claimed_by", "is", null));
    if (claimed) await appendTipEvent(trx, officerEvent(tipId, actor, "claimed"));
    return claimed;
  });
}

export async function markTipValuable(
  db: Kysely<Database>,
  tipId: number,
  decision: { valuable: boolean; reason: string },
  actor: Actor,
): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const marked = await updateOpenTip(trx, tipId, actor, { valuable: decision.valuable ? 1 : 0, valuable_reason: decision.reason });
    if (marked) await appendTipEvent(trx, officerEvent(tipId, actor, "valuable_marked", { valuable: decision.valuable, reason: decision.reason }));
    return marked;
  });
}

/** Hands the tip to another unit: it leaves the caller's queue, unclaimed and back to routed. */
export async function rerouteTip(
  db: Kysely<Database>,
  tipId: number,
  change: { toUnit: string; reason: string },
  actor: Actor,
  /** What else must commit with the move (the new unit's notifications, core/notifications.ts). */
  alsoInTransaction: (trx: Kysely<Database>) => Promise<unknown> = async () => {},
): Promise<{ fromUnit: string } | null> {
  if (isEmptyScope(actor.scope)) return null;
  return db.transaction().execute(async (trx) => {
    const tip = await trx
      .selectFrom("tips")
      .select("unit_code")
      .where("id", "=", tipId)
      .where(unitInScope(actor.scope, "unit_code"))
      .where("status", "in", OPEN)
      .executeTakeFirst();
    const target = await trx.selectFrom("units").select("code").where("code", "=", change.toUnit).where("active", "=", 1).executeTakeFirst();
    if (!tip?.unit_code || !target || tip.unit_code === change.toUnit) return null;
    await trx
      .updateTable("tips")
      .set({ unit_code: change.toUnit, status: "routed", claimed_by: null, claimed_at: null, updated_at: actor.at })
      .where("id", "=", tipId)
      .execute();
    await appendTipEvent(trx, officerEvent(tipId, actor, "rerouted", { fromUnit: tip.unit_code, toUnit: change.toUnit, reason: change.reason }));
    await alsoInTransaction(trx);
    return { fromUnit: tip.unit_code };
  });
}

/** Closes a tip whose value has been decided (domain/tip-lifecycle.ts closeRefusal: the same rule, as SQL). */
export async function closeTip(db: Kysely<Database>, tipId: number, actor: Actor): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const closed = await updateOpenTip(trx, tipId, actor, { status: "closed", closed_at: actor.at }, (q) => q.where("valuable", "is not", null));
    if (closed) await appendTipEvent(trx, officerEvent(tipId, actor, "closed"));
    return closed;
  });
}

/** Sends the tipster a question; the tip waits for their answer. Returns the message id. */
export async function askTipster(db: Kysely<Database>, tipId: number, body: string, actor: Actor): Promise<number | null> {
  if (isEmptyScope(actor.scope)) return null;
  return db.transaction().execute(async (trx) => {
    if (!(await updateOpenTip(trx, tipId, actor, { status: "waiting_tipster" }))) return null;
    const { id } = await trx
      .insertInto("tip_messages")
      .values({ tip_id: tipId, at: actor.at, author: "officer", user_id: actor.userId, body })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendTipEvent(trx, officerEvent(tipId, actor, "question_sent", { messageId: id }));
    return id;
  });
}

/**
 * The sealed identity, for an officer of the owning unit who gave a reason.
 * The view is written to the tip's trail and the audit log in the same
 * transaction, before the caller can decrypt anything.
 */
export async function recordIdentityView(db: Kysely<Database>, tipId: number, actor: Actor): Promise<string | null> {
  if (isEmptyScope(actor.scope)) return null;
  return db.transaction().execute(async (trx) => {
    const tip = await trx
      .selectFrom("tips")
      .select("reporter_enc")
      .where("id", "=", tipId)
      .where(unitInScope(actor.scope, "unit_code"))
      .executeTakeFirst();
    if (!tip?.reporter_enc) return null;
    // Only with a custodian's approval of this officer's request, until it expires (docs/decisions/0044-identity-requests.md).
    const approval = await trx
      .selectFrom("identity_requests")
      .select(["id", "reason"])
      .where("tip_id", "=", tipId)
      .where("requester_id", "=", actor.userId)
      .where("status", "=", "approved")
      .where("expires_at", ">", actor.at)
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (!approval) return null;
    const data = { reason: approval.reason, requestId: approval.id };
    await appendTipEvent(trx, officerEvent(tipId, actor, "identity_viewed", data));
    await appendAudit(trx, { at: actor.at, actorUserId: actor.userId, type: "identity_viewed", data: { tipId, ...data } });
    return tip.reporter_enc;
  });
}

export async function totalExtensionDays(db: Db, tipId: number): Promise<number> {
  const row = await db
    .selectFrom("deadline_extensions")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("days"), eb.val(0)).as("days"))
    .where("tip_id", "=", tipId)
    .executeTakeFirstOrThrow();
  return Number(row.days);
}

/** Active units an officer may reroute to: the province's units, by level then name. */
export async function listRerouteTargets(db: Db, provinceCodes: string[]) {
  if (provinceCodes.length === 0) return [];
  return db
    .selectFrom("units")
    .select(["code", "name", "level"])
    .where("province_code", "in", provinceCodes)
    .where("active", "=", 1)
    .orderBy("level")
    .orderBy("name_folded")
    .execute();
}
