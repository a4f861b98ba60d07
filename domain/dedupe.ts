/**
 * Duplicate detection: several residents reporting one incident, in their own words.
 *
 * Three steps, all pure:
 *   1. textFeatures(description) once per tip: folded word shingles, a MinHash
 *      signature and LSH band keys. The pipeline stores the band keys in an indexed
 *      table so "tips that share a band" is a lookup whose cost does not grow with
 *      history.
 *   2. scorePair(a, b) for each candidate (tips sharing a band key, plus tips in the
 *      same or adjacent wards, within the time window): hard filters first (window,
 *      place, category), then a score mixing text, place, time and category.
 *   3. chooseCluster(newTip, scored) picks the best cluster above the threshold,
 *      honouring officers' splits.
 *
 * Paraphrases of one incident share surprisingly few words (word-shingle Jaccard of
 * 0.05–0.2), so text alone cannot decide; the ward and the time do most of the work
 * and the text separates different incidents in the same ward and days. Reports from
 * different wards are never merged on text alone: the same generic wording ("30 xe
 * máy tụ tập đua xe, bốc đầu…") is reused for unrelated incidents across town.
 */
import { streetPart } from "./address";
import { distanceMeters, type LatLng } from "./geo";
import { reason, type Reason } from "./reasons";
import { foldVietnamese, normalizeText } from "./text";

// ------------------------------------------------------------------ text features

export interface TextFeatures {
  /** Folded shingles: content words and adjacent word pairs ("hut cat"). Sorted, unique. */
  shingles: string[];
  /** Words written capitalised mid-sentence (streets, brands, people): strong evidence when shared. */
  names: string[];
  /** MinHash signature over the shingles (unsigned 32-bit values). */
  signature: number[];
  /** LSH band keys ("b3:1a2b3c4d"); tips sharing one are candidates. */
  bandKeys: string[];
}

export const MINHASH_SIZE = 128;
/**
 * 64 bands of 2 rows: a pair with shingle Jaccard 0.1 shares a band about half the
 * time. On the dev sample 61% of duplicate pairs share a band and 4.6% of unrelated
 * pairs do; more rows per band lose paraphrases (3 rows: 14%), fewer flood the lookup.
 */
export const LSH_BANDS = 64;
const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;

/**
 * Chat spellings and abbreviations → the standard folded word, so "ko dc" and
 * "không được" share shingles. Generic Vietnamese abbreviations only; spellings
 * that fold onto a real word are left alone ("vo" is also "vợ", "hem" is "hẻm").
 */
// prettier-ignore
const CHAT_WORDS: Record<string, string> = {
  ko: "khong", k: "khong", kh: "khong", khg: "khong", hok: "khong", dc: "duoc", j: "gi",
  ng: "nguoi", ngta: "nguoi ta", mn: "moi nguoi", mng: "moi nguoi", e: "em", tui: "toi",
  t: "toi", mk: "minh", mik: "minh", vs: "voi", r: "roi", trc: "truoc", ns: "noi",
  bit: "biet", bik: "biet", lun: "luon", wa: "qua", z: "vay", dt: "dien thoai",
  sdt: "so dien thoai", cs: "canh sat", csgt: "canh sat giao thong", cty: "cong ty",
  bv: "benh vien", xm: "xe may", oto: "o to", ae: "anh em", hqua: "hom qua", hnay: "hom nay",
  tgian: "thoi gian", dag: "dang", dg: "dang", zo: "vao", dzo: "vao", tp: "thanh pho",
  ql: "quoc lo", kcn: "khu cong nghiep", cccd: "can cuoc",
};

/**
 * Words that carry no evidence about which incident a tip is about: function words,
 * and the vocabulary of every tip ("đề nghị công an kiểm tra", "tối nay", "người dân").
 * They still form pairs with content words ("đá gà" keeps "da ga").
 */
const STOP_WORDS = new Set(
  (
    "toi ta minh chung em anh chi ong ba co chu bac ho no nguoi dan gia dinh " +
    "la va voi cua thi ma da dang se con cung rat nhieu it moi cac nhung mot hai " +
    "nay do kia day ay vay the nao gi sao khi luc truoc sau tu den tai o trong " +
    "tren duoi ngoai ve vao ra len xuong qua lai roi chua khong duoc bi cho de neu hay " +
    "hoac nhu vi nen thay nghe noi biet lam can phai muon xin mong nghi " +
    "cong an canh sat chinh quyen luc luong chuc nang kiem tra xu ly bao phan anh " +
    "hom sang chieu dem khuya gio khoang tam gan luon lien tuc van"
  ).split(" "),
);

/** Digits-only tokens shorter than this ("2", "30") are too common to count alone. */
const MIN_DISTINCT_NUMBER = 3;

/**
 * Features of a tip's text. The street and landmark part of a typed address
 * ("kiệt 78 Hồ Nghinh") describes the incident too; its ward, district and province
 * parts are left out because place is scored separately.
 */
export function textFeatures(description: string, address?: string | null): TextFeatures {
  const evidence = textEvidence(description, address);
  const signature = minHash(evidence.shingles);
  return { ...evidence, signature, bandKeys: bandKeysOf(signature) };
}

/** What textSimilarity compares: the shingles and names, without the MinHash (cheaper, for candidates). */
export type TextEvidence = Pick<TextFeatures, "shingles" | "names">;

export function textEvidence(description: string, address?: string | null): TextEvidence {
  const text = address ? `${description}\n${streetPart(address)}` : description;
  return { shingles: shinglesOf(contentWords(text)), names: properNames(text) };
}

function contentWords(text: string): string[] {
  return foldVietnamese(normalizeText(text))
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap((word) => (CHAT_WORDS[word] ?? word).split(" "));
}

function shinglesOf(words: string[]): string[] {
  const shingles = new Set<string>();
  words.forEach((word, i) => {
    if (isEvidence(word)) shingles.add(word);
    const next = words[i + 1];
    if (next && (isEvidence(word) || isEvidence(next))) shingles.add(`${word} ${next}`);
  });
  return [...shingles].sort();
}

function isEvidence(word: string): boolean {
  if (STOP_WORDS.has(word)) return false;
  return !/^\d+$/.test(word) || word.length >= MIN_DISTINCT_NUMBER;
}

/**
 * Folded words that the writer capitalised mid-sentence: street and place names,
 * vehicle brands, apps. Sentence-initial capitals say nothing, so they are skipped.
 */
function properNames(text: string): string[] {
  const names = new Set<string>();
  const pattern = /([.!?:\n"“]\s*)?([\p{Lu}][\p{L}\p{M}\p{N}]*)/gu;
  for (const match of normalizeText(text).matchAll(pattern)) {
    const atSentenceStart = match.index === 0 || match[1] !== undefined;
    const word = foldVietnamese(match[2]!);
    if (!atSentenceStart && !STOP_WORDS.has(word)) names.add(word);
  }
  return [...names].sort();
}

// MinHash with deterministic seeds: the same description always gives the same keys,
// in every process and after every restart, so stored band keys stay valid.
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/** A slot no shingle reached: the text had no evidence. */
const EMPTY_SLOT = 0xffffffff;

function minHash(shingles: string[]): number[] {
  const signature = new Array<number>(MINHASH_SIZE).fill(EMPTY_SLOT);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let i = 0; i < MINHASH_SIZE; i += 1) {
      const value = mix32(base ^ SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

function bandKeysOf(signature: number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band += 1) {
    const rows = signature.slice(band * LSH_ROWS, (band + 1) * LSH_ROWS);
    if (rows.every((value) => value === EMPTY_SLOT)) continue; // empty text: no evidence
    keys.push(`b${band}:${fnv1a(rows.join(",")).toString(16).padStart(8, "0")}`);
  }
  return keys;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ------------------------------------------------------------------ text similarity

/** A pair of words is a phrase ("hút cát", "tạt sơn"): far more telling than either word. */
const PAIR_WEIGHT = 2;
/** Shared proper names (a street, a motorbike model) point at the same incident. */
const NAME_WEIGHT = 2;

/**
 * Weighted Jaccard over the shingle sets: phrases and proper names weigh more than
 * single common words. 0 = nothing in common, 1 = same wording.
 *
 * Runs for every candidate of every tip, so it allocates nothing: both shingle
 * lists are sorted (textEvidence sorts them), and one merge pass over the two
 * finds the shared ones.
 */
export function textSimilarity(a: TextEvidence, b: TextEvidence): number {
  const names = a.names.length === 0 ? b.names : b.names.length === 0 ? a.names : [...a.names, ...b.names];
  const x = a.shingles;
  const y = b.shingles;
  let i = 0;
  let j = 0;
  let shared = 0;
  let total = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) total += shingleWeight(x[i++]!, names);
    else if (y[j]! < x[i]!) total += shingleWeight(y[j++]!, names);
    else {
      const weight = shingleWeight(x[i++]!, names);
      j++;
      total += weight;
      shared += weight;
    }
  }
  while (i < x.length) total += shingleWeight(x[i++]!, names);
  while (j < y.length) total += shingleWeight(y[j++]!, names);
  return total ? shared / total : 0;
}

/** A shingle is a word or a pair "w1 w2"; it weighs more as a pair, and more again holding a name. */
function shingleWeight(shingle: string, names: readonly string[]): number {
  const space = shingle.indexOf(" ");
  const base = space < 0 ? 1 : PAIR_WEIGHT;
  for (const name of names) {
    const named = space < 0
      ? shingle === name
      : (name.length === space && shingle.startsWith(name)) ||
        (name.length === shingle.length - space - 1 && shingle.endsWith(name));
    if (named) return base * NAME_WEIGHT;
  }
  return base;
}

// ------------------------------------------------------------------ categories

/**
 * Categories residents pick for the same incident. A tip's category is the
 * reporter's guess, so one incident arrives under neighbouring categories:
 *   fraud ↔ cybercrime     online scams are reported as either
 *   violence ↔ weapons     fights with machetes; armed gangs cruising
 *   robbery ↔ theft        snatch-and-run is "cướp giật" to some, theft to others
 *   gambling ↔ usury       loan sharks work the gambling dens
 *   drugs ↔ prostitution   karaoke bars and "spa"s selling both
 *   trafficking ↔ prostitution, trafficking ↔ fraud   "easy job, high pay" lures
 *   smuggling ↔ environment    timber and wildlife being trafficked out
 *   security ↔ violence, weapons, racing   public-order trouble of one kind or another
 * "other" fits everything: the reporter did not know.
 * Not compatible: e.g. racing ↔ drugs — a racing crowd and a drug den in one ward
 * are two problems, and merging them would hide one.
 */
const COMPATIBLE_CATEGORIES: readonly (readonly [string, string])[] = [
  ["fraud", "cybercrime"],
  ["violence", "weapons"],
  ["robbery", "theft"],
  ["gambling", "usury"],
  ["drugs", "prostitution"],
  ["trafficking", "prostitution"],
  ["trafficking", "fraud"],
  ["smuggling", "environment"],
  ["security", "violence"],
  ["security", "weapons"],
  ["security", "racing"],
];

export function categoriesCompatible(a: string, b: string): boolean {
  if (a === b || a === "other" || b === "other") return true;
  return COMPATIBLE_CATEGORIES.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}

/**
 * The categories a tip of `category` may be a duplicate of, for filtering
 * candidates in the database; null means every category ("other" fits all).
 */
export function compatibleCategories(category: string): string[] | null {
  if (category === "other") return null;
  const related = COMPATIBLE_CATEGORIES.flatMap(([x, y]) => (x === category ? [y] : y === category ? [x] : []));
  return [...new Set([category, "other", ...related])];
}

// ------------------------------------------------------------------ scoring a pair

export interface DedupeTip {
  id: string;
  category: string;
  wardCode: string | null;
  point?: LatLng | null;
  /** Incident time (ISO); null when the reporter did not say. */
  occurredAt: string | null;
  receivedAt: string;
  features: TextEvidence;
}

export interface DedupeContext {
  /** Wards that touch each ward (see geo.wardAdjacency). */
  adjacency: ReadonlyMap<string, ReadonlySet<string>>;
  /** Tips further apart than this are never duplicates. Default 30 days. */
  windowDays?: number;
  /** Score at or above which a pair is a duplicate. Default DUPLICATE_THRESHOLD. */
  threshold?: number;
}

export interface PairScore {
  /** 0..1 */
  score: number;
  duplicate: boolean;
  /** Plain English ("same ward 20275", "12 h apart", …): logs and evaluation. */
  reasons: string[];
  /** The same, as data: the audit trail says it in the reader's language. */
  evidence: Array<Reason<"similarity">>;
}

export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The time that places a tip in the dedupe window (and in the candidate index,
 * `tips.dedupe_at`): the incident time, or the receipt time when the tipster
 * gave none.
 */
export function dedupeTime(occurredAt: string | null, receivedAt: string): string {
  return occurredAt ?? receivedAt;
}

/** Tuned on the dev sample (scripts/eval-triage-domain.ts prints the sweep). */
export const DUPLICATE_THRESHOLD = 0.6;
/**
 * A new tip joins the cluster of its best match at DUPLICATE_THRESHOLD, but it
 * merges another cluster into that one only on stronger evidence. The clusters
 * were each judged a separate incident when their reports came in, and the
 * costs are not even: a wrong merge hides an incident inside another (officers
 * see one entry where there are two), while a missed merge leaves two entries
 * an officer can merge by hand. In a busy ward, a report that only shares the
 * time, the ward and the kind of crime with two clusters would otherwise chain
 * them together.
 */
export const MERGE_THRESHOLD = 0.75;
/** Two map points this close are the same place whatever their wards. */
export const NEARBY_METERS = 1000;

/**
 * How much each kind of evidence counts once the place matches; they sum to 1.
 * Same ward, same category and the same hour without a shared word score 0.55,
 * just under the threshold: some shared wording is always needed.
 */
const WEIGHTS = { text: 0.45, time: 0.35, category: 0.2 };
/** Paraphrases of one incident rarely share more than this (weighted Jaccard); above it, text is full evidence. */
const TEXT_SATURATION = 0.12;
/**
 * Place scales the whole score. Neighbouring wards are candidates (a point near a
 * boundary, an address across the street) but cap the score at 0.5, below the
 * threshold: a pair across a ward boundary needs map points within NEARBY_METERS.
 */
const NEIGHBOUR_WARD_FACTOR = 0.5;
/** Reports of one incident come within hours; past this, closeness halves every half-life. */
const SAME_INCIDENT_HOURS = 6;
const TIME_HALF_LIFE_HOURS = 24;
const RELATED_CATEGORY_SCORE = 0.6;

export function scorePair(a: DedupeTip, b: DedupeTip, context: DedupeContext): PairScore {
  const threshold = context.threshold ?? DUPLICATE_THRESHOLD;
  const hours = hoursApart(a, b);
  const windowHours = (context.windowDays ?? DEFAULT_WINDOW_DAYS) * 24;
  if (!(hours <= windowHours)) {
    return rejected(`${formatHours(hours)} apart, beyond the ${windowHours / 24}-day window`, reason("outside-window", { days: windowHours / 24 }));
  }
  if (!categoriesCompatible(a.category, b.category)) {
    return rejected(`categories ${a.category} and ${b.category} do not match`, reason("categories-differ", { categories: [a.category, b.category] }));
  }
  const place = placeEvidence(a, b, context.adjacency);
  if (!place) return rejected("not the same or a neighbouring place", reason("places-differ"));

  const text = textSimilarity(a.features, b.features);
  const evidence =
    WEIGHTS.text * Math.min(1, text / TEXT_SATURATION) +
    WEIGHTS.time * timeCloseness(hours) +
    WEIGHTS.category * (a.category === b.category ? 1 : RELATED_CATEGORY_SCORE);
  const score = round(place.factor * evidence);
  return {
    score,
    duplicate: score >= threshold,
    reasons: [
      place.reason,
      `${formatHours(hours)} apart`,
      a.category === b.category ? `same category ${a.category}` : `related categories ${a.category}/${b.category}`,
      `text similarity ${text.toFixed(2)}`,
    ],
    evidence: [
      place.because,
      timeApart(hours),
      a.category === b.category ? reason("same-category", { category: a.category }) : reason("related-categories", { categories: [a.category, b.category] }),
      reason("text-similarity", { score: Number(text.toFixed(2)) }),
    ],
  };
}

function placeEvidence(
  a: DedupeTip,
  b: DedupeTip,
  adjacency: ReadonlyMap<string, ReadonlySet<string>>,
): { factor: number; reason: string; because: Reason<"similarity"> } | null {
  if (a.wardCode && a.wardCode === b.wardCode) return { factor: 1, reason: `same ward ${a.wardCode}`, because: reason("same-ward", { ward: a.wardCode }) };
  if (a.point && b.point) {
    const meters = distanceMeters(a.point, b.point);
    // From 1 at the same spot down to the neighbouring-ward factor at NEARBY_METERS.
    const factor = 1 - (1 - NEIGHBOUR_WARD_FACTOR) * (meters / NEARBY_METERS);
    if (meters <= NEARBY_METERS) return { factor, reason: `${Math.round(meters)} m apart`, because: reason("metres-apart", { metres: Math.round(meters) }) };
  }
  if (a.wardCode && b.wardCode && adjacency.get(a.wardCode)?.has(b.wardCode)) {
    return {
      factor: NEIGHBOUR_WARD_FACTOR,
      reason: `neighbouring wards ${a.wardCode}/${b.wardCode}`,
      because: reason("neighbouring-wards", { wards: [a.wardCode, b.wardCode] }),
    };
  }
  return null;
}

/** The incident times when both are known; otherwise the receipt times, so like is compared with like. */
function hoursApart(a: DedupeTip, b: DedupeTip): number {
  const [x, y] = a.occurredAt && b.occurredAt ? [a.occurredAt, b.occurredAt] : [a.receivedAt, b.receivedAt];
  return Math.abs(Date.parse(x) - Date.parse(y)) / 3_600_000;
}

function timeCloseness(hours: number): number {
  if (hours <= SAME_INCIDENT_HOURS) return 1;
  return 0.5 ** ((hours - SAME_INCIDENT_HOURS) / TIME_HALF_LIFE_HOURS);
}

function rejected(english: string, because: Reason<"similarity">): PairScore {
  return { score: 0, duplicate: false, reasons: [english], evidence: [because] };
}

function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return "unknown time";
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/** The same rounding as formatHours. */
function timeApart(hours: number): Reason<"similarity"> {
  if (!Number.isFinite(hours)) return reason("unknown-time");
  return hours < 48 ? reason("hours-apart", { hours: Math.round(hours) }) : reason("days-apart", { days: Math.round(hours / 24) });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// ------------------------------------------------------------------ choosing a cluster

export interface ScoredCandidate {
  tipId: string;
  clusterId: string;
  score: PairScore;
}

/** An officer split this tip out of this cluster: never put it back. */
export interface NeverJoin {
  tipId: string;
  clusterId: string;
}

export interface ClusterChoice {
  clusterId: string;
  /** The earlier tip that matched best. */
  matchedTipId: string;
  score: number;
}

/**
 * The cluster of the best-scoring duplicate, or null when the tip starts a new one.
 * Clusters the officer split this tip from are skipped, as is any candidate that
 * is itself the new tip.
 */
export function chooseCluster(
  newTip: Pick<DedupeTip, "id">,
  candidates: readonly ScoredCandidate[],
  neverJoin: readonly NeverJoin[] = [],
): ClusterChoice | null {
  const excluded = new Set(neverJoin.filter((pair) => pair.tipId === newTip.id).map((pair) => pair.clusterId));
  let best: ClusterChoice | null = null;
  for (const candidate of candidates) {
    if (!candidate.score.duplicate || candidate.tipId === newTip.id || excluded.has(candidate.clusterId)) continue;
    if (!best || candidate.score.score > best.score) {
      best = { clusterId: candidate.clusterId, matchedTipId: candidate.tipId, score: candidate.score.score };
    }
  }
  return best;
}
