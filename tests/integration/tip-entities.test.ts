/**
 * Entities through the real intake and processor (issue 13), on SQLite and
 * PostgreSQL: written with the placement, the reporter's own phone left out,
 * one scam account in two victims' tips days apart linked but never one
 * cluster, and purged with the tip's content.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { purgeTipContent } from "../../db/queries/retention";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { ReceiptHasher } from "../../core/receipts";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const SECRETS = { dataKey: Buffer.alloc(32, 7).toString("base64"), receipts: new ReceiptHasher("entities-test-salt-0000") };

describe.each(DIALECTS)("tip entities on %s", (_dialect, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let triage: ReturnType<typeof createTriageContextCache>;
  const submitAndProcess = async (input: Partial<NewTipInput>) => {
    const { tipId } = await acceptTipOrThrow(deps, {
      channel: "web", category: "fraud", occurredAt: "2026-10-03T10:00:00+07:00", occurredPrecision: "exact",
      description: "", location: { kind: "ward", wardCode: "20410" }, reporter: null, ...input,
    });
    expect(await processIntake({ db: database.db, triage }, tipId)).toBe("routed");
    return tipId;
  };
  const entitiesOf = async (tipId: number) =>
    (await database.db.selectFrom("tip_entities").select(["kind", "value"]).where("tip_id", "=", tipId).orderBy("kind").orderBy("value").execute())
      .map((e) => `${e.kind}:${e.value}`);
  const clusterOf = async (tipId: number) =>
    (await database.db.selectFrom("tips").select("cluster_id").where("id", "=", tipId).executeTakeFirstOrThrow()).cluster_id;

  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    deps = { db: database.db, ...SECRETS };
    triage = createTriageContextCache(database.db);
  }, 60_000);
  afterAll(async () => database.destroy());

  it("indexes the text's identifiers but never the reporter's own phone, and stores no clear phone", async () => {
    const id = await submitAndProcess({
      description: "Bà tôi bị gọi từ số 0934.567.890 xưng công an, bắt chuyển tiền vào STK 0071004567891 Vietcombank. Cần thì gọi số 0912 345 678.",
      reporter: { name: "Lê Thị Hạnh", phone: "0912345678" },
    });
    expect(await entitiesOf(id)).toEqual(["account:0071004567891", "phone:0934567890"]);
    const row = await database.db.selectFrom("tips").select(["own_contact"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.own_contact).toBeTruthy();
    expect(row.own_contact).not.toContain("0912345678");
    expect(row.own_contact).not.toContain("345");
  });

  it("links two victims of one account days apart without putting them in one cluster", async () => {
    const first = await submitAndProcess({
      occurredAt: "2026-10-10T10:00:00+07:00",
      description: "Tôi đặt phòng homestay qua trang Facebook giả, chuyển cọc 3 triệu vào STK 5550001112223 ACB rồi bị chặn liên lạc.",
    });
    const second = await submitAndProcess({
      occurredAt: "2026-10-17T09:00:00+07:00",
      description: "Khách của tôi bị lừa cọc phòng homestay 5 triệu qua Facebook giả, số tài khoản 5550001112223 ngân hàng ACB.",
    });
    expect(await entitiesOf(first)).toEqual(["account:5550001112223"]);
    expect(await entitiesOf(second)).toEqual(["account:5550001112223"]);
    expect(await clusterOf(first)).not.toBe(await clusterOf(second));
  });

  it("joins the same victim's two reports within hours", async () => {
    const first = await submitAndProcess({
      occurredAt: "2026-10-20T10:00:00+07:00",
      description: "Chị tôi bị lừa 4 triệu khi mua vé máy bay giá rẻ trên mạng, chuyển vào STK 1239876540 Techcombank.",
    });
    const second = await submitAndProcess({
      occurredAt: "2026-10-20T13:00:00+07:00", category: "cybercrime",
      description: "Mua vé máy bay qua trang quảng cáo, chuyển khoản 4tr vào tk techcombank 1239 8765 40, giờ không liên lạc được.",
    });
    expect(await clusterOf(first)).toBe(await clusterOf(second));
  });

  it("purges a tip's entities with its content", async () => {
    const id = await submitAndProcess({ description: "Xe biển 43A-123.45 chở hàng lậu, liên hệ 0987.111.222" });
    expect(await entitiesOf(id)).toEqual(["phone:0987111222", "plate:43A12345"]);
    await purgeTipContent(database.db, [id], "2027-12-01T00:00:00.000Z");
    expect(await entitiesOf(id)).toEqual([]);
    const row = await database.db.selectFrom("tips").select(["own_contact", "description"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ own_contact: null, description: "" });
  });
});
