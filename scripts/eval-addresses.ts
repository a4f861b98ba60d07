/**
 * `npm run eval:addresses -- [FILE.jsonl] [--verbose]`
 *
 * Sends each free-text address of a labelled check set (tests/fixtures/addresses-check.jsonl
 * by default) through the real intake (`acceptTipOrThrow`, partner channel, no province on the form)
 * and the real pipeline (`processIntake`) of a fresh instance — every province's units and
 * mappings imported, the demo province's boundaries and gazetteer of places loaded — and
 * counts where each tip ended up:
 *
 *   right ward           the expected ward (or, for {"province"}, any ward of that province)
 *   right province queue the queue of the expected province (for an expected ward: its province)
 *   ward among candidates a ward chosen where the province queue was expected, but one of its candidates
 *   anywhere else        another ward, another province's queue — the tip is lost to its readers
 *   no unit              no owner at all
 *
 * Expected outcomes, one per line: {"ward":"20242"}, {"provinceQueue":"48","candidates":[...]},
 * or {"province":"01"} (a ward of that province, or its queue).
 *
 * The deployment is Đà Nẵng's, as `npm start`'s demo: HOME_PROVINCES=48 (`--home CODES` to change),
 * so an address that names no province goes to Đà Nẵng's duty desk.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { acceptTipOrThrow } from "../core/tips";
import { importBoundaries, importUnits } from "../cli/commands/units";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { seedDemoPlaces } from "../db/seed/places";
import { processIntake } from "../workers/intake";
import { ReceiptHasher } from "../core/receipts";

const DEFAULT_FILE = path.resolve(import.meta.dirname, "../tests/fixtures/addresses-check.jsonl");
const BOUNDARIES = path.resolve(import.meta.dirname, "../db/seed/danang-wards.geojson");

export interface AddressCase {
  id: string;
  address: string;
  expect: { ward?: string; provinceQueue?: string; candidates?: string[]; province?: string };
}

export type Outcome = "right-ward" | "right-queue" | "ward-among-candidates" | "elsewhere" | "no-unit";

export interface AddressEvaluation {
  counts: Record<Outcome, number>;
  total: number;
  rows: Array<{ c: AddressCase; outcome: Outcome; unit: string | null; ward: string | null; reason: string }>;
}

export function readCases(file: string): AddressCase[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AddressCase);
}

export async function evaluateAddresses(file = DEFAULT_FILE, homeProvinces: readonly string[] = ["48"]): Promise<AddressEvaluation> {
  const cases = readCases(file);
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-eval-addr-"));
  const database = openDatabase(`file:${path.join(dir, "eval.db")}`);
  try {
    const db = database.db;
    await migrateToLatest(db);
    await importUnits(db);
    await importBoundaries(db, BOUNDARIES);
    await seedDemoPlaces(db);
    const units = await db.selectFrom("units").select(["code", "level", "province_code"]).execute();
    const unitInfo = new Map(units.map((u) => [u.code, u]));
    const deps = { db, dataKey: Buffer.alloc(32, 9).toString("base64"), receipts: new ReceiptHasher("eval-addresses-salt-00") };
    const counts: Record<Outcome, number> = { "right-ward": 0, "right-queue": 0, "ward-among-candidates": 0, elsewhere: 0, "no-unit": 0 };
    const rows: AddressEvaluation["rows"] = [];
    for (const c of cases) {
      const { tipId } = await acceptTipOrThrow(deps, {
        channel: "partner", category: "theft", description: `Kiểm tra địa chỉ ${c.id}: có người lạ trộm xe máy.`,
        occurredAt: null, occurredPrecision: "unknown", location: { kind: "address", address: c.address }, reporter: null,
        externalRef: c.id,
      });
      await processIntake({ db, homeProvinces }, tipId);
      const tip = await db.selectFrom("tips").select(["ward_code", "unit_code"]).where("id", "=", tipId).executeTakeFirstOrThrow();
      const located = await db
        .selectFrom("tip_events")
        .select("data")
        .where("tip_id", "=", tipId)
        .where("type", "=", "located")
        .executeTakeFirst();
      const reason = located ? String((JSON.parse(located.data) as { reason?: string }).reason ?? "") : "";
      const outcome = classify(c, tip.unit_code, tip.ward_code, unitInfo);
      counts[outcome]++;
      rows.push({ c, outcome, unit: tip.unit_code, ward: tip.ward_code, reason });
    }
    return { counts, total: cases.length, rows };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function classify(
  c: AddressCase,
  unit: string | null,
  ward: string | null,
  units: Map<string, { level: string; province_code: string }>,
): Outcome {
  if (!unit) return "no-unit";
  const info = units.get(unit);
  const isQueue = info?.level === "province";
  const e = c.expect;
  if (e.ward) {
    if (ward === e.ward && unit === e.ward) return "right-ward";
    const expectedProvince = units.get(e.ward)?.province_code;
    if (isQueue && unit === expectedProvince) return "right-queue";
    return "elsewhere";
  }
  if (e.provinceQueue) {
    if (isQueue && unit === e.provinceQueue) return "right-queue";
    if (ward && e.candidates?.includes(ward)) return "ward-among-candidates";
    return "elsewhere";
  }
  if (e.province) {
    if (isQueue && unit === e.province) return "right-queue";
    if (info?.level === "ward" && info.province_code === e.province) return "right-ward";
    return "elsewhere";
  }
  return "elsewhere";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { verbose: { type: "boolean", default: false }, home: { type: "string", default: "48" } }, allowPositionals: true });
  const file = positionals[0] ? path.resolve(positionals[0]) : DEFAULT_FILE;
  const result = await evaluateAddresses(file, values.home!.split(","));
  console.log(`file: ${file} (${result.total} addresses)`);
  const c = result.counts;
  console.log(`right ward:              ${c["right-ward"]}`);
  console.log(`right province queue:    ${c["right-queue"]}`);
  console.log(`ward among candidates:   ${c["ward-among-candidates"]}`);
  console.log(`anywhere else:           ${c.elsewhere}`);
  console.log(`no unit:                 ${c["no-unit"]}`);
  for (const row of result.rows) {
    if (!values.verbose && (row.outcome === "right-ward" || row.outcome === "right-queue")) continue;
    console.log(`  ${row.outcome.padEnd(22)} ${row.c.id} "${row.c.address}" → unit ${row.unit ?? "none"} (expected ${JSON.stringify(row.c.expect)}): ${row.reason}`);
  }
}
