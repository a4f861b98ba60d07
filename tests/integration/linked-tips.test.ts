/**
 * Tips linked by an identifier (issue 13, item 3) and why a tip is in its group
 * (item 5), on the run's dialect, through the real intake and pipeline: the same
 * account in tips of two wards months apart is listed to the officers who may see
 * the other tip and only counted for the others; the search reads what an officer
 * types with the pipeline's normaliser; the reporter's own phone is never found.
 */
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps, type NewTipInput } from "../../core/tips";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { ReceiptHasher } from "../../core/receipts";
import { mergeTipIntoClusterOf } from "../../db/queries/clusters";
import { listClusterMemberships } from "../../db/queries/staff-tips";
import { findTipsWithEntity, listTipEntities } from "../../db/queries/tip-entities";
import { unitsScope } from "../../db/queries/scope";
import { readEntityQuery } from "../../domain/entity-search";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { DIALECTS, TEST_DIALECT, type TestDatabase } from "../setup/db";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const SECRETS = { dataKey: Buffer.alloc(32, 7).toString("base64"), receipts: new ReceiptHasher("linked-tips-test-salt-00") };
const AN_HAI = "20275";
const HAI_CHAU = "20242";
const ACCOUNT = { kind: "account" as const, value: "0123456789" };

describe.each(DIALECTS)("linked tips on %s", (_dialect, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let triage: ReturnType<typeof createTriageContextCache>;
  const tips: Record<"octAnHai" | "novHaiChau" | "decAnHai", number> = { octAnHai: 0, novHaiChau: 0, decAnHai: 0 };

  const submitAndProcess = async (input: Partial<NewTipInput>) => {
    const { tipId } = await acceptTipOrThrow(deps, {
      channel: "web", category: "fraud", occurredAt: "2026-10-03T10:00:00+07:00", occurredPrecision: "exact",
      description: "", location: { kind: "ward", wardCode: AN_HAI }, reporter: null, ...input,
    });
    expect(await processIntake({ db: database.db, triage }, tipId)).toBe("routed");
    return tipId;
  };

  beforeAll(async () => {
    database = await create();
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    deps = { db: database.db, ...SECRETS };
    triage = createTriageContextCache(database.db);
    // One scam account in three victims' tips: two wards, three months, written three ways.
    tips.octAnHai = await submitAndProcess({
      occurredAt: "2026-10-05T20:00:00+07:00",
      description: "Mẹ tôi bị gọi điện xưng nhân viên ngân hàng, bảo chuyển 20 triệu vào STK 0123 456 789 Vietcombank để 'xác minh'.",
    });
    tips.novHaiChau = await submitAndProcess({
      occurredAt: "2026-11-12T09:00:00+07:00", location: { kind: "ward", wardCode: HAI_CHAU },
      description: "Em đặt cọc mua điện thoại cũ trên Facebook, chuyển khoản 3tr vào tk 0123.456.789 rồi bị chặn.",
    });
    tips.decAnHai = await submitAndProcess({
      occurredAt: "2026-12-01T15:00:00+07:00",
      description: "Bị lừa việc làm online, nạp tiền nhiệm vụ vào số tài khoản 0123456789 VCB, mất 8 triệu.",
    });
  }, 120_000);
  afterAll(async () => database?.destroy());

  it("stores the account once per tip in its normal form", async () => {
    for (const id of Object.values(tips)) expect(await listTipEntities(database.db, id)).toContainEqual(ACCOUNT);
  });

  it("lists the other tips in scope across wards and months and only counts the others", async () => {
    const fromAnHai = await findTipsWithEntity(database.db, ACCOUNT, unitsScope([AN_HAI]), { limit: 20, exceptTipId: tips.octAnHai });
    expect(fromAnHai.visible.map((t) => t.id)).toEqual([tips.decAnHai]);
    expect(fromAnHai.visible[0]).toMatchObject({ category: "fraud", wardCode: AN_HAI, wardName: "Phường An Hải", status: "routed" });
    expect(fromAnHai).toMatchObject({ visibleCount: 1, hidden: 1 });
    // Nothing about the tipster is in the answer.
    expect(Object.keys(fromAnHai.visible[0]!).sort()).toEqual(["category", "createdAt", "id", "status", "wardCode", "wardName"]);

    const fromHaiChau = await findTipsWithEntity(database.db, ACCOUNT, unitsScope([HAI_CHAU]), { limit: 20, exceptTipId: tips.novHaiChau });
    expect(fromHaiChau).toMatchObject({ visible: [], visibleCount: 0, hidden: 2 });

    const both = await findTipsWithEntity(database.db, ACCOUNT, unitsScope([AN_HAI, HAI_CHAU]), { limit: 20, exceptTipId: tips.octAnHai });
    expect(both.visible.map((t) => t.id)).toEqual([tips.decAnHai, tips.novHaiChau]); // newest first
    expect(both).toMatchObject({ visibleCount: 2, hidden: 0 });

    expect(await findTipsWithEntity(database.db, ACCOUNT, unitsScope([]), { limit: 20 })).toMatchObject({ visible: [], visibleCount: 0, hidden: 3 });
  });

  it("shows a tip copied to the unit as in scope", async () => {
    await database.db.insertInto("tip_copies")
      .values({ tip_id: tips.novHaiChau, unit_code: AN_HAI, reason: "test copy", created_at: "2026-11-12T03:00:00.000Z" })
      .execute();
    try {
      const linked = await findTipsWithEntity(database.db, ACCOUNT, unitsScope([AN_HAI]), { limit: 20, exceptTipId: tips.octAnHai });
      expect(linked.visible.map((t) => t.id)).toEqual([tips.decAnHai, tips.novHaiChau]);
      expect(linked.hidden).toBe(0);
    } finally {
      await database.db.deleteFrom("tip_copies").where("tip_id", "=", tips.novHaiChau).execute();
    }
  });

  it("finds all three from what an officer types, in any form", async () => {
    for (const typed of ["0123 456 789", "0123.456.789", "stk 0123-456-789"]) {
      const entities = readEntityQuery(typed);
      expect(entities).toContainEqual(ACCOUNT);
      const found = await findTipsWithEntity(database.db, ACCOUNT, unitsScope([AN_HAI, HAI_CHAU]), { limit: 100 });
      expect(found.visible.map((t) => t.id).sort((a, b) => a - b)).toEqual(Object.values(tips).sort((a, b) => a - b));
    }
    expect(readEntityQuery("0123 456 789", "phone")).toEqual([]); // 01… is no phone since 2018
    expect(readEntityQuery("xin chào")).toEqual([]);
  });

  it("bounds the list and keeps the count", async () => {
    const phone = { kind: "phone" as const, value: "0987654321" };
    const ids: number[] = [];
    for (let i = 0; i < 23; i += 1) {
      ids.push(await submitAndProcess({
        occurredAt: `2026-09-${String(1 + i).padStart(2, "0")}T08:00:00+07:00`, category: "other",
        description: `Số 0987 654 321 nhắn tin lần thứ ${i + 1} đòi nợ hộ, đe dọa người nhà.`,
      }));
    }
    const linked = await findTipsWithEntity(database.db, phone, unitsScope([AN_HAI]), { limit: 20, exceptTipId: ids[0] });
    expect(linked.visible).toHaveLength(20);
    expect(linked.visible[0]!.id).toBe(ids[22]);
    expect(linked).toMatchObject({ visibleCount: 22, hidden: 0 });
  }, 120_000);

  it("never finds the reporter's own phone", async () => {
    const id = await submitAndProcess({
      description: "Tôi bị số 0934 111 222 gọi dọa, cần thì gọi lại cho tôi theo số 0912 333 444.",
      reporter: { name: "Võ Thị Lan", phone: "0912333444" },
    });
    expect(await listTipEntities(database.db, id)).toEqual([{ kind: "phone", value: "0934111222" }]);
    const own = await findTipsWithEntity(database.db, { kind: "phone", value: "0912333444" }, unitsScope([AN_HAI]), { limit: 20 });
    expect(own).toMatchObject({ visible: [], visibleCount: 0, hidden: 0 });
  });

  it.runIf(TEST_DIALECT === "sqlite")("reads through the (kind, value) index", async () => {
    const plan = await sql<{ detail: string }>`explain query plan
      select tips.id from tip_entities inner join tips on tips.id = tip_entities.tip_id
      where tip_entities.kind = ${"account"} and tip_entities.value = ${"0123456789"}`.execute(database.db);
    expect(plan.rows.map((r) => r.detail).join("\n")).toMatch(/USING (COVERING )?INDEX tip_entities_value/);
  });

  it("says why each tip is in its group: the pipeline's match, then an officer's merge", async () => {
    const first = await submitAndProcess({
      occurredAt: "2026-10-20T21:00:00+07:00", category: "theft",
      description: "Hai thanh niên đi xe máy biển số 43A-123.45 giật túi xách của một chị ở chợ Hàn lúc 21 giờ.",
    });
    const second = await submitAndProcess({
      occurredAt: "2026-10-20T21:10:00+07:00", category: "theft",
      description: "Vừa thấy 2 đứa chạy xe 43A12345 giật túi của chị bán hàng ở chợ Hàn, chạy về hướng cầu Sông Hàn.",
    });
    const other = await submitAndProcess({
      occurredAt: "2026-10-21T07:00:00+07:00", category: "drugs", description: "Có người bán ma túy ở quán nước đầu hẻm, sáng nào cũng có.",
    });
    const notes = await listClusterMemberships(database.db, [first, second, other]);
    expect(notes.get(first)).toMatchObject({ type: "cluster_started" });
    const joined = notes.get(second)!;
    expect(joined).toMatchObject({ type: "clustered", matchedTipId: first });
    expect(joined.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ code: "shared-identifier", params: { kinds: ["plate"] } })]));
    expect(joined.membership).toMatchObject({ code: "matches-group", params: { count: 1, total: 1 } });

    const officer = await database.db.insertInto("users")
      .values({ email: "o@test.vn", name: "Cán bộ Thử", role: "officer", password_hash: "x", province_code: null, locked_until: null, created_at: "2026-10-21T00:00:00.000Z" })
      .returning("id").executeTakeFirstOrThrow();
    expect(await mergeTipIntoClusterOf(database.db, other, first, { userId: officer.id, scope: unitsScope([AN_HAI]), at: "2026-10-21T01:00:00.000Z" })).toBe("merged");
    expect((await listClusterMemberships(database.db, [other])).get(other)).toMatchObject({
      type: "cluster_merged", actorUserId: officer.id, withTipId: first, at: "2026-10-21T01:00:00.000Z",
    });
  }, 60_000);
});
