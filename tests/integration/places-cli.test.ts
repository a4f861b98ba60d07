// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): the places CLI runs against its own SQLite file, the same test on both passes.
/** `places import` / `places export` as an operator runs them, and the CSV reader's per-line errors. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePlacesCsv, placesToCsv } from "../../domain/places-csv";
import { baseEnv, runCli } from "../setup/app-server";
import { tempDir } from "../setup/db";

describe("places CSV", () => {
  const options = { wardProvince: new Map([["20242", "48"], ["20209", "48"], ["00004", "01"]]), provinces: new Set(["48", "01"]) };

  it("reads quoted cells, several wards and aliases, a BOM and CRLF", () => {
    const text = "\uFEFFprovince_code,name,kind,ward_codes,aliases,source\r\n48,Chợ Cồn,market,20242,\"Chợ Cồn, Đà Nẵng|cho con\",seed\r\n48,Lê Duẩn,street,20242|20209,,\r\n";
    const { rows, errors } = parsePlacesCsv(text, options);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, provinceCode: "48", name: "Chợ Cồn", kind: "market", wardCodes: ["20242"], aliases: ["Chợ Cồn, Đà Nẵng", "cho con"], source: "seed" },
      { line: 3, provinceCode: "48", name: "Lê Duẩn", kind: "street", wardCodes: ["20242", "20209"], aliases: [], source: "import" },
    ]);
  });

  it("gives every bad line its own error, with the column", () => {
    const text = [
      "province_code,name,kind,ward_codes,aliases,source",
      "48,Chợ Cồn,market,20242,,ok",
      "99,Chợ Hàn,market,20242,,",
      "48,,market,20242,,",
      "48,Chợ Mới Hàn,shop,20242,,",
      "48,Ga Đà Nẵng,station,,,",
      "48,Cầu Rồng,bridge,00004,,",
      "48,Chợ,market,20242,,",
      "48,chợ cồn,market,20209,,",
    ].join("\n");
    const { rows, errors } = parsePlacesCsv(text, options);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, "province_code"], [4, "name"], [5, "kind"], [6, "ward_codes"], [7, "ward_codes"], [8, "name"], [9, "name"],
    ]);
    expect(errors.find((e) => e.line === 7)!.message).toEqual({ vi: "Xã, phường “00004” không thuộc tỉnh 48.", en: "Ward “00004” is not in province 48." });
  });

  it("refuses a file without the header, an open quote, and one over the size limit before reading lines", () => {
    expect(parsePlacesCsv("48,Chợ Cồn,market,20242\n", options).errors[0]!.message.en).toMatch(/header/);
    expect(parsePlacesCsv('province_code,name,kind,ward_codes\n48,"Chợ Cồn,market,20242\n', options).errors[0]!.message.en).toMatch(/quote/);
    expect(parsePlacesCsv("x".repeat(1_000_001), options).errors[0]!.message.en).toMatch(/1 MB/);
  });

  it("exports spreadsheet-safe cells that read back the same", () => {
    const csv = placesToCsv([{ provinceCode: "48", name: "=HYPERLINK(\"x\")", kind: "other", wardCodes: ["20242"], aliases: ["a, b"], source: "@me" }]);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain("'@me");
    const back = parsePlacesCsv(csv, options);
    expect(back.rows[0]).toMatchObject({ name: "'=HYPERLINK(\"x\")", aliases: ["a, b"] });
  });
});

describe("places import / export (cli)", () => {
  let env: Record<string, string>;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    env = { ...baseEnv(), DATABASE_URL: `file:${path.join(dir, "t.db")}`, DATA_DIR: dir, LOG_LEVEL: "silent" };
    const setup = runCli(["units", "import", "--province", "48"], env);
    expect(setup.status).toBe(0);
  }, 60_000);

  it("imports the demo file, twice without duplicates, and exports it back", () => {
    const file = path.resolve(import.meta.dirname, "../../db/seed/places-48.csv");
    const first = runCli(["places", "import", file], env);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/places: \d+ lines imported \(\d+ new, 0 updated\)/);
    const second = runCli(["places", "import", file], env);
    expect(second.stdout).toMatch(/\(0 new, \d+ updated\)/);
    const db = new SQLite(env.DATABASE_URL!.slice(5), { readonly: true });
    const count = (db.prepare("select count(*) as n from places").get() as { n: number }).n;
    db.close();
    const exported = runCli(["places", "export", "--province", "48"], env);
    expect(exported.status).toBe(0);
    const lines = exported.stdout.trim().split(/\r?\n/);
    expect(lines[0]!.replace(/^\uFEFF/, "")).toBe("province_code,name,kind,ward_codes,aliases,source");
    expect(lines).toHaveLength(count + 1);
    expect(exported.stdout).toContain("Chợ Cồn,market,20242");
  });

  it("refuses a bad file with one line naming the bad lines, and stores nothing of it", () => {
    const file = path.join(dir, "bad.csv");
    writeFileSync(file, "province_code,name,kind,ward_codes\n48,Chợ Mai,market,20242\n48,Chợ Lạ,market,99999\n");
    const result = runCli(["places", "import", file], env);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/1 error\(s\), nothing imported — line 3 \(ward_codes\): Ward code “99999” does not exist/);
    const db = new SQLite(env.DATABASE_URL!.slice(5), { readonly: true });
    expect(db.prepare("select count(*) as n from places where name = 'Chợ Mai'").get()).toEqual({ n: 0 });
    db.close();
    const unknown = runCli(["places", "export", "--province", "77"], env);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown province code "77"/);
    expect(runCli(["places", "import"], env).stderr).toMatch(/usage: places import FILE.csv/);
  });
});
