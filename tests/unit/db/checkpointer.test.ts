/**
 * db/checkpointer.ts on a real SQLite file: with background checkpoints the
 * commits leave their pages in the WAL and the thread copies them into the
 * database file soon after; closing the handle stops the thread.
 */
import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { sql, type Generated, type Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../db/client";
import { tempDir } from "../../setup/db";

interface Db {
  notes: { id: Generated<number>; body: string };
}

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (check()) return true;
  return check();
}

describe("background WAL checkpoints", () => {
  it("copies committed pages into the database file off the committing thread, and stops on close", async () => {
    dir = tempDir("tinbao-checkpoint-");
    const file = path.join(dir, "t.db");
    const handle = openDatabase(`file:${file}`, { checkpoints: "background" });
    const db = handle.db as unknown as Kysely<Db>;
    await sql`create table notes (id integer primary key, body text not null)`.execute(db);
    const before = statSync(file).size;

    // About 1,000 pages: under SQLite's own automatic limit here, so only the thread can move them.
    const body = "ghi chú ".repeat(500);
    for (let batch = 0; batch < 10; batch++) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 100; i++) await trx.insertInto("notes").values({ body }).execute();
      });
    }
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(3_000_000);

    expect(await until(() => statSync(file).size > before + 3_000_000, 5_000)).toBe(true);
    await handle.close(); // resolves only once the thread has stopped
  });

  it("leaves checkpoints to SQLite when not asked", async () => {
    dir = tempDir("tinbao-checkpoint-");
    const file = path.join(dir, "t.db");
    const handle = openDatabase(`file:${file}`);
    const db = handle.db as unknown as Kysely<Db>;
    await sql`create table notes (id integer primary key, body text not null)`.execute(db);
    const before = statSync(file).size;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 200; i++) await trx.insertInto("notes").values({ body: "x".repeat(3_000) }).execute();
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(statSync(file).size).toBe(before); // under 1,000 pages: still only in the WAL
    await handle.close();
  });
});
