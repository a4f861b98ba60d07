// @sqlite-pass-only — scripts/test.mjs leaves this file out of pass 2 (PostgreSQL): runs on SQLite and on PostgreSQL in every pass already.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUnits } from "../../cli/commands/units";
import {
  acceptSuggestion, listPlaces, listSuggestions, rejectSuggestion, retirePlace, suggestPlace, upsertPlace,
} from "../../db/queries/places";
import { createPgTestDatabase, createSqliteTestDatabase, pgAvailable, type TestDatabase } from "../setup/db";

const AT = "2026-12-07T01:00:00.000Z";
const dialects: Array<[string, () => Promise<TestDatabase>]> = [["sqlite", () => createSqliteTestDatabase()]];
if (pgAvailable) dialects.push(["postgres", () => createPgTestDatabase()]);

describe.each(dialects)("places and suggestions on %s", (_name, create) => {
  let database: TestDatabase;
  let adminId: number;
  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
    const user = await database.db
      .insertInto("users")
      .values({ email: "a@example.vn", name: "Quản trị", password_hash: "x", role: "admin", province_code: null, created_at: AT })
      .returning("id")
      .executeTakeFirstOrThrow();
    adminId = user.id;
  });
  afterAll(async () => database.destroy());

  it("stores places NFC with a folded name and finds them by a folded search on name or alias", async () => {
    const { id, created } = await upsertPlace(database.db, {
      provinceCode: "48", name: "Cho\u0323\u031b Co\u0302\u0300n", kind: "market",
      wardCodes: ["20242"], aliases: ["Chợ Cồn Đà Nẵng"], source: "test",
    }, AT);
    expect(created).toBe(true);
    const again = await upsertPlace(database.db, { provinceCode: "48", name: "chợ cồn", kind: "market", wardCodes: ["20242"], source: "test" }, AT);
    expect(again).toEqual({ id, created: false });
    const found = await listPlaces(database.db, { provinceCode: "48", search: "CHO CON" });
    expect(found.total).toBe(1);
    expect((await listPlaces(database.db, { provinceCode: "48", search: "da nang" })).total).toBe(1);
    expect((await listPlaces(database.db, { provinceCode: "01", search: "cho con" })).total).toBe(0);
    expect(await retirePlace(database.db, id, AT, adminId)).toBe(true);
    expect((await listPlaces(database.db, { provinceCode: "48", search: "cho con" })).total).toBe(0);
    expect(await retirePlace(database.db, id, AT, adminId)).toBe(false);
  });

  it("dedupes pending suggestions and accepting one creates, then extends, a place", async () => {
    const first = await suggestPlace(database.db, { provinceCode: "48", phrase: "chợ Mai", wardCode: "20242", tipId: null, userId: adminId }, AT);
    const same = await suggestPlace(database.db, { provinceCode: "48", phrase: "Chợ  MAI", wardCode: "20242", tipId: null, userId: adminId }, AT);
    expect(first?.created).toBe(true);
    expect(same).toEqual({ id: first!.id, created: false });
    expect(await suggestPlace(database.db, { provinceCode: "48", phrase: "  ", wardCode: "20242", tipId: null, userId: adminId }, AT)).toBeNull();
    const accepted = await acceptSuggestion(database.db, { id: first!.id, userId: adminId }, AT);
    expect(accepted.ok).toBe(true);
    const other = await suggestPlace(database.db, { provinceCode: "48", phrase: "Chợ Mai", wardCode: "20200", tipId: null, userId: adminId }, AT);
    const extended = await acceptSuggestion(database.db, { id: other!.id, userId: adminId }, AT);
    expect(extended).toEqual(accepted);
    const place = (await listPlaces(database.db, { provinceCode: "48", search: "cho mai" })).rows[0]!;
    expect(place.wardCodes).toEqual(["20242", "20200"]);
    expect(await acceptSuggestion(database.db, { id: first!.id, userId: adminId }, AT)).toEqual({ ok: false, error: "already-decided" });
    const third = await suggestPlace(database.db, { provinceCode: "48", phrase: "bãi xe", wardCode: "20242", tipId: null, userId: adminId }, AT);
    expect(await rejectSuggestion(database.db, { id: third!.id, userId: adminId }, AT)).toEqual({ ok: true, placeId: null });
    expect(await listSuggestions(database.db)).toEqual([]);
    const audit = await database.db.selectFrom("audit_log").select("type").where("type", "like", "place.%").execute();
    expect(audit.map((a) => a.type).sort()).toEqual(["place.retire", "place.suggestion.accept", "place.suggestion.accept", "place.suggestion.reject"]);
  });

  it("refuses a second pending suggestion of the same phrase and ward at the database", async () => {
    const row = { province_code: "48", phrase: "x", phrase_folded: "x", ward_code: "20242", tip_id: null, suggested_by: null, status: "pending" as const, created_at: AT };
    await database.db.insertInto("place_suggestions").values(row).execute();
    await expect(database.db.insertInto("place_suggestions").values(row).execute()).rejects.toThrow();
    await database.db.insertInto("place_suggestions").values({ ...row, status: "rejected" }).execute();
  });
});
