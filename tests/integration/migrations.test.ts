import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigrator, migrateToLatest } from "../../db/migrate";
import { DIALECTS, type TestDatabase } from "../setup/db";

describe.each(DIALECTS)("migrations on %s", (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create({ migrate: false });
  });
  afterAll(async () => database.destroy());

  it("apply from scratch, then are idempotent", async () => {
    const applied = await migrateToLatest(database.db);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(applied[0]).toBe("20261122T1300_initial");
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it("create every table of the schema", async () => {
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    for (const table of ["units", "ward_mappings", "categories", "tips", "tip_events", "users", "sessions", "api_keys", "source_orgs", "cases"]) {
      expect(tables).toContain(table);
    }
  });

  it("seed the contract's 17 categories with both labels", async () => {
    const rows = await database.db.selectFrom("categories").select(["code", "label_vi", "label_en"]).orderBy("sort_order").execute();
    expect(rows.map((r) => r.code)).toEqual([
      "drugs", "theft", "robbery", "fraud", "cybercrime", "gambling", "usury", "weapons", "trafficking",
      "smuggling", "prostitution", "violence", "racing", "environment", "security", "corruption", "other",
    ]);
    for (const r of rows) expect(r.label_vi && r.label_en).toBeTruthy();
  });

  it("roll all the way down and up again", async () => {
    const migrator = createMigrator(database.db);
    let result;
    do {
      result = await migrator.migrateDown();
      expect(result.error).toBeUndefined();
    } while (result.results?.length);
    const left = (await database.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith("kysely_"));
    expect(left).toEqual([]);
    await migrateToLatest(database.db);
    const count = await sql<{ n: number }>`select count(*) as n from categories`.execute(database.db);
    expect(Number(count.rows[0].n)).toBe(17);
  });
});
