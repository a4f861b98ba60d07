/**
 * In-memory run of the triage pipeline over labelled tips: resolve each tip's ward,
 * deduplicate it against the earlier tips, then score wards and duplicate pairs
 * against the labels. Pure (the caller reads the files), so a unit test can assert
 * the quality targets and the script can print a threshold sweep.
 */
import { createAddressResolver, type Gazetteer } from "./address";
import { categoryRelation } from "./category-relations";
import {
  type TextFeatures,
  addToWordStats,
  chooseCluster,
  contradictedClusters,
  createWordStats,
  dedupeTime,
  entityKeys,
  scorePair,
  textFeatures,
  type DedupeContext,
  neighboursOf,
  areaNamesOf,
  type AreaNames,
  type DedupeTip,
  type PairScore,
  type ScoredCandidate,
} from "./dedupe";
import { extractEntities, normalizePhone } from "./entities";
import { createWardLocator, wardAdjacency, type WardFeature } from "./geo";
import { resolveTipLocation, type LocationResolution, type LocationServices, type TipLocationInput } from "./location";
import { hasDiacritics } from "./text";

/** A tip with its full text features (MinHash band keys included). */
export type EvalTip = DedupeTip & { features: TextFeatures };

export interface LabelledTip {
  externalRef: string;
  category: string;
  description: string;
  occurredAt: string | null;
  location: TipLocationInput;
  /** The tipster's own contact, when given: never indexed as an entity (the "own phone" trap). */
  reporter?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  label: { wardCode: string; incident: string };
}

/** The text's entities without the reporter's own phone, as entity keys. */
export function tipEntityKeys(description: string, reporterPhone: string | null | undefined): string[] {
  const own = reporterPhone ? normalizePhone(reporterPhone) : "";
  return entityKeys(extractEntities(description, (e) => !!own && (e.kind === "phone" || e.kind === "account") && e.value === own));
}

export interface EvalReference {
  gazetteer: Gazetteer;
  boundaries: readonly WardFeature[];
  provinceCode?: string | undefined;
}

export type LocationForm =
  | "ward code"
  | "point"
  | "address, current names"
  | "address, old names"
  | "address, no diacritics";

export interface PairMetrics {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
}

export interface WardAccuracy {
  correct: number;
  total: number;
  accuracy: number;
}

export interface TriageEvaluation {
  wards: WardAccuracy & { byForm: Record<string, WardAccuracy>; misses: string[] };
  duplicates: PairMetrics[];
  /** Share of true duplicate pairs that share at least one LSH band key. */
  lshPairRecall: number;
  located: Located[];
  dedupeTips: EvalTip[];
}

/** Synthetic receipt: a couple of hours after the incident, always after the previous tip. */
const RECEIPT_DELAY_MS = 2 * 3_600_000;
const RECEIPT_GAP_MS = 60_000;

export interface Located {
  tip: LabelledTip;
  location: LocationResolution;
}

/** The words of the reference's ward names, current and pre-2025, as the worker reads them (workers/triage-context.ts). */
export function referenceAreas(reference: EvalReference): AreaNames {
  return areaNamesOf(reference.gazetteer);
}

export function evaluateTriage(
  tips: readonly LabelledTip[],
  reference: EvalReference,
  thresholds: readonly number[],
): TriageEvaluation {
  const located = locateAll(tips, reference);
  const dedupeTips = toDedupeTips(located);
  const adjacency = wardAdjacency(reference.boundaries);
  const areas = referenceAreas(reference);
  return {
    wards: wardAccuracy(located),
    duplicates: thresholds.map((threshold) =>
      pairMetrics(tips, clusterInOrder(dedupeTips, { adjacency, threshold, areas }), threshold),
    ),
    located,
    dedupeTips,
    lshPairRecall: lshRecall(tips, dedupeTips),
  };
}

function locateAll(tips: readonly LabelledTip[], reference: EvalReference): Located[] {
  const wardCodes = new Set(reference.gazetteer.wards.map((ward) => ward.code));
  const services: LocationServices = {
    resolver: createAddressResolver(reference.gazetteer),
    locator: createWardLocator(reference.boundaries),
    isWardCode: (code) => wardCodes.has(code),
    provinceCode: reference.provinceCode,
  };
  return tips.map((tip) => ({ tip, location: resolveTipLocation(tip.location, services) }));
}

export function toDedupeTips(located: readonly Located[]): EvalTip[] {
  let previousReceipt: number | null = null;
  return located.map(({ tip, location }) => {
    const earliest = previousReceipt === null ? 0 : previousReceipt + RECEIPT_GAP_MS;
    const occurred = tip.occurredAt ? Date.parse(tip.occurredAt) : Number.NaN;
    const receivedMs = Number.isNaN(occurred) ? earliest : Math.max(earliest, occurred + RECEIPT_DELAY_MS);
    previousReceipt = receivedMs;
    return {
      id: tip.externalRef,
      category: tip.category,
      wardCode: location.wardCode,
      point: location.point,
      occurredAt: tip.occurredAt,
      receivedAt: new Date(receivedMs).toISOString(),
      features: textFeatures(tip.description, "address" in tip.location ? tip.location.address : null),
      entities: tipEntityKeys(tip.description, tip.reporter?.phone),
    };
  });
}

/**
 * The pipeline in memory: each tip, in order of receipt, is scored against the
 * candidates an indexed store would return (same or adjacent ward, or a shared LSH
 * band) and joins the best cluster or starts its own. Returns tip id → cluster id.
 */
export function clusterInOrder(tips: readonly EvalTip[], given: DedupeContext): Map<string, string> {
  const context = { ...given, wordStats: given.wordStats ?? createWordStats() };
  const clusterOf = new Map<string, string>();
  const members = new Map<string, EvalTip[]>();
  const byWard = new Map<string, EvalTip[]>();
  const byBand = new Map<string, EvalTip[]>();
  for (const tip of tips) {
    const nearbyWards = tip.wardCode ? [tip.wardCode, ...(context.adjacency.get(tip.wardCode) ?? [])] : [];
    const candidates = new Set([
      ...nearbyWards.flatMap((ward) => byWard.get(ward) ?? []),
      ...tip.features.bandKeys.flatMap((key) => byBand.get(key) ?? []),
    ]);
    const scoring = { ...context, neighbours: neighboursOf(tip, [...candidates].map((c) => ({ ...c, clusterId: clusterOf.get(c.id) }))) };
    const scored: ScoredCandidate[] = [...candidates].map((candidate) => ({
      tipId: candidate.id,
      clusterId: clusterOf.get(candidate.id)!,
      score: scorePair(tip, candidate, scoring),
    }));
    // Score every member of the clusters in play (the pipeline reads them too).
    const memberScores = new Map<string, number[]>();
    const contradicted = contradictedClusters(scored);
    for (const clusterId of new Set(scored.filter((s) => s.score.duplicate).map((s) => s.clusterId))) {
      const scores = (members.get(clusterId) ?? []).map((member) => scorePair(tip, member, scoring));
      if (scores.some((score) => score.contradicts)) contradicted.add(clusterId);
      memberScores.set(clusterId, scores.map((score) => score.score));
    }
    const clusterId = chooseCluster(tip, scored, [], memberScores, contradicted)?.clusterId ?? tip.id;
    clusterOf.set(tip.id, clusterId);
    push(members, clusterId, tip);
    addToWordStats(context.wordStats, tip.features, tip.category, { wardCode: tip.wardCode, at: dedupeTime(tip.occurredAt, tip.receivedAt) });
    if (tip.wardCode) push(byWard, tip.wardCode, tip);
    for (const key of tip.features.bandKeys) push(byBand, key, tip);
  }
  return clusterOf;
}

export function pairMetrics(
  tips: readonly LabelledTip[],
  clusterOf: ReadonlyMap<string, string>,
  threshold: number,
): PairMetrics {
  let truePairs = 0;
  let predictedPairs = 0;
  let both = 0;
  forEachPair(tips, (a, b) => {
    const same = a.label.incident === b.label.incident;
    const predicted = clusterOf.get(a.externalRef) === clusterOf.get(b.externalRef);
    if (same) truePairs += 1;
    if (predicted) predictedPairs += 1;
    if (same && predicted) both += 1;
  });
  const precision = predictedPairs ? both / predictedPairs : 1;
  const recall = truePairs ? both / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, precision, recall, f1, truePairs, predictedPairs };
}

function lshRecall(tips: readonly LabelledTip[], dedupeTips: readonly EvalTip[]): number {
  const keysOf = new Map(dedupeTips.map((tip) => [tip.id, new Set(tip.features.bandKeys)]));
  let truePairs = 0;
  let found = 0;
  forEachPair(tips, (a, b) => {
    if (a.label.incident !== b.label.incident) return;
    truePairs += 1;
    const keys = keysOf.get(b.externalRef)!;
    if ([...keysOf.get(a.externalRef)!].some((key) => keys.has(key))) found += 1;
  });
  return truePairs ? found / truePairs : 1;
}

function wardAccuracy(located: readonly Located[]): TriageEvaluation["wards"] {
  const byForm: Record<string, WardAccuracy> = {};
  const misses: string[] = [];
  for (const { tip, location } of located) {
    const bucket = (byForm[locationForm(tip.location, location.method)] ??= { correct: 0, total: 0, accuracy: 0 });
    bucket.total += 1;
    if (location.wardCode === tip.label.wardCode) {
      bucket.correct += 1;
    } else {
      const got = `${location.wardCode ?? "none"} (${location.reason})`;
      misses.push(`${tip.externalRef}: got ${got}, expected ${tip.label.wardCode}`);
    }
  }
  for (const bucket of Object.values(byForm)) bucket.accuracy = bucket.correct / bucket.total;
  const correct = located.length - misses.length;
  return { correct, total: located.length, accuracy: located.length ? correct / located.length : 1, byForm, misses };
}

export function locationForm(location: TipLocationInput, method: LocationResolution["method"]): LocationForm {
  if ("wardCode" in location) return "ward code";
  if ("lat" in location) return "point";
  if (!hasDiacritics(location.address)) return "address, no diacritics";
  return method === "old-address" ? "address, old names" : "address, current names";
}

function forEachPair<T>(items: readonly T[], visit: (a: T, b: T) => void): void {
  for (let i = 0; i < items.length; i += 1) for (let j = i + 1; j < items.length; j += 1) visit(items[i]!, items[j]!);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ------------------------------------------------------------------ breakdowns

export interface PairCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PairDetail {
  a: string;
  b: string;
  incidents: [string, string];
  score: number;
  reasons: string[];
}

export interface PairReport {
  overall: PairCounts;
  /** By the two tips' location forms ("point + ward code"). */
  byForm: Record<string, PairCounts>;
  /** By the two tips' categories ("security + theft"). */
  byCategory: Record<string, PairCounts>;
  /**
   * By how the two categories relate ("same", "related", "general"; "none" for a
   * pair the scorer can never join): what each kind of compatibility buys in
   * recall and costs in precision.
   */
  byRelation: Record<string, PairCounts>;
  /** Predicted together, different incidents: highest scores first. */
  falseMerges: PairDetail[];
  /** One incident, predicted apart: lowest scores first. */
  misses: PairDetail[];
}

/**
 * Pairwise counts overall and per bucket, and the worst mistakes with their
 * scores. A pair counts in a bucket when it is a true pair or a predicted one.
 */
export function pairReport(
  tips: readonly LabelledTip[],
  clusterOf: ReadonlyMap<string, string>,
  formOf: ReadonlyMap<string, string>,
  scoreOf: (a: LabelledTip, b: LabelledTip) => PairScore | null,
  worst = 10,
): PairReport {
  const empty = (): PairCounts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1, f1: 1 });
  const overall = empty();
  const byForm: Record<string, PairCounts> = {};
  const byCategory: Record<string, PairCounts> = {};
  const byRelation: Record<string, PairCounts> = {};
  const falseMerges: PairDetail[] = [];
  const misses: PairDetail[] = [];
  const key = (x: string, y: string) => [x, y].sort().join(" + ");
  forEachPair(tips, (a, b) => {
    const same = a.label.incident === b.label.incident;
    const predicted = clusterOf.get(a.externalRef) === clusterOf.get(b.externalRef);
    if (!same && !predicted) return;
    const buckets = [
      overall,
      (byForm[key(formOf.get(a.externalRef) ?? "?", formOf.get(b.externalRef) ?? "?")] ??= empty()),
      (byCategory[key(a.category, b.category)] ??= empty()),
      (byRelation[categoryRelation(a.category, b.category) ?? "none"] ??= empty()),
    ];
    for (const bucket of buckets) {
      if (same && predicted) bucket.truePositives += 1;
      else if (predicted) bucket.falsePositives += 1;
      else bucket.falseNegatives += 1;
    }
    if (same === predicted) return;
    const score = scoreOf(a, b);
    const detail: PairDetail = {
      a: a.externalRef, b: b.externalRef, incidents: [a.label.incident, b.label.incident],
      score: score?.score ?? 0, reasons: score?.reasons ?? [],
    };
    (predicted ? falseMerges : misses).push(detail);
  });
  for (const bucket of [overall, ...Object.values(byForm), ...Object.values(byCategory), ...Object.values(byRelation)]) finishCounts(bucket);
  return {
    overall, byForm, byCategory, byRelation,
    falseMerges: falseMerges.sort((x, y) => y.score - x.score).slice(0, worst),
    misses: misses.sort((x, y) => x.score - y.score).slice(0, worst),
  };
}

function finishCounts(bucket: PairCounts): void {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = bucket;
  bucket.precision = tp + fp ? tp / (tp + fp) : 1;
  bucket.recall = tp + fn ? tp / (tp + fn) : 1;
  bucket.f1 = bucket.precision + bucket.recall ? (2 * bucket.precision * bucket.recall) / (bucket.precision + bucket.recall) : 0;
}

/** The report as lines of text (both eval scripts print it). */
export function formatPairReport(report: PairReport): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const row = (name: string, c: PairCounts) =>
    `  ${name.padEnd(52)} P ${pct(c.precision)}  R ${pct(c.recall)}  F1 ${c.f1.toFixed(3)}  (tp ${c.truePositives}, fp ${c.falsePositives}, fn ${c.falseNegatives})`;
  const lines = [row("overall", report.overall), "by location-form pair:"];
  for (const [name, c] of Object.entries(report.byForm).sort()) lines.push(row(name, c));
  lines.push("by category pair:");
  for (const [name, c] of Object.entries(report.byCategory).sort()) lines.push(row(name, c));
  lines.push("by category relation (domain/category-relations.ts):");
  for (const [name, c] of Object.entries(report.byRelation).sort()) lines.push(row(name, c));
  lines.push(`worst false merges (${report.falseMerges.length} shown):`);
  for (const d of report.falseMerges) lines.push(`  ${d.a} ~ ${d.b} (${d.incidents.join(" ≠ ")}) score ${d.score.toFixed(3)}: ${d.reasons.join("; ")}`);
  lines.push(`worst misses (${report.misses.length} shown):`);
  for (const d of report.misses) lines.push(`  ${d.a} ~ ${d.b} (${d.incidents[0]}) score ${d.score.toFixed(3)}: ${d.reasons.join("; ")}`);
  return lines;
}
