/**
 * db/sqlite-driver.ts on real SQLite files: a commit resolves only after its WAL
 * is synced (once per committed write, never for reads or inside a transaction),
 * the sync runs off the event loop, and cached statements stay correct.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { sql, type Generated, type Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { tempDir } from "../../setup/db";

interface Db {
  notes: { id: Generated<number>; body: string };
}

let dir: string;
let handles: DatabaseHandle[] = [];
let syncs: number;

function open(durability: "full" | "normal" = "full") {
  const handle = openDatabase(`file:${path.join(dir, "t.db")}`, { durability });
  handles.push(handle);
  return handle.db as unknown as Kysely<Db>;
}

beforeEach(async () => {
  dir = tempDir("tinbao-driver-");
  syncs = 0;
  const real = fs.fdatasync;
  vi.spyOn(fs, "fdatasync").mockImplementation(((fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
    syncs++;
    real(fd, callback);
  }) as typeof fs.fdatasync);
  syncBuiltinESMExports();
  const db = open();
  await sql`create table notes (id integer primary key, body text not null)`.execute(db);
  syncs = 0;
});

afterEach(async () => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  for (const handle of handles) await handle.close();
  handles = [];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("SQLite driver", () => {
  it("syncs the WAL once per committed write, not for reads or statements inside a transaction", async () => {
    const db = open();
    await db.insertInto("notes").values({ body: "autocommit" }).execute();
    expect(syncs).toBe(1);

    await db.transaction().execute(async (trx) => {
      await trx.insertInto("notes").values({ body: "one" }).execute();
      await trx.insertInto("notes").values({ body: "two" }).execute();
      expect(syncs).toBe(1); // nothing committed yet
    });
    expect(syncs).toBe(2);

    await db.selectFrom("notes").selectAll().execute();
    await db.transaction().execute((trx) => trx.selectFrom("notes").selectAll().execute());
    expect(syncs).toBe(2);

    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto("notes").values({ body: "rolled back" }).execute();
      throw new Error("changed my mind");
    })).rejects.toThrow("changed my mind");
    expect(syncs).toBe(2);
    expect((await db.selectFrom("notes").select("body").orderBy("id").execute()).map((r) => r.body)).toEqual(["autocommit", "one", "two"]);
  });

  it("resolves a commit with the data visible to another connection, and keeps the event loop free meanwhile", async () => {
    const db = open();
    const other = open();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    for (let i = 0; i < 50; i++) {
      await db.transaction().execute((trx) => trx.insertInto("notes").values({ body: `n${i}` }).execute());
      const seen = await other.selectFrom("notes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(seen.n)).toBe(i + 1);
    }
    clearInterval(timer);
    expect(syncs).toBe(50);
    expect(ticks).toBeGreaterThan(0); // timers ran between commits' syncs
  });

  it("does not sync for the worker's durability, and reuses a statement after a stream was left early", async () => {
    const db = open("normal");
    for (let i = 0; i < 5; i++) await db.insertInto("notes").values({ body: `n${i}` }).execute();
    expect(syncs).toBe(0);

    const query = db.selectFrom("notes").select(["id", "body"]).orderBy("id");
    for await (const row of query.stream()) {
      expect(row.body).toBe("n0");
      break; // the cached statement is reset, not left busy
    }
    expect((await query.execute()).map((r) => r.body)).toEqual(["n0", "n1", "n2", "n3", "n4"]);
    const streamed: string[] = [];
    for await (const row of query.stream()) streamed.push(row.body);
    expect(streamed).toHaveLength(5);
  });
});
