/**
 * What the intake pipeline reads and writes: the gazetteer and boundaries it
 * resolves places with, the candidate tips it compares a new tip with, and the
 * duplicate clusters it maintains.
 */
import { runCompiled } from "../compiled";
import type { Kysely, Transaction, Updateable } from "kysely";
import type { Gazetteer } from "../../domain/address";
import type { WardFeature } from "../../domain/geo";
import { queueClusterSize } from "../../domain/queue-priority";
import type { Database, Tip } from "../schema";

export async function loadGazetteer(db: Kysely<Database>): Promise<Gazetteer> {
  const units = await db.selectFrom("units").select(["code", "name", "level", "province_code"]).where("level", "in", ["province", "ward"]).execute();
  const mappings = await db
    .selectFrom("ward_mappings")
    .innerJoin("units", "units.code", "ward_mappings.new_ward_code")
    .select(["old_ward_name", "old_district_name", "old_province_name", "new_ward_code", "units.name as new_ward_name"])
    .execute();
  return {
    provinces: units.filter((u) => u.level === "province").map((u) => ({ code: u.code, name: u.name })),
    wards: units.filter((u) => u.level === "ward").map((u) => ({ code: u.code, name: u.name, provinceCode: u.province_code })),
    mappings: mappings.map((m) => ({
      oldWardName: m.old_ward_name, oldDistrictName: m.old_district_name, oldProvinceName: m.old_province_name,
      newWardCode: m.new_ward_code, newWardName: m.new_ward_name,
    })),
  };
}

export async function loadWardBoundaries(db: Kysely<Database>): Promise<WardFeature[]> {
  const rows = await db.selectFrom("units").select(["code", "boundary"]).where("level", "=", "ward").where("boundary", "is not", null).execute();
  return rows.map((r) => ({ code: r.code, geometry: JSON.parse(r.boundary!) as WardFeature["geometry"] }));
}

export async function countWardsAndBoundaries(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom("units")
    .select([db.fn.countAll<number>().as("units"), db.fn.count<number>("boundary").as("boundaries")])
    .executeTakeFirstOrThrow();
  return `${row.units}/${row.boundaries}`;
}

/** A candidate as the (ward_code, category, dedupe_at) index gives it, before its row is read. */
export interface CandidateKey {
  id: number;
  category: string;
  dedupe_at: string;
}

export interface CandidateRow {
  id: number;
  cluster_id: number;
  category: string;
  ward_code: string | null;
  location_lat: number | null;
  location_lng: number | null;
  location_address: string | null;
  occurred_at: string | null;
  created_at: string;
  description: string;
}

const CANDIDATE_COLUMNS = [
  "id", "cluster_id", "category", "ward_code", "location_lat", "location_lng", "location_address",
  "occurred_at", "created_at", "description",
] as const;

/**
 * The tips of one ward nearest in time to `around`, per category: for each of
 * `categories`, at most `perSide` before and `perSide` after, within [from, to].
 * Each of those is one ordered range read of the (ward_code, category,
 * dedupe_at) index, and only the index (the row id is in it): the rows are read
 * afterwards, for the few candidates that are kept (readCandidates). All the
 * reads go in one statement (UNION ALL of the limited reads), so a tip of
 * "other", compatible with every category, costs one round trip rather than
 * thirty-four. The cost is bounded by `perSide`, not by the size of the history.
 */
export async function findNearestInTime(db: Kysely<Database>, q: NearestInTime): Promise<CandidateKey[]> {
  if (q.categories.length === 0) return [];
  // Compiled once per set of categories (docs/decisions/0091): building and compiling its subqueries cost more than running them.
  const { rows } = await runCompiled(db, `nearest-in-time:${q.categories.join(",")}`, (slot) => nearestInTimeQuery(db, {
    wardCode: slot(0), categories: q.categories, around: slot(1), from: slot(2), to: slot(3), perSide: slot(4), excludeTipId: slot(5),
  })!, [q.wardCode, q.around, q.from, q.to, q.perSide, q.excludeTipId]);
  return rows as CandidateKey[];
}

export interface NearestInTime {
  wardCode: string;
  categories: string[];
  around: string;
  from: string;
  to: string;
  perSide: number;
  excludeTipId: number;
}

/** The statement findNearestInTime runs (exported so its plan can be checked); null without categories. */
export function nearestInTimeQuery(db: Kysely<Database>, q: NearestInTime) {
  const side = (category: string, direction: "before" | "after") => {
    let query = db
      .selectFrom("tips")
      .select(["id", "category", "dedupe_at"])
      .where("ward_code", "=", q.wardCode)
      .where("category", "=", category)
      .where("id", "!=", q.excludeTipId);
    query = direction === "before"
      ? query.where("dedupe_at", ">=", q.from).where("dedupe_at", "<=", q.around).orderBy("dedupe_at", "desc")
      : query.where("dedupe_at", ">", q.around).where("dedupe_at", "<=", q.to).orderBy("dedupe_at", "asc");
    return db.selectFrom(query.limit(q.perSide).as(`${direction}_${category}`)).selectAll();
  };
  const [first, ...rest] = q.categories.flatMap((category) => [side(category, "before"), side(category, "after")]);
  return first ? rest.reduce((union, part) => union.unionAll(part), first) : null;
}

/** The rows of the chosen candidates, without purged tips (their text is gone) or tips not yet clustered. */
export async function readCandidates(db: Kysely<Database>, ids: number[]): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await runCompiled(db, `candidates:${ids.length}`, (slot) =>
    db.selectFrom("tips").select(CANDIDATE_COLUMNS).where("id", "in", ids.map((_, i) => slot<number>(i))).where("purged_at", "is", null), ids);
  return rows.filter((r): r is CandidateRow => r.cluster_id !== null);
}

/**
 * Tips with map points inside `box` in any of `wardCodes`, of the given
 * categories, within [from, to]: one read over the (ward_code, category,
 * dedupe_at) index ranges, at most `limit` rows.
 */
export async function findNearbyPoints(
  db: Kysely<Database>,
  q: { wardCodes: string[]; categories: string[]; from: string; to: string; limit: number; excludeTipId: number;
       box: { minLat: number; maxLat: number; minLng: number; maxLng: number } },
): Promise<CandidateRow[]> {
  if (q.wardCodes.length === 0) return [];
  const rows = await db
    .selectFrom("tips")
    .select(CANDIDATE_COLUMNS)
    .where("ward_code", "in", q.wardCodes)
    .where("category", "in", q.categories)
    .where("dedupe_at", ">=", q.from)
    .where("dedupe_at", "<=", q.to)
    .where("location_lat", ">=", q.box.minLat).where("location_lat", "<=", q.box.maxLat)
    .where("location_lng", ">=", q.box.minLng).where("location_lng", "<=", q.box.maxLng)
    .where("id", "!=", q.excludeTipId)
    .where("purged_at", "is", null)
    .limit(q.limit)
    .execute();
  return rows.filter((r): r is CandidateRow => r.cluster_id !== null);
}

export async function findClusterExclusions(db: Kysely<Database>, tipId: number): Promise<number[]> {
  const { rows } = await runCompiled(db, "cluster-exclusions", (slot) =>
    db.selectFrom("cluster_exclusions").select("cluster_id").where("tip_id", "=", slot<number>(0)), [tipId]);
  return rows.map((r) => r.cluster_id);
}

/**
 * The officers' splits among `clusters`: each pair says a tip now in cluster
 * `tipCluster` was split from cluster `excluded`, both in the list. One read,
 * through the exclusions' cluster index (migration 1800).
 */
export async function exclusionsAmong(db: Kysely<Database>, clusters: number[]): Promise<Array<{ tipCluster: number; excluded: number }>> {
  if (clusters.length < 2) return [];
  const rows = await db
    .selectFrom("cluster_exclusions")
    .innerJoin("tips", "tips.id", "cluster_exclusions.tip_id")
    .select(["tips.cluster_id as tipCluster", "cluster_exclusions.cluster_id as excluded"])
    .where("cluster_exclusions.cluster_id", "in", clusters)
    .where("tips.cluster_id", "in", clusters)
    .execute();
  return rows.filter((r): r is { tipCluster: number; excluded: number } => r.tipCluster !== null);
}

export async function createCluster(db: Kysely<Database>, at: string): Promise<number> {
  const row = await db.insertInto("clusters").values({ created_at: at, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A new tip joins cluster `into`, and the clusters in `absorb` — other reports of
 * the same incident — are merged into it; they are kept (size 0, merged_into),
 * never deleted. The new size is written first and the tips moved after with
 * it, so each tip's cluster_size (the queue's size, docs/decisions/0087) is written
 * once, with its move, rather than once per step: on a large history those rows are
 * scattered pages. The caller writes the queue's size of the returned size with the new
 * tip's own cluster_id, likewise.
 * Returns the cluster's size, the new tip included.
 */
export async function joinCluster(db: Kysely<Database>, into: number, absorb: number[] = []): Promise<number> {
  let moving = 0;
  if (absorb.length) {
    const row = await db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).where("cluster_id", "in", absorb).executeTakeFirstOrThrow();
    moving = Number(row.n);
  }
  const { rows: [grown] } = await runCompiled(db, "cluster-join", (slot) =>
    db.updateTable("clusters").set((eb) => ({ size: eb("size", "+", slot<number>(0)) })).where("id", "=", slot<number>(1)).returning("size"), [1 + moving, into]);
  if (!grown) throw new Error(`joinCluster: no cluster ${into}`);
  if (absorb.length) {
    // With the size already right, the tips' size trigger has nothing to do (migration 1900).
    await db.updateTable("tips").set({ cluster_id: into, cluster_size: queueClusterSize(grown.size) }).where("cluster_id", "in", absorb).execute();
    await db.updateTable("clusters").set({ size: 0, merged_into: into }).where("id", "in", absorb).execute();
  }
  return grown.size;
}

/** What placing a tip reads of it. */
export type TipToPlace = Pick<Tip,
  "id" | "status" | "category" | "description" | "occurred_at" | "created_at" | "location_kind" | "location_ward_code" |
  "location_address" | "location_lat" | "location_lng" | "location_province_code" | "claimed_by"> & { own_contact: string | null };

/** The tip to place; `lock` holds its row until the transaction ends (PostgreSQL: two workers never place one tip twice). */
export async function findTipToPlace(trx: Kysely<Database>, tipId: number, lock: boolean): Promise<TipToPlace | undefined> {
  const { rows: [tip] } = await runCompiled(trx, `tip-to-place:${lock}`, (slot) => {
    const query = trx
      .selectFrom("tips")
      .select([
        "id", "status", "category", "description", "occurred_at", "created_at", "location_kind", "location_ward_code",
        "location_address", "location_lat", "location_lng", "location_province_code", "own_contact", "claimed_by",
      ])
      .where("id", "=", slot<number>(0));
    return lock ? query.forUpdate() : query;
  }, [tipId]);
  return tip;
}

export async function insertTipEntities(trx: Transaction<Database>, tipId: number, entities: Array<{ kind: string; value: string }>): Promise<void> {
  if (entities.length === 0) return;
  await trx
    .insertInto("tip_entities")
    .values(entities.map((e) => ({ tip_id: tipId, kind: e.kind, value: e.value })))
    .onConflict((oc) => oc.columns(["tip_id", "kind", "value"]).doNothing())
    .execute();
}

/**
 * SQLite: the `dedupe_versions` counters of `keys` (`w:WARD`, `c:CLUSTER`; 0 when never bumped),
 * which triggers bump whenever a tip of that ward or cluster changes (docs/decisions/0087).
 */
export async function readDedupeVersions(db: Kysely<Database>, keys: Iterable<string>): Promise<Map<string, number>> {
  const wanted = [...keys];
  const versions = new Map(wanted.map((key) => [key, 0]));
  for (let i = 0; i < wanted.length; i += 500) {
    const part = wanted.slice(i, i + 500);
    const { rows } = await runCompiled(db, `dedupe-versions:${part.length}`, (slot) =>
      db.selectFrom("dedupe_versions").select(["key", "version"]).where("key", "in", part.map((_, j) => slot<string>(j))), part);
    for (const row of rows) versions.set(row.key, row.version);
  }
  return versions;
}

const PLACEMENT_COLUMNS = [
  "ward_code", "resolve_method", "resolve_confidence", "resolve_candidates", "resolve_detail", "unit_code", "cluster_id", "cluster_size", "dedupe_at",
] as const;

/** Where the pipeline put the tip (routed), and the copies for information it sends. */
export async function recordPlacement(
  trx: Transaction<Database>,
  tipId: number,
  placement: Required<Pick<Updateable<Database["tips"]>,
    "ward_code" | "resolve_method" | "resolve_confidence" | "resolve_candidates" | "resolve_detail" | "unit_code" | "cluster_id" | "cluster_size" | "dedupe_at"
  >>,
  copies: { unitCodes: string[]; reason: string },
  at: string,
): Promise<void> {
  // Compiled once (docs/decisions/0091): every placement sets the same columns.
  const columns = PLACEMENT_COLUMNS.map((column) => placement[column] ?? null);
  await runCompiled(trx, "record-placement", (slot) => trx.updateTable("tips")
    .set({ ...Object.fromEntries(PLACEMENT_COLUMNS.map((column, i) => [column, slot(i)])), status: "routed", processed_at: slot<string>(PLACEMENT_COLUMNS.length), updated_at: slot<string>(PLACEMENT_COLUMNS.length) })
    .where("id", "=", slot<number>(PLACEMENT_COLUMNS.length + 1)), [...columns, at, tipId]);
  for (const unitCode of copies.unitCodes) {
    await trx
      .insertInto("tip_copies")
      .values({ tip_id: tipId, unit_code: unitCode, reason: copies.reason, created_at: at })
      .onConflict((oc) => oc.columns(["tip_id", "unit_code"]).doNothing())
      .execute();
  }
}

/** The id of the `nth` newest placed tip (the start of the evidence cache), or undefined when there are fewer. */
export async function findNthNewestPlacedTip(db: Kysely<Database>, nth: number): Promise<number | undefined> {
  const row = await db.selectFrom("tips").select("id").where("status", "!=", "received").orderBy("id", "desc").offset(nth - 1).limit(1).executeTakeFirst();
  return row?.id;
}

/** Placed tips' texts after `afterId`, in id order, one page. */
export async function listPlacedTipTexts(db: Kysely<Database>, afterId: number, limit: number) {
  return db
    .selectFrom("tips")
    .select(["id", "description", "location_address", "category", "ward_code", "dedupe_at"])
    .where("status", "!=", "received")
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

