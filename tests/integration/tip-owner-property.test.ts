/**
 * Property (issue 12): whatever a tip's place says — any string as address, any ward code,
 * any point, nothing at all — and whatever province the form names, if the intake takes it
 * (acceptTip refuses unknown wards and provinces) the pipeline gives it an
 * owner that exists, inside the province the tip names or the home province. Through the real
 * intake and the worker's processor, on SQLite and PostgreSQL.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTip, type IntakeDeps, type TipLocation } from "../../core/tips";
import { importUnits } from "../../cli/commands/units";
import { foldVietnamese } from "../../domain/text";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { DIALECTS, TEST_DIALECT, type TestDatabase } from "../setup/db";
import { ReceiptHasher } from "../../core/receipts";

const SECRETS = { dataKey: Buffer.alloc(32, 6).toString("base64"), receipts: new ReceiptHasher("tip-owner-property-salt") };
const HOME = "48";

/** Pieces of the addresses people write: Đà Nẵng landmarks and streets, Hà Nội's names, look-alikes, noise. */
const DA_NANG = ["chợ Cồn", "gần chợ Hàn", "kiệt 12 Lê Duẩn", "hẻm 45/3 Hoàng Diệu", "Hải Châu", "phường An Hải", "ĐN", "TP ĐN", "Đà Nẵng", "Quảng Nam", "Q.Nam", "Hội An", "cầu Rồng", "bến xe trung tâm", "trường THPT Phan Châu Trinh"];
const HA_NOI = ["Hà Nội", "phường Hoàn Kiếm", "quận Ba Đình", "Hà Tây"];
const ELSEWHERE = ["TP HCM", "Sài Gòn", "Huế", "Bắc Ninh", "xã Chờ", "Yên Phong"];
const NOISE = ["", " ", ",", "số 7", "'; drop table tips; --", "\u0000", "🙂", "đ", "a".repeat(300), "Phường", "xã", "tỉnh", "thành phố"];

const fragment = fc.oneof(fc.constantFrom(...DA_NANG, ...HA_NOI, ...ELSEWHERE, ...NOISE), fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 12 }));
const address = fc.array(fragment, { maxLength: 5 }).map((parts) => parts.join(", "));
const formProvince = fc.constantFrom<string | null>(null, "48", "01", "79", "99", "");

const location: fc.Arbitrary<TipLocation> = fc.oneof(
  fc.record({ kind: fc.constant("address" as const), address, provinceCode: formProvince }),
  fc.record({ kind: fc.constant("ward" as const), wardCode: fc.constantFrom("20275", "00070", "99999", "", "48"), provinceCode: formProvince }),
  fc.record({ kind: fc.constant("point" as const), lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }), provinceCode: formProvince }),
  fc.record({ kind: fc.constant("none" as const), provinceCode: formProvince }),
);

/** Hà Nội is named when the form says so, the text names it or one of its places, or a Hà Nội ward code is given. */
function namesHanoi(loc: TipLocation): boolean {
  if (loc.provinceCode === "01") return true;
  if (loc.kind === "ward") return loc.wardCode === "00070";
  if (loc.kind !== "address") return false;
  const text = foldVietnamese(loc.address);
  return HA_NOI.some((name) => text.includes(foldVietnamese(name))) || /\bhn\b/.test(text);
}

describe.each(DIALECTS)("every processed tip has an owner on %s", (_dialect, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let triage: ReturnType<typeof createTriageContextCache>;

  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
    await importUnits(database.db, "01");
    deps = { db: database.db, ...SECRETS };
    triage = createTriageContextCache(database.db);
  }, 120_000);
  afterAll(async () => database.destroy());

  it("inside the named or home province, for any address, ward code, point or none, and any form province", async () => {
    const provinceOf = new Map((await database.db.selectFrom("units").select(["code", "province_code"]).execute()).map((u) => [u.code, u.province_code]));
    await fc.assert(
      fc.asyncProperty(location, async (loc) => {
        const accepted = await acceptTip(deps, {
          channel: "partner", category: "theft", occurredAt: null, occurredPrecision: "unknown",
          description: "Mất xe máy trước cổng chợ, nhờ công an xem giúp.", location: loc, reporter: null,
        });
        // An unknown ward or province, or an address over the limit, is refused at intake: nothing reaches the pipeline.
        if (!accepted.ok) return;
        const { tipId } = accepted;
        expect(await processIntake({ db: database.db, triage, homeProvinces: [HOME] }, tipId)).toBe("routed");
        const tip = await database.db.selectFrom("tips").select(["status", "unit_code"]).where("id", "=", tipId).executeTakeFirstOrThrow();
        expect(tip.status).toBe("routed");
        expect(tip.unit_code).not.toBeNull();
        const province = provinceOf.get(tip.unit_code!);
        expect(province, `unit ${tip.unit_code} exists`).toBeDefined();
        const allowed = namesHanoi(loc) ? ["48", "01"] : ["48"];
        expect(allowed, JSON.stringify(loc)).toContain(province);
      }),
      { numRuns: TEST_DIALECT === "postgres" ? 100 : 200 },
    );
  }, 300_000);
});
