/**
 * The demo province's gazetteer (db/seed/places-48.csv; sources and certainty in
 * docs/places-sources.md) and the province-name table (db/seed/provinces.csv: the 34
 * current provinces, the 63 pre-2025 ones with their merged successors, short forms).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { upsertPlace } from "../queries/places";
import type { Database, PlaceKind } from "../schema";
import type { ProvinceName } from "../../domain/address";
import { parseCsvRecords, parsePlacesCsv } from "../../domain/places-csv";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEMO_PLACES_FILE = path.join(HERE, "places-48.csv");
export const PROVINCES_FILE = path.join(HERE, "provinces.csv");

let provinceNames: ProvinceName[] | null = null;

/** Every province name, old name and short form, each with the current province it means. */
export function loadProvinceNames(): ProvinceName[] {
  if (provinceNames) return provinceNames;
  const { records } = parseCsvRecords(readFileSync(PROVINCES_FILE, "utf8"));
  const names: ProvinceName[] = [];
  for (const { cells } of records.slice(1)) {
    const [name, kind, code, shortForms] = cells.map((c) => c.trim());
    if (!name || !code) continue;
    const old = kind === "old";
    names.push({ name, code, old });
    for (const short of (shortForms ?? "").split("|").map((s) => s.trim()).filter(Boolean)) names.push({ name: short, code, old });
  }
  provinceNames = names;
  return names;
}

/** Loads the demo gazetteer (idempotent: places are upserted by name). Needs province 48's wards imported. */
export async function seedDemoPlaces(db: Kysely<Database>, at = "2026-12-07T00:00:00.000Z"): Promise<number> {
  const wards = await db.selectFrom("units").select(["code", "province_code", "level"]).execute();
  const wardProvince = new Map(wards.filter((w) => w.level === "ward").map((w) => [w.code, w.province_code]));
  const provinces = new Set(wards.filter((w) => w.level === "province").map((w) => w.code));
  if (!provinces.has("48")) return 0;
  const { rows, errors } = parsePlacesCsv(readFileSync(DEMO_PLACES_FILE, "utf8"), { wardProvince, provinces, defaultSource: "seed" });
  if (errors.length) throw new Error(`places-48.csv line ${errors[0]!.line}: ${errors[0]!.message.en}`);
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await upsertPlace(trx, { provinceCode: row.provinceCode, name: row.name, kind: row.kind as PlaceKind, wardCodes: row.wardCodes, aliases: row.aliases, source: row.source }, at);
    }
  });
  return rows.length;
}
