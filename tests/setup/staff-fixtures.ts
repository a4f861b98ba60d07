/**
 * A small world for the officer-workspace tests: province 48 with two ward
 * units (An Hải, Hải Châu, with their real boundaries) and a cyber unit; an
 * officer of each ward, a supervisor of the province, an administrator; tips
 * taken in through the real intake (acceptTipOrThrow) and routed in the test set-up.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { fixturePasswordHash } from "./passwords";
import { acceptTipOrThrow, type NewTipInput } from "../../core/tips";
import { appendTipEvent } from "../../db/queries/tip-events";
import { createUser } from "../../db/queries/users";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { foldVietnamese } from "../../domain/text";
import { startApp, type RunningApp } from "./app-server";
import { enrolForTests, passSecondFactorOverHttp } from "./second-factor";
import { ReceiptHasher } from "../../core/receipts";

export const SECRETS = {
  SESSION_SECRET: "test-session-secret-0123456789-abcdefghijkl",
  DATA_KEY: Buffer.alloc(32, 7).toString("base64"),
  RECEIPT_SALT: "test-receipt-salt-0123456789",
};

/** The test process's receipt hasher, as a web process has one (core/receipts.ts). */
export const RECEIPTS = new ReceiptHasher(SECRETS.RECEIPT_SALT);

export const PASSWORD = "correct horse battery staple";

export const UNIT_A = "20275"; // Phường An Hải
export const UNIT_B = "20242"; // Phường Hải Châu
export const CYBER = "48-CYBER";

export const USERS = {
  officerA: { email: "officer.a@test.tinbao.vn", name: "Nguyễn Văn An", role: "officer" as const, units: [UNIT_A] },
  officerB: { email: "officer.b@test.tinbao.vn", name: "Trần Thị Bình", role: "officer" as const, units: [UNIT_B] },
  supervisor: { email: "supervisor@test.tinbao.vn", name: "Lê Minh Châu", role: "supervisor" as const, province: "48" },
  admin: { email: "admin@test.tinbao.vn", name: "Phạm Quốc Dũng", role: "admin" as const },
};
export type Principal = keyof typeof USERS;

/** A ward's boundary from the seed file, with its box (as `units import-boundaries` stores them). */
export function boundaryOf(code: string) {
  const file = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
  const collection = JSON.parse(readFileSync(file, "utf8")) as { features: Array<{ properties: { code: string }; geometry: { coordinates: unknown } }> };
  const feature = collection.features.find((f) => f.properties.code === code);
  if (!feature) return { boundary: null };
  const positions = (feature.geometry.coordinates as unknown[]).flat(Infinity) as number[];
  const lngs = positions.filter((_, i) => i % 2 === 0);
  const lats = positions.filter((_, i) => i % 2 === 1);
  return {
    boundary: JSON.stringify(feature.geometry),
    min_lng: Math.min(...lngs), max_lng: Math.max(...lngs), min_lat: Math.min(...lats), max_lat: Math.max(...lats),
  };
}

export async function seedUnits(db: Kysely<Database>): Promise<void> {
  const unit = (code: string, name: string, level: "province" | "ward" | "special", place: ReturnType<typeof boundaryOf> = { boundary: null }) => ({
    code, name, name_folded: foldVietnamese(name), level, parent_code: level === "province" ? null : "48", province_code: "48", ...place,
  });
  await db.insertInto("units").values([
    unit("48", "Thành phố Đà Nẵng", "province"),
    unit(UNIT_A, "Phường An Hải", "ward", boundaryOf(UNIT_A)),
    unit(UNIT_B, "Phường Hải Châu", "ward", boundaryOf(UNIT_B)),
    unit(CYBER, "Phòng An ninh mạng, Công an TP Đà Nẵng", "special"),
    { code: "01", name: "Thành phố Hà Nội", name_folded: "thanh pho ha noi", level: "province", parent_code: null, province_code: "01", boundary: null },
    { code: "00004", name: "Phường Ba Đình", name_folded: "phuong ba dinh", level: "ward", parent_code: "01", province_code: "01", boundary: null },
  ]).execute();
}

export async function seedUsers(db: Kysely<Database>): Promise<Record<Principal, number>> {
  const hash = await fixturePasswordHash(PASSWORD);
  const ids = {} as Record<Principal, number>;
  for (const [key, u] of Object.entries(USERS) as Array<[Principal, (typeof USERS)[Principal]]>) {
    ids[key] = await createUser(db, {
      email: u.email, name: u.name, role: u.role, passwordHash: hash,
      provinceCode: "province" in u ? u.province : null, unitCodes: "units" in u ? u.units : [], createdAt: new Date().toISOString(),
    });
    // Administrators and supervisors cannot work without a second factor (issue 18, item 12).
    if (u.role !== "officer") await enrolForTests(db, ids[key], u.email, SECRETS.DATA_KEY);
  }
  return ids;
}

export const baseTip: NewTipInput = {
  channel: "web",
  category: "drugs",
  description: "Có nhóm người mua bán ma túy ở quán cà phê đầu kiệt 45 Ngô Quyền vào buổi tối.",
  occurredAt: null,
  occurredPrecision: "unknown",
  location: { kind: "ward", wardCode: UNIT_A, provinceCode: "48" },
  reporter: null,
};

/** Takes a tip in through the real intake, then routes it as the pipeline would. */
export async function seedRoutedTip(
  db: Kysely<Database>,
  overrides: Partial<NewTipInput> & { unitCode?: string; clusterId?: number | null } = {},
): Promise<{ tipId: number; receipt: string }> {
  const { unitCode = UNIT_A, clusterId = null, ...input } = overrides;
  const { tipId, receipt } = await acceptTipOrThrow(
    { db, dataKey: SECRETS.DATA_KEY, receipts: RECEIPTS },
    { ...baseTip, ...input },
  );
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    // A special or province unit (the duty desk) owns it without a ward.
    const ward = unitCode === CYBER || /^\d{2}$/.test(unitCode) ? null : unitCode;
    await trx.updateTable("tips").set({
      status: "routed", unit_code: unitCode, ward_code: ward, resolve_method: ward ? "code" : "none",
      resolve_confidence: ward ? 1 : 0, resolve_candidates: ward ? JSON.stringify([ward]) : null, processed_at: at, updated_at: at,
    }).where("id", "=", tipId).execute();
    await appendTipEvent(trx, { tipId, at, actorKind: "system", type: "routed", data: { unitCode, wardCode: ward, method: "code", reason: "test" } });
  });
  if (clusterId !== null) await joinCluster(db, tipId, clusterId);
  return { tipId, receipt };
}

/** Puts a tip into a cluster as the pipeline does (size + 1, a `clustered` event with reasons). */
export async function joinCluster(db: Kysely<Database>, tipId: number, clusterId: number, matchedTipId?: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("tips").set({ cluster_id: clusterId }).where("id", "=", tipId).execute();
    await trx.updateTable("clusters").set((eb) => ({ size: eb("size", "+", 1) })).where("id", "=", clusterId).execute();
    if (matchedTipId) {
      await appendTipEvent(trx, {
        tipId, at: new Date().toISOString(), actorKind: "system", type: "clustered",
        data: { clusterId, matchedTipId, score: 0.82, reasons: [`same ward ${UNIT_A}`, "3 h apart", "same category drugs", "text similarity 0.61"] },
      });
    }
  });
}

export async function newCluster(db: Kysely<Database>): Promise<number> {
  const { id } = await db.insertInto("clusters").values({ created_at: new Date().toISOString(), size: 0, merged_into: null }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/**
 * Signs in over HTTP as a browser would, the second step included (with a recovery
 * code) for accounts that have one; returns the session cookie ("tb_staff=…").
 */
export async function signIn(url: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${url}/can-bo/dang-nhap`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  if (res.headers.get("location")?.startsWith("/can-bo/xac-minh")) return passSecondFactorOverHttp(url, cookie, email);
  return cookie;
}

/**
 * The web process on this small world: migrated, the units and users seeded
 * (then `seed`, for what a test adds), with the fixed secrets and `env`.
 */
export async function startStaffApp(
  options: { env?: Record<string, string>; worker?: boolean; seed?: (db: Kysely<Database>, env: Record<string, string | undefined>) => Promise<void> } = {},
): Promise<{ app: RunningApp; ids: Record<Principal, number> }> {
  let ids = {} as Record<Principal, number>;
  const app = await startApp({
    worker: options.worker,
    env: { ...SECRETS, ...options.env },
    setup: async (env) => {
      const handle = openDatabase(env.DATABASE_URL!);
      try {
        await migrateToLatest(handle.db);
        await seedUnits(handle.db);
        ids = await seedUsers(handle.db);
        await options.seed?.(handle.db, env);
      } finally {
        await handle.close();
      }
    },
  });
  return { app, ids };
}
