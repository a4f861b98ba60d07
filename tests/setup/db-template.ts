/**
 * Migrated templates (docs/decisions/0074): the migrations run once, into a
 * SQLite file and a PostgreSQL database named after a hash of db/migrations
 * (every file's name and contents); a test database is a copy of the template.
 * A changed, added or removed migration gives another hash, hence a new
 * template, so a stale one is never used. Built by the global set-up
 * (tests/setup/global.ts) before the workers start, or on first use by a
 * worker when it is missing; concurrent builders race safely (each builds
 * under a private name, then renames; the loser drops its copy).
 *
 * The migrations themselves still run from scratch where that is the subject:
 * `createTestDatabase({ migrate: false })` (tests/integration/migrations.test.ts)
 * and `startApp({ database: "empty" })` (the web process migrating on start).
 */
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../db/migrations");
const SQLITE_TEMPLATES_DIR = path.join(tmpdir(), "tinbao-test-templates");

let hashOfMigrations: string | null = null;

/** 16 hex digits of sha256 over every migration file's name and contents, in order. */
export function migrationsHash(): string {
  if (hashOfMigrations) return hashOfMigrations;
  const hash = createHash("sha256");
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(path.join(MIGRATIONS_DIR, name)));
    hash.update("\0");
  }
  hashOfMigrations = hash.digest("hex").slice(0, 16);
  return hashOfMigrations;
}

export function sqliteTemplatePath(): string {
  return path.join(SQLITE_TEMPLATES_DIR, `migrated-${migrationsHash()}.db`);
}

/** The migrated SQLite template's path, built first if missing. */
export async function ensureSqliteTemplate(): Promise<string> {
  const target = sqliteTemplatePath();
  if (existsSync(target)) return target;
  mkdirSync(SQLITE_TEMPLATES_DIR, { recursive: true });
  const building = `${target}.${process.pid}-${randomBytes(4).toString("hex")}`;
  const handle = openDatabase(`file:${building}`);
  try {
    await migrateToLatest(handle.db);
  } finally {
    // Closing the only connection checkpoints the WAL into the file and removes it.
    await handle.close();
  }
  renameSync(building, target);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
  return target;
}

/** A migrated SQLite database at `file`: a copy of the template. */
export async function copySqliteTemplate(file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(await ensureSqliteTemplate(), file);
}

export function pgTemplateName(): string {
  return `tinbao_template_${migrationsHash()}`;
}

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every PostgreSQL database the tests create commits without waiting for its WAL to
 * reach the disk (`synchronous_commit = off`, a setting of the database, so every
 * session of the test process and of the web, worker and CLI processes it starts
 * gets it). A commit is visible to every other session at once all the same; only a
 * crash of the PostgreSQL server itself could lose the last few, and no test crashes
 * it. It is what the SQLite runs do (WAL with `synchronous = NORMAL`: no fsync per
 * commit). With the default, each commit waited for an fsync: 300 one-row commits
 * took 3.1–4.6 s against 0.4–0.8 s (docs/decisions/0074, "Cuts, third round").
 * Not copied by `CREATE DATABASE … TEMPLATE` (it is a setting of the database, not of
 * its contents): set on each one, so every test database is created by createPgDatabase.
 */
export async function createPgDatabase(admin: pg.Client, name: string, template?: string): Promise<void> {
  await admin.query(`create database ${name}${template ? ` template ${template}` : ""}`);
  await admin.query(`alter database ${name} set synchronous_commit = off`);
}

/**
 * The migrated PostgreSQL template's name, built first if missing. It takes no
 * connections (ALLOW_CONNECTIONS false), so `CREATE DATABASE … TEMPLATE` never
 * finds it in use.
 */
export async function ensurePgTemplate(adminUrl: string): Promise<string> {
  const name = pgTemplateName();
  const exists = await withAdmin(adminUrl, async (admin) => (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1);
  if (exists) return name;
  const building = `tinbao_tplbuild_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, async (admin) => {
    await createPgDatabase(admin, building);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${building}`;
  const handle = openDatabase(url.toString());
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`alter database ${building} with allow_connections false`);
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`alter database ${building} rename to ${name}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "42P04") {
          // Another run built the same template meanwhile: use theirs.
          await admin.query(`drop database if exists ${building} with (force)`);
          return;
        }
        // 55006: our own closed connections have not left the server yet.
        if (code !== "55006" || attempt >= 50) throw error;
        await sleep(100);
      }
    }
  });
  return name;
}

/** Creates database `name` as a copy of the migrated template (built first when missing). */
export async function createPgFromTemplate(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    try {
      await createPgDatabase(admin, name, pgTemplateName());
    } catch (error) {
      if ((error as { code?: string }).code !== "3D000") throw error; // template does not exist (yet)
      await createPgDatabase(admin, name, await ensurePgTemplate(adminUrl));
    }
  });
}
