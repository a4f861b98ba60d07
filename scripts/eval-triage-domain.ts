/**
 * Evaluates the pure triage logic (ward resolution + duplicate detection) on a
 * labelled JSONL sample, in memory.
 *
 *   npx tsx scripts/eval-triage-domain.ts [FILE.jsonl]
 *
 * Reference files (wards, mappings, boundaries) come from TINBAO_SHARED_DATA,
 * default ../shared/data relative to the working directory; FILE defaults to
 * tips-dev.jsonl there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Gazetteer } from "../domain/address";
import { addToWordStats, createWordStats, DUPLICATE_THRESHOLD, scorePair } from "../domain/dedupe";
import type { WardFeature } from "../domain/geo";
import { wardAdjacency } from "../domain/geo";
import {
  clusterInOrder, evaluateTriage, referenceAreas, formatPairReport, locationForm, pairReport, type EvalReference, type LabelledTip, type TriageEvaluation,
} from "../domain/triage-eval";

export const SWEEP_THRESHOLDS = [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75];

export function sharedDataDir(): string {
  return process.env.TINBAO_SHARED_DATA ?? path.resolve(process.cwd(), "../shared/data");
}

interface WardsFile {
  province: { code: string; name: string };
  wards: { code: string; name: string }[];
}

interface MappingRecord {
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string | null;
  new_ward_name: string | null;
}

interface BoundaryFile {
  features: { properties: { code: string }; geometry: WardFeature["geometry"] }[];
}

export function loadReference(dir: string): EvalReference {
  const wardsFile = readJson<WardsFile>(path.join(dir, "danang-wards.json"));
  const mappings = readJson<MappingRecord[]>(path.join(dir, "danang-ward-mappings.json"));
  const provinceCode = wardsFile.province.code;
  const gazetteer: Gazetteer = {
    provinces: [wardsFile.province],
    wards: wardsFile.wards.map((ward) => ({ ...ward, provinceCode })),
    mappings: mappings.map((row) => ({
      oldWardName: row.old_ward_name,
      oldDistrictName: row.old_district_name,
      oldProvinceName: row.old_province_name,
      newWardCode: row.new_ward_code,
      newWardName: row.new_ward_name,
    })),
  };
  return {
    gazetteer,
    boundaries: readBoundaries(path.join(dir, "danang-wards.geojson")),
    provinceCode,
  };
}

/** Ward polygons of a GeoJSON file whose features carry `properties.code`. */
export function readBoundaries(file: string): WardFeature[] {
  return readJson<BoundaryFile>(file).features.map((feature) => ({ code: feature.properties.code, geometry: feature.geometry }));
}

export function readTips(file: string): LabelledTip[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledTip);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function printReport(file: string, evaluation: TriageEvaluation, reference: EvalReference): void {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const { wards } = evaluation;
  console.log(`${file}\n`);
  console.log(`Ward accuracy: ${wards.correct}/${wards.total} = ${percent(wards.accuracy)}`);
  for (const [form, bucket] of Object.entries(wards.byForm)) {
    console.log(`  ${form.padEnd(24)} ${bucket.correct}/${bucket.total} = ${percent(bucket.accuracy)}`);
  }
  for (const miss of wards.misses) console.log(`  miss ${miss}`);

  console.log(`\nDuplicate pairs (same predicted cluster vs same label.incident):`);
  console.log("  threshold  precision  recall   F1      pairs predicted/true");
  for (const m of evaluation.duplicates) {
    const columns = [
      m.threshold.toFixed(2).padEnd(10),
      percent(m.precision).padEnd(10),
      percent(m.recall).padEnd(8),
      m.f1.toFixed(3).padEnd(7),
      `${m.predictedPairs}/${m.truePairs}`,
    ];
    console.log(`  ${columns.join(" ")}${m.threshold === DUPLICATE_THRESHOLD ? " ← default" : ""}`);
  }
  console.log(`\nLSH alone finds ${percent(evaluation.lshPairRecall)} of true pairs (the ward index finds the rest).`);

  // Breakdown at the default threshold; pair scores recomputed with the whole file's word statistics.
  const adjacency = wardAdjacency(reference.boundaries);
  const areas = referenceAreas(reference);
  const clusterOf = clusterInOrder(evaluation.dedupeTips, { adjacency, areas });
  const wordStats = createWordStats();
  for (const tip of evaluation.dedupeTips) addToWordStats(wordStats, tip.features, tip.category);
  const byRef = new Map(evaluation.dedupeTips.map((tip) => [tip.id, tip]));
  const formOf = new Map(evaluation.located.map(({ tip, location }) => [tip.externalRef, locationForm(tip.location, location.method)]));
  const tips = evaluation.located.map(({ tip }) => tip);
  const report = pairReport(tips, clusterOf, formOf, (a, b) => scorePair(byRef.get(b.externalRef)!, byRef.get(a.externalRef)!, { adjacency, wordStats, areas }));
  console.log(`\nAt the default threshold ${DUPLICATE_THRESHOLD}:`);
  for (const line of formatPairReport(report)) console.log(line);
}

function main(): void {
  const dir = sharedDataDir();
  const file = process.argv[2] ?? path.join(dir, "tips-dev.jsonl");
  const thresholds = [...new Set([...SWEEP_THRESHOLDS, DUPLICATE_THRESHOLD])].sort();
  const reference = loadReference(dir);
  printReport(file, evaluateTriage(readTips(file), reference, thresholds), reference);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
