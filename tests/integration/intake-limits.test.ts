/**
 * Limits without tracking: tips per client on the form, receipt guesses per client
 * (shared by the follow-up page and the status API). Over a limit the answer says
 * how long to wait, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake as vi } from "../../app/i18n/vi/intake";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { formToken, multipart, postTip, startIntakeApp, VALID_API_TIP, VALID_FORM, type IntakeApp } from "./intake-fixtures";

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
