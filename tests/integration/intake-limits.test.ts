/**
 * Limits without tracking: tips per client on the form, receipt guesses per client
 * (shared by the follow-up page and the status API), a tipster's additions. Over a limit the answer says
 * how long to wait, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake as vi } from "../../app/i18n/vi/intake";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { formToken, multipart, photoWithGps, postTip, startIntakeApp, VALID_API_TIP, VALID_FORM, type IntakeApp } from "../setup/intake-fixtures";

/** Limits count in fixed 10-minute windows: a test that needs one whole window starts well inside one. */
async function startOfAWindow(margin = 60_000): Promise<void> {
  const into = Date.now() % 600_000;
  if (into > 600_000 - margin) await new Promise((r) => setTimeout(r, 600_000 - into + 100));
}

/** The message with its {{minutes}}, which a fixed window makes anything from 1 to the window's length. */
function waitMinutes(html: string, message: string): number {
  const [before, after] = message.split("{{minutes}}");
  const found = html.split(before)[1]?.split(after)[0];
  return Number(found);
}

describe("per-client limits", () => {
  let intake: IntakeApp;
  let database: DatabaseHandle;

  beforeAll(async () => {
    intake = await startIntakeApp();
    database = openDatabase(intake.app.databaseUrl);
  });
  afterAll(async () => {
    await database?.close();
    await intake?.app.stop();
  });

  const countTips = async () => Number((await database.db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  it("takes 10 tips from one client in 10 minutes, then asks it to wait", { timeout: 120_000 }, async () => {
    await startOfAWindow();
    const token = await formToken(intake.app);
    await new Promise((r) => setTimeout(r, 3_100));
    const send = (i: number) => {
      const { body, contentType } = multipart(Object.entries({ ...VALID_FORM, started: token, description: `Lần ${i}: trộm xe máy trước nhà số 12 lúc 2 giờ sáng.` }).map(([name, value]) => ({ name, value })));
      return fetch(`${intake.app.url}/bao-tin`, { method: "POST", headers: { "Content-Type": contentType }, body });
    };
    for (let i = 0; i < 10; i++) {
      const res = await send(i);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('data-testid="receipt"');
    }
    const before = await countTips();
    const limited = await send(10);
    expect(limited.status).toBe(429);
    const html = (await limited.text()).replaceAll("\u0000", "");
    const minutes = waitMinutes(html, vi.errors.form.rateLimited);
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(10); // until the end of the fixed 10-minute window
    expect(html).toContain(">Lần 10: trộm xe máy"); // what was typed is kept
    expect(await countTips()).toBe(before);
  });

  it("blocks a client guessing receipts after 10 tries, on the page and the API alike, even for a right receipt", { timeout: 120_000 }, async () => {
    await startOfAWindow();
    const res = await postTip(intake.app, intake.apiKey, VALID_API_TIP);
    const { receipt } = (await res.json()) as { receipt: string };
    const open = (value: string) =>
      fetch(`${intake.app.url}/theo-doi`, { method: "POST", body: new URLSearchParams({ intent: "open", receipt: value }), redirect: "manual" });

    for (let i = 0; i < 6; i++) expect((await open(String(2e15 + i))).status).toBe(400);
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${intake.app.url}/api/v1/tips/status`, { headers: { "X-Receipt": String(3e15 + i) } })).status).toBe(404);
    }
    const blockedPage = await open(receipt);
    expect(blockedPage.status).toBe(429);
    const retryAfter = Number(blockedPage.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600); // until the end of the fixed 10-minute window
    expect(waitMinutes((await blockedPage.text()).replaceAll("\u0000", ""), vi.errors.followUp.tooMany)).toBe(Math.ceil(retryAfter / 60));
    const blockedApi = await fetch(`${intake.app.url}/api/v1/tips/status`, { headers: { "X-Receipt": receipt } });
    expect(blockedApi.status).toBe(429);
    expect(blockedApi.headers.get("retry-after")).toBeTruthy();

    // A partner with its own key is limited per key, not by this client's block.
    const partner = await fetch(`${intake.app.url}/api/v1/tips/status`, { headers: { "X-Receipt": receipt, Authorization: `Bearer ${intake.apiKey}` } });
    expect(partner.status).toBe(200);
  });
});

/**
 * "Add information" is limited (issue 18, item 5: 20 posts × 5 photos wrote
 * 551 MB in 25 s from one client): 5 additions per session per 10 minutes, and
 * per tip 10 a day and 25 MB of stored photos a day. Nothing is stored past a limit.
 */
describe("tipster additions", () => {
  let intake: IntakeApp;
  let database: DatabaseHandle;
  let receipt = "";

  beforeAll(async () => {
    intake = await startIntakeApp();
    database = openDatabase(intake.app.databaseUrl);
    receipt = ((await (await postTip(intake.app, intake.apiKey, VALID_API_TIP)).json()) as { receipt: string }).receipt;
  });
  afterAll(async () => {
    await database?.close();
    await intake?.app.stop();
  });

  /** A follow-up session opened with the receipt (from its own address, so receipt tries do not run out). */
  async function openSession(): Promise<string> {
    const res = await fetch(`${intake.app.url}/theo-doi`, { method: "POST", body: new URLSearchParams({ intent: "open", receipt }), redirect: "manual" });
    expect(res.status).toBe(303);
    return res.headers.get("set-cookie")!.split(";")[0];
  }
  const add = (cookie: string, body: string, photo?: Buffer) => {
    const parts = [{ name: "intent", value: "add" }, { name: "body", value: body }, ...(photo ? [{ name: "photos", value: photo, filename: "anh.jpg", type: "image/jpeg" }] : [])];
    const { body: payload, contentType } = multipart(parts);
    return fetch(`${intake.app.url}/theo-doi`, { method: "POST", headers: { "Content-Type": contentType, Cookie: cookie }, body: payload, redirect: "manual" });
  };
  const tipsterMessages = async () => Number((await database.db.selectFrom("tip_messages").select((eb) => eb.fn.countAll<number>().as("n")).where("author", "=", "tipster").executeTakeFirstOrThrow()).n);

  it("takes 5 additions in a session's 10 minutes, then asks it to wait, storing nothing more", { timeout: 120_000 }, async () => {
    await startOfAWindow();
    const cookie = await openSession();
    for (let i = 0; i < 5; i++) expect((await add(cookie, `Bổ sung lần ${i + 1}: xe máy biển số 43A-123.45.`)).status).toBe(303);
    const refused = await add(cookie, "Bổ sung lần 6.");
    expect(refused.status).toBe(429);
    expect((await refused.text()).replaceAll("\u0000", "")).toContain(vi.errors.followUp.tooManyAdditions);
    expect(await tipsterMessages()).toBe(5);
  });

  it("takes 10 additions a day per tip whatever the session, and 25 MB of photos", { timeout: 120_000 }, async () => {
    const second = await openSession();
    for (let i = 0; i < 5; i++) expect((await add(second, `Phiên hai, lần ${i + 1}.`)).status).toBe(303);
    expect(await tipsterMessages()).toBe(10);
    const third = await openSession();
    const refused = await add(third, "Lần thứ 11 trong ngày.");
    expect(refused.status).toBe(429);
    expect((await refused.text()).replaceAll("\u0000", "")).toContain(vi.errors.followUp.dailyLimit.replace("{{messages}}", "10").replace("{{megabytes}}", "25"));
    expect(await tipsterMessages()).toBe(10);

    // The photo budget: yesterday's additions no longer count, today's photo bytes do.
    const tip = await database.db.selectFrom("tips").select("id").executeTakeFirstOrThrow();
    const yesterday = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await database.db.updateTable("tip_messages").set({ at: yesterday }).where("tip_id", "=", tip.id).execute();
    const message = await database.db.insertInto("tip_messages").values({ tip_id: tip.id, author: "tipster", user_id: null, body: "ảnh", at: new Date().toISOString() }).returning("id").executeTakeFirstOrThrow();
    await database.db.insertInto("tip_photos").values({
      tip_id: tip.id, message_id: message.id, file_name: "da-co.jpg", mime: "image/jpeg", width: 2560, height: 1920, bytes: 25 * 1024 * 1024 - 10, created_at: new Date().toISOString(),
    }).execute();
    const fourth = await openSession();
    expect((await add(fourth, "Chỉ chữ, không ảnh.")).status).toBe(303);
    const withPhoto = await add(fourth, "Thêm một ảnh.", await photoWithGps());
    expect(withPhoto.status).toBe(429);
    expect(await database.db.selectFrom("tip_photos").select("id").where("tip_id", "=", tip.id).execute()).toHaveLength(1);
  });
});
