/**
 * The public side's storage on SQLite and PostgreSQL: a tip with every location
 * detail, opening it with its receipt, follow-up sessions that expire, the
 * tipster's messages and the status change they cause, the public view (no
 * officer identities), idempotent API responses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../core/platform/crypto";
import {
  addTipsterMessage, closeFollowUpSession, currentFollowUpTip, findTipByReceipt, followUpCookie, loadPublicTipView,
  openFollowUpSession, publicStatus,
} from "../../app/utils/followup.server";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { findIdempotentResponse, insertIdempotentResponse, purgeIdempotencyKeys } from "../../db/queries/idempotency-keys";
import { findActiveWard, listWards } from "../../db/queries/intake-reference";
import { insertMessage } from "../../db/queries/messages";
import { listTipEvents } from "../../db/queries/tip-events";
import { tempDir, DIALECTS, type TestDatabase } from "../setup/db";
import { setTipStatus } from "../setup/tip-status";
import { ReceiptHasher } from "../../core/receipts";

const SECRETS = { dataKey: Buffer.alloc(32, 3).toString("base64"), receipts: new ReceiptHasher("followup-test-salt-0123456789") };

describe("publicStatus", () => {
  it("shows residents four plain states, never the internal ones", () => {
    const base = { valuable: null, linkedToCase: false };
    expect(publicStatus({ ...base, status: "received" })).toBe("received");
    expect(publicStatus({ ...base, status: "routed" })).toBe("received");
    expect(publicStatus({ ...base, status: "in_progress" })).toBe("verifying");
    expect(publicStatus({ ...base, status: "waiting_tipster" })).toBe("verifying");
    expect(publicStatus({ ...base, status: "closed" })).toBe("closed");
    expect(publicStatus({ ...base, status: "closed", valuable: false })).toBe("closed");
    expect(publicStatus({ status: "in_progress", valuable: true, linkedToCase: false })).toBe("acted_on");
    expect(publicStatus({ status: "closed", valuable: null, linkedToCase: true })).toBe("acted_on");
  });
});

describe.each(DIALECTS)("public intake storage on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let deps: IntakeDeps;
  let officerId: number;

  beforeAll(async () => {
    database = await createDatabase();
    await database.db.insertInto("units").values([
      { code: "48", name: "Thành phố Đà Nẵng", name_folded: "thanh pho da nang", level: "province", parent_code: null, province_code: "48" },
      { code: "20275", name: "Phường An Hải", name_folded: "phuong an hai", level: "ward", parent_code: "48", province_code: "48" },
      { code: "20200", name: "Phường Hòa Khánh", name_folded: "phuong hoa khanh", level: "ward", parent_code: "48", province_code: "48" },
    ]).execute();
    const officer = await database.db.insertInto("users").values({
      email: "canbo@example.test", name: "Nguyễn Văn Cán Bộ", password_hash: "x", role: "officer", created_at: new Date().toISOString(),
    }).returning("id").executeTakeFirstOrThrow();
    officerId = officer.id;
    deps = { db: database.db, ...SECRETS, uploadsDir: tempDir("tinbao-followup-") };
  });
  afterAll(async () => database?.destroy());

  it("keeps every location detail a reporter gave, with the ward as what the pipeline resolves first", async () => {
    const { tipId } = await acceptTipOrThrow(deps, {
      channel: "web", category: "racing", description: "Nhóm thanh niên tụ tập đua xe mỗi tối thứ bảy.",
      occurredAt: "2026-10-03T14:30:00.000Z", occurredPrecision: "approximate",
      location: { kind: "ward", wardCode: "20275", provinceCode: "48", address: "Đường Võ Nguyên Giáp", lat: 16.07, lng: 108.24 },
      reporter: null,
    });
    const row = await database.db.selectFrom("tips").selectAll().where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      location_kind: "ward", location_ward_code: "20275", location_province_code: "48",
      location_address: "Đường Võ Nguyên Giáp", location_lat: 16.07, location_lng: 108.24,
      occurred_precision: "approximate", status: "received", reporter_enc: null,
    });
    expect(row.created_at).toMatch(/:00\.000Z$/); // to the minute
  });

  it("lists a province's wards and finds a ward by code", async () => {
    expect((await listWards(database.db, "48")).map((w) => w.code)).toEqual(["20275", "20200"]);
    expect(await findActiveWard(database.db, "20200")).toEqual({ code: "20200", name: "Phường Hòa Khánh", provinceCode: "48" });
    expect(await findActiveWard(database.db, "48")).toBeUndefined(); // a province is not a ward
  });

  it("opens a tip by its receipt only, through a session that holds neither receipt nor tip id", async () => {
    const { tipId, receipt } = await acceptTipOrThrow(deps, anonymousTip());
    expect(await findTipByReceipt(database.db, SECRETS.receipts, receipt, { kind: "resident", clientKey: "test" })).toBe(tipId);
    const wrong = receipt.slice(0, 15) + ((Number(receipt[15]) + 1) % 10);
    expect(await findTipByReceipt(database.db, SECRETS.receipts, wrong, { kind: "resident", clientKey: "test" })).toBeNull();

    const setCookie = await openFollowUpSession(database.db, tipId, false);
    expect(setCookie).toMatch(/^theo_doi=[^;]+; Path=\/theo-doi; HttpOnly; SameSite=Strict$/);
    const cookieValue = setCookie.split(";")[0];
    const token = (await followUpCookie.parse(cookieValue)) as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookieValue).not.toContain(receipt);
    expect(Buffer.from(cookieValue.split("=")[1], "base64").toString()).not.toContain(String(tipId).padStart(4, "#"));
    const stored = await database.db.selectFrom("receipt_sessions").selectAll().execute();
    expect(stored.map((s) => s.id_hash)).toContain(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const request = new Request("http://localhost/theo-doi", { headers: { Cookie: cookieValue } });
    expect(await currentFollowUpTip(request, database.db)).toBe(tipId);

    const cleared = await closeFollowUpSession(request, database.db, false);
    expect(cleared).toContain("Max-Age=0");
    expect(await currentFollowUpTip(request, database.db)).toBeNull();
  });

  it("ends a session after 20 minutes without use, and each use pushes the end on", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip());
    const cookie = (await openFollowUpSession(database.db, tipId, false)).split(";")[0];
    const hash = sha256Hex((await followUpCookie.parse(cookie)) as string);
    const session = await database.db.selectFrom("receipt_sessions").selectAll().where("id_hash", "=", hash).executeTakeFirstOrThrow();
    const idleMinutes = (Date.parse(session.expires_at) - Date.now()) / 60_000;
    expect(idleMinutes).toBeGreaterThan(19.9);
    expect(idleMinutes).toBeLessThanOrEqual(21);

    await database.db.updateTable("receipt_sessions").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id_hash", "=", hash).execute();
    const request = new Request("http://localhost/theo-doi", { headers: { Cookie: cookie } });
    expect(await currentFollowUpTip(request, database.db)).toBeNull();
    // The next session opened clears expired ones: nothing links an old visit to a tip.
    await openFollowUpSession(database.db, tipId, false);
    expect(await database.db.selectFrom("receipt_sessions").select("id_hash").where("id_hash", "=", hash).executeTakeFirst()).toBeUndefined();
  });

  it("takes the tipster's answer: message, audit event, and waiting_tipster back to in_progress", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip());
    const askedAt = new Date().toISOString();
    await setTipStatus(database.db, tipId, "waiting_tipster");
    await insertMessage(database.db, { tipId, author: "officer", userId: officerId, body: "Xe màu gì?", at: askedAt });

    const before = await loadPublicTipView(database.db, tipId);
    expect(before).toMatchObject({ status: "verifying", waitingForReply: true, finished: false });

    await addTipsterMessage({ db: database.db, uploadsDir: deps.uploadsDir! }, { tipId, kind: "reply", body: "Xe Wave màu đỏ.", photos: [] });
    const tip = await database.db.selectFrom("tips").select("status").where("id", "=", tipId).executeTakeFirstOrThrow();
    expect(tip.status).toBe("in_progress");
    const events = await listTipEvents(database.db, tipId);
    expect(events.map((e) => e.type)).toEqual(["received", "tipster_replied", "status_changed"]);
    expect(events[2]).toMatchObject({ actorKind: "tipster", data: { from: "waiting_tipster", to: "in_progress" } });

    await addTipsterMessage({ db: database.db, uploadsDir: deps.uploadsDir! }, { tipId, kind: "addInfo", body: "Biển số 43A-123.45", photos: [] });
    expect((await listTipEvents(database.db, tipId)).map((e) => e.type).slice(-1)).toEqual(["tipster_added_info"]);

    const view = await loadPublicTipView(database.db, tipId);
    expect(view?.messages).toEqual([
      { from: "officer", at: askedAt, body: "Xe màu gì?" },
      { from: "tipster", at: expect.stringMatching(/:00\.000Z$/), body: "Xe Wave màu đỏ." },
      { from: "tipster", at: expect.stringMatching(/:00\.000Z$/), body: "Biển số 43A-123.45" },
    ]);
    expect(JSON.stringify(view)).not.toContain("Cán Bộ"); // no officer names or ids
  });

  it("shows a tip linked to a case as acted on, and a closed one as finished", async () => {
    const { tipId } = await acceptTipOrThrow(deps, anonymousTip());
    await setTipStatus(database.db, tipId, "closed", { valuable: 0 });
    expect(await loadPublicTipView(database.db, tipId)).toMatchObject({ status: "closed", finished: true });
    const now = new Date().toISOString();
    const kase = await database.db.insertInto("cases").values({
      unit_code: "20275", number: `VV-${tipId}`, title: "Vụ ma túy", category: "drugs", created_at: now, updated_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    await database.db.insertInto("case_tips").values({ case_id: kase.id, tip_id: tipId, created_at: now }).execute();
    expect(await loadPublicTipView(database.db, tipId)).toMatchObject({ status: "acted_on" });
  });

  it("keeps an idempotent response per key and forgets it after its window", async () => {
    const key = await database.db.insertInto("api_keys").values({
      name: "t", channel: "partner", prefix: "tb_x", key_hash: `h-${Math.random()}`, rate_limit_per_min: 600, created_at: new Date().toISOString(),
    }).returning("id").executeTakeFirstOrThrow();
    await insertIdempotentResponse(database.db, { apiKeyId: key.id, key: "k1", status: 201, body: "sealed", createdAt: "2026-01-01T00:00:00.000Z" });
    expect(await findIdempotentResponse(database.db, key.id, "k1", "2025-12-31T00:00:00.000Z")).toEqual({ status: 201, body: "sealed" });
    expect(await findIdempotentResponse(database.db, key.id, "k1", "2026-01-02T00:00:00.000Z")).toBeUndefined();
    await purgeIdempotencyKeys(database.db, "2026-01-02T00:00:00.000Z");
    expect(await findIdempotentResponse(database.db, key.id, "k1", "2000-01-01T00:00:00.000Z")).toBeUndefined();
  });
});

function anonymousTip() {
  return {
    channel: "web" as const, category: "drugs", description: "Có người bán ma túy ở quán cà phê đầu kiệt vào buổi tối.",
    occurredAt: null, occurredPrecision: "unknown" as const, location: { kind: "ward" as const, wardCode: "20275", provinceCode: "48" },
    reporter: null,
  };
}
