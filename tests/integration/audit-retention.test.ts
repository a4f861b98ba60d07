/** Audit trail tamper evidence and the retention purge, on both dialects. */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { removeOrphanPhotos, runRetention, UPLOADS_SUBDIR } from "../../core/retention";
import { appendTipEvent, findFirstChainBreak } from "../../db/queries/tip-events";
import { DIALECTS, tempDir, type TestDatabase } from "../setup/db";
import { ReceiptHasher } from "../../core/receipts";

const SECRETS = { dataKey: Buffer.alloc(32, 3).toString("base64"), receipts: new ReceiptHasher("audit-test-salt-0123456789") };
const DAY = 86_400_000;

async function seedUnits(database: TestDatabase) {
  await database.db.insertInto("units").values([
    { code: "48", name: "Thành phố Đà Nẵng", name_folded: "thanh pho da nang", level: "province", parent_code: null, province_code: "48" },
    { code: "20275", name: "Phường An Hải", name_folded: "phuong an hai", level: "ward", parent_code: "48", province_code: "48" },
  ]).execute();
}

function tipInput(description: string) {
  return {
    channel: "web" as const, category: "theft", description, occurredAt: null, occurredPrecision: "unknown" as const,
    location: { kind: "address" as const, address: "12 kiệt 40 Ngô Quyền, An Hải" },
    reporter: { name: "Nguyễn Thị Mai", phone: "0905123456" },
  };
}

describe.each(DIALECTS)("audit trail on %s", (_name, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  beforeAll(async () => {
    database = await create();
    await seedUnits(database);
    deps = { db: database.db, ...SECRETS };
  });
  afterAll(async () => database.destroy());

  it("chains each tip's events and finds the first edited or deleted link", async () => {
    const a = await acceptTipOrThrow(deps, tipInput("Trộm xe máy trước nhà lúc 2 giờ sáng, camera có ghi hình."));
    const b = await acceptTipOrThrow(deps, tipInput("Mất trộm điện thoại ở quán cà phê đầu kiệt, kẻ trộm đi xe Wave."));
    for (const tipId of [a.tipId, b.tipId]) {
      await appendTipEvent(database.db, { tipId, at: new Date().toISOString(), actorKind: "system", type: "routed", data: { unitCode: "20275" } });
    }
    expect(await findFirstChainBreak(database.db)).toEqual({ checked: 4, break: null });

    // Edit the data of b's first event: its own hash no longer matches.
    const [first] = await database.db.selectFrom("tip_events").select("id").where("tip_id", "=", b.tipId).orderBy("id").execute();
    await database.db.updateTable("tip_events").set({ data: JSON.stringify({ channel: "hotline" }) }).where("id", "=", first.id).execute();
    expect((await findFirstChainBreak(database.db)).break).toEqual({ tipId: b.tipId, eventId: first.id, reason: "hash mismatch" });

    // Delete a's first event instead: the next one's previous hash no longer matches.
    await database.db.updateTable("tip_events").set({ data: JSON.stringify({ channel: "web", category: "theft", location: "address", identified: true, photos: 0 }) }).where("id", "=", first.id).execute();
    const aEvents = await database.db.selectFrom("tip_events").select("id").where("tip_id", "=", a.tipId).orderBy("id").execute();
    await database.db.deleteFrom("tip_events").where("id", "=", aEvents[0].id).execute();
    expect((await findFirstChainBreak(database.db)).break).toEqual({ tipId: a.tipId, eventId: aEvents[1].id, reason: "previous hash mismatch" });
  });
});

describe.each(DIALECTS)("retention purge on %s", (_name, create) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let dataDir: string;
  beforeAll(async () => {
    database = await create();
    await seedUnits(database);
    deps = { db: database.db, ...SECRETS };
    dataDir = tempDir();
    mkdirSync(path.join(dataDir, UPLOADS_SUBDIR));
  });
  afterAll(async () => database.destroy());

  it("erases the content of old closed non-valuable tips, keeps every statistic, and deletes their photos", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 400 * DAY).toISOString();
    const make = async (description: string, patch: { valuable: number | null; status: "closed" | "in_progress"; closed_at: string | null }) => {
      const { tipId } = await acceptTipOrThrow(deps, tipInput(description));
      await database.db.updateTable("tips").set({ ...patch, unit_code: "20275", ward_code: "20275" }).where("id", "=", tipId).execute();
      return tipId;
    };
    const purgeable = await make("Tin cũ không có giá trị, đã kết thúc từ lâu, cần xóa nội dung.", { valuable: 0, status: "closed", closed_at: old });
    const valuable = await make("Tin cũ có giá trị, phải giữ nội dung để phục vụ điều tra.", { valuable: 1, status: "closed", closed_at: old });
    const recent = await make("Tin mới kết thúc, chưa đến hạn xóa nội dung theo quy định.", { valuable: 0, status: "closed", closed_at: now.toISOString() });
    const open = await make("Tin cũ chưa kết thúc, vẫn đang được xác minh, không được xóa.", { valuable: null, status: "in_progress", closed_at: null });
    writeFileSync(path.join(dataDir, UPLOADS_SUBDIR, "photo-a.jpg"), "x");
    await database.db.insertInto("tip_photos").values({ tip_id: purgeable, message_id: null, file_name: "photo-a.jpg", mime: "image/jpeg", width: 1, height: 1, bytes: 1, created_at: old }).execute();

    const statsBefore = await database.db.selectFrom("tips").select(["id", "category", "unit_code", "ward_code", "status", "valuable", "created_at"]).orderBy("id").execute();
    const result = await runRetention(database.db, { dataDir, days: 365, now });
    expect(result).toEqual({ tips: 1, photoFiles: 1, orphanFiles: 0 });
    expect(existsSync(path.join(dataDir, UPLOADS_SUBDIR, "photo-a.jpg"))).toBe(false);

    const rows = await database.db.selectFrom("tips").select(["id", "description", "reporter_enc", "location_address", "purged_at"]).orderBy("id").execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(purgeable)).toMatchObject({ description: "", reporter_enc: null, location_address: null });
    expect(byId.get(purgeable)!.purged_at).not.toBeNull();
    for (const kept of [valuable, recent, open]) {
      expect(byId.get(kept)!.description.length).toBeGreaterThan(10);
      expect(byId.get(kept)!.reporter_enc).not.toBeNull();
    }
    // Statistics read these columns; none changed.
    const statsAfter = await database.db.selectFrom("tips").select(["id", "category", "unit_code", "ward_code", "status", "valuable", "created_at"]).orderBy("id").execute();
    expect(statsAfter).toEqual(statsBefore);
    // The purge is itself in the audit trail, and a second run finds nothing.
    const events = await database.db.selectFrom("tip_events").select("type").where("tip_id", "=", purgeable).execute();
    expect(events.map((e) => e.type)).toContain("content_purged");
    expect(await runRetention(database.db, { dataDir, days: 365, now })).toEqual({ tips: 0, photoFiles: 0, orphanFiles: 0 });
    expect((await findFirstChainBreak(database.db)).break).toBeNull();
  });

  it("deletes photo files no tip refers to once they are an hour old, and nothing else", async () => {
    const dir = path.join(dataDir, UPLOADS_SUBDIR);
    const name = (c: string) => `${c.repeat(32)}.jpg`;
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    const { tipId } = await acceptTipOrThrow(deps, tipInput("Tin có ảnh đã lưu đầy đủ, ảnh phải được giữ lại cùng tin."));
    for (const file of [name("a"), name("b"), name("c"), "notes.txt"]) writeFileSync(path.join(dir, file), "x");
    await database.db.insertInto("tip_photos").values({ tip_id: tipId, message_id: null, file_name: name("a"), mime: "image/jpeg", width: 1, height: 1, bytes: 1, created_at: hourAgo.toISOString() }).execute();
    for (const file of [name("a"), name("b"), "notes.txt"]) utimesSync(path.join(dir, file), hourAgo, hourAgo);
    // "Written just now" on this process's clock, which a moved-clock run (scripts/test-moved-clock.sh) moves but the kernel's file times do not.
    const justNow = new Date();
    utimesSync(path.join(dir, name("c")), justNow, justNow);
    // a: referenced; b: an old orphan (its tip's transaction never committed); c: young, maybe still being submitted.
    expect(await removeOrphanPhotos(database.db, dataDir)).toBe(1);
    expect([name("a"), name("b"), name("c"), "notes.txt"].map((f) => existsSync(path.join(dir, f)))).toEqual([true, false, true, true]);
  });
});
