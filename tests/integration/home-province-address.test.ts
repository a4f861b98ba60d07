/**
 * A name that wards of several provinces bore, typed without diacritics ("xa Hoa Tien": Đà Nẵng's Hòa Tiến,
 * Quảng Trị's old Hóa Tiến, Cần Thơ's old Hoả Tiến), goes to the deployment's own ward (HOME_PROVINCES), at a
 * lower confidence and with the reason in the trail; with no home province it stays unplaced for the desk.
 * Real intake, real worker step, the three provinces' units and mappings imported; this run's dialect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { importUnits } from "../../cli/commands/units";
import { listTipEvents } from "../../db/queries/tip-events";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { ReceiptHasher } from "../../core/receipts";
import { DIALECTS, type TestDatabase } from "../setup/db";

const HOA_TIEN = "20332";

describe.each(DIALECTS)("an address that fits wards of several provinces, on %s", (_name, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let triage: ReturnType<typeof createTriageContextCache>;
  const submit = async (address: string) =>
    (await acceptTipOrThrow(deps, {
      channel: "web", category: "other", occurredAt: "2026-01-21T20:30:00+07:00", occurredPrecision: "approximate",
      description: "Lam giay to dat dai bi doi tien moi ky, cho 4 thang van chua xong, ai cung phai chung.",
      location: { kind: "address", address }, reporter: null,
    })).tipId;
  const placed = (id: number) =>
    database.db.selectFrom("tips").select(["ward_code", "unit_code", "resolve_method", "resolve_confidence", "resolve_candidates"]).where("id", "=", id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await create();
    for (const province of ["48", "44", "92"]) await importUnits(database.db, province);
    deps = { db: database.db, dataKey: Buffer.alloc(32, 6).toString("base64"), receipts: new ReceiptHasher("home-province-test-salt") };
    triage = createTriageContextCache(database.db);
  }, 120_000);
  afterAll(async () => database?.destroy());

  it("stays unplaced when the deployment names no home province", async () => {
    const id = await submit("thon Le Son Nam, xa Hoa Tien");
    await processIntake({ db: database.db, triage }, id);
    const tip = await placed(id);
    expect(tip).toMatchObject({ ward_code: null, resolve_method: "none" });
    expect(JSON.parse(tip.resolve_candidates!).length).toBe(3);
  });

  it("goes to the home province's ward, at a lower confidence, with the reason in the trail", async () => {
    const id = await submit("thon Le Son Nam, xa Hoa Tien");
    await processIntake({ db: database.db, triage, homeProvinces: ["48"] }, id);
    expect(await placed(id)).toMatchObject({ ward_code: HOA_TIEN, unit_code: HOA_TIEN, resolve_method: "address", resolve_confidence: 0.76 });
    const located = (await listTipEvents(database.db, id)).find((event) => event.type === "located")!;
    expect(located.data.because).toMatchObject({ code: "home-province-ward", params: { ward: HOA_TIEN, province: "48" } });
    expect((located.data.because as { params: { wards: string[] } }).params.wards).toHaveLength(3);
  });

  it("lets diacritics or a named province decide against the home province", async () => {
    const accented = await submit("xã Hóa Tiến");
    const named = await submit("xa Hoa Tien, tinh Quang Tri");
    for (const id of [accented, named]) await processIntake({ db: database.db, triage, homeProvinces: ["48"] }, id);
    for (const id of [accented, named]) expect((await placed(id)).ward_code).not.toBe(HOA_TIEN);
    expect((await placed(accented)).ward_code).toMatch(/^\d{5}$/);
  });
});
