/**
 * Identity disclosure with a second person (issue 18, item 13), on both dialects,
 * with the clock passed in (never today's time): no details before approval, after
 * a refusal, or after the approval expires; the requester cannot approve their own;
 * a custodian outside the tip's province cannot decide; every step is in the tip's
 * history. Then over HTTP: the custodian page is for custodians only, and an officer
 * sees the details on the tip page only once approved.
 */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIdentity } from "../../core/platform/crypto";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { decideIdentityRequest, fileIdentityRequest, listPendingIdentityRequests } from "../../db/queries/identity-requests";
import { setIdentityCustodian } from "../../db/queries/second-factor";
import { recordIdentityView } from "../../db/queries/staff-tips";
import { listTipEvents } from "../../db/queries/tip-events";
import type { RunningApp } from "../setup/app-server";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { SECRETS, seedRoutedTip, seedUnits, seedUsers, signIn, startStaffApp, UNIT_A, UNIT_B, USERS, type Principal } from "../setup/staff-fixtures";

const T0 = Date.UTC(2026, 2, 10, 8, 0, 0); // a fixed moment
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const PROVINCE_48 = ["20242", "20275", "48", "48-CYBER"];

describe.each(DIALECTS)("identity requests on %s", (_dialect, create) => {
  let database: TestDatabase;
  let ids: Record<Principal, number>;
  const officerA = (minutes: number) => ({ userId: ids.officerA, scope: unitsScope([UNIT_A]), at: at(minutes) });
  const supervisor = (minutes: number) => ({ userId: ids.supervisor, scope: unitsScope(PROVINCE_48), at: at(minutes) });
  const hours = (h: number, fromMinutes: number) => at(fromMinutes + h * 60);

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    ids = await seedUsers(database.db);
  });
  afterAll(async () => database?.destroy());

  it("shows nothing before approval, then for its time only, every step in the history", async () => {
    const { tipId } = await seedRoutedTip(database.db, { reporter: { name: "Lê Thị Hoa", phone: "0905123456" } });
    expect(await recordIdentityView(database.db, tipId, officerA(0))).toBeNull();
    const filed = await fileIdentityRequest(database.db, tipId, "Cần liên hệ để lấy lời khai nhân chứng", officerA(0));
    expect(filed.ok).toBe(true);
    const requestId = (filed as { requestId: number }).requestId;
    expect(await fileIdentityRequest(database.db, tipId, "Lần nữa cho chắc chắn", officerA(1))).toEqual({ ok: false, problem: "alreadyOpen" });
    expect(await recordIdentityView(database.db, tipId, officerA(2))).toBeNull(); // pending
    expect((await listPendingIdentityRequests(database.db, unitsScope(PROVINCE_48), ids.supervisor)).map((r) => r.id)).toContain(requestId);

    // The requester cannot approve their own request, even with a wide scope.
    expect(await decideIdentityRequest(database.db, requestId, { approve: true, note: "Tự duyệt", expiresAt: hours(24, 5) }, { ...officerA(5), scope: unitsScope(PROVINCE_48) }))
      .toEqual({ ok: false, problem: "ownRequest" });
    // A custodian of another province does not even find it.
    expect(await decideIdentityRequest(database.db, requestId, { approve: true, note: "Đồng ý", expiresAt: hours(24, 5) }, { userId: ids.officerB, scope: unitsScope(["01", "00004"]), at: at(5) }))
      .toEqual({ ok: false, problem: "notFound" });
    expect(await decideIdentityRequest(database.db, requestId, { approve: true, note: "Đồng ý, chỉ để lấy lời khai", expiresAt: hours(24, 10) }, supervisor(10)))
      .toMatchObject({ ok: true, tipId });
    expect(await decideIdentityRequest(database.db, requestId, { approve: false, note: "Đổi ý", expiresAt: hours(24, 11) }, supervisor(11)))
      .toEqual({ ok: false, problem: "alreadyDecided" });

    // Approved: shown, and recorded.
    const sealed = await recordIdentityView(database.db, tipId, officerA(60));
    expect(openIdentity(sealed!, SECRETS.DATA_KEY)).toEqual({ name: "Lê Thị Hoa", phone: "0905123456" });
    // Another officer of the same unit has no approval of their own.
    expect(await recordIdentityView(database.db, tipId, { userId: ids.officerB, scope: unitsScope([UNIT_A]), at: at(60) })).toBeNull();
    // A minute before the end: still; at the end and after: nothing.
    expect(await recordIdentityView(database.db, tipId, officerA(10 + 24 * 60 - 1))).not.toBeNull();
    expect(await recordIdentityView(database.db, tipId, officerA(10 + 24 * 60))).toBeNull();
    expect(await recordIdentityView(database.db, tipId, officerA(10 + 48 * 60))).toBeNull();

    const events = (await listTipEvents(database.db, tipId)).filter((e) => e.type.startsWith("identity"));
    expect(events.map((e) => [e.type, e.actorUserId])).toEqual([
      ["identity_requested", ids.officerA],
      ["identity_request_approved", ids.supervisor],
      ["identity_viewed", ids.officerA],
      ["identity_viewed", ids.officerA],
    ]);
    expect(events[1].data).toMatchObject({ requestId, note: "Đồng ý, chỉ để lấy lời khai", requester: USERS.officerA.name });

    // After expiry a new request may be filed.
    expect((await fileIdentityRequest(database.db, tipId, "Cần liên hệ lại lần hai", officerA(10 + 24 * 60 + 5))).ok).toBe(true);
  });

  it("shows nothing after a refusal", async () => {
    const { tipId } = await seedRoutedTip(database.db, { reporter: { name: "Trần Văn Bảo", email: "bao@example.vn" } });
    const filed = await fileIdentityRequest(database.db, tipId, "Muốn xác minh người báo tin", officerA(0));
    const requestId = (filed as { requestId: number }).requestId;
    expect(await decideIdentityRequest(database.db, requestId, { approve: false, note: "Chưa đủ căn cứ", expiresAt: hours(24, 3) }, supervisor(3))).toMatchObject({ ok: true });
    expect(await recordIdentityView(database.db, tipId, officerA(4))).toBeNull();
    const types = (await listTipEvents(database.db, tipId)).map((e) => e.type);
    expect(types).toContain("identity_request_refused");
    expect(types).not.toContain("identity_viewed");
  });

  it("refuses requests about anonymous tips and tips outside the officer's units", async () => {
    const anonymous = await seedRoutedTip(database.db);
    expect(await fileIdentityRequest(database.db, anonymous.tipId, "Cần liên hệ để lấy lời khai", officerA(0))).toEqual({ ok: false, problem: "anonymous" });
    const elsewhere = await seedRoutedTip(database.db, { unitCode: UNIT_B, reporter: { name: "Ngô Văn Cường" } });
    expect(await fileIdentityRequest(database.db, elsewhere.tipId, "Cần liên hệ để lấy lời khai", officerA(0))).toEqual({ ok: false, problem: "notFound" });
  });
});

describe("identity requests over HTTP", () => {
  let app: RunningApp;
  let ids: Record<Principal, number>;
  let database: DatabaseHandle;
  let tipId: number;

  beforeAll(async () => {
    ({ app, ids } = await startStaffApp({
      seed: async (db) => {
        tipId = (await seedRoutedTip(db, { reporter: { name: "Phan Thị Duyên", phone: "0911222333" } })).tipId;
      },
    }));
    database = openDatabase(app.databaseUrl);
    await setIdentityCustodian(database.db, ids.supervisor, true);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await app?.stop();
  });

  const post = (path: string, cookie: string, body: Record<string, string>) =>
    fetch(`${app.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: app.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });

  it("files, approves and shows, only for a custodian who is not the requester", async () => {
    const officer = await signIn(app.url, USERS.officerA.email);
    const custodian = await signIn(app.url, USERS.supervisor.email);
    // Before any request: revealing shows nothing.
    const early = await post(`/can-bo/tin/${tipId}`, officer, { intent: "reveal" });
    expect(await early.text()).not.toContain("0911222333");
    expect((await post(`/can-bo/tin/${tipId}`, officer, { intent: "requestIdentity", reason: "Cần gọi lại để hỏi thêm chi tiết" })).status).toBe(200);
    const page = await (await fetch(`${app.url}/can-bo/tin/${tipId}`, { headers: { Cookie: officer } })).text();
    expect(page).toContain("Đề nghị của bạn đang chờ người phê duyệt");
    expect(page).not.toContain("0911222333");

    // Not a custodian: refused.
    expect((await fetch(`${app.url}/can-bo/danh-tinh`, { redirect: "manual", headers: { Cookie: officer } })).status).toBe(403);
    const list = await (await fetch(`${app.url}/can-bo/danh-tinh`, { headers: { Cookie: custodian } })).text();
    expect(list).toContain("Cần gọi lại để hỏi thêm chi tiết");
    const requestId = (await database.db.selectFrom("identity_requests").select("id").where("tip_id", "=", tipId).executeTakeFirstOrThrow()).id;
    const missingNote = await post("/can-bo/danh-tinh", custodian, { requestId: String(requestId), decision: "approve", note: "" });
    expect(missingNote.status).toBe(400);
    expect((await post("/can-bo/danh-tinh", custodian, { requestId: String(requestId), decision: "approve", note: "Đồng ý trong ngày" })).status).toBe(200);

    const shown = await (await post(`/can-bo/tin/${tipId}`, officer, { intent: "reveal" })).text();
    expect(shown).toContain("0911222333");
    expect(shown).toContain("Phan Thị Duyên");
  });
});
