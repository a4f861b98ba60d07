/**
 * The duty desk's rules in the queries, on SQLite and PostgreSQL: who works which desk, what is
 * on it (oldest first), and a routing that changes the tip only while it is on the actor's desk,
 * only to a ward or special unit of its province, with its `placed` event.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeskProvinces, getTipReadScope } from "../../app/utils/auth.server";
import { importUnits } from "../../cli/commands/units";
import { countDeskTips, listDeskTips, listDeskUnits, placeDeskTip, type DeskActor } from "../../db/queries/duty-desk";
import { listTipEvents } from "../../db/queries/tip-events";
import { createSpecialUnit } from "../../db/queries/units";
import { placePhrase } from "../../domain/place-phrase";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedRoutedTip } from "../setup/staff-fixtures";

describe.each(DIALECTS)("duty desk on %s", (_dialect, create) => {
  let database: TestDatabase;
  const tips = {} as Record<"first" | "second" | "hanoi" | "placed", number>;
  const actor = (deskUnits: string[]): DeskActor => ({ userId: 0, actorKind: "officer", deskUnits, at: new Date().toISOString() });

  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
    await importUnits(database.db, "01");
    await createSpecialUnit(database.db, { code: "48-CYBER", name: "Phòng An ninh mạng", nameFolded: "phong an ninh mang", provinceCode: "48" });
    const address = (text: string, provinceCode: string | null = null) => ({ location: { kind: "address" as const, address: text, provinceCode } });
    tips.first = (await seedRoutedTip(database.db, { unitCode: "48", ...address("gần chợ Cồn, Đà Nẵng") })).tipId;
    tips.second = (await seedRoutedTip(database.db, { unitCode: "48", ...address("đầu kiệt 12 Lê Duẩn") })).tipId;
    tips.hanoi = (await seedRoutedTip(database.db, { unitCode: "01", ...address("Hà Nội", "01") })).tipId;
    tips.placed = (await seedRoutedTip(database.db, { unitCode: "20242", location: { kind: "ward", wardCode: "20242", provinceCode: "48" } })).tipId;
    // A placeholder user for the events' actor column (foreign key).
    await database.db.insertInto("users").values({ id: 1, email: "d@test", name: "Desk", password_hash: "x", role: "officer", province_code: null, created_at: new Date().toISOString() }).execute();
  }, 120_000);
  afterAll(async () => database.destroy());

  it("gives each person the desks of their province, and administrators only those tips", async () => {
    const db = database.db;
    expect(await getDeskProvinces(db, { role: "officer", provinceCode: null, unitCodes: ["48"] })).toEqual(["48"]);
    expect(await getDeskProvinces(db, { role: "officer", provinceCode: null, unitCodes: ["20242"] })).toEqual([]);
    expect(await getDeskProvinces(db, { role: "supervisor", provinceCode: "48", unitCodes: [] })).toEqual(["48"]);
    expect(await getDeskProvinces(db, { role: "admin", provinceCode: "01", unitCodes: [] })).toEqual(["01"]);
    expect(await getDeskProvinces(db, { role: "admin", provinceCode: null, unitCodes: [] })).toEqual(["01", "48"]);
    expect(await getTipReadScope(db, { role: "admin", provinceCode: "01", unitCodes: [] })).toEqual({ kind: "units", units: ["01"] });
    expect(await listDeskUnits(db, ["48"])).toEqual(["48"]);
  });

  it("lists the unplaced tips of a desk, oldest first, and counts them per desk", async () => {
    const { tips: rows, more } = await listDeskTips(database.db, ["48"], 1);
    expect(rows.map((r) => r.id)).toEqual([tips.first]);
    expect(more).toBe(true);
    expect(await countDeskTips(database.db, ["48", "01"])).toEqual({ "48": 2, "01": 1 });
  });

  it("routes only a tip on the actor's desk, only within its province, with the placed event", async () => {
    const db = database.db;
    const base = { reason: "Chợ Cồn thuộc phường Hải Châu", phraseOf: (a: string | null) => placePhrase(a, ["da nang"]) };
    const desk = { ...actor(["48"]), userId: 1 };
    expect(await placeDeskTip(db, tips.first, { ...base, toUnit: "20242" }, { ...actor(["01"]), userId: 1 })).toEqual({ ok: false, problem: "gone" });
    expect(await placeDeskTip(db, tips.first, { ...base, toUnit: "00004" }, desk)).toEqual({ ok: false, problem: "badTarget" }); // Hà Nội's ward
    expect(await placeDeskTip(db, tips.first, { ...base, toUnit: "48" }, desk)).toEqual({ ok: false, problem: "badTarget" }); // the desk itself
    expect(await placeDeskTip(db, tips.placed, { ...base, toUnit: "20275" }, { ...actor(["48", "20242"]), userId: 1 })).toEqual({ ok: false, problem: "gone" });

    expect(await placeDeskTip(db, tips.first, { ...base, toUnit: "20242" }, desk)).toMatchObject({ ok: true, fromUnit: "48", wardCode: "20242", provinceCode: "48", suggestedPhrase: "chợ Cồn" });
    expect(await placeDeskTip(db, tips.first, { ...base, toUnit: "20275" }, desk)).toEqual({ ok: false, problem: "gone" }); // already routed
    const row = await db.selectFrom("tips").select(["unit_code", "ward_code", "status", "first_triaged_at"]).where("id", "=", tips.first).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_code: "20242", ward_code: "20242", status: "routed" });
    expect(row.first_triaged_at).not.toBeNull();
    const placed = (await listTipEvents(db, tips.first)).at(-1)!;
    expect(placed).toMatchObject({ type: "placed", actorKind: "officer", actorUserId: 1, data: { fromUnit: "48", toUnit: "20242", wardCode: "20242", suggestedPhrase: "chợ Cồn" } });

    expect(await placeDeskTip(db, tips.second, { ...base, toUnit: "48-CYBER" }, desk)).toMatchObject({ ok: true, wardCode: null, suggestedPhrase: null });
    expect(await db.selectFrom("tips").select(["unit_code", "ward_code"]).where("id", "=", tips.second).executeTakeFirstOrThrow()).toEqual({ unit_code: "48-CYBER", ward_code: null });
    expect(await countDeskTips(db, ["48", "01"])).toEqual({ "01": 1 });
  });
});
