/**
 * In-memory run of the triage pipeline over labelled tips: resolve each tip's ward,
 * deduplicate it against the earlier tips, then score wards and duplicate pairs
 * against the labels. Pure (the caller reads the files), so a unit test can assert
 * the quality targets and the script can print a threshold sweep.
 */
import { createAddressResolver, type Gazetteer } from "./address";
import {
  type TextFeatures,
  chooseCluster,
  scorePair,
  textFeatures,
  type DedupeContext,
  type DedupeTip,
  type ScoredCandidate,
} from "./dedupe";
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
  label: { wardCode: string; incident: string };
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
}

/** Synthetic receipt: a couple of hours after the incident, always after the previous tip. */
const RECEIPT_DELAY_MS = 2 * 3_600_000;
const RECEIPT_GAP_MS = 60_000;

interface Located {
  tip: LabelledTip;
  location: LocationResolution;
}

export function evaluateTriage(
  tips: readonly LabelledTip[],
  reference: EvalReference,
  thresholds: readonly number[],
): TriageEvaluation {
  const located = locateAll(tips, reference);
  const dedupeTips = toDedupeTips(located);
  const adjacency = wardAdjacency(reference.boundaries);
  return {
    wards: wardAccuracy(located),
    duplicates: thresholds.map((threshold) =>
      pairMetrics(tips, clusterInOrder(dedupeTips, { adjacency, threshold }), threshold),
    ),
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

function toDedupeTips(located: readonly Located[]): EvalTip[] {
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
    };
  });
}

/**
 * The pipeline in memory: each tip, in order of receipt, is scored against the
 * candidates an indexed store would return (same or adjacent ward, or a shared LSH
 * band) and joins the best cluster or starts its own. Returns tip id → cluster id.
 */
export function clusterInOrder(tips: readonly EvalTip[], context: DedupeContext): Map<string, string> {
  const clusterOf = new Map<string, string>();
  const byWard = new Map<string, EvalTip[]>();
  const byBand = new Map<string, EvalTip[]>();
  for (const tip of tips) {
    const nearbyWards = tip.wardCode ? [tip.wardCode, ...(context.adjacency.get(tip.wardCode) ?? [])] : [];
    const candidates = new Set([
      ...nearbyWards.flatMap((ward) => byWard.get(ward) ?? []),
      ...tip.features.bandKeys.flatMap((key) => byBand.get(key) ?? []),
    ]);
    const scored: ScoredCandidate[] = [...candidates].map((candidate) => ({
      tipId: candidate.id,
      clusterId: clusterOf.get(candidate.id)!,
      score: scorePair(tip, candidate, context),
    }));
    clusterOf.set(tip.id, chooseCluster(tip, scored)?.clusterId ?? tip.id);
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
