/**
 * Officers' corrections to duplicate clusters. A merge moves one tip into the
 * cluster of another; a split moves it into a cluster of its own and records a
 * cluster_exclusions row so the pipeline never puts it back. Sizes are kept
 * exact; a cluster left empty points at the one its last tip joined. Both
 * tips' trails record the change.
 */
import { runCompiled } from "../compiled";
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../schema";
import { isEmptyScope, tipVisibleInScope, unitInScope, type UnitScope } from "./scope";
import type { CandidateRow } from "./pipeline";
import { appendTipEvent } from "./tip-events";

/**
 * A tip's cluster's real size, for the pages (1 for a tip in no cluster): `tips.cluster_size`
 * is the size the queue orders by, rounded from 128 reports up (docs/decisions/0087).
 */
export const clusterSizeOfTip = sql<number>`coalesce((select clusters.size from clusters where clusters.id = tips.cluster_id), 1)`;

interface Actor {
  userId: number;
  scope: UnitScope;
  at: string;
}

async function ensureCluster(trx: Transaction<Database>, tip: { id: number; cluster_id: number | null }, at: string): Promise<number> {
  if (tip.cluster_id !== null) return tip.cluster_id;
  const { id } = await trx.insertInto("clusters").values({ created_at: at, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
  await trx.updateTable("tips").set({ cluster_id: id }).where("id", "=", tip.id).execute();
  return id;
}

async function leaveCluster(trx: Transaction<Database>, clusterId: number, joinedCluster: number): Promise<void> {
  await trx.updateTable("clusters").set((eb) => ({ size: eb("size", "-", 1) })).where("id", "=", clusterId).where("size", ">", 0).execute();
  await trx.updateTable("clusters").set({ merged_into: joinedCluster }).where("id", "=", clusterId).where("size", "=", 0).execute();
}

export type MergeOutcome = "merged" | "same-cluster" | "not-found";

/** A merge's two tips: the one moved, owned in the scope, and the target, visible in it (owned or copied). */
async function findMergePair(trx: Transaction<Database>, tipId: number, targetTipId: number, scope: UnitScope) {
  const find = (id: number, visible: RawBuilder<SqlBool>) =>
    trx.selectFrom("tips").select(["id", "cluster_id"]).where("id", "=", id).where("status", "<>", "received").where(visible).executeTakeFirst();
  return { tip: await find(tipId, unitInScope(scope, "unit_code")), target: await find(targetTipId, tipVisibleInScope(scope)) };
}

/**
 * Puts tip `tipId` (owned by the caller's units) into the cluster of `targetTipId`
 * (which the caller may see: owned or copied).
 */
export async function mergeTipIntoClusterOf(db: Kysely<Database>, tipId: number, targetTipId: number, actor: Actor): Promise<MergeOutcome> {
  if (isEmptyScope(actor.scope) || tipId === targetTipId) return "not-found";
  return db.transaction().execute(async (trx) => {
    const { tip, target } = await findMergePair(trx, tipId, targetTipId, actor.scope);
    if (!tip || !target) return "not-found";
    if (tip.cluster_id !== null && tip.cluster_id === target.cluster_id) return "same-cluster";

    const into = await ensureCluster(trx, target, actor.at);
    await trx.updateTable("tips").set({ cluster_id: into, updated_at: actor.at }).where("id", "=", tipId).execute();
    await trx.updateTable("clusters").set((eb) => ({ size: eb("size", "+", 1) })).where("id", "=", into).execute();
    if (tip.cluster_id !== null) await leaveCluster(trx, tip.cluster_id, into);
    // An officer's merge overrides an earlier split from that cluster.
    await trx.deleteFrom("cluster_exclusions").where("tip_id", "=", tipId).where("cluster_id", "=", into).execute();

    await appendTipEvent(trx, {
      tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "cluster_merged",
      data: { fromClusterId: tip.cluster_id, clusterId: into, withTipId: targetTipId },
    });
    await appendTipEvent(trx, {
      tipId: targetTipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "cluster_joined",
      data: { clusterId: into, tipId },
    });
    return "merged";
  });
}

/** Takes tip `tipId` out of its cluster into one of its own; the pipeline will not re-merge it. */
export async function splitTipFromCluster(db: Kysely<Database>, tipId: number, reason: string, actor: Actor): Promise<boolean> {
  if (isEmptyScope(actor.scope)) return false;
  return db.transaction().execute(async (trx) => {
    const tip = await trx
      .selectFrom("tips")
      .innerJoin("clusters", "clusters.id", "tips.cluster_id")
      .select(["tips.id", "tips.cluster_id", "clusters.size"])
      .where("tips.id", "=", tipId)
      .where(unitInScope(actor.scope, "tips.unit_code"))
      .executeTakeFirst();
    if (!tip?.cluster_id || tip.size < 2) return false;
    const { id: own } = await trx.insertInto("clusters").values({ created_at: actor.at, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
    await trx.updateTable("tips").set({ cluster_id: own, updated_at: actor.at }).where("id", "=", tipId).execute();
    await trx.updateTable("clusters").set((eb) => ({ size: eb("size", "-", 1) })).where("id", "=", tip.cluster_id).execute();
    await trx
      .insertInto("cluster_exclusions")
      .values({ tip_id: tipId, cluster_id: tip.cluster_id, created_by: actor.userId, created_at: actor.at })
      .onConflict((oc) => oc.columns(["tip_id", "cluster_id"]).doNothing())
      .execute();
    await appendTipEvent(trx, {
      tipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "cluster_split",
      data: { fromClusterId: tip.cluster_id, clusterId: own, reason },
    });
    return true;
  });
}

/** Clusters a tip may not join: where officers split it from (for the pipeline). */
export async function listExcludedClusters(db: Kysely<Database>, tipId: number): Promise<number[]> {
  const rows = await db.selectFrom("cluster_exclusions").select("cluster_id").where("tip_id", "=", tipId).execute();
  return rows.map((r) => r.cluster_id);
}

/** At most this many members of one cluster are read to check a new tip against the group (the latest). */
export const GROUP_MEMBERS_READ = 8;

/**
 * The latest members of each cluster, as pipeline candidates (issue 13: a tip
 * joins only when it matches the group as a whole). Clusters merged into
 * another are followed by their tips' cluster_id, which joinCluster rewrites.
 */
export async function readClusterMembers(db: Kysely<Database>, clusterIds: number[], perCluster = GROUP_MEMBERS_READ): Promise<CandidateRow[]> {
  const rows: CandidateRow[] = [];
  for (const clusterId of clusterIds) {
    const { rows: members } = await runCompiled(db, "cluster-members", (slot) => db
      .selectFrom("tips")
      .select(["id", "cluster_id", "category", "ward_code", "location_lat", "location_lng", "location_address", "occurred_at", "created_at", "description"])
      .where("cluster_id", "=", slot<number>(0))
      .where("purged_at", "is", null)
      .orderBy("id", "desc")
      .limit(slot<number>(1)), [clusterId, perCluster]);
    rows.push(...members.filter((r): r is CandidateRow => r.cluster_id !== null));
  }
  return rows;
}

/** Entity keys ("plate:43A12345") of the given tips, by tip id. */
export async function readTipEntityKeys(db: Kysely<Database>, tipIds: number[]): Promise<Map<number, string[]>> {
  const byTip = new Map<number, string[]>();
  if (tipIds.length === 0) return byTip;
  const { rows } = await runCompiled(db, `tip-entity-keys:${tipIds.length}`, (slot) =>
    db.selectFrom("tip_entities").select(["tip_id", "kind", "value"]).where("tip_id", "in", tipIds.map((_, i) => slot<number>(i))), tipIds);
  for (const row of rows) {
    const list = byTip.get(row.tip_id);
    const key = `${row.kind}:${row.value}`;
    if (list) list.push(key);
    else byTip.set(row.tip_id, [key]);
  }
  for (const list of byTip.values()) list.sort();
  return byTip;
}

export type GroupMergeOutcome = { outcome: "merged"; moved: number[]; clusterId: number } | { outcome: "same-cluster" | "not-found" };

/**
 * Merges the whole duplicate group of `tipId` into the group of `targetTipId` in one step. The caller needs scope
 * over both: `tipId` owned by one of their units, `targetTipId` owned or copied to one. Every member moves (other
 * units' tips of the group too: a group is one incident whoever owns its tips); each moved tip's trail records
 * `cluster_group_merged`, the target's `cluster_group_joined`; sizes (so "reported by N people" and the queue
 * order) follow at once through the cluster-size triggers; splits of moved tips from the target are forgotten.
 */
export async function mergeGroupIntoGroupOf(db: Kysely<Database>, tipId: number, targetTipId: number, actor: Actor): Promise<GroupMergeOutcome> {
  if (isEmptyScope(actor.scope) || tipId === targetTipId) return { outcome: "not-found" };
  return db.transaction().execute(async (trx) => {
    const { tip, target } = await findMergePair(trx, tipId, targetTipId, actor.scope);
    if (!tip || !target) return { outcome: "not-found" };
    if (tip.cluster_id !== null && tip.cluster_id === target.cluster_id) return { outcome: "same-cluster" };

    const into = await ensureCluster(trx, target, actor.at);
    const from = tip.cluster_id;
    const members = from === null
      ? [tip.id]
      : (await trx.selectFrom("tips").select("id").where("cluster_id", "=", from).orderBy("id").execute()).map((r) => r.id);
    // Move the members first, then set the sizes: the size trigger then writes the new size on every member.
    await trx.updateTable("tips").set({ cluster_id: into, updated_at: actor.at }).where("id", "in", members).execute();
    const { n } = await trx.selectFrom("tips").select(trx.fn.countAll<number>().as("n")).where("cluster_id", "=", into).executeTakeFirstOrThrow();
    await trx.updateTable("clusters").set({ size: Number(n) }).where("id", "=", into).execute();
    if (from !== null) await trx.updateTable("clusters").set({ size: 0, merged_into: into }).where("id", "=", from).execute();
    await trx.deleteFrom("cluster_exclusions").where("tip_id", "in", members).where("cluster_id", "=", into).execute();

    for (const member of members) {
      await appendTipEvent(trx, {
        tipId: member, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "cluster_group_merged",
        data: { fromClusterId: from, clusterId: into, withTipId: targetTipId, moved: members.length, byTipId: tipId },
      });
    }
    await appendTipEvent(trx, {
      tipId: targetTipId, at: actor.at, actorKind: "officer", actorUserId: actor.userId, type: "cluster_group_joined",
      data: { fromClusterId: from, clusterId: into, tipId, moved: members.length },
    });
    return { outcome: "merged", moved: members, clusterId: into };
  });
}

/**
 * PostgreSQL: readClusterMembers for every cluster in one statement, with the members' identifiers
 * (readTipEntityKeys) — where it was a round trip per cluster and one more for the identifiers
 * (docs/decisions/0094). The same rows in the same order: cluster by cluster as given, the latest
 * `perCluster` of each.
 */
export async function readClusterMembersOnPostgres(
  db: Kysely<Database>, clusterIds: number[], perCluster = GROUP_MEMBERS_READ,
): Promise<{ members: CandidateRow[]; entities: Map<number, string[]> }> {
  const entities = new Map<number, string[]>();
  if (clusterIds.length === 0) return { members: [], entities };
  const { rows } = await runCompiled(db, "cluster-members-pg", (slot) => ({
    compile: () => sql<CandidateRow & { entity_keys: string[] }>`
      select m.id, m.cluster_id, m.category, m.ward_code, m.location_lat, m.location_lng, m.location_address, m.occurred_at, m.created_at, m.description,
        array(select e.kind || ':' || e.value from tip_entities e where e.tip_id = m.id) as entity_keys
      from unnest(${slot(0)}::int[]) with ordinality as c(id, ord)
      cross join lateral (
        select id, cluster_id, category, ward_code, location_lat, location_lng, location_address, occurred_at, created_at, description
        from tips where cluster_id = c.id and purged_at is null order by id desc limit ${slot(1)}
      ) m
      order by c.ord, m.id desc`.compile(db),
  }), [clusterIds, perCluster]);
  const members: CandidateRow[] = [];
  for (const { entity_keys, ...row } of rows) {
    members.push(row);
    if (entity_keys.length) entities.set(row.id, [...entity_keys].sort());
  }
  return { members, entities };
}
