/**
 * `npm run eval:triage -- FILE.jsonl [--boundaries FILE.geojson] [--worst N]` (N worst false merges and misses; 10)
 *
 * Submits a labelled file (the tips-dev.jsonl format) to a fresh instance —
 * a new SQLite database with every unit and mapping imported and the ward
 * boundaries and the demo gazetteer of places loaded — through the real intake (`acceptTipOrThrow`) and the real
 * pipeline (`processIntake`), in order, then prints pairwise duplicate
 * precision, recall and F1, and ward accuracy per location form.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { acceptTipOrThrow, type TipLocation } from "../core/tips";
import { importBoundaries, importUnits } from "../cli/commands/units";
import { openDatabase } from "../db/client";
import { loadGazetteer } from "../db/queries/pipeline";
import { migrateToLatest } from "../db/migrate";
import { seedDemoPlaces } from "../db/seed/places";
import { addToWordStats, areaNamesOf, createWordStats, dedupeTime, scorePair, textEvidence, type DedupeTip } from "../domain/dedupe";
import { wardAdjacency } from "../domain/geo";
import {
  formatPairReport, locationForm, pairMetrics, pairReport, tipEntityKeys, type LabelledTip, type PairMetrics, type PairReport, type WardAccuracy,
} from "../domain/triage-eval";
import { readBoundaries } from "./eval-triage-domain";
import { processIntake } from "../workers/intake";
import { readTips, sharedDataDir } from "./eval-triage-domain";
import { ReceiptHasher } from "../core/receipts";

const DEFAULT_BOUNDARIES = path.resolve(import.meta.dirname, "../db/seed/danang-wards.geojson");

export interface PipelineEvaluation {
  duplicates: PairMetrics;
  /** Per location-form pair and category pair, and the worst mistakes with their scores. */
  report: PairReport;
  /** Entity rows written, and how many of them were a reporter's own phone (must be 0). */
  entities: { rows: number; ownPhones: number };
  wards: WardAccuracy & { byForm: Record<string, WardAccuracy>; misses: string[] };
  msPerTip: number;
}

function toLocation(tip: LabelledTip): TipLocation {
  const location = tip.location;
  if ("wardCode" in location) return { kind: "ward", wardCode: location.wardCode };
  if ("lat" in location) return { kind: "point", lat: location.lat, lng: location.lng };
  return { kind: "address", address: location.address };
}

export async function evaluatePipeline(file: string, boundaries = DEFAULT_BOUNDARIES, worst = 10): Promise<PipelineEvaluation> {
  const tips = readTips(file);
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-eval-"));
  const database = openDatabase(`file:${path.join(dir, "eval.db")}`);
  try {
    const db = database.db;
    await migrateToLatest(db);
    await importUnits(db);
    await importBoundaries(db, boundaries);
    // The demo's gazetteer of places too: the resolver runs with it in the demo and must keep the sample right.
    await seedDemoPlaces(db);
    const deps = { db, dataKey: Buffer.alloc(32, 9).toString("base64"), receipts: new ReceiptHasher("eval-triage-salt-0000") };

    const tipIdOf = new Map<string, number>();
    for (const tip of tips) {
      const { tipId } = await acceptTipOrThrow(deps, {
        channel: "partner", category: tip.category, description: tip.description, occurredAt: tip.occurredAt,
        occurredPrecision: tip.occurredAt ? "exact" : "unknown", location: toLocation(tip),
        // The reporter goes through, so the "own phone" trap is tested: it must never become an entity.
        reporter: tip.reporter ? { name: tip.reporter.name ?? undefined, phone: tip.reporter.phone ?? undefined, email: tip.reporter.email ?? undefined } : null,
        externalRef: tip.externalRef,
      });
      tipIdOf.set(tip.externalRef, tipId);
    }
    const started = performance.now();
    // As Đà Nẵng's deployment runs it (HOME_PROVINCES=48).
    for (const tip of tips) await processIntake({ db, homeProvinces: ["48"] }, tipIdOf.get(tip.externalRef)!);
    const msPerTip = (performance.now() - started) / tips.length;

    const rows = await db
      .selectFrom("tips")
      .select(["id", "external_ref", "ward_code", "cluster_id", "resolve_method", "location_lat", "location_lng", "occurred_at", "created_at", "description", "location_address"])
      .execute();
    const byRef = new Map(rows.map((r) => [r.external_ref!, r]));
    const clusterOf = new Map(tips.map((t) => [t.externalRef, String(byRef.get(t.externalRef)!.cluster_id)]));

    const byForm: Record<string, WardAccuracy> = {};
    const misses: string[] = [];
    for (const tip of tips) {
      const row = byRef.get(tip.externalRef)!;
      const method = row.resolve_method === "old-address" ? "old-address" : "address";
      const bucket = (byForm[locationForm(tip.location, method)] ??= { correct: 0, total: 0, accuracy: 0 });
      bucket.total++;
      if (row.ward_code === tip.label.wardCode) bucket.correct++;
      else misses.push(`${tip.externalRef}: got ${row.ward_code ?? "none"}, expected ${tip.label.wardCode}`);
    }
    for (const bucket of Object.values(byForm)) bucket.accuracy = bucket.correct / bucket.total;
    const correct = tips.length - misses.length;

    // Scores of the mistakes, recomputed in memory with the whole file's word statistics.
    const wordStats = createWordStats();
    const dedupeOf = new Map<string, DedupeTip>();
    for (const tip of tips) {
      const row = byRef.get(tip.externalRef)!;
      const features = textEvidence(row.description, row.location_address);
      addToWordStats(wordStats, features, tip.category, { wardCode: row.ward_code, at: dedupeTime(row.occurred_at, row.created_at) });
      dedupeOf.set(tip.externalRef, {
        id: tip.externalRef, category: tip.category, wardCode: row.ward_code,
        point: row.location_lat !== null && row.location_lng !== null ? { lat: row.location_lat, lng: row.location_lng } : null,
        occurredAt: row.occurred_at, receivedAt: row.created_at, features, entities: tipEntityKeys(tip.description, tip.reporter?.phone),
        wardOnly: !row.location_address && row.location_lat === null,
      });
    }
    const adjacency = wardAdjacency(readBoundaries(boundaries));
    const areas = areaNamesOf(await loadGazetteer(db));
    const formOf = new Map(tips.map((t) => {
      const row = byRef.get(t.externalRef)!;
      return [t.externalRef, locationForm(t.location, row.resolve_method === "old-address" ? "old-address" : "address")];
    }));
    const report = pairReport(tips, clusterOf, formOf, (a, b) => scorePair(dedupeOf.get(b.externalRef)!, dedupeOf.get(a.externalRef)!, { adjacency, wordStats, areas }), worst);

    const entityRows = await db.selectFrom("tip_entities").select(["tip_id", "kind", "value"]).execute();
    const refOf = new Map(rows.map((r) => [r.id, r.external_ref]));
    const phoneOf = new Map(tips.map((t) => [t.externalRef, (t.reporter?.phone ?? "").replace(/\D/g, "")]));
    const ownPhones = entityRows.filter((e) => e.value !== "" && phoneOf.get(refOf.get(e.tip_id) ?? "") === e.value).length;
    return {
      duplicates: pairMetrics(tips, clusterOf, 0),
      report,
      entities: { rows: entityRows.length, ownPhones },
      wards: { correct, total: tips.length, accuracy: correct / tips.length, byForm, misses },
      msPerTip,
    };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { boundaries: { type: "string" }, worst: { type: "string" } }, allowPositionals: true });
  const file = positionals[0] ?? path.join(sharedDataDir(), "tips-dev.jsonl");
  const result = await evaluatePipeline(file, values.boundaries ?? DEFAULT_BOUNDARIES, Number(values.worst ?? 10));
  const d = result.duplicates;
  console.log(`file: ${file}`);
  console.log(`duplicates (pairs): precision ${pct(d.precision)}  recall ${pct(d.recall)}  F1 ${d.f1.toFixed(3)}  (${d.truePairs} true pairs, ${d.predictedPairs} predicted)`);
  console.log(`wards: ${result.wards.correct}/${result.wards.total} = ${pct(result.wards.accuracy)}`);
  for (const [form, bucket] of Object.entries(result.wards.byForm).sort()) {
    console.log(`  ${form.padEnd(24)} ${bucket.correct}/${bucket.total} = ${pct(bucket.accuracy)}`);
  }
  for (const miss of result.wards.misses) console.log(`  miss ${miss}`);
  console.log("duplicate pairs in detail:");
  for (const line of formatPairReport(result.report)) console.log(line);
  console.log(`entities: ${result.entities.rows} rows; reporters' own phones indexed: ${result.entities.ownPhones} (must be 0)`);
  console.log(`pipeline: ${result.msPerTip.toFixed(2)} ms per tip (resolve + route + dedupe, SQLite)`);
}
