/**
 * Queries compiled once and run with fresh values (db/compiled.ts, docs/decisions/0091), on a
 * real database of this run's dialect: the same SQL and the same rows as Kysely building the
 * query for each call, whatever the values; a shape whose slots do not match its values is
 * refused; on PostgreSQL a NUL in a value is removed as the connection's plugin does for built
 * queries.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledWith, runCompiled } from "../../db/compiled";
import { findNearestInTime, nearestInTimeQuery } from "../../db/queries/pipeline";
import { DIALECTS, type TestDatabase } from "../setup/db";

describe.each(DIALECTS)("queries compiled once (%s)", (dialect, createDatabase) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createDatabase();
    await database.db.insertInto("units").values([
      { code: "48", name: "Thành phố Đà Nẵng", name_folded: "thanh pho da nang", level: "province", parent_code: null, province_code: "48" },
      { code: "20275", name: "Phường An Hải", name_folded: "phuong an hai", level: "ward", parent_code: "48", province_code: "48" },
      { code: "20263", name: "Phường Hải Châu", name_folded: "phuong hai chau", level: "ward", parent_code: "48", province_code: "48" },
    ]).execute();
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
  });

  const wardsQuery = (parent: string, level: "province" | "ward") =>
    database.db.selectFrom("units").select(["code", "name"]).where("parent_code", "=", parent).where("level", "=", level).orderBy("code");

  it("gives the SQL Kysely builds and the rows it finds, for each call's own values", async () => {
    const built = wardsQuery("48", "ward").compile();
    const reused = compiledWith(database.db, "test:wards", (slot) => wardsQuery(slot(0), slot(1)), ["48", "ward"]);
    expect(reused.sql).toBe(built.sql);
    expect(reused.parameters).toEqual(built.parameters);
    const run = async (parent: string, level: "province" | "ward") =>
      (await runCompiled(database.db, "test:wards", (slot) => wardsQuery(slot(0), slot(1)), [parent, level])).rows;
    expect(await run("48", "ward")).toEqual(await wardsQuery("48", "ward").execute());
    expect((await run("48", "ward")).map((r) => r.code)).toEqual(["20263", "20275"]);
    // The second call reuses the first's SQL with its own values, not the first's.
    expect(await run("20275", "ward")).toEqual([]);
    expect(await run("48", "province")).toEqual([]);
  });

  it("runs the nearest-in-time read as the built query does", async () => {
    const q = {
      wardCode: "20275", categories: ["drugs", "other"], around: "2026-10-03T14:30:00.000Z",
      from: "2026-09-03T14:30:00.000Z", to: "2026-11-02T14:30:00.000Z", perSide: 5, excludeTipId: 0,
    };
    const built = nearestInTimeQuery(database.db, q)!.compile();
    expect(compiledWith(database.db, `nearest-in-time:${q.categories.join(",")}`, (slot) => nearestInTimeQuery(database.db, {
      wardCode: slot(0), categories: q.categories, around: slot(1), from: slot(2), to: slot(3), perSide: slot(4), excludeTipId: slot(5),
    })!, [q.wardCode, q.around, q.from, q.to, q.perSide, q.excludeTipId])).toMatchObject({ sql: built.sql, parameters: built.parameters });
    expect(await findNearestInTime(database.db, q)).toEqual(await nearestInTimeQuery(database.db, q)!.execute());
  });

  it("refuses a shape whose slots do not match its values", () => {
    expect(() => compiledWith(database.db, "test:too-few", (slot) => wardsQuery(slot(0), "ward"), ["48", "ward"])).toThrow(/slots 0 in the SQL for 2 values/);
    expect(() => compiledWith(database.db, "test:out-of-range", (slot) => wardsQuery(slot(0), slot(2)), ["48", "ward"])).toThrow(/slots/);
  });

  it.runIf(dialect === "postgres")("removes NUL from string values on PostgreSQL, as built queries do", async () => {
    const value = "An\0 Hải";
    const { rows } = await runCompiled(database.db, "test:nul", (slot) => database.db.selectNoFrom(sql<string>`${slot<string>(0)}::text`.as("v")), [value]);
    expect(rows).toEqual([{ v: "An Hải" }]);
  });
});
