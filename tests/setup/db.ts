/**
 * Fresh databases for tests: a new SQLite file per call, or a new PostgreSQL
 * database (created and dropped on the server at PG_URL or 127.0.0.1:5432).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

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
  const url = `file:${path.join(dir, "tinbao.db")}`;
  const handle = openDatabase(url);
  if (options.migrate !== false) await migrateToLatest(handle.db);
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
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString());
  if (options.migrate !== false) await migrateToLatest(handle.db);
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

/** A fresh, migrated database of this run's dialect. */
export function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return TEST_DIALECT === "postgres" ? createPgTestDatabase(options) : createSqliteTestDatabase(options);
}

/** For `describe.each`: this run's dialect, named in the test titles. */
export const DIALECTS: Array<["sqlite" | "postgres", (o?: { migrate?: boolean }) => Promise<TestDatabase>]> = [
  [TEST_DIALECT, createTestDatabase],
];
