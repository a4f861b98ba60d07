// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): the CLI runs against its own SQLite file, the same test on both passes.
/** `npm run cli -- …` as an operator runs it: a real process against a real SQLite file. */
import { existsSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, runCli } from "../setup/app-server";
import { tempDir } from "../setup/db";

describe("cli", () => {
  let env: Record<string, string>;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    env = { ...baseEnv(), DATABASE_URL: `file:${path.join(dir, "t.db")}`, DATA_DIR: dir, LOG_LEVEL: "silent" };
    const setup = runCli(["units", "import", "--province", "48"], env);
    expect(setup.stderr).toBe("");
    expect(setup.status).toBe(0);
  }, 60_000);
  afterAll(() => undefined);

  const fails = (args: string[], pattern: RegExp, input?: string) => {
    const result = runCli(args, env, input);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  };

  it("db migrate is idempotent", () => {
    const result = runCli(["db", "migrate"], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("up to date");
  });

  it("user create reads the password from standard input", () => {
    const result = runCli(["user", "create", "--email", "Officer@Example.vn", "--name", "Lê Văn Hùng", "--role", "officer", "--unit", "20275"], env, "a long enough password\n");
    expect(result.status).toBe(0);
    const db = new SQLite(env.DATABASE_URL.slice(5), { readonly: true });
    const user = db.prepare("select email, role, password_hash from users where email = ?").get("officer@example.vn") as { email: string; role: string; password_hash: string };
    db.close();
    expect(user.role).toBe("officer");
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("user create --national makes a supervisor of every province, alone (docs/decisions/0078)", () => {
    const result = runCli(["user", "create", "--email", "bo@example.vn", "--name", "Võ Thị Quỳnh", "--role", "supervisor", "--national"], env, "a long enough password\n");
    expect(result.status).toBe(0);
    const db = new SQLite(env.DATABASE_URL.slice(5), { readonly: true });
    const user = db.prepare("select role, province_code, scope_national from users where email = ?").get("bo@example.vn");
    db.close();
    expect(user).toEqual({ role: "supervisor", province_code: null, scope_national: 1 });
    fails(["user", "create", "--email", "x@y.vn", "--name", "X", "--role", "officer", "--unit", "20275", "--national"], /--national is for --role supervisor only/, "a long enough password\n");
    fails(["user", "create", "--email", "x@y.vn", "--name", "X", "--role", "supervisor", "--province", "48", "--national"], /drop --province and --unit/, "a long enough password\n");
  });

  it("user create rejects bad input with one-line reasons", () => {
    fails(["user", "create", "--email", "x@y.vn", "--name", "X", "--role", "officer", "--unit", "20275"], /at least 12 characters/, "short\n");
    fails(["user", "create", "--email", "not-an-email", "--name", "X", "--role", "officer"], /--email/, "a long enough password\n");
    fails(["user", "create", "--email", "x@y.vn", "--name", "X", "--role", "chief", "--unit", "20275"], /--role must be one of/, "a long enough password\n");
    fails(["user", "create", "--email", "x@y.vn", "--name", "X", "--role", "officer", "--unit", "99999"], /unknown unit "99999"/, "a long enough password\n");
    fails(["user", "create", "--email", "officer@example.vn", "--name", "X", "--role", "admin"], /already exists/, "a long enough password\n");
  });

  it("apikey create prints the key once, alone on the last line, and stores only its hash", () => {
    const result = runCli(["apikey", "create", "--name", "Tổng đài 113", "--channel", "hotline"], env);
    expect(result.status).toBe(0);
    const key = result.stdout.trim().split("\n").at(-1)!;
    expect(key).toMatch(/^tb_[A-Za-z0-9_-]{43}$/);
    const db = new SQLite(env.DATABASE_URL.slice(5), { readonly: true });
    const row = db.prepare("select key_hash, channel, rate_limit_per_min from api_keys").get() as { key_hash: string; channel: string; rate_limit_per_min: number };
    db.close();
    expect(row.key_hash).not.toContain(key);
    expect(row).toMatchObject({ channel: "hotline", rate_limit_per_min: 600 });
    fails(["apikey", "create", "--name", "X", "--channel", "fax"], /--channel must be one of/);
  });

  it("tips export rejects a bad format or date", () => {
    fails(["tips", "export", "--format", "xml"], /--format must be jsonl or csv/);
    fails(["tips", "export", "--since", "last week"], /--since must be an ISO date/);
  });

  it("backup writes a consistent copy, and refuses to overwrite", () => {
    const target = path.join(dir, "backup.db");
    const result = runCli(["backup", target], env);
    expect(result.status).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = new SQLite(target, { readonly: true });
    expect((copy.prepare("select count(*) as n from units where level = 'ward'").get() as { n: number }).n).toBe(94);
    copy.close();
    fails(["backup", target], /already exists/);
  });

  it("audit verify reports an intact trail", () => {
    const result = runCli(["audit", "verify"], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/audit trail intact/);
  });

  it("unknown commands and options fail with one line", () => {
    fails(["frobnicate"], /unknown command/);
    fails(["units", "import", "--county", "1"], /county/);
    fails(["units", "import-boundaries"], /usage/);
  });
});
