import { getConfig, type Config } from "../core/platform/config";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateToLatest } from "../db/migrate";

/** Opens the configured database, migrated, for one command; closes it afterwards. */
export async function withDatabase<T>(fn: (database: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = getConfig();
  const database = openDatabase(config.DATABASE_URL);
  try {
    await migrateToLatest(database.db);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error("stdin is a terminal");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
