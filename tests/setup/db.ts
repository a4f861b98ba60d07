/**
 * Fresh databases for tests: a new SQLite file per call, or a new PostgreSQL
 * database (created and dropped on the server at PG_URL or 127.0.0.1:5432).
 * A migrated one is a copy of the migrated template (db-template.ts), so the
 * migrations run once per run, not once per database; `{ migrate: false }`
 * gives an empty one, for the tests that migrate it themselves.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { copySqliteTemplate, createPgDatabase, createPgFromTemplate } from "./db-template";

export interface TestDatabase extends DatabaseHandle {
  url: string;
  dir: string | null;
  destroy(): Promise<void>;
}

export function tempDir(prefix = "tinbao-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function createSqliteTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = tempDir();
  const file = path.join(dir, "tinbao.db");
  const url = `file:${file}`;
  if (options.migrate !== false) await copySqliteTemplate(file);
  const handle = openDatabase(url);
  return {
    ...handle, url, dir,
    destroy: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PG_ADMIN_URL = process.env.PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const pgAvailable = !process.env.TINBAO_SKIP_PG;

export async function createPgTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `tinbao_test_${randomBytes(6).toString("hex")}`;
  if (options.migrate !== false) {
    await createPgFromTemplate(PG_ADMIN_URL, name);
  } else {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await createPgDatabase(admin, name);
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  return {
    ...handle, url: url.toString(), dir: null,
    destroy: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: PG_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * The dialect of this run. `npm test` runs the suite on SQLite, then the
 * integration and fault suites again with TINBAO_TEST_DB=postgres.
 */
export const TEST_DIALECT: "sqlite" | "postgres" = process.env.TINBAO_TEST_DB === "postgres" ? "postgres" : "sqlite";

/** A fresh database of this run's dialect: migrated (a copy of the template), or empty with `{ migrate: false }`. */
export function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return TEST_DIALECT === "postgres" ? createPgTestDatabase(options) : createSqliteTestDatabase(options);
}

/** For `describe.each`: this run's dialect, named in the test titles. */
export const DIALECTS: Array<["sqlite" | "postgres", (o?: { migrate?: boolean }) => Promise<TestDatabase>]> = [
  [TEST_DIALECT, createTestDatabase],
];
