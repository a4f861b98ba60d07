/**
 * What the intake pipeline reads and writes: the gazetteer and boundaries it
 * resolves places with, the candidate tips it compares a new tip with, and the
 * duplicate clusters it maintains.
 */
import { runCompiled, type SlotOf } from "../compiled";
import { sql } from "kysely";
import { isPostgres } from "../client";
import type { Kysely, Transaction, Updateable } from "kysely";
import type { Gazetteer } from "../../domain/address";
import type { WardFeature } from "../../domain/geo";
import { queueClusterSize } from "../../domain/queue-priority";
import { dedupeTime } from "../../domain/dedupe";
import { readTipEntityKeys } from "./clusters";
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

/**
 * Where the pipeline put the tip (routed), and the copies for information it sends (those other than
 * the owner). On PostgreSQL the same update also follows `unit_code` to the unit that took over from
 * it when it is retired (followSuccessor, ADR 0027) and returns the last hash of the tip's trail, for
 * the events that follow in the transaction: two round trips fewer (docs/decisions/0094). On SQLite
 * the caller passes the unit already followed.
 */
export async function recordPlacement(
  trx: Transaction<Database>,
  tipId: number,
  placement: Required<Pick<Updateable<Database["tips"]>,
    "ward_code" | "resolve_method" | "resolve_confidence" | "resolve_candidates" | "resolve_detail" | "unit_code" | "cluster_id" | "cluster_size" | "dedupe_at"
  >>,
  copies: { unitCodes: string[]; reason: string },
  at: string,
): Promise<{ unitCode: string | null; copies: string[]; lastEventHash?: string | null }> {
  // Compiled once (docs/decisions/0091): every placement sets the same columns.
  const columns = PLACEMENT_COLUMNS.map((column) => placement[column] ?? null);
  const values = [...columns, at, tipId];
  const set = (slot: SlotOf) => ({
    ...Object.fromEntries(PLACEMENT_COLUMNS.map((column, i) => [column, slot(i)])),
    status: "routed" as const, processed_at: slot<string>(PLACEMENT_COLUMNS.length), updated_at: slot<string>(PLACEMENT_COLUMNS.length),
  });
  let placed: { unitCode: string | null; lastEventHash?: string | null } = { unitCode: placement.unit_code ?? null };
  if (isPostgres(trx)) {
    const unit = PLACEMENT_COLUMNS.indexOf("unit_code");
    const { rows: [row] } = await runCompiled(trx, "record-placement-pg", (slot) => ({
      compile: () => sql<{ unit_code: string | null; last_hash: string | null }>`
        with recursive chain(code, step) as (
          select ${slot(unit)}::text, 0
          union all
          select u.successor_code, chain.step + 1 from chain join units u on u.code = chain.code
          where u.active is distinct from 1 and u.successor_code is not null and chain.step < ${SUCCESSOR_STEPS}
        )
        ${trx.updateTable("tips").set({ ...set(slot), unit_code: sql`(select code from chain order by step desc limit 1)` })
          .where("id", "=", slot<number>(PLACEMENT_COLUMNS.length + 1))
          .returning(["unit_code", sql<string | null>`(select hash from tip_events where tip_id = tips.id order by id desc limit 1)`.as("last_hash")])}`.compile(trx),
    }), values);
    if (!row) throw new Error(`recordPlacement: no tip ${tipId}`);
    placed = { unitCode: row.unit_code, lastEventHash: row.last_hash };
  } else {
    await runCompiled(trx, "record-placement", (slot) => trx.updateTable("tips").set(set(slot)).where("id", "=", slot<number>(PLACEMENT_COLUMNS.length + 1)), values);
  }
  const copied = copies.unitCodes.filter((unitCode) => unitCode !== placed.unitCode);
  for (const unitCode of copied) {
    await trx
      .insertInto("tip_copies")
      .values({ tip_id: tipId, unit_code: unitCode, reason: copies.reason, created_at: at })
      .onConflict((oc) => oc.columns(["tip_id", "unit_code"]).doNothing())
      .execute();
  }
  return { ...placed, copies: copied };
}

/** How many retirements followSuccessor follows at most (db/queries/units.ts: the same bound). */
const SUCCESSOR_STEPS = 8;

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


/** What deciding a tip's cluster reads of its candidates: their rows, their identifiers, and the tip's splits. */
export interface CandidatesRead {
  candidates: CandidateRow[];
  /** Entity keys ("plate:43A12345") by candidate id, sorted; a candidate without any is absent. */
  entities: Map<number, string[]>;
  /** Clusters officers split the tip from (findClusterExclusions). */
  excluded: number[];
}

export interface CandidatesQuery extends NearestInTime {
  /** The tip's own category: a candidate of another counts as twice as far in time. */
  category: string;
  /** At most this many are kept, the nearest first. */
  max: number;
  /** A map point's neighbouring wards (findNearbyPoints), or null. */
  points: null | {
    wardCodes: string[]; categories: string[]; from: string; to: string; limit: number;
    box: { minLat: number; maxLat: number; minLng: number; maxLng: number };
  };
}

/**
 * The candidates read by read (SQLite, where a statement is no round trip): the nearest in time per
 * category (findNearestInTime) and the neighbours' points (findNearbyPoints) ranked — the nearest in
 * time first, a candidate of another category counting as twice as far, ties in the order the reads
 * gave them — the first `max` kept, then only their rows read (purged and unclustered ones dropped),
 * their identifiers, and the tip's splits.
 */
export async function readCandidatesOneByOne(db: Kysely<Database>, q: CandidatesQuery): Promise<CandidatesRead> {
  const nearest = findNearestInTime(db, q);
  const points = q.points ? await findNearbyPoints(db, { ...q.points, excludeTipId: q.excludeTipId }) : [];
  const at = Date.parse(q.around);
  const keys = new Map<number, CandidateKey>();
  for (const key of await nearest) keys.set(key.id, key);
  for (const row of points) keys.set(row.id, { id: row.id, category: row.category, dedupe_at: dedupeTime(row.occurred_at, row.created_at) });
  const nearness = (key: CandidateKey) => Math.abs(Date.parse(key.dedupe_at) - at) * (key.category === q.category ? 1 : 2);
  const kept = [...keys.values()].sort((a, b) => nearness(a) - nearness(b)).slice(0, q.max);
  const pointRows = new Map(points.map((row) => [row.id, row]));
  const rows = new Map((await readCandidates(db, kept.filter((k) => !pointRows.has(k.id)).map((k) => k.id))).map((row) => [row.id, row]));
  const candidates = kept.map((k) => pointRows.get(k.id) ?? rows.get(k.id)).filter((row): row is CandidateRow => row !== undefined);
  const entities = await readTipEntityKeys(db, candidates.map((c) => c.id));
  return { candidates, entities, excluded: await findClusterExclusions(db, q.excludeTipId) };
}

/**
 * PostgreSQL: findNearestInTime, findNearbyPoints, the ranking of what they give, readCandidates,
 * the candidates' identifiers (readTipEntityKeys) and findClusterExclusions in **one statement**
 * (docs/decisions/0094: each was a round trip). The same rows in the same order as those reads
 * and the worker's ranking on SQLite: the nearest in time first, a candidate of another category
 * counting as twice as far, ties in the order the reads gave them (category by category, before
 * then after, then the neighbours' points not found already); at most `max` kept, and only then
 * purged and unclustered tips dropped.
 */
export async function readCandidatesOnPostgres(db: Kysely<Database>, q: CandidatesQuery): Promise<CandidatesRead> {
  const p = q.points;
  if (q.categories.length === 0 && !p) return { candidates: [], entities: new Map(), excluded: await findClusterExclusions(db, q.excludeTipId) };
  const values: unknown[] = [q.wardCode, q.categories, q.around, q.from, q.to, q.perSide, q.excludeTipId, q.category, q.max];
  if (p) values.push(p.wardCodes, p.categories, p.from, p.to, p.box.minLat, p.box.maxLat, p.box.minLng, p.box.maxLng, p.limit);
  const { rows } = await runCompiled(db, `candidates-pg:${p ? "points" : "ward"}`, (slot) => {
    const s = (i: number) => sql`${slot(i)}`;
    const [ward, categories, around, from, to, perSide, tipId, category, max] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(s);
    // Each category's nearest before and after `around`: one range of tips_dedupe each, as findNearestInTime reads them.
    const nearest = sql`select c.ord, s.side, s.pos, s.id, s.dedupe_at, c.category
      from unnest(${categories}::text[]) with ordinality as c(category, ord)
      cross join lateral (
        select 0 as side, row_number() over () as pos, b.id, b.dedupe_at from (
          select id, dedupe_at from tips where ward_code = ${ward} and category = c.category and id <> ${tipId}
            and dedupe_at >= ${from} and dedupe_at <= ${around} order by dedupe_at desc limit ${perSide}) b
        union all
        select 1, row_number() over (), a.id, a.dedupe_at from (
          select id, dedupe_at from tips where ward_code = ${ward} and category = c.category and id <> ${tipId}
            and dedupe_at > ${around} and dedupe_at <= ${to} order by dedupe_at asc limit ${perSide}) a
      ) s`;
    const points = p
      ? sql`, points as (
          select row_number() over () as pos, n.id, n.dedupe_at, n.category, n.cluster_id from (
            select id, dedupe_at, category, cluster_id from tips
            where ward_code = any(${s(9)}::text[]) and category = any(${s(10)}::text[]) and dedupe_at >= ${s(11)} and dedupe_at <= ${s(12)}
              and location_lat >= ${s(13)} and location_lat <= ${s(14)} and location_lng >= ${s(15)} and location_lng <= ${s(16)}
              and id <> ${tipId} and purged_at is null
            limit ${s(17)}) n)`
      : sql``;
    const fromPoints = p
      ? sql`union all select 1, 0, 0, pos, id, dedupe_at, category from points where cluster_id is not null and id not in (select id from nearest)`
      : sql``;
    return {
      compile: () => sql<CandidateRow & { excluded: number[]; entity_keys: string[] | null; kept: number | null }>`
        with nearest as (${nearest})${points},
        keys as (
          select 0 as grp, ord, side, pos, id, dedupe_at, category from nearest
          ${fromPoints}
        ),
        kept as (
          select id, row_number() over (order by
            abs(extract(epoch from dedupe_at::timestamptz - ${around}::timestamptz)) * (case when category = ${category} then 1 else 2 end),
            grp, ord, side, pos) as kept
          from keys
          order by kept limit ${max}
        )
        select x.excluded, r.* from (select array(select cluster_id from cluster_exclusions where tip_id = ${tipId}) as excluded) x
        left join lateral (
          select k.kept, t.id, t.cluster_id, t.category, t.ward_code, t.location_lat, t.location_lng, t.location_address,
            t.occurred_at, t.created_at, t.description,
            array(select e.kind || ':' || e.value from tip_entities e where e.tip_id = t.id) as entity_keys
          from kept k join tips t on t.id = k.id
          where t.purged_at is null and t.cluster_id is not null
        ) r on true
        order by r.kept`.compile(db),
    };
  }, values);
  const entities = new Map<number, string[]>();
  const candidates: CandidateRow[] = [];
  for (const { excluded: _excluded, entity_keys, kept, ...row } of rows) {
    if (kept === null) continue;
    candidates.push(row);
    if (entity_keys?.length) entities.set(row.id, [...entity_keys].sort());
  }
  return { candidates, entities, excluded: rows[0]?.excluded ?? [] };
}
