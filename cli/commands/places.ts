/**
 * `places import FILE.csv` / `places export [--province CODE]`: the gazetteer of
 * landmarks and streets (domain/places-csv.ts for the format). An import stores
 * every line or none: the first bad lines are reported, one per line number.
 */
import { readFile, stat } from "node:fs/promises";
import type { Kysely } from "kysely";
import { exportPlaces, upsertPlace } from "../../db/queries/places";
import { listUnitsOfLevels } from "../../db/queries/units";
import type { Database } from "../../db/schema";
import { PLACE_CSV_LIMITS, parsePlacesCsv, placesToCsv } from "../../domain/places-csv";
import { CliError } from "../errors";

async function unitMaps(db: Kysely<Database>) {
  const units = await listUnitsOfLevels(db, ["province", "ward"]);
  return {
    wardProvince: new Map(units.filter((u) => u.level === "ward").map((u) => [u.code, u.provinceCode])),
    provinces: new Set(units.filter((u) => u.level === "province").map((u) => u.code)),
  };
}

export async function importPlacesFile(db: Kysely<Database>, file: string, at = new Date().toISOString()) {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (size > PLACE_CSV_LIMITS.maxBytes) throw new CliError(`${file} is larger than 1 MB`);
  const text = await readFile(file, "utf8");
  const { wardProvince, provinces } = await unitMaps(db);
  if (!provinces.size) throw new CliError("no units imported (run units import first)");
  const { rows, errors } = parsePlacesCsv(text, { wardProvince, provinces, defaultSource: `import ${file.split("/").pop()}` });
  if (errors.length) {
    const shown = errors.slice(0, 5).map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ""}: ${e.message.en}`).join("; ");
    throw new CliError(`${errors.length} error(s), nothing imported — ${shown}${errors.length > 5 ? "; …" : ""}`);
  }
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      const result = await upsertPlace(trx, { provinceCode: row.provinceCode, name: row.name, kind: row.kind, wardCodes: row.wardCodes, aliases: row.aliases, source: row.source }, at);
      if (result.created) created += 1;
    }
  });
  return { total: rows.length, created, updated: rows.length - created };
}

export async function exportPlacesCsv(db: Kysely<Database>, provinceCode?: string): Promise<string> {
  if (provinceCode !== undefined) {
    const { provinces } = await unitMaps(db);
    if (!provinces.has(provinceCode)) throw new CliError(`unknown province code "${provinceCode}" (e.g. 48 = Thành phố Đà Nẵng)`);
  }
  const records = (await exportPlaces(db, provinceCode)).filter((p) => p.active);
  return placesToCsv(records);
}
