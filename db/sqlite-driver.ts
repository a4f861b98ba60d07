/**
 * Kysely's SQLite driver, rebuilt for a web server that must stay responsive
 * while it writes (docs/decisions/0015-sqlite-commits-off-the-event-loop.md):
 *
 * - **Durable commits without blocking.** With `synchronous = FULL`, every commit
 *   fsyncs the WAL on the calling thread, and better-sqlite3 calls SQLite on the
 *   event loop: each tip's commit stopped every page render for the length of an
 *   fsync. Here the connection runs with `synchronous = NORMAL` (WAL frames are
 *   written, not synced) and, after every write that leaves no transaction open,
 *   the driver `fdatasync`s the WAL in libuv's thread pool and only then resolves
 *   the query. A caller sees its commit finish exactly when it would have under
 *   FULL — after the WAL is on disk — but the event loop serves other requests
 *   meanwhile. (NORMAL still syncs the WAL before each checkpoint and the database
 *   after it, so a checkpointed commit stays durable too.)
 * - **Prepared statements are cached** by SQL text. Kysely's driver prepares
 *   every query again; compiling SQL was a tenth of a tip's request.
 * - **BEGIN IMMEDIATE**, so a transaction that reads before it writes waits for a
 *   writer in another process (busy_timeout) instead of failing with
 *   SQLITE_BUSY_SNAPSHOT; and a rollback after SQLite already rolled back itself
 *   (SQLITE_FULL, IOERR) does not hide the real error.
 *
 * Transactions are serialised by Kysely's connection mutex (SQLite has one
 * connection here), so a query waits while another's WAL sync is in flight, but
 * nothing else does.
 */
import { closeSync, fdatasync, openSync, statSync } from "node:fs";
import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode, type TransactionSettings,
} from "kysely";

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Distinct SQL texts kept prepared; the application has a few hundred. */
const STATEMENT_CACHE_SIZE = 1_000;

export interface SqliteDriverOptions {
  /** The WAL file to sync after each commit, or null for no sync (worker, `:memory:`). */
  walPath: string | null;
}

/** fdatasync of the WAL file in the thread pool; reopens the file if SQLite replaced it. */
class WalSync {
  #fd: number | null = null;
  #inode = 0;

  constructor(private readonly walPath: string) {}

  sync(): Promise<void> {
    const fd = this.#open();
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  close() {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #open(): number | null {
    const stat = statSync(this.walPath, { throwIfNoEntry: false });
    if (!stat) return null; // no WAL yet: nothing was written through it
    if (this.#fd === null || stat.ino !== this.#inode) {
      this.close();
      this.#fd = openSync(this.walPath, "r");
      this.#inode = stat.ino;
    }
    return this.#fd;
  }
}

class CachedSqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, Statement>();
  /** A write ran since the WAL was last synced. */
  #unsynced = false;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly wal: WalSync | null,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    await this.#syncIfCommitted(compiledQuery.sql);
    return {
      insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
      numAffectedRows: changes != null ? BigInt(changes) : undefined,
      rows: [],
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error("Sqlite driver only supports streaming of select queries");
    const stmt = this.#prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }

  close() {
    this.#statements.clear();
    this.wal?.close();
  }

  #prepare(sql: string): Statement {
    let stmt = this.#statements.get(sql);
    if (stmt && !stmt.busy) return stmt;
    stmt = this.sqlite.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    this.#statements.set(sql, stmt);
    return stmt;
  }

  /** After a write that is now committed (autocommit, or COMMIT itself), wait for the WAL to reach the disk. */
  async #syncIfCommitted(sql: string) {
    if (!this.wal) return;
    const control = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i.exec(sql)?.[1].toLowerCase();
    if (!control) this.#unsynced = true; // a write (or DDL)
    if (this.sqlite.inTransaction) return;
    if (control === "rollback") this.#unsynced = false; // nothing of it reached the WAL
    if (this.#unsynced) {
      this.#unsynced = false;
      await this.wal.sync();
    }
  }
}

export class TinBaoSqliteDriver implements Driver {
  #connection: CachedSqliteConnection | undefined;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly options: SqliteDriverOptions,
  ) {}

  async init() {
    this.#connection = new CachedSqliteConnection(this.sqlite, this.options.walPath ? new WalSync(this.options.walPath) : null);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings) {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  /**
   * On SQLITE_FULL, IOERR, NOMEM (and some BUSY cases) SQLite has already rolled
   * the transaction back itself; a second rollback would fail and hide the
   * real error (a full disk must reach the user as "try again", not as this).
   */
  async rollbackTransaction(connection: DatabaseConnection) {
    if (!this.sqlite.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection() {}

  async destroy() {
    this.#connection?.close();
    this.sqlite.close();
  }
}
