/**
 * Opens the database named by DATABASE_URL: `file:PATH` is SQLite through
 * better-sqlite3, `postgres://…` is PostgreSQL through pg. Everything above this
 * module sees one Kysely<Database>.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { type Driver, Kysely, type LogEvent, PostgresAdapter, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { FOREGROUND_CHECKPOINT_PAGES, startCheckpointer, WAL_SIZE_LIMIT_BYTES } from "./checkpointer";
import { StripNulPlugin } from "./strip-nul";
import { TinBaoSqliteDriver, type SqliteDriverOptions } from "./sqlite-driver";

/** Whether this connection (or transaction) speaks to PostgreSQL — where a statement is a round trip. */
export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

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

/** Kysely's SQLite dialect (compiler, adapter, introspector) over our driver (sqlite-driver.ts). */
class TinBaoSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly driverOptions: SqliteDriverOptions,
  ) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new TinBaoSqliteDriver(this.sqlite, this.driverOptions);
  }
}

export function sqlitePathFromUrl(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}

export interface OpenOptions {
  /**
   * SQLite only. "full" (default) syncs the WAL after every commit before the
   * query resolves: a tip acknowledged to its sender survives power loss. The
   * sync runs in the thread pool, not on the event loop (sqlite-driver.ts).
   * "normal" is for the worker: in WAL mode it stays consistent and may lose
   * only the last commits on power loss, which the outbox sweep redoes (a tip
   * whose routing was lost is `received` again).
   */
  durability?: "full" | "normal";
  /**
   * SQLite only. "background" for the long-running processes (web, worker): WAL
   * checkpoints run on their own thread instead of inside whichever commit
   * crosses SQLite's limit (checkpointer.ts). Short-lived commands keep SQLite's
   * automatic checkpoint.
   */
  checkpoints?: "automatic" | "background";
  /**
   * Where errors away from any query are reported: a failing checkpoint thread
   * (SQLite), an idle connection dropped by the server (PostgreSQL restarting or
   * an administrator ending it; the pool replaces it, and without a listener
   * pg would crash the process).
   */
  onBackgroundError?: (message: string) => void;
  /**
   * Every statement sent, with its time (Kysely's `log`): the benches' and tests' count of a
   * placement's statements and round trips (docs/decisions/0094). Off in the processes.
   */
  log?: (event: LogEvent) => void;
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    pool.on("error", (err) => options.onBackgroundError?.(`idle PostgreSQL connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new StripNulPlugin()], log: options.log });
    return { db, dialect: "postgres", sqlitePath: null, close: () => db.destroy() };
  }
  const path = sqlitePathFromUrl(url);
  if (path === null) throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.split(":")[0]}:")`);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL in both cases: for "full" the driver itself syncs the WAL after each commit.
  sqlite.pragma("synchronous = NORMAL");
  const durable = options.durability !== "normal" && path !== ":memory:";
  const db = new Kysely<Database>({ dialect: new TinBaoSqliteDialect(sqlite, { walPath: durable ? `${path}-wal` : null }), log: options.log });
  if (options.checkpoints !== "background" || path === ":memory:") {
    return { db, dialect: "sqlite", sqlitePath: path, close: () => db.destroy() };
  }
  sqlite.pragma(`wal_autocheckpoint = ${FOREGROUND_CHECKPOINT_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const checkpointer = startCheckpointer(path, { onError: options.onBackgroundError });
  return {
    db, dialect: "sqlite", sqlitePath: path,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
