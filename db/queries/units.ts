import { runCompiled } from "../compiled";
import { sql, type Kysely } from "kysely";
import type { MappingRow, UnitRow } from "../../domain/unit-data";
import type { Database, UnitLevel } from "../schema";
import { OPEN_STATUSES } from "../../domain/tip-lifecycle";
import { appendAudit } from "./audit";
import { appendTipEvent } from "./tip-events";

const CHUNK = 400;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Inserts or refreshes units by code; leaves boundaries and special units alone. */
export async function upsertUnits(db: Kysely<Database>, units: UnitRow[]): Promise<void> {
  for (const batch of chunks(units)) {
    await db
      .insertInto("units")
      .values(batch.map((u) => ({ ...u, active: 1 })))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          name_folded: eb.ref("excluded.name_folded"),
          level: eb.ref("excluded.level"),
          parent_code: eb.ref("excluded.parent_code"),
          province_code: eb.ref("excluded.province_code"),
        })),
      )
      .execute();
  }
}

/** Inserts mappings not yet present (identity: old ward, district, province → new ward). */
export async function insertWardMappings(db: Kysely<Database>, mappings: MappingRow[]): Promise<void> {
  for (const batch of chunks(mappings)) {
    await db
      .insertInto("ward_mappings")
      .values(batch)
      .onConflict((oc) =>
        oc.columns(["old_ward_folded", "old_district_folded", "old_province_folded", "new_ward_code"]).doNothing(),
      )
      .execute();
  }
}

export async function countUnits(db: Kysely<Database>) {
  const rows = await db.selectFrom("units").select(["level", db.fn.countAll<number>().as("n")]).groupBy("level").execute();
  const mappings = await db.selectFrom("ward_mappings").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const byLevel = Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  return { provinces: byLevel.province ?? 0, wards: byLevel.ward ?? 0, special: byLevel.special ?? 0, mappings: Number(mappings.n) };
}

export async function findUnit(db: Kysely<Database>, code: string): Promise<UnitName | null> {
  return (await findUnits(db, [code]))[0] ?? null;
}

/** A unit's name and its boundary (GeoJSON geometry text, null until imported), for its map. */
export async function findUnitBoundary(db: Kysely<Database>, code: string): Promise<{ code: string; name: string; boundary: string | null } | null> {
  return (await db.selectFrom("units").select(["code", "name", "boundary"]).where("code", "=", code).executeTakeFirst()) ?? null;
}

export interface Bbox { minLng: number; minLat: number; maxLng: number; maxLat: number }

/** A province's wards, retired ones included, in code order. */
export async function listWardsOfProvince(db: Kysely<Database>, provinceCode: string): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom("units").select(["code", "name"]).where("province_code", "=", provinceCode).where("level", "=", "ward").orderBy("code").execute();
}

/**
 * A province's active wards that have a boundary, with their boxes but not
 * the geometry: the ward map's names, and its cache check (a box changes when
 * `units import-boundaries` replaces a boundary).
 */
export async function listMappedWards(db: Kysely<Database>, provinceCode: string): Promise<Array<{ code: string; name: string; box: string }>> {
  const rows = await db
    .selectFrom("units")
    .select(["code", "name", "min_lng", "min_lat", "max_lng", "max_lat"])
    .where("province_code", "=", provinceCode)
    .where("level", "=", "ward")
    .where("active", "=", 1)
    .where("boundary", "is not", null)
    .orderBy("code")
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, box: `${r.min_lng},${r.min_lat},${r.max_lng},${r.max_lat}` }));
}

/** The boundaries of the given wards (GeoJSON geometry text). */
export async function listWardBoundaries(db: Kysely<Database>, codes: readonly string[]): Promise<Array<{ code: string; boundary: string }>> {
  const out: Array<{ code: string; boundary: string }> = [];
  for (const batch of chunks([...codes])) {
    const rows = await db.selectFrom("units").select(["code", "boundary"]).where("code", "in", batch).where("boundary", "is not", null).orderBy("code").execute();
    out.push(...rows.map((r) => ({ code: r.code, boundary: r.boundary! })));
  }
  return out;
}

/** Active wards whose boundary box overlaps `box`, with their boundaries: what a map of that area shows. */
export async function listWardsInBox(db: Kysely<Database>, box: Bbox): Promise<Array<{ code: string; name: string; boundary: string | null }>> {
  return db
    .selectFrom("units")
    .select(["code", "name", "boundary"])
    .where("level", "=", "ward")
    .where("active", "=", 1)
    .where("boundary", "is not", null)
    .where("max_lng", ">=", box.minLng)
    .where("min_lng", "<=", box.maxLng)
    .where("max_lat", ">=", box.minLat)
    .where("min_lat", "<=", box.maxLat)
    .orderBy("code")
    .execute();
}

export async function setUnitBoundary(db: Kysely<Database>, code: string, geometry: string, bbox: Bbox): Promise<boolean> {
  const result = await db
    .updateTable("units")
    .set({ boundary: geometry, min_lng: bbox.minLng, min_lat: bbox.minLat, max_lng: bbox.maxLng, max_lat: bbox.maxLat })
    .where("code", "=", code)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Creates a special unit (e.g. "48-CYBER", the provincial cyber unit) attached to a province. */
export async function createSpecialUnit(db: Kysely<Database>, unit: { code: string; name: string; provinceCode: string; nameFolded: string }) {
  await db
    .insertInto("units")
    .values({
      code: unit.code, name: unit.name, name_folded: unit.nameFolded, level: "special",
      parent_code: unit.provinceCode, province_code: unit.provinceCode, active: 1,
    })
    .onConflict((oc) => oc.column("code").doUpdateSet({ name: unit.name, name_folded: unit.nameFolded }))
    .execute();
}

/** Codes of every unit of a province, retired ones included (a supervisor's scope). */
export async function listUnitCodesOfProvince(db: Kysely<Database>, provinceCode: string): Promise<string[]> {
  const rows = await db.selectFrom("units").select("code").where("province_code", "=", provinceCode).execute();
  return rows.map((r) => r.code);
}

/** Special units (e.g. a provincial cyber unit) and province units, for administration. */
export async function listNonWardUnits(db: Kysely<Database>) {
  return db
    .selectFrom("units")
    .select(["code", "name", "level", "province_code", "active"])
    .where("level", "in", ["special", "province"])
    .orderBy("province_code")
    .orderBy("level")
    .orderBy("code")
    .execute();
}

export interface UnitName {
  code: string;
  name: string;
  level: UnitLevel;
  provinceCode: string;
  parentCode: string | null;
  active: boolean;
  retiredAt: string | null;
  successorCode: string | null;
}

/** The given units (in no set order), retired ones included (history and figures keep them); unknown codes are left out. */
export async function findUnits(db: Kysely<Database>, codes: readonly string[]): Promise<UnitName[]> {
  const unique = [...new Set(codes.filter(Boolean))];
  const out: UnitName[] = [];
  for (const batch of chunks(unique)) {
    const rows = await db
      .selectFrom("units")
      .select(["code", "name", "level", "province_code", "parent_code", "active", "retired_at", "successor_code"])
      .where("code", "in", batch)
      .execute();
    out.push(...rows.map((r) => ({
      code: r.code, name: r.name, level: r.level, provinceCode: r.province_code, parentCode: r.parent_code, active: r.active === 1,
      retiredAt: r.retired_at, successorCode: r.successor_code,
    })));
  }
  return out;
}

/** Active units a picker offers (retired units leave pickers), by province then level then name. */
export async function listPickerUnits(db: Kysely<Database>, options: { levels?: Array<"province" | "ward" | "special">; provinceCode?: string } = {}) {
  let query = db
    .selectFrom("units")
    .select(["code", "name", "level", "province_code"])
    .where("active", "=", 1)
    .orderBy("province_code")
    .orderBy("level")
    .orderBy("name_folded")
    .orderBy("code");
  if (options.levels?.length) query = query.where("level", "in", options.levels);
  if (options.provinceCode) query = query.where("province_code", "=", options.provinceCode);
  const rows = await query.execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, provinceCode: r.province_code }));
}

/** Active units whose folded name equals `folded`, or (when none does) contains it; at most `limit`. */
export async function findUnitsByFoldedName(db: Kysely<Database>, folded: string, limit: number) {
  const select = () => db.selectFrom("units").select(["code", "name", "level", "province_code"]).where("active", "=", 1).orderBy("code").limit(limit);
  const exact = await select().where("name_folded", "=", folded).execute();
  if (exact.length) return exact;
  const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return select().where(sql<boolean>`name_folded like ${pattern} escape '\\'`).execute();
}

/** Units an administrator looks at: the non-ward ones, plus wards whose name or code matches a folded search. */
export async function searchUnits(db: Kysely<Database>, options: { searchFolded?: string | null; limit: number }) {
  let query = db
    .selectFrom("units")
    .select(["code", "name", "level", "province_code", "active", "retired_at", "successor_code"])
    .orderBy("province_code")
    .orderBy("level")
    .orderBy("code")
    .limit(options.limit);
  const search = options.searchFolded;
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("code", "=", search.toUpperCase()), eb(sql<string>`name_folded`, "like", sql<string>`${pattern} escape '\\'`)]));
  } else {
    query = query.where("level", "in", ["special", "province"]);
  }
  return query.execute();
}

/** Renames a unit; its code, and so its tips, cases and figures, stay. Returns the old name, or null when unknown. */
export async function renameUnit(db: Kysely<Database>, code: string, name: string, nameFolded: string): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("units").select("name").where("code", "=", code).executeTakeFirst();
    if (!found) return null;
    await trx.updateTable("units").set({ name, name_folded: nameFolded }).where("code", "=", code).execute();
    return found.name;
  });
}

/** Open tips of a unit (what retiring it must move). */
export async function countOpenTipsOfUnit(db: Kysely<Database>, code: string): Promise<number> {
  const row = await db
    .selectFrom("tips")
    .select(db.fn.countAll<number>().as("n"))
    .where("unit_code", "=", code)
    .where("status", "in", [...OPEN_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type RetireOutcome =
  | { ok: true; moved: number[]; copiesMoved: number; rulesMoved: number }
  | { ok: false; problem: "unknown" | "alreadyRetired" | "provinceUnit" | "successorUnavailable" };

/**
 * Retires a unit: its open tips move to `successorCode` (an active unit) — each tip's trail says so, a tip being
 * worked goes back to the successor's "new" tab unclaimed — as do its copies for information and its routing rules.
 * The unit keeps its code, name, closed tips, cases and figures; it leaves every picker, and the pipeline sends
 * what would have been its tips to the successor (followSuccessor).
 */
export async function retireUnit(
  db: Kysely<Database>,
  input: { code: string; successorCode: string; reason: string },
  actor: { userId: number; at: string },
): Promise<RetireOutcome> {
  return db.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom("units").select(["code", "level", "active"]).where("code", "=", input.code).executeTakeFirst();
    if (!unit) return { ok: false, problem: "unknown" } as const;
    if (unit.active !== 1) return { ok: false, problem: "alreadyRetired" } as const;
    if (unit.level === "province") return { ok: false, problem: "provinceUnit" } as const;
    const successor = await trx.selectFrom("units").select("code").where("code", "=", input.successorCode).where("active", "=", 1).executeTakeFirst();
    if (!successor || successor.code === unit.code) return { ok: false, problem: "successorUnavailable" } as const;

    const open = await trx
      .selectFrom("tips")
      .select(["id", "status"])
      .where("unit_code", "=", unit.code)
      .where("status", "in", [...OPEN_STATUSES])
      .orderBy("id")
      .execute();
    for (const tip of open) {
      // A tip being worked returns to the successor's new tips: whoever had taken it may not see it any more.
      const status = tip.status === "in_progress" ? "routed" : tip.status;
      await trx
        .updateTable("tips")
        .set({ unit_code: successor.code, status, claimed_by: null, claimed_at: null, updated_at: actor.at })
        .where("id", "=", tip.id)
        .execute();
      await appendTipEvent(trx, {
        tipId: tip.id, at: actor.at, actorKind: "admin", actorUserId: actor.userId, type: "unit_retired",
        data: { fromUnit: unit.code, toUnit: successor.code, reason: input.reason, unclaimed: tip.status === "in_progress" },
      });
    }
    // Copies for information follow (unless the successor already has one, or owns the tip).
    const copies = await trx.selectFrom("tip_copies").select(["tip_id", "reason", "created_at"]).where("unit_code", "=", unit.code).execute();
    for (const copy of copies) {
      const owner = await trx.selectFrom("tips").select("unit_code").where("id", "=", copy.tip_id).executeTakeFirst();
      if (owner?.unit_code !== successor.code) {
        await trx.insertInto("tip_copies").values({ tip_id: copy.tip_id, unit_code: successor.code, reason: copy.reason, created_at: copy.created_at })
          .onConflict((oc) => oc.columns(["tip_id", "unit_code"]).doNothing()).execute();
      }
    }
    await trx.deleteFrom("tip_copies").where("unit_code", "=", unit.code).execute();
    const rules = await trx.updateTable("routing_rules").set({ unit_code: successor.code }).where("unit_code", "=", unit.code).where("active", "=", 1).executeTakeFirst();
    await trx.updateTable("units").set({ active: 0, retired_at: actor.at, successor_code: successor.code }).where("code", "=", unit.code).execute();
    await appendAudit(trx, {
      at: actor.at, actorUserId: actor.userId, type: "unit_retired",
      data: { code: unit.code, successorCode: successor.code, reason: input.reason, moved: open.length, copiesMoved: copies.length, rulesMoved: Number(rules.numUpdatedRows) },
    });
    return { ok: true, moved: open.map((t) => t.id), copiesMoved: copies.length, rulesMoved: Number(rules.numUpdatedRows) } as const;
  });
}

/**
 * The unit that now takes what `code` would have received: `code` itself while active, else its successor's
 * (followed through later retirements, at most a few steps). Unknown codes come back unchanged.
 */
export async function followSuccessor(db: Kysely<Database>, code: string | null): Promise<string | null> {
  let current = code;
  for (let step = 0; current && step < 8; step++) {
    const { rows: [unit] } = await runCompiled(db, "unit-successor", (slot) =>
      db.selectFrom("units").select(["active", "successor_code"]).where("code", "=", slot<string>(0)), [current]);
    if (!unit || unit.active === 1 || !unit.successor_code) return current;
    current = unit.successor_code;
  }
  return current;
}

/** Every province unit, retired ones included (administration), in GSO code order. */
export async function listAllProvinces(db: Kysely<Database>): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom("units").select(["code", "name"]).where("level", "=", "province").orderBy("code").execute();
}

/** Every ward of a province, retired ones included (administration), by folded name. */
export async function listAllWardsOfProvince(db: Kysely<Database>, provinceCode: string): Promise<Array<{ code: string; name: string }>> {
  return db.selectFrom("units").select(["code", "name"]).where("level", "=", "ward").where("province_code", "=", provinceCode).orderBy("name_folded").execute();
}

/** Units of the given levels (province and ward: what a places CSV may name). */
export async function listUnitsOfLevels(db: Kysely<Database>, levels: UnitLevel[]): Promise<Array<{ code: string; level: UnitLevel; provinceCode: string }>> {
  const rows = await db.selectFrom("units").select(["code", "level", "province_code"]).where("level", "in", levels).execute();
  return rows.map((r) => ({ code: r.code, level: r.level, provinceCode: r.province_code }));
}

/** Whether any unit of the province has its boundary imported. */
export async function provinceHasBoundaries(db: Kysely<Database>, provinceCode: string): Promise<boolean> {
  const row = await db.selectFrom("units").select("code").where("province_code", "=", provinceCode).where("boundary", "is not", null).limit(1).executeTakeFirst();
  return row !== undefined;
}
