/**
 * The PostgreSQL databases the tests create (tests/setup/db.ts, db-template.ts) commit
 * without waiting for the WAL flush — `synchronous_commit = off`, a setting of the
 * database, so every session gets it, the web, worker and CLI processes' included —
 * whether copied from the migrated template or created empty; and a commit is still
 * seen at once by every other session (docs/decisions/0074, "Cuts, third round").
 * On SQLite there is nothing of the kind to check (WAL with synchronous = NORMAL is
 * the driver's own setting, db/sqlite-driver.ts).
 */
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { createPgTestDatabase, TEST_DIALECT, type TestDatabase } from "../setup/db";

describe.runIf(TEST_DIALECT === "postgres")("PostgreSQL test databases", () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of created) await database.destroy();
  });

  for (const migrate of [true, false]) {
    it(`commit without waiting for the disk, ${migrate ? "copied from the migrated template" : "created empty"}`, async () => {
      const database = await createPgTestDatabase({ migrate });
      created.push(database);
      // A new connection, as a started process would open: the database's setting, not a session's.
      const other = openDatabase(database.url);
      try {
        const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(other.db);
        expect(rows[0]!.synchronous_commit).toBe("off");
        // Committed on one connection, seen at once on the other.
        await sql`create table visibility_check (n integer)`.execute(database.db);
        await sql`insert into visibility_check values (42)`.execute(database.db);
        const seen = await sql<{ n: number }>`select n from visibility_check`.execute(other.db);
        expect(seen.rows).toEqual([{ n: 42 }]);
      } finally {
        await other.close();
      }
    });
  }
});
