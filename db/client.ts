/**
 * Opens the database named by DATABASE_URL: `file:PATH` is SQLite through
 * better-sqlite3, `postgres://…` is PostgreSQL through pg. Everything above this
 * module sees one Kysely<Database>.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite file path, for backups; null on PostgreSQL. */
  sqlitePath: string | null;
  close(): Promise<void>;
}

// COUNT(*) and SUM() come back from pg as int8/numeric strings; our counts fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken up
 * front, so a transaction that reads before it writes waits for a writer in
 * another process (busy_timeout) instead of failing with SQLITE_BUSY_SNAPSHOT.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  /**
   * On SQLITE_FULL, IOERR, NOMEM (and some BUSY cases) SQLite has already rolled
   * the transaction back itself; a second rollback would fail and hide the
   * real error (a full disk must reach the user as "try again", not as this).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (err) {
      if (!/no transaction is active/.test((err as Error).message)) throw err;
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function sqlitePathFromUrl(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}

export interface OpenOptions {
  /**
   * SQLite only. "full" (default) fsyncs every commit: a tip acknowledged to its
   * sender survives power loss. "normal" is for the worker: in WAL mode it stays
   * consistent and may lose only the last commits on power loss, which the
   * outbox sweep redoes (a tip whose routing was lost is `received` again).
   */
  durability?: "full" | "normal";
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", sqlitePath: null, close: () => db.destroy() };
  }
  const path = sqlitePathFromUrl(url);
  if (path === null) throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.split(":")[0]}:")`);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(options.durability === "normal" ? "synchronous = NORMAL" : "synchronous = FULL");
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", sqlitePath: path, close: () => db.destroy() };
}
