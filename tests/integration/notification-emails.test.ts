/**
 * Identity-request notifications and notifications by email (issue 16 item 4, issue 18
 * item 13), on a real database of each dialect, a real SMTP server (smtp-server) and,
 * for the job, a real Redis; every time is passed in (a controlled clock), never today's.
 *
 * - filing an identity request notifies the custodians who can decide it, never the
 *   requester; the decision notifies the requester; nothing of the tipster is stored;
 * - the bell's count is exactly the list's unread rows;
 * - an event makes one email to the right address, with the tip's number, a link on
 *   PUBLIC_URL and none of the tip's words; quiet hours hold it back; a digest collects
 *   a day's events into one email at the chosen hour; an SMTP server that is down gets
 *   the email once when it is back; two workers send it once; a purge takes the outbox
 *   rows; the BullMQ job delivers.
 * Then over HTTP: without SMTP_URL the page says email is off and saves nothing; with
 * it, choices are saved, and bad ones answered per field with nothing stored.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUnread, listNotifications, notifyTipEvent } from "../../core/notifications";
import { deliverDueEmails, type EmailDeliveryContext } from "../../core/notification-emails";
import { createMailer } from "../../core/platform/mailer";
import { createRedis } from "../../core/platform/queues";
import { fixturePasswordHash } from "../setup/passwords";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { findEmailPreferences, saveEmailPreferences } from "../../db/queries/email-notifications";
import { decideIdentityRequest, fileIdentityRequest } from "../../db/queries/identity-requests";
import { deleteNotificationsOfTips } from "../../db/queries/notifications";
import { unitsScope } from "../../db/queries/scope";
import { setIdentityCustodian } from "../../db/queries/second-factor";
import { createUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import type { EmailPreferences } from "../../domain/notification-email";
import { vietnamInstant } from "../../domain/vietnam-time";
import { startEmailDelivery } from "../../workers/emails";
import type { RunningApp } from "../setup/app-server";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { clearPrefix, freePort, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { baseTip, seedRoutedTip, seedUnits, seedUsers, signIn, startStaffApp, UNIT_A, UNIT_B, USERS } from "../setup/staff-fixtures";
import { startTestSmtp, type TestSmtp } from "../setup/smtp";

const PROVINCE_48 = ["20242", "20275", "48", "48-CYBER"];
const PUBLIC = "https://tinbao.example.vn";
/** A Vietnam wall-clock moment in March 2026, as stored (UTC ISO). */
const vn = (day: number, hour: number, minute = 0) => vietnamInstant(2026, 3, day, hour, minute);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

describe.each(DIALECTS)("identity-request notifications and email (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  let smtp: TestSmtp;
  let ctx: EmailDeliveryContext;
  let serial = 0;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    ids = await seedUsers(db);
    smtp = await startTestSmtp(await freePort());
    ctx = { db, mailer: createMailer(smtp.url, "Tin Báo <no-reply@tinbao.example.vn>"), baseUrl: PUBLIC };
  }, 120_000);
  afterAll(async () => {
    ctx?.mailer.close();
    await smtp?.stop();
    await database?.destroy();
  });

  /** A new officer of `unit` (each test its own recipient, so the mailbox can be read per person). */
  async function officer(unit = UNIT_A, prefs?: Partial<EmailPreferences>): Promise<{ id: number; email: string }> {
    const email = `officer.${++serial}.${Date.now()}@test.tinbao.vn`;
    const id = await createUser(db, {
      email, name: `Cán bộ ${serial}`, role: "officer", passwordHash: await fixturePasswordHash("x-password-long-enough"), provinceCode: null, unitCodes: [unit], createdAt: vn(1, 8),
    });
    if (prefs) await saveEmailPreferences(db, id, { kinds: ["tip_new"], delivery: "immediate", digestHour: 7, quiet: null, language: "vi", ...prefs }, vn(1, 8));
    return { id, email };
  }
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);
  const newTipAt = async (at: string) => {
    const { tipId } = await seedRoutedTip(db);
    await db.transaction().execute((trx) => notifyTipEvent(trx, tipId, { kind: "tip_new" }, at));
    return tipId;
  };

  it("an identity request notifies the custodians who can decide it, then its decision the requester; nothing of the tipster", async () => {
    await setIdentityCustodian(db, ids.supervisor, true);
    const custodianA = await officer(UNIT_A);
    const custodianB = await officer(UNIT_B);
    await setIdentityCustodian(db, custodianA.id, true);
    await setIdentityCustodian(db, custodianB.id, true);
    await setIdentityCustodian(db, ids.officerA, true); // a custodian never hears of their own request
    const { tipId } = await seedRoutedTip(db, { reporter: { name: "Lê Thị Hoa", phone: "0905123456" } });
    const filed = await fileIdentityRequest(db, tipId, "Cần liên hệ để lấy lời khai nhân chứng", { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: vn(2, 9) });
    expect(filed.ok).toBe(true);
    const requestId = (filed as { requestId: number }).requestId;
    const rows = () => db.selectFrom("notifications").selectAll().where("tip_id", "=", tipId).orderBy("user_id").orderBy("kind").execute();
    expect((await rows()).map((r) => [r.user_id, r.kind, r.step])).toEqual(
      [[ids.supervisor, "identity_requested", `request:${requestId}`], [custodianA.id, "identity_requested", `request:${requestId}`]].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    // The supervisor sees it in their list and bell, leading to the custodians' page.
    const scope = unitsScope(PROVINCE_48);
    const listed = (await listNotifications(db, { id: ids.supervisor }, scope, { limit: 50 })).filter((n) => n.tipId === tipId);
    expect(listed.map((n) => n.kind)).toEqual(["identity_requested"]);
    expect(await countUnread(db, { id: ids.supervisor }, scope)).toBe((await listNotifications(db, { id: ids.supervisor }, scope, { limit: 500 })).filter((n) => !n.readAt).length);

    expect(await decideIdentityRequest(db, requestId, { approve: true, note: "Đồng ý, chỉ để lấy lời khai", expiresAt: vn(3, 9) }, { userId: ids.supervisor, scope, at: vn(2, 10) }))
      .toMatchObject({ ok: true });
    const decided = (await rows()).filter((r) => r.kind !== "identity_requested");
    expect(decided.map((r) => [r.user_id, r.kind, r.unit_code])).toEqual([[ids.officerA, "identity_approved", UNIT_A]]);
    const stored = JSON.stringify(await rows());
    for (const secret of ["Lê Thị Hoa", "0905123456", "lời khai"]) expect(stored).not.toContain(secret);

    // A second request, refused: the refusal is its own notification.
    const again = await fileIdentityRequest(db, tipId, "Cần liên hệ lại lần hai", { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: vn(4, 9) });
    const second = (again as { requestId: number }).requestId;
    await decideIdentityRequest(db, second, { approve: false, note: "Chưa đủ căn cứ", expiresAt: vn(5, 9) }, { userId: custodianA.id, scope: unitsScope([UNIT_A]), at: vn(4, 10) });
    expect((await rows()).filter((r) => r.user_id === ids.officerA).map((r) => r.kind)).toEqual(["identity_approved", "identity_refused"]);
    await setIdentityCustodian(db, ids.officerA, false);
  });

  it("the bell counts exactly what the list shows", async () => {
    const me = await officer(UNIT_A);
    const tipId = await newTipAt(vn(2, 11));
    // A row of a kind this version does not know (written by a newer one, or of a kind since retired).
    await db.insertInto("notifications").values({ user_id: me.id, unit_code: UNIT_A, kind: "kind_from_elsewhere", tip_id: tipId, step: "", created_at: vn(2, 12) }).execute();
    const scope = unitsScope([UNIT_A]);
    const list = await listNotifications(db, { id: me.id }, scope, { limit: 500 });
    expect(list.filter((n) => n.tipId === tipId).map((n) => n.kind)).toEqual(["tip_new"]);
    expect(await countUnread(db, { id: me.id }, scope)).toBe(list.filter((n) => n.readAt === null).length);
  });

  it("an event makes one email to its recipient: the event, the tip's number and link, none of the tip's words", async () => {
    const me = await officer(UNIT_A, { kinds: ["tip_new"] });
    const quiet = await officer(UNIT_A); // in-app only: no email
    const tipId = await newTipAt(vn(2, 14));
    const result = await deliverDueEmails(ctx, plus(vn(2, 14), 30_000));
    expect(result.failed).toBe(0);
    const mails = mailsTo(me.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`[Tin Báo] Tin #${tipId}: Tin mới trong hàng chờ của đơn vị`);
    expect(mail.text).toContain(`${PUBLIC}/can-bo/tin/${tipId}`);
    expect(mail.text).toContain("14:00"); // Vietnam time
    expect(mail.html).toBe(false); // plain text: nothing to track a reader with
    for (const word of baseTip.description.split(" ").filter((w) => w.length > 3)) expect(mail.text!.toLowerCase()).not.toContain(` ${word.toLowerCase()} `);
    expect(mail.text).not.toContain("Ngô Quyền");
    expect(mailsTo(quiet.email)).toHaveLength(0);
    // Nothing more, however often the job runs.
    await deliverDueEmails(ctx, plus(vn(2, 14), 60_000));
    await deliverDueEmails(ctx, plus(vn(2, 15), 0));
    expect(mailsTo(me.email)).toHaveLength(1);
    const row = await db.selectFrom("notification_emails").selectAll().where("user_id", "=", me.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: "sent", attempts: 1, digest_day: null });
  });

  it("quiet hours hold an email back until they end (in the user's language)", async () => {
    const me = await officer(UNIT_A, { quiet: { from: 22, to: 6 }, language: "en" });
    const tipId = await newTipAt(vn(3, 23));
    await deliverDueEmails(ctx, plus(vn(3, 23), 60_000));
    await deliverDueEmails(ctx, new Date(vn(4, 5, 59)));
    expect(mailsTo(me.email)).toHaveLength(0);
    await deliverDueEmails(ctx, new Date(vn(4, 6)));
    const mails = mailsTo(me.email);
    expect(mails.map((m) => m.subject)).toEqual([`[Tin Báo] Tip #${tipId}: New tip in the unit's queue`]);
  });

  it("a daily digest collects a day's events into one email at the chosen hour", async () => {
    const me = await officer(UNIT_A, { delivery: "digest", digestHour: 7 });
    const first = await newTipAt(vn(4, 10));
    const second = await newTipAt(vn(4, 15));
    await deliverDueEmails(ctx, new Date(vn(4, 15, 1)));
    await deliverDueEmails(ctx, new Date(vn(5, 6, 59)));
    expect(mailsTo(me.email)).toHaveLength(0);
    await deliverDueEmails(ctx, new Date(vn(5, 7)));
    await deliverDueEmails(ctx, new Date(vn(5, 7, 1)));
    const mails = mailsTo(me.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Tin Báo] Tóm tắt thông báo gửi ngày 05/03/2026: 2 thông báo");
    expect(mails[0]!.text).toContain(`${PUBLIC}/can-bo/tin/${first}`);
    expect(mails[0]!.text).toContain(`${PUBLIC}/can-bo/tin/${second}`);
    expect((await db.selectFrom("notification_emails").select("digest_day").where("user_id", "=", me.id).execute()).map((r) => r.digest_day)).toEqual(["2026-03-05", "2026-03-05"]);
    // An event after the digest waits for the next day's.
    const third = await newTipAt(vn(5, 7, 30));
    await deliverDueEmails(ctx, new Date(vn(5, 20)));
    expect(mailsTo(me.email)).toHaveLength(1);
    await deliverDueEmails(ctx, new Date(vn(6, 7)));
    expect(mailsTo(me.email)).toHaveLength(2);
    expect(mailsTo(me.email)[1]!.text).toContain(`/can-bo/tin/${third}`);
  });

  it("with the SMTP server down the email waits and is sent once when it is back; two workers send it once", async () => {
    const me = await officer(UNIT_A, {});
    const mine = () => db.selectFrom("notification_emails").select(["attempts", "retry_at", "outcome"]).where("user_id", "=", me.id).executeTakeFirstOrThrow();
    const t = vn(8, 10);
    await smtp.stop();
    try {
      await newTipAt(t);
      expect((await deliverDueEmails(ctx, plus(t, 10_000))).failed).toBeGreaterThan(0);
      expect(await mine()).toEqual({ attempts: 1, retry_at: plus(t, 70_000).toISOString(), outcome: null });
      // Within the back-off nothing is tried.
      expect((await deliverDueEmails(ctx, plus(t, 40_000))).failed).toBe(0);
      expect((await mine()).attempts).toBe(1);
    } finally {
      await smtp.start(); // the server is back
    }
    // Two workers at once (on PostgreSQL from two pools): one email.
    const second: DatabaseHandle | null = database.dir === null ? openDatabase(database.url) : null;
    try {
      await Promise.all([deliverDueEmails(ctx, plus(t, 75_000)), deliverDueEmails({ ...ctx, db: second?.db ?? db }, plus(t, 75_000))]);
    } finally {
      await second?.close();
    }
    await deliverDueEmails(ctx, plus(t, 10 * 60_000));
    expect(mailsTo(me.email)).toHaveLength(1);
    expect(await mine()).toEqual({ attempts: 2, retry_at: null, outcome: "sent" });
  });

  it("a kind the user no longer wants is dropped, not sent; a purge takes the outbox rows with the notifications", async () => {
    const me = await officer(UNIT_A, { delivery: "digest", digestHour: 7 });
    const tipId = await newTipAt(vn(9, 10));
    await saveEmailPreferences(db, me.id, { ...(await findEmailPreferences(db, me.id))!, kinds: ["deadline_passed"] }, vn(9, 11));
    await deliverDueEmails(ctx, new Date(vn(10, 7)));
    expect(mailsTo(me.email)).toHaveLength(0);
    expect((await db.selectFrom("notification_emails").select("outcome").where("user_id", "=", me.id).executeTakeFirstOrThrow()).outcome).toBe("dropped");
    const pending = await officer(UNIT_A, { delivery: "digest", digestHour: 7 });
    const purged = await newTipAt(vn(10, 10));
    expect(await db.selectFrom("notification_emails").select("notification_id").where("user_id", "=", pending.id).execute()).toHaveLength(1);
    await deleteNotificationsOfTips(db, [purged, tipId]);
    expect(await db.selectFrom("notification_emails").select("notification_id").where("user_id", "in", [me.id, pending.id]).execute()).toEqual([]);
  });

  it("the worker's BullMQ job delivers what is due", async () => {
    const me = await officer(UNIT_A, {});
    const t = vn(12, 9);
    await newTipAt(t);
    const redis = createRedis(TEST_REDIS_URL, "worker");
    const prefix = uniquePrefix("emails");
    const job = startEmailDelivery({ ...ctx, mailer: createMailer(smtp.url, "Tin Báo <no-reply@tinbao.example.vn>"), now: () => plus(t, 5_000) }, { worker: redis, prefix }, 100);
    try {
      await job.scheduled;
      const until = Date.now() + 20_000;
      while (mailsTo(me.email).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300)); // a few more runs: still one
      expect(mailsTo(me.email)).toHaveLength(1);
    } finally {
      await job.close();
      redis.disconnect();
      await clearPrefix(prefix);
    }
  });
});

describe("email preferences over HTTP", () => {
  let withEmail: RunningApp;
  let without: RunningApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp(await freePort());
    [{ app: withEmail }, { app: without }] = await Promise.all([startStaffApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://127.0.0.1" } }), startStaffApp()]);
  }, 120_000);
  afterAll(async () => {
    await withEmail?.stop();
    await without?.stop();
    await smtp?.stop();
  });

  const post = (app: RunningApp, cookie: string, body: URLSearchParams) =>
    fetch(`${app.url}/can-bo/thong-bao/email`, { method: "POST", redirect: "manual", headers: { Origin: app.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body });
  const form = (fields: Array<[string, string]>) => new URLSearchParams(fields);
  const stored = async (app: RunningApp) => {
    const handle = openDatabase(app.databaseUrl);
    try {
      return await handle.db.selectFrom("email_preferences").selectAll().execute();
    } finally {
      await handle.close();
    }
  };

  it("without SMTP_URL: the page says email is off, saving is refused, nothing stored, no error", async () => {
    const cookie = await signIn(without.url, USERS.officerA.email);
    const page = await fetch(`${without.url}/can-bo/thong-bao/email`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("chưa cấu hình máy chủ gửi thư");
    const res = await post(without, cookie, form([["kinds", "tip_new"], ["delivery", "immediate"], ["digestHour", "7"], ["quietFrom", ""], ["quietTo", ""], ["language", "vi"]]));
    expect(res.status).toBe(400);
    expect(await stored(without)).toEqual([]);
    expect(without.output()).not.toMatch(/SMTP|error/i);
  });

  it("with SMTP_URL: choices are saved; a bad choice is answered per field and nothing is stored", async () => {
    const cookie = await signIn(withEmail.url, USERS.officerA.email);
    const bad = await post(withEmail, cookie, form([["kinds", "tip_new"], ["kinds", "no_such_kind"], ["delivery", "immediate"], ["digestHour", "25"], ["quietFrom", ""], ["quietTo", ""], ["language", "vi"]]));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain("Có loại thông báo không hợp lệ.");
    expect(text).toContain("Chọn một giờ từ 0 đến 23.");
    const halfQuiet = await post(withEmail, cookie, form([["kinds", "tip_new"], ["delivery", "immediate"], ["digestHour", "7"], ["quietFrom", "22"], ["quietTo", ""], ["language", "vi"]]));
    expect(halfQuiet.status).toBe(400);
    expect(await halfQuiet.text()).toContain("Chọn cả giờ bắt đầu và giờ kết thúc");
    expect(await stored(withEmail)).toEqual([]);
    const good = await post(withEmail, cookie, form([["kinds", "tip_new"], ["kinds", "deadline_passed"], ["delivery", "digest"], ["digestHour", "18"], ["quietFrom", "22"], ["quietTo", "6"], ["language", "en"]]));
    expect(good.status).toBe(200);
    expect(await good.text()).toContain("Đã lưu lựa chọn");
    expect(await stored(withEmail)).toEqual([expect.objectContaining({ delivery: "digest", digest_hour: 18, quiet_from: 22, quiet_to: 6, language: "en" })]);
    const page = await (await fetch(`${withEmail.url}/can-bo/thong-bao/email`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/id="kind-deadline_passed"[^>]*checked/);
  });
});
