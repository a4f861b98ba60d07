/**
 * The province duty desk (issue 12): tips the pipeline could not place in a ward sit in
 * their province unit's queue until an officer of the desk routes them, in one step, to a
 * ward or a special unit of the province. Reads are scoped to the desk's provinces in SQL;
 * a routing is one transaction that changes the tip only if it is still on the desk and
 * appends the `placed` event (docs/decisions/0056-province-duty-desk.md).
 */
import type { Kysely } from "kysely";
import type { Database, TipStatus } from "../schema";
import { OPEN_STATUSES } from "../../domain/tip-lifecycle";
import { appendTipEvent } from "./tip-events";
import { clusterSizeOfTip } from "./clusters";

type Db = Kysely<Database>;

/** Codes of the province units that exist: the provinces a tip can be handed to. */
export async function listProvinceUnitCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("units").select("code").where("level", "=", "province").orderBy("code").execute();
  return rows.map((r) => r.code);
}

/** Open tips still on a desk: owned by a province unit, placed in no ward. */
const OPEN = [...OPEN_STATUSES];

/** The province units of these provinces (their codes are the provinces' own, by the import's convention). */
export async function listDeskUnits(db: Db, provinces: string[]): Promise<string[]> {
  if (provinces.length === 0) return [];
  const rows = await db.selectFrom("units").select("code").where("level", "=", "province").where("province_code", "in", provinces).orderBy("code").execute();
  return rows.map((r) => r.code);
}

/** How many tips wait on each of these desks (units without any are left out). */
export async function countDeskTips(db: Db, deskUnits: string[]): Promise<Record<string, number>> {
  if (deskUnits.length === 0) return {};
  const rows = await db
    .selectFrom("tips")
    .select(["unit_code", (eb) => eb.fn.countAll<number>().as("n")])
    .where("unit_code", "in", deskUnits)
    .where("status", "in", OPEN)
    .where("ward_code", "is", null)
    .groupBy("unit_code")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.unit_code!, Number(r.n)]));
}

export interface DeskCandidate {
  wardCode: string;
  score: number;
  words: string[];
  placeId?: number;
}

export interface DeskTip {
  id: number;
  unitCode: string;
  status: TipStatus;
  category: string;
  excerpt: string;
  address: string | null;
  locationKind: string;
  formProvinceCode: string | null;
  createdAt: string;
  deadlineAt: string;
  clusterSize: number;
  claimedBy: number | null;
  /** What the resolver found: candidates best first, the words that carried them, and why (null for older tips). */
  detail: { provinceCode: string | null; candidates: DeskCandidate[]; words: string[]; because: unknown; routing: unknown } | null;
  /** The bare candidate codes every tip stores (older tips have only these). */
  candidateCodes: string[];
}

const EXCERPT_CHARS = 280;

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function asDetail(value: unknown): DeskTip["detail"] {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const candidates = Array.isArray(v.candidates)
    ? v.candidates
        .filter((c): c is Record<string, unknown> => !!c && typeof c === "object" && typeof (c as { wardCode?: unknown }).wardCode === "string")
        .map((c) => ({
          wardCode: c.wardCode as string,
          score: typeof c.score === "number" ? c.score : 0,
          words: Array.isArray(c.words) ? c.words.filter((w): w is string => typeof w === "string") : [],
          ...(typeof c.placeId === "number" ? { placeId: c.placeId } : {}),
        }))
    : [];
  return {
    provinceCode: typeof v.provinceCode === "string" ? v.provinceCode : null,
    candidates,
    words: Array.isArray(v.words) ? v.words.filter((w): w is string => typeof w === "string") : [],
    because: v.because ?? null,
    routing: v.routing ?? null,
  };
}

/** The desk's tips, oldest first (the longest waiting is placed first). `limit` + 1 are read to tell whether more wait. */
export async function listDeskTips(db: Db, deskUnits: string[], limit: number): Promise<{ tips: DeskTip[]; more: boolean }> {
  if (deskUnits.length === 0) return { tips: [], more: false };
  const rows = await db
    .selectFrom("tips")
    .select([
      "id", "unit_code", "status", "category", "description", "location_address", "location_kind", "location_province_code", "created_at",
      "deadline_at", clusterSizeOfTip.as("cluster_size"), "claimed_by", "resolve_detail", "resolve_candidates", "purged_at",
    ])
    .where("unit_code", "in", deskUnits)
    .where("status", "in", OPEN)
    .where("ward_code", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit + 1)
    .execute();
  const tips = rows.slice(0, limit).map((r) => {
    const codes = parseJson(r.resolve_candidates);
    return {
      id: r.id, unitCode: r.unit_code!, status: r.status, category: r.category,
      excerpt: r.description.length > EXCERPT_CHARS ? `${r.description.slice(0, EXCERPT_CHARS - 1)}…` : r.description,
      address: r.location_address, locationKind: r.location_kind, formProvinceCode: r.location_province_code, createdAt: r.created_at,
      deadlineAt: r.deadline_at, clusterSize: r.cluster_size, claimedBy: r.claimed_by, detail: asDetail(parseJson(r.resolve_detail)),
      candidateCodes: Array.isArray(codes) ? codes.filter((c): c is string => typeof c === "string") : [],
    };
  });
  return { tips, more: rows.length > limit };
}

export interface DeskTarget {
  code: string;
  name: string;
  level: "ward" | "special";
}

/** Where a desk can send a tip of a province: its active wards and special units, by name. */
export async function listDeskTargets(db: Db, provinceCode: string): Promise<DeskTarget[]> {
  const rows = await db
    .selectFrom("units")
    .select(["code", "name", "level"])
    .where("province_code", "=", provinceCode)
    .where("level", "in", ["ward", "special"])
    .where("active", "=", 1)
    .orderBy("level", "desc")
    .orderBy("name_folded")
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as DeskTarget["level"] }));
}

export interface DeskActor {
  userId: number;
  actorKind: "officer" | "supervisor" | "admin";
  /** The province units whose desk the actor works. */
  deskUnits: string[];
  at: string;
}

export interface Placement {
  toUnit: string;
  reason: string;
  /** The place phrase of the tip's address to offer the gazetteer when it goes to a ward (recorded in the event). */
  phraseOf?: (address: string | null) => string | null;
}

export type PlaceOutcome =
  | { ok: true; fromUnit: string; wardCode: string | null; provinceCode: string; suggestedPhrase: string | null }
  | { ok: false; problem: "gone" | "badTarget" };

/**
 * Routes a desk tip, in one transaction, to a ward (which also places it there) or a special
 * unit of the same province: only if it is still on one of the actor's desks, open and placed
 * in no ward. Unclaimed and `routed` again, for the new unit's queue.
 */
export async function placeDeskTip(db: Kysely<Database>, tipId: number, placement: Placement, actor: DeskActor): Promise<PlaceOutcome> {
  if (actor.deskUnits.length === 0) return { ok: false, problem: "gone" };
  return db.transaction().execute(async (trx) => {
    const tip = await trx
      .selectFrom("tips")
      .innerJoin("units as owner", "owner.code", "tips.unit_code")
      .select(["tips.unit_code", "owner.province_code", "tips.location_address"])
      .where("tips.id", "=", tipId)
      .where("tips.unit_code", "in", actor.deskUnits)
      .where("tips.status", "in", OPEN)
      .where("tips.ward_code", "is", null)
      .executeTakeFirst();
    if (!tip?.unit_code) return { ok: false, problem: "gone" } as const;
    const target = await trx
      .selectFrom("units")
      .select(["code", "level"])
      .where("code", "=", placement.toUnit)
      .where("province_code", "=", tip.province_code)
      .where("level", "in", ["ward", "special"])
      .where("active", "=", 1)
      .executeTakeFirst();
    if (!target) return { ok: false, problem: "badTarget" } as const;
    const wardCode = target.level === "ward" ? target.code : null;
    const suggestedPhrase = wardCode ? placement.phraseOf?.(tip.location_address) ?? null : null;
    await trx
      .updateTable("tips")
      .set((eb) => ({
        unit_code: target.code, ward_code: wardCode, status: "routed", claimed_by: null, claimed_at: null, updated_at: actor.at,
        first_triaged_at: eb.fn.coalesce("first_triaged_at", eb.val(actor.at)),
      }))
      .where("id", "=", tipId)
      .execute();
    await appendTipEvent(trx, {
      tipId, at: actor.at, actorKind: actor.actorKind, actorUserId: actor.userId, type: "placed",
      data: { fromUnit: tip.unit_code, toUnit: target.code, wardCode, reason: placement.reason, ...(suggestedPhrase ? { suggestedPhrase } : {}) },
    });
    return { ok: true, fromUnit: tip.unit_code, wardCode, provinceCode: tip.province_code, suggestedPhrase } as const;
  });
}
