import { existsSync } from "node:fs";
import SQLite from "better-sqlite3";
import type { DatabaseHandle } from "../../db/client";
import { CliError } from "../errors";

/**
 * A consistent copy of the SQLite database while the app runs, through SQLite's
 * online backup API (it copies a snapshot page by page and restarts if a writer
 * changes a page it already copied). PostgreSQL has pg_dump for this.
 */
export async function backupDatabase(database: DatabaseHandle, target: string): Promise<{ pages: number }> {
  if (!database.sqlitePath) throw new CliError("backup copies SQLite databases; for PostgreSQL use pg_dump");
  if (existsSync(target)) throw new CliError(`${target} already exists; choose a new file name`);
  const source = new SQLite(database.sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const result = await source.backup(target);
    return { pages: result.totalPages };
  } catch (err) {
    throw new CliError(`backup failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
}
