/**
 * The gazetteer of places (landmarks and streets) and the duty desk's
 * suggestions for it (issue 12, items 4 and 5). Names are stored NFC with a
 * folded copy for search; ward codes and aliases are JSON text arrays.
 */
import type { Kysely } from "kysely";
import type { Database, PlaceKind, PlaceSuggestionStatus } from "../schema";
import { appendAudit } from "./audit";
import { foldVietnamese, normalizeText } from "../../domain/text";

export const PLACE_KINDS: readonly PlaceKind[] = [
  "market", "school", "hospital", "station", "industrial-park", "beach", "bridge", "pagoda", "church", "tourist",
  "street", "other",
];

export function isPlaceKind(value: string): value is PlaceKind {
  return (PLACE_KINDS as readonly string[]).includes(value);
}

export interface PlaceRecord {
  id: number;
  provinceCode: string;
  name: string;
  kind: PlaceKind;
  wardCodes: string[];
  aliases: string[];
  source: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PlaceInput {
  /** Given: update that place; absent: update the active place of the same name in the province, or create one. */
  id?: number | undefined;
  provinceCode: string;
  name: string;
  kind: PlaceKind;
  wardCodes: string[];
  aliases?: string[] | undefined;
  source: string;
}

type Db = Kysely<Database>;

function parseList(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

function toRecord(row: {
  id: number; province_code: string; name: string; kind: PlaceKind; ward_codes: string; aliases: string; source: string;
  active: number; created_at: string; updated_at: string;
}): PlaceRecord {
  return {
    id: row.id, provinceCode: row.province_code, name: row.name, kind: row.kind, wardCodes: parseList(row.ward_codes),
    aliases: parseList(row.aliases), source: row.source, active: row.active === 1, createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const PLACE_COLUMNS = [
  "id", "province_code", "name", "kind", "ward_codes", "aliases", "source", "active", "created_at", "updated_at",
] as const;

/** Folded aliases, unique, without the folded name itself. */
export function normaliseAliases(name: string, aliases: readonly string[]): string[] {
  const folded = foldVietnamese(name);
  return [...new Set(aliases.map((a) => foldVietnamese(normalizeText(a))).filter((a) => a && a !== folded))];
}

export interface PlaceListing {
  rows: PlaceRecord[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of a province's places (or every province's with provinceCode null), matching a
 * folded search on the name or an alias; retired places only when asked.
 */
export async function listPlaces(
  db: Db,
  options: { provinceCode: string | null; search?: string; page?: number; pageSize?: number; includeRetired?: boolean },
): Promise<PlaceListing> {
  const pageSize = Math.min(Math.max(options.pageSize ?? 50, 1), 500);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  let query = db.selectFrom("places");
  if (options.provinceCode) query = query.where("province_code", "=", options.provinceCode);
  if (!options.includeRetired) query = query.where("active", "=", 1);
  const folded = foldVietnamese(options.search ?? "").replace(/[%_\\]/g, "");
  if (folded) {
    const pattern = `%${folded}%`;
    query = query.where((eb) => eb.or([eb("name_folded", "like", pattern), eb("aliases", "like", pattern)]));
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select([...PLACE_COLUMNS])
    .orderBy("name_folded")
    .orderBy("id")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows: rows.map(toRecord), total: Number(total.n), page, pageSize };
}

export async function findPlace(db: Db, id: number): Promise<PlaceRecord | null> {
  const row = await db.selectFrom("places").select([...PLACE_COLUMNS]).where("id", "=", id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Every active place (the triage context's gazetteer), or one province's. */
export async function loadActivePlaces(db: Db, provinceCode?: string): Promise<PlaceRecord[]> {
  let query = db.selectFrom("places").select([...PLACE_COLUMNS]).where("active", "=", 1);
  if (provinceCode) query = query.where("province_code", "=", provinceCode);
  return (await query.orderBy("id").execute()).map(toRecord);
}

/** Every place, active or not, for export. */
export async function exportPlaces(db: Db, provinceCode?: string): Promise<PlaceRecord[]> {
  let query = db.selectFrom("places").select([...PLACE_COLUMNS]);
  if (provinceCode) query = query.where("province_code", "=", provinceCode);
  return (await query.orderBy("province_code").orderBy("name_folded").orderBy("id").execute()).map(toRecord);
}

/** "active places count/last update" — the triage context reloads places when it changes. */
export async function placesVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom("places")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("updated_at").as("latest"), eb.fn.max("id").as("maxId")])
    .executeTakeFirstOrThrow();
  return `${row.n}/${row.maxId ?? 0}/${row.latest ?? ""}`;
}

/**
 * Creates or updates a place; returns its id and whether it was created. Without an id an
 * active place of the same folded name in the province is updated (imports are idempotent).
 * The caller checks ward codes and the province (see validatePlaceInput in domain/places.ts).
 */
export async function upsertPlace(db: Db, input: PlaceInput, at: string, actorUserId: number | null = null) {
  const name = normalizeText(input.name);
  const values = {
    province_code: input.provinceCode,
    name,
    name_folded: foldVietnamese(name),
    kind: input.kind,
    ward_codes: JSON.stringify([...new Set(input.wardCodes)]),
    source: normalizeText(input.source),
  };
  // Aliases left out keep the place's own (an import without the column does not erase them).
  const aliases = input.aliases === undefined ? undefined : JSON.stringify(normaliseAliases(name, input.aliases));
  const existing = input.id
    ? await db.selectFrom("places").select(["id"]).where("id", "=", input.id).executeTakeFirst()
    : await db
        .selectFrom("places")
        .select(["id"])
        .where("province_code", "=", values.province_code)
        .where("name_folded", "=", values.name_folded)
        .where("active", "=", 1)
        .orderBy("id")
        .executeTakeFirst();
  if (input.id && !existing) throw new Error(`place ${input.id} does not exist`);
  let id: number;
  let created = false;
  if (existing) {
    await db
      .updateTable("places")
      .set({ ...values, ...(aliases === undefined ? {} : { aliases }), active: 1, updated_at: at })
      .where("id", "=", existing.id)
      .execute();
    id = existing.id;
  } else {
    const row = await db
      .insertInto("places")
      .values({ ...values, aliases: aliases ?? "[]", active: 1, created_at: at, updated_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    id = row.id;
    created = true;
  }
  if (actorUserId !== null) {
    await appendAudit(db, { at, actorUserId, type: created ? "place.create" : "place.update", data: { placeId: id, name, provinceCode: values.province_code } });
  }
  return { id, created };
}

/** Retires a place (kept for the trail of the tips it resolved); returns whether it was active. */
export async function retirePlace(db: Db, id: number, at: string, actorUserId: number | null = null): Promise<boolean> {
  const result = await db.updateTable("places").set({ active: 0, updated_at: at }).where("id", "=", id).where("active", "=", 1).executeTakeFirst();
  const done = Number(result.numUpdatedRows) > 0;
  if (done && actorUserId !== null) await appendAudit(db, { at, actorUserId, type: "place.retire", data: { placeId: id } });
  return done;
}

// ------------------------------------------------------------------ suggestions

export interface SuggestionInput {
  provinceCode: string;
  phrase: string;
  wardCode: string;
  tipId: number | null;
  userId: number | null;
}

export interface SuggestionRecord {
  id: number;
  provinceCode: string;
  phrase: string;
  wardCode: string;
  wardName: string | null;
  tipId: number | null;
  suggestedBy: number | null;
  suggestedByName: string | null;
  status: PlaceSuggestionStatus;
  placeId: number | null;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * Offers a place phrase for the gazetteer. A pending suggestion of the same folded phrase and
 * ward in the province is reused (returns its id, created false); an empty phrase is ignored (null).
 */
export async function suggestPlace(db: Db, input: SuggestionInput, at: string): Promise<{ id: number; created: boolean } | null> {
  const phrase = normalizeText(input.phrase).replace(/\s+/g, " ").slice(0, 200);
  const folded = foldVietnamese(phrase);
  if (!folded) return null;
  const find = () =>
    db
      .selectFrom("place_suggestions")
      .select("id")
      .where("province_code", "=", input.provinceCode)
      .where("phrase_folded", "=", folded)
      .where("ward_code", "=", input.wardCode)
      .where("status", "=", "pending")
      .executeTakeFirst();
  const existing = await find();
  if (existing) return { id: existing.id, created: false };
  try {
    const row = await db
      .insertInto("place_suggestions")
      .values({
        province_code: input.provinceCode, phrase, phrase_folded: folded, ward_code: input.wardCode, tip_id: input.tipId,
        suggested_by: input.userId, status: "pending", created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, created: true };
  } catch (err) {
    // Two desks at once: the unique pending index kept one; use it.
    const again = await find();
    if (again) return { id: again.id, created: false };
    throw err;
  }
}

export async function listSuggestions(
  db: Db,
  options: { provinceCode?: string | null; status?: PlaceSuggestionStatus; limit?: number } = {},
): Promise<SuggestionRecord[]> {
  let query = db
    .selectFrom("place_suggestions as s")
    .leftJoin("units as w", "w.code", "s.ward_code")
    .leftJoin("users as u", "u.id", "s.suggested_by")
    .select([
      "s.id", "s.province_code", "s.phrase", "s.ward_code", "w.name as ward_name", "s.tip_id", "s.suggested_by",
      "u.name as user_name", "s.status", "s.place_id", "s.created_at", "s.decided_at",
    ])
    .where("s.status", "=", options.status ?? "pending");
  if (options.provinceCode) query = query.where("s.province_code", "=", options.provinceCode);
  const rows = await query.orderBy("s.id").limit(Math.min(options.limit ?? 200, 1000)).execute();
  return rows.map((r) => ({
    id: r.id, provinceCode: r.province_code, phrase: r.phrase, wardCode: r.ward_code, wardName: r.ward_name,
    tipId: r.tip_id, suggestedBy: r.suggested_by, suggestedByName: r.user_name, status: r.status, placeId: r.place_id,
    createdAt: r.created_at, decidedAt: r.decided_at,
  }));
}

export type DecideOutcome = { ok: true; placeId: number | null } | { ok: false; error: "not-found" | "already-decided" };

/**
 * Accepts a pending suggestion: the active place of the province with the same folded name
 * (or alias) gains the ward if it lacks it; otherwise a new place ("other") is created.
 * The staff audit log says who accepted what.
 */
export async function acceptSuggestion(
  db: Db,
  input: { id: number; userId: number; kind?: PlaceKind; name?: string },
  at: string,
): Promise<DecideOutcome> {
  return db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom("place_suggestions").selectAll().where("id", "=", input.id).executeTakeFirst();
    if (!s) return { ok: false, error: "not-found" } as const;
    if (s.status !== "pending") return { ok: false, error: "already-decided" } as const;
    const name = input.name ? normalizeText(input.name) : s.phrase;
    const folded = foldVietnamese(name);
    const candidates = await trx
      .selectFrom("places")
      .select([...PLACE_COLUMNS])
      .where("province_code", "=", s.province_code)
      .where("active", "=", 1)
      .where((eb) => eb.or([eb("name_folded", "=", folded), eb("aliases", "like", `%"${folded.replace(/[%_\\"]/g, "")}"%`)]))
      .orderBy("id")
      .execute();
    const same = candidates.map(toRecord).find((p) => foldVietnamese(p.name) === folded || p.aliases.includes(folded));
    let placeId: number;
    if (same) {
      placeId = same.id;
      if (!same.wardCodes.includes(s.ward_code)) {
        await trx
          .updateTable("places")
          .set({ ward_codes: JSON.stringify([...same.wardCodes, s.ward_code]), updated_at: at })
          .where("id", "=", same.id)
          .execute();
      }
    } else {
      const row = await trx
        .insertInto("places")
        .values({
          province_code: s.province_code, name, name_folded: folded, kind: input.kind ?? "other",
          ward_codes: JSON.stringify([s.ward_code]), aliases: JSON.stringify(folded === s.phrase_folded ? [] : [s.phrase_folded]),
          source: `duty desk suggestion #${s.id}`, active: 1, created_at: at, updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      placeId = row.id;
    }
    await trx
      .updateTable("place_suggestions")
      .set({ status: "accepted", decided_by: input.userId, decided_at: at, place_id: placeId })
      .where("id", "=", s.id)
      .execute();
    await appendAudit(trx, {
      at, actorUserId: input.userId, type: "place.suggestion.accept",
      data: { suggestionId: s.id, placeId, phrase: s.phrase, wardCode: s.ward_code, extended: !!same },
    });
    return { ok: true, placeId } as const;
  });
}

export async function rejectSuggestion(db: Db, input: { id: number; userId: number }, at: string): Promise<DecideOutcome> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable("place_suggestions")
      .set({ status: "rejected", decided_by: input.userId, decided_at: at })
      .where("id", "=", input.id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const exists = await trx.selectFrom("place_suggestions").select("id").where("id", "=", input.id).executeTakeFirst();
      return { ok: false, error: exists ? "already-decided" : "not-found" } as const;
    }
    await appendAudit(trx, { at, actorUserId: input.userId, type: "place.suggestion.reject", data: { suggestionId: input.id } });
    return { ok: true, placeId: null } as const;
  });
}

/** Pending suggestions count (the admin menu badge, the desk). */
export async function countPendingSuggestions(db: Db, provinceCode?: string): Promise<number> {
  let query = db.selectFrom("place_suggestions").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "pending");
  if (provinceCode) query = query.where("province_code", "=", provinceCode);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Whether the province has any place in its gazetteer (retired ones count: an administrator's edits are kept). */
export async function provinceHasPlaces(db: Db, provinceCode: string): Promise<boolean> {
  return (await db.selectFrom("places").select("id").where("province_code", "=", provinceCode).limit(1).executeTakeFirst()) !== undefined;
}
