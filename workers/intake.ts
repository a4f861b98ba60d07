/**
 * The intake processor: takes one committed tip through the pipeline —
 * resolve the place → route to a unit → cluster duplicates — and explains
 * every decision in the tip's audit trail. Idempotent: a tip already past
 * `received` is left alone, and all of a tip's changes commit together, so a
 * retried, duplicated or interrupted job changes nothing twice.
 */
import type { Redis } from "ioredis";
import { sql, type Kysely, type Transaction } from "kysely";
import { isPostgres } from "../db/client";
import {
  createCluster, exclusionsAmong, findNthNewestPlacedTip, findTipToPlace, insertTipEntities, joinCluster, listPlacedTipTexts,
  readCandidatesOnPostgres, readCandidatesOneByOne, readDedupeVersions, recordPlacement, type CandidateRow, type CandidatesRead, type TipToPlace,
} from "../db/queries/pipeline";
import { findPlace } from "../db/queries/places";
import { runCompiled } from "../db/compiled";
import { readClusterMembers, readClusterMembersOnPostgres, readTipEntityKeys } from "../db/queries/clusters";
import { appendTipEvents } from "../db/queries/tip-events";
import type { Database, ResolveMethod } from "../db/schema";
import {
  addToWordStats, chooseCluster, contradictedClusters, createWordStats, DEFAULT_WINDOW_DAYS, dedupeTime, entityKeys, groupSupport, MERGE_THRESHOLD, neighboursOf, scorePair,
  groupsHoldTogether, textEvidence, type DedupeTip, type ScoredCandidate, type TextEvidence, type WordStats,
} from "../domain/dedupe";
import { compatibleCategories } from "../domain/category-relations";
import { extractEntities } from "../domain/entities";
import { isOwnContact } from "../domain/own-contact";
import { coarseTime } from "../domain/coarse-time";
import { queueClusterSize } from "../domain/queue-priority";
import { resolveTipLocation, type LocationResolution, type TipLocationInput } from "../domain/location";
import { reason, type Reason } from "../domain/reasons";
import { routeTip, type RoutingDecision, type RoutingPlaces } from "../domain/routing";
import { listProvinceUnitCodes } from "../db/queries/duty-desk";
import { followSuccessor } from "../db/queries/units";
import type { TipEventType } from "../domain/tip-events";
import { notifyTipEvent } from "../core/notifications";
import { publishUnitEvents } from "../core/platform/notify";
import { createTriageContextCache, type TriageContext, type TriageContextCache } from "./triage-context";

export interface IntakeContext {
  db: Kysely<Database>;
  /** The worker's cache; callers that process a few tips (tests, seeding) may leave it out. */
  triage?: TriageContextCache;
  /** For live queue updates; optional (tests, CLI seeding). */
  notify?: { redis: Redis; prefix: string };
  now?: () => Date;
  /**
   * HOME_PROVINCES: where a tip that names no province goes. The worker always passes it
   * (required in production); without it (tools and tests running the pipeline in process)
   * the single, or lowest-coded, imported province is home (domain/routing.ts homeProvinceOf).
   */
  homeProvinces?: readonly string[];
  /** Tests: runs on SQLite between the decision on the read snapshot and the write transaction. */
  afterSnapshot?: () => Promise<void>;
}

export type IntakeOutcome = "routed" | "skipped" | "missing";

/**
 * Tips of one incident come within hours: the nearest 5 same-ward tips of each
 * compatible category on each side in time are read, no more, so the cost per
 * tip stays flat however dense the history (docs/decisions/0004).
 */
const CANDIDATES_PER_SIDE = 5;
/**
 * A new report may bridge clusters that are one incident; more than two at once
 * says more about vague wording than about one incident, so merging stops there.
 */
const MAX_MERGES_PER_TIP = 2;
/**
 * Of all that, at most this many are scored: the nearest in time, a tip of the
 * same category counting as twice as near. A tip of "other" is compatible with
 * every category, so in a dense ward its reads bring back over a hundred
 * candidates; scoring them all would make the cost grow with the history's
 * density, and the duplicates of one incident are among the nearest anyway.
 */
const MAX_SCORED_CANDIDATES = 24;
/** Map points in a neighbouring ward are compared within this many hours and this box (≈1 km). */
const NEIGHBOUR_POINT_HOURS = 48;
const NEARBY_DEGREES = 0.01;
/** At most this many point candidates from the neighbouring wards, in one read. */
const NEIGHBOUR_POINTS = 12;
const DAY_MS = 86_400_000;

const METHOD: Record<LocationResolution["method"], ResolveMethod> = {
  "ward-code": "code", point: "point", address: "address", "old-address": "old-address", none: "none",
};

const defaultCaches = new WeakMap<Kysely<Database>, TriageContextCache>();

/** Province units change only when units are imported; read again at most once a minute. */
const PROVINCE_UNITS_TTL_MS = 60_000;
const provinceUnitCaches = new WeakMap<Kysely<Database>, { at: number; codes: Set<string> }>();

async function provinceUnitsOf(db: Kysely<Database>): Promise<Set<string>> {
  const cached = provinceUnitCaches.get(db);
  if (cached && Date.now() - cached.at < PROVINCE_UNITS_TTL_MS && cached.codes.size > 0) return cached.codes;
  const codes = new Set(await listProvinceUnitCodes(db));
  provinceUnitCaches.set(db, { at: Date.now(), codes });
  return codes;
}

function triageCacheFor(ctx: IntakeContext): TriageContextCache {
  if (ctx.triage) return ctx.triage;
  let cache = defaultCaches.get(ctx.db);
  if (!cache) defaultCaches.set(ctx.db, (cache = createTriageContextCache(ctx.db)));
  return cache;
}

export async function processIntake(ctx: IntakeContext, tipId: number): Promise<IntakeOutcome> {
  const placed = await placeTip(ctx, tipId);
  if (ctx.notify) await publishUnitEvents(ctx.notify.redis, ctx.notify.prefix, routedNotices(tipId, placed));
  return placed.outcome;
}

/** How many tips of a batch are placed at once (the worker's job concurrency before batches: ADR 0091). */
const BATCH_CONCURRENCY = 4;

/**
 * Places the tips of one relay batch (docs/decisions/0091), up to four at once, in id order as
 * the worker took single jobs; each tip is its own transaction, as with one job per tip. A tip
 * that throws does not stop the others: it is returned in `failed`, for the caller to retry on
 * its own. The live-queue notices of the batch go in one round trip at its end.
 */
export async function processIntakeBatch(
  ctx: IntakeContext, tipIds: readonly number[],
): Promise<{ outcomes: Map<number, IntakeOutcome>; failed: Array<{ tipId: number; error: Error }> }> {
  const outcomes = new Map<number, IntakeOutcome>();
  const failed: Array<{ tipId: number; error: Error }> = [];
  const notices: Array<{ unitCode: string; payload: { tipId: number; type: string } }> = [];
  let next = 0;
  const lane = async () => {
    while (next < tipIds.length) {
      const tipId = tipIds[next++]!;
      try {
        const placed = await placeTip(ctx, tipId);
        outcomes.set(tipId, placed.outcome);
        notices.push(...routedNotices(tipId, placed));
      } catch (err) {
        failed.push({ tipId, error: err as Error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, tipIds.length) }, lane));
  if (ctx.notify) await publishUnitEvents(ctx.notify.redis, ctx.notify.prefix, notices);
  return { outcomes, failed };
}

type Placed = { outcome: "missing" | "skipped" } | { outcome: "routed"; units: string[] };

const routedNotices = (tipId: number, placed: Placed) =>
  placed.outcome === "routed" ? placed.units.map((unitCode) => ({ unitCode, payload: { tipId, type: "routed" } })) : [];

/** Places one tip (its own transaction); the live-queue notices are the caller's. */
async function placeTip(ctx: IntakeContext, tipId: number): Promise<Placed> {
  const triage = await triageCacheFor(ctx).get();
  const places: RoutingPlaces = { provinceUnits: await provinceUnitsOf(ctx.db), homeProvinces: ctx.homeProvinces ?? [] };
  const now = coarseTime((ctx.now ?? (() => new Date()))());
  const postgres = isPostgres(ctx.db);
  const dedupe: DedupeInputs = { evidenceOf: evidenceCacheFor(ctx.db), wordStats: wordStatsFor(ctx.db), triage };

  let result: Placed;
  if (postgres) {
    // Row locks: the web process never waits for this transaction, so the whole placement is one.
    result = await ctx.db.transaction().execute(async (trx) => {
      const tip = await findTipToPlace(trx, tipId, true);
      if (!tip) return { outcome: "missing" as const };
      if (tip.status !== "received") return { outcome: "skipped" as const };
      const placing = preparePlacement(triage, tip, places.homeProvinces);
      // One writer decides a ward's clusters at a time. The placement's commit need not wait for the WAL's flush
      // to disk, as on SQLite (the worker's durability "normal"): a crash of the server can lose only the last
      // placements, and a tip whose placement was lost is `received` again, which the outbox sweep hands over
      // again (docs/decisions/0094). The tip itself was committed durably by the web process.
      const ward = placing.place.wardCode;
      await runCompiled(trx, `placement-turn:${ward ? "ward" : "none"}`, (slot) => ({
        compile: () => (ward
          ? sql`select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(hashtext(${slot(0)}))`
          : sql`select set_config('synchronous_commit', 'off', true)`).compile(trx),
      }), ward ? ["dedupe:" + ward] : []);
      const decision = await decideCluster(trx, dedupe, placing, { countWords: true });
      return writePlacement(trx, triage, places, placing, decision.plan, now);
    });
  } else {
    result = await placeOnSqlite(ctx.db, dedupe, places, tipId, now, ctx.afterSnapshot);
  }

  return result;
}

/** What deciding a tip's cluster needs besides the database: the worker's caches. */
interface DedupeInputs {
  evidenceOf: EvidenceOf;
  wordStats: WordStats;
  triage: TriageContext;
}

/** A tip with its place resolved and its identifiers extracted: everything of it that does not depend on other tips. */
interface Placing {
  tip: TipToPlace;
  place: LocationResolution;
  dedupeAt: string;
  /** Identifiers of the text, without the reporter's own contact (issue 13); written with the placement. */
  entities: ReturnType<typeof extractEntities>;
}

/** `homeProvinces`: the deployment's, preferred when an address name fits wards elsewhere too (docs/decisions/0090). */
function preparePlacement(triage: TriageContext, tip: TipToPlace, homeProvinces: readonly string[]): Placing {
  const place = resolveTipLocation(locationOf(tip), {
    resolver: triage.resolver,
    locator: triage.locator,
    isWardCode: (code) => triage.wardProvince.has(code),
    provinceCode: tip.location_province_code ?? undefined,
    homeProvinces,
    provinceOfWard: (code) => triage.wardProvince.get(code),
  });
  return { tip, place, dedupeAt: dedupeTime(tip.occurred_at, tip.created_at), entities: extractEntities(tip.description, isOwnContact(tip.own_contact)) };
}

/**
 * One placement at a time per ward on a connection (SQLite path): the worker runs several jobs at
 * once, and a second tip of a ward decided beside the first would nearly always be decided again.
 */
const wardTurnsByDb = new WeakMap<Kysely<Database>, Map<string, Promise<unknown>>>();

async function inWardTurn<T>(db: Kysely<Database>, wardCode: string | null, work: () => Promise<T>): Promise<T> {
  if (!wardCode) return work();
  let wardTurns = wardTurnsByDb.get(db);
  if (!wardTurns) wardTurnsByDb.set(db, (wardTurns = new Map()));
  const before = wardTurns.get(wardCode) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.then(() => undefined, () => undefined);
  wardTurns.set(wardCode, settled);
  try {
    return await mine;
  } finally {
    if (wardTurns.get(wardCode) === settled) wardTurns.delete(wardCode);
  }
}

/**
 * SQLite has one writer, and the web process's tip inserts wait for whoever holds the write lock —
 * on its event loop (docs/decisions/0086). So the tip is compared with its candidates on a read
 * snapshot, outside the write lock (WAL readers block no writer), and the write transaction only
 * checks that nothing the decision read has changed since (the `dedupe_versions` counters of the
 * wards and clusters it looked at, kept by triggers) and writes. When something did change — a
 * worker in another process placed a tip of the ward meanwhile, an officer split a cluster — the
 * tip is compared again inside the write transaction, as before (docs/decisions/0087).
 */
async function placeOnSqlite(
  db: Kysely<Database>, dedupe: DedupeInputs, places: RoutingPlaces, tipId: number, now: string, afterSnapshot?: () => Promise<void>,
): Promise<{ outcome: "missing" | "skipped" } | { outcome: "routed"; units: string[] }> {
  const first = await findTipToPlace(db, tipId, false);
  if (!first) return { outcome: "missing" };
  if (first.status !== "received") return { outcome: "skipped" };
  const placing = preparePlacement(dedupe.triage, first, places.homeProvinces);
  return inWardTurn(db, placing.place.wardCode, async () => {
    const snapshot = await db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      try {
        const decision = await decideCluster(conn, dedupe, placing, { countWords: true });
        return { ...decision, versions: await readDedupeVersions(conn, decision.keysRead) };
      } finally {
        await sql`commit`.execute(conn);
      }
    });
    await afterSnapshot?.();
    return db.transaction().execute(async (trx) => {
      const tip = await findTipToPlace(trx, tipId, false);
      if (!tip) return { outcome: "missing" as const };
      if (tip.status !== "received") return { outcome: "skipped" as const };
      const current = await readDedupeVersions(trx, snapshot.keysRead);
      const unchanged = [...snapshot.keysRead].every((key) => current.get(key) === snapshot.versions.get(key));
      const plan = unchanged ? snapshot.plan : (await decideCluster(trx, dedupe, placing, { countWords: false })).plan;
      intakeStats.decidedOnSnapshot += unchanged ? 1 : 0;
      intakeStats.decidedAgain += unchanged ? 0 : 1;
      return writePlacement(trx, dedupe.triage, places, placing, plan, now);
    });
  });
}

/** How often the SQLite path's snapshot decision stood, and how often it was made again inside the write lock (tests, logs). */
export const intakeStats = { decidedOnSnapshot: 0, decidedAgain: 0 };

/** Routes the placed tip and writes all of it: cluster, entities, placement, trail, notification. */
async function writePlacement(
  trx: Transaction<Database>, triage: TriageContext, places: RoutingPlaces, placing: Placing, plan: ClusterPlan, now: string,
): Promise<{ outcome: "routed"; units: string[] }> {
  const { tip, place, dedupeAt } = placing;
  const tipId = tip.id;
  // The ward's province; without a ward, the province the text names (the form's comes second).
  const provinceCode = (place.wardCode && triage.wardProvince.get(place.wardCode)) || place.provinceCode;
  const decided = routeTip(
    { wardCode: place.wardCode, provinceCode, formProvinceCode: tip.location_province_code, category: tip.category },
    triage.rules,
    places,
  );
  // A retired unit's tips go to the unit that took over from it (docs/decisions/0027-unit-rename-and-retirement.md);
  // on PostgreSQL the placement's own update follows it (recordPlacement: a round trip less, docs/decisions/0094).
  const postgres = isPostgres(trx);
  const owner = postgres ? decided.unitCode : await followSuccessor(trx, decided.unitCode);
  const copies = [...new Set(await Promise.all(decided.copies.map((c) => followSuccessor(trx, c))))].filter((c): c is string => !!c && c !== owner);
  const placeName = place.placeId !== null ? (await findPlace(trx, place.placeId))?.name ?? null : null;

  const cluster = await applyCluster(trx, plan, now);
  await insertTipEntities(trx, tipId, placing.entities);

  const placed = await recordPlacement(
    trx,
    tipId,
    {
      ward_code: place.wardCode,
      resolve_method: METHOD[place.method],
      resolve_confidence: place.confidence,
      resolve_candidates: place.candidates.length ? JSON.stringify(place.candidates) : null,
      // What the duty desk shows beside an unplaced tip: the candidates with their scores and words, and why.
      resolve_detail: place.wardCode ? null : JSON.stringify(resolveDetail(place, decided.because)),
      unit_code: owner ?? decided.unitCode,
      cluster_id: cluster.clusterId,
      cluster_size: queueClusterSize(cluster.size), // the queue's size (docs/decisions/0087)
      dedupe_at: dedupeAt,
    },
    { unitCodes: copies, reason: decided.reason },
    now,
  );
  const route = { ...decided, unitCode: placed.unitCode ?? decided.unitCode, copies: placed.copies };

  // `reason` is the English of old; `because` is the same as data, which the history shows in the reader's language.
  const event = (type: TipEventType, data: Record<string, unknown>) => ({ tipId, at: now, actorKind: "system" as const, type, data });
  await appendTipEvents(trx, [event("located", {
    wardCode: place.wardCode, method: METHOD[place.method], confidence: place.confidence,
    candidates: place.candidates, reason: place.reason, because: place.because,
    provinceCode: place.provinceCode, scoredCandidates: place.scoredCandidates, matchedWords: place.matchedWords,
    ...(place.placeId !== null ? { placeId: place.placeId, placeName } : {}),
  }), event("routed", {
    unitCode: route.unitCode, copies: route.copies, reason: route.reason, because: route.because,
    // Which gazetteer entry placed it (issue 12, item 5), by id and by its name at the time.
    ...(place.placeId !== null && place.wardCode ? { placeId: place.placeId, placeName } : {}),
  }), event(cluster.matchedTipId ? "clustered" : "cluster_started", cluster.details)],
  placed.lastEventHash === undefined ? undefined : { lastHash: placed.lastEventHash });
  // Its unit was just written, its taker read in this transaction (findTipToPlace): no read of them again.
  await notifyTipEvent(trx, tipId, { kind: "tip_new" }, now, { unitCode: route.unitCode, claimedBy: tip.claimed_by });
  return { outcome: "routed" as const, units: [route.unitCode, ...route.copies] };
}

/** Stored in `tips.resolve_detail` for a tip the pipeline could not place (docs/decisions/0056). */
export interface ResolveDetail {
  provinceCode: string | null;
  candidates: LocationResolution["scoredCandidates"];
  words: string[];
  because: LocationResolution["because"];
  /** Why this province's desk (the text's province, the form's, the home province). */
  routing: RoutingDecision["because"];
}

function resolveDetail(place: LocationResolution, routing: RoutingDecision["because"]): ResolveDetail {
  return { provinceCode: place.provinceCode, candidates: place.scoredCandidates.slice(0, 8), words: place.matchedWords, because: place.because, routing };
}

function locationOf(tip: TipToPlace): TipLocationInput {
  if (tip.location_kind === "ward" && tip.location_ward_code) return { wardCode: tip.location_ward_code };
  if (tip.location_kind === "point" && tip.location_lat !== null && tip.location_lng !== null) {
    return { lat: tip.location_lat, lng: tip.location_lng };
  }
  return { address: tip.location_kind === "address" ? tip.location_address ?? "" : "" };
}

/**
 * Text evidence of recent tips, by id: consecutive tips of a ward share most of
 * their candidates, and a tip's text never changes (a purged tip is no candidate).
 * Candidates come from a 30-day window, and in a quiet ward the nearest ones can
 * be weeks old, so the cache holds far more than a day's tips: 50 000 cover the
 * whole window up to ~600 000 tips a year, and the nearest candidates of nearly
 * every tip at 1 M a year (bench:triage: 5 of 6 candidates' shingles were being
 * recomputed at 1 M with 10 000). About 1.3 KB each, ~65 MB in all.
 */
const EVIDENCE_CACHE_SIZE = 50_000;
const evidenceCaches = new WeakMap<Kysely<Database>, Map<number, TextEvidence>>();
/**
 * Word statistics (IDF) of the history, per database: primed with the evidence
 * cache at start, then each placed tip adds its words (one map update per word).
 * Bounded by the vocabulary, not by the number of tips.
 */
const wordStatsByDb = new WeakMap<Kysely<Database>, WordStats>();

export function wordStatsFor(db: Kysely<Database>): WordStats {
  let stats = wordStatsByDb.get(db);
  if (!stats) wordStatsByDb.set(db, (stats = createWordStats()));
  return stats;
}

type EvidenceOf = (id: number, description: string, address: string | null) => TextEvidence;

/** One cache per database (tests and tools open several in one process). */
function evidenceCacheFor(db: Kysely<Database>): EvidenceOf {
  let evidenceCache = evidenceCaches.get(db);
  if (!evidenceCache) evidenceCaches.set(db, (evidenceCache = new Map()));
  const cache = evidenceCache;
  return (id, description, address) => cachedEvidence(cache, id, description, address);
}

/**
 * Fills the text-evidence cache with the latest tips, as a worker that had been
 * running would have it: candidates are recent tips, so without this the first
 * jobs after a start (a deploy, a crash) each pay for every candidate's shingles.
 * Returns how many were loaded.
 */
export async function primeEvidenceCache(db: Kysely<Database>, limit = EVIDENCE_CACHE_SIZE): Promise<number> {
  const wanted = Math.min(limit, EVIDENCE_CACHE_SIZE);
  const oldest = await findNthNewestPlacedTip(db, wanted);
  const evidenceOf = evidenceCacheFor(db);
  // Oldest first, so the newest end up last to be evicted; in pages, so the rows' text is never all in memory at once.
  let after = oldest ? oldest - 1 : 0;
  let loaded = 0;
  for (;;) {
    const rows = await listPlacedTipTexts(db, after, PRIME_PAGE);
    const stats = wordStatsFor(db);
    for (const row of rows) {
      addToWordStats(stats, evidenceOf(row.id, row.description, row.location_address), row.category, { wardCode: row.ward_code, at: row.dedupe_at });
    }
    loaded += rows.length;
    if (rows.length < PRIME_PAGE) return loaded;
    after = rows[rows.length - 1]!.id;
  }
}

const PRIME_PAGE = 2_000;

/**
 * One copy of each word and word pair for the whole cache: reports repeat the same
 * words, and each tip's evidence would otherwise hold its own strings. bench:triage's
 * 50 000 cached tips: 93 MB of heap with their own strings, 34 MB sharing them (pool
 * of ~36 000). The pool starts again past its limit: evidence already cached keeps its
 * strings, only the sharing with later tips is lost, so memory stays bounded.
 */
const WORD_POOL_LIMIT = 250_000;
let wordPool = new Map<string, string>();

function intern(word: string): string {
  const pooled = wordPool.get(word);
  if (pooled !== undefined) return pooled;
  if (wordPool.size >= WORD_POOL_LIMIT) wordPool = new Map();
  // A flat copy: a slice of the description would keep the whole text alive.
  const flat = (" " + word).slice(1);
  wordPool.set(flat, flat);
  return flat;
}

function interned(evidence: TextEvidence): TextEvidence {
  return { ...evidence, shingles: evidence.shingles.map(intern), words: evidence.words.map(intern) };
}

function cachedEvidence(evidenceCache: Map<number, TextEvidence>, id: number, description: string, address: string | null): TextEvidence {
  let evidence = evidenceCache.get(id);
  if (evidence) {
    evidenceCache.delete(id); // re-insert: Map order is the LRU order
  } else {
    evidence = interned(textEvidence(description, address));
    if (evidenceCache.size >= EVIDENCE_CACHE_SIZE) evidenceCache.delete(evidenceCache.keys().next().value!);
  }
  evidenceCache.set(id, evidence);
  return evidence;
}

function dedupeTipOf(evidenceOf: EvidenceOf, row: {
  id: number; category: string; ward_code: string | null; location_lat: number | null; location_lng: number | null;
  occurred_at: string | null; created_at: string; description: string; location_address: string | null;
}): DedupeTip {
  return {
    id: String(row.id),
    category: row.category,
    wardCode: row.ward_code,
    point: row.location_lat !== null && row.location_lng !== null ? { lat: row.location_lat, lng: row.location_lng } : null,
    occurredAt: row.occurred_at,
    receivedAt: row.created_at,
    features: evidenceOf(row.id, row.description, row.location_address),
    // Neither an address nor a map point: only a ward code (ADR 0088, wardTimeCredit).
    wardOnly: !row.location_address && row.location_lat === null,
  };
}

/**
 * Earlier tips that could report the same incident: the same ward (the nearest
 * in time, per compatible category), and for a map point also tips with points
 * about 1 km around it in neighbouring wards. Bounded whatever the history size.
 * With them, their identifiers and the clusters officers split the tip from. On
 * PostgreSQL all of it is one statement (readCandidatesOnPostgres, docs/decisions/0094);
 * on SQLite, where a statement is no round trip, the reads below.
 */
async function findCandidates(
  db: Kysely<Database>,
  triage: TriageContext,
  tip: { id: number; category: string; wardCode: string; point: { lat: number; lng: number } | null; dedupeAt: string },
): Promise<CandidatesRead> {
  const categories = compatibleCategories(tip.category) ?? triage.categories;
  const at = Date.parse(tip.dedupeAt);
  const window = (days: number) => ({
    around: tip.dedupeAt,
    from: new Date(at - days * DAY_MS).toISOString(),
    to: new Date(at + days * DAY_MS).toISOString(),
  });
  const nearestQuery = {
    wardCode: tip.wardCode, categories: [...categories], ...window(DEFAULT_WINDOW_DAYS), perSide: CANDIDATES_PER_SIDE, excludeTipId: tip.id,
  };
  const neighbours = tip.point ? [...(triage.adjacency.get(tip.wardCode) ?? [])] : [];
  const pointsQuery = tip.point && neighbours.length > 0 ? {
    wardCodes: neighbours, categories: [...categories], ...window(NEIGHBOUR_POINT_HOURS / 24), limit: NEIGHBOUR_POINTS,
    box: {
      minLat: tip.point.lat - NEARBY_DEGREES, maxLat: tip.point.lat + NEARBY_DEGREES,
      minLng: tip.point.lng - NEARBY_DEGREES, maxLng: tip.point.lng + NEARBY_DEGREES,
    },
  } : null;
  const query = { ...nearestQuery, category: tip.category, max: MAX_SCORED_CANDIDATES, points: pointsQuery };
  return isPostgres(db) ? readCandidatesOnPostgres(db, query) : readCandidatesOneByOne(db, query);
}

/** The latest members of each cluster in play, with their identifiers (PostgreSQL: one statement, docs/decisions/0094). */
async function readGroups(db: Kysely<Database>, clusterIds: number[], known: ReadonlyMap<number, string[]>): Promise<{ members: CandidateRow[]; entities: Map<number, string[]> }> {
  if (isPostgres(db)) return readClusterMembersOnPostgres(db, clusterIds);
  const members = await readClusterMembers(db, clusterIds);
  return { members, entities: await readTipEntityKeys(db, members.map((m) => m.id).filter((id) => !known.has(id))) };
}

interface ClusterAssignment {
  clusterId: number;
  /** The cluster's size with the new tip. */
  size: number;
  matchedTipId: number | null;
  details: Record<string, unknown>;
}

/** What the comparison decided, before anything is written. */
type ClusterPlan =
  | { kind: "own"; english: string; because: Reason<"cluster"> }
  | { kind: "join"; clusterId: number; merged: number[]; matchedTipId: number; details: Record<string, unknown> };

/** Starts the tip's own cluster or joins the chosen one (merging the others), as planned. */
async function applyCluster(trx: Kysely<Database>, plan: ClusterPlan, now: string): Promise<ClusterAssignment> {
  if (plan.kind === "own") {
    const clusterId = await createCluster(trx, now);
    return { clusterId, size: 1, matchedTipId: null, details: { clusterId, size: 1, reason: plan.english, because: plan.because } };
  }
  const size = await joinCluster(trx, plan.clusterId, plan.merged);
  const { clusterId, matchedTipId } = plan;
  return { clusterId, size, matchedTipId, details: { clusterId, size, matchedTipId, ...plan.details } };
}

/**
 * Compares the tip with its candidates and decides its cluster; reads only. `keysRead`: the
 * `dedupe_versions` keys of every ward and cluster the decision depends on (docs/decisions/0087).
 * `countWords`: add the tip's words to the word statistics (once per tip, not again when the
 * decision is made a second time).
 */
async function decideCluster(
  db: Kysely<Database>,
  { evidenceOf, wordStats, triage }: DedupeInputs,
  { tip, place, dedupeAt, entities: extracted }: Placing,
  { countWords }: { countWords: boolean },
): Promise<{ plan: ClusterPlan; keysRead: Set<string> }> {
  const keysRead = new Set<string>();
  const own = (english: string, because: Reason<"cluster">) => ({ plan: { kind: "own" as const, english, because }, keysRead });
  if (!place.wardCode) return own("place unknown: not compared with other tips", reason("place-unknown"));
  keysRead.add(`w:${place.wardCode}`);
  if (place.point) for (const ward of triage.adjacency.get(place.wardCode) ?? []) keysRead.add(`w:${ward}`);
  const entities = entityKeys(extracted);

  const self = {
    ...dedupeTipOf(evidenceOf, { ...tip, ward_code: place.wardCode, location_lat: place.point?.lat ?? null, location_lng: place.point?.lng ?? null }),
    entities,
  };
  // Counted once the tip is compared: its own words are history for the next tip.
  if (countWords) addToWordStats(wordStats, self.features, self.category, { wardCode: place.wardCode, at: dedupeAt });
  const { candidates, entities: entitiesOf, excluded } = await findCandidates(db, triage, {
    id: tip.id, category: tip.category, wardCode: place.wardCode, point: place.point, dedupeAt,
  });
  const candidateTip = (c: CandidateRow): DedupeTip => ({ ...dedupeTipOf(evidenceOf, c), entities: entitiesOf.get(c.id) ?? [], clusterId: String(c.cluster_id) });
  const scoring = { adjacency: triage.adjacency, wordStats, areas: triage.areas, neighbours: neighboursOf(self, candidates.map(candidateTip)) };
  const scored: ScoredCandidate[] = candidates.map((c) => ({
    tipId: String(c.id),
    clusterId: String(c.cluster_id),
    score: scorePair(self, candidateTip(c), scoring),
  }));
  // The group as a whole must hold (docs/decisions/0036): score the latest members of each cluster in play.
  const inPlay = [...new Set(scored.filter((s) => s.score.duplicate).map((s) => Number(s.clusterId)))];
  const { members, entities: memberEntities } = await readGroups(db, inPlay, entitiesOf);
  for (const row of [...candidates, ...members]) {
    keysRead.add(`c:${row.cluster_id}`);
    if (row.ward_code) keysRead.add(`w:${row.ward_code}`);
  }
  for (const [id, keys] of memberEntities) if (!entitiesOf.has(id)) entitiesOf.set(id, keys);
  const memberScores = new Map<string, number[]>();
  // A group holding a member the tip contradicts (another house number, another caller's phone) is not its incident.
  const contradicted = contradictedClusters(scored);
  for (const member of members) {
    const list = memberScores.get(String(member.cluster_id)) ?? [];
    const score = scorePair(self, candidateTip(member), scoring);
    list.push(score.score);
    if (score.contradicts) contradicted.add(String(member.cluster_id));
    memberScores.set(String(member.cluster_id), list);
  }
  const choice = chooseCluster(self, scored, excluded.map((clusterId) => ({ tipId: self.id, clusterId: String(clusterId) })), memberScores, contradicted);
  if (!choice) return own(`no duplicate among ${candidates.length} candidates`, reason("no-duplicate", { candidates: candidates.length }));

  const clusterId = Number(choice.clusterId);
  const membersOf = (id: number) => members.filter((m) => m.cluster_id === id).map(candidateTip);
  // The tip matches reports in other clusters strongly too: they are one incident. Merge, unless an officer kept them apart.
  // A merge moves a whole group, so, as for joining, the tip must hold against that group, not one member of it
  // (docs/decisions/0064: merges on one member let clusters of many incidents snowball at density).
  const merged: number[] = [];
  const otherClusters = new Set(
    scored
      .filter((s) => s.score.score >= MERGE_THRESHOLD && Number(s.clusterId) !== clusterId && !excluded.includes(Number(s.clusterId)))
      .filter((s) => groupSupport(memberScores.get(s.clusterId) ?? []).holds && !contradicted.has(s.clusterId))
      .map((s) => Number(s.clusterId))
      // …and the two groups must hold together: their members, compared with each other (ADR 0082).
      .filter((other) => groupsHoldTogether(membersOf(other), membersOf(clusterId), scoring)),
  );
  if (otherClusters.size > 0) {
    const splits = await exclusionsAmong(db, [clusterId, ...otherClusters]);
    const keptApart = (a: number, b: number) => splits.some((s) => (s.tipCluster === a && s.excluded === b) || (s.tipCluster === b && s.excluded === a));
    for (const other of otherClusters) {
      if (merged.length >= MAX_MERGES_PER_TIP) break;
      if (![clusterId, ...merged].some((kept) => keptApart(other, kept))) merged.push(other);
    }
  }
  const best = scored.find((s) => s.tipId === choice.matchedTipId)!;
  return {
    plan: {
      kind: "join",
      clusterId,
      merged,
      matchedTipId: Number(choice.matchedTipId),
      details: {
        score: choice.score, reasons: best.score.reasons,
        evidence: best.score.evidence, mergedClusters: merged, candidates: candidates.length,
        // Why this tip is in the group, for the tip page: it matched this share of the group's members.
        support: choice.support, membership: reason("matches-group", { count: choice.support.count, total: choice.support.total }),
      },
    },
    keysRead,
  };
}
