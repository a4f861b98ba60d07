/**
 * Notifications by email end to end in real Chromium, with the web and worker processes
 * and a real SMTP server (issue 16 item 4): an officer, with JavaScript off, on a 360 px
 * phone, using only the keyboard, chooses "new tip" by email on /can-bo/thong-bao/email;
 * a tip then reaches the unit through the worker's pipeline, and one email arrives — the
 * event, the tip's number and a link, none of the tip's words. The page passes axe-core
 * and asks nothing of another origin. Screenshots in test-results/.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow } from "../../core/tips";
import { openDatabase } from "../../db/client";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible, expectNoProblems, expectNoSidewaysScroll, watchPage } from "../setup/page-checks";
import { freePort } from "../setup/redis";
import { startTestSmtp, type TestSmtp } from "../setup/smtp";
import { baseTip, RECEIPTS, SECRETS, signIn, startStaffApp, USERS } from "../setup/staff-fixtures";

describe.skipIf(!browserAvailable)("notifications by email in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp(await freePort());
    [{ app }, browser] = await Promise.all([
      startStaffApp({ worker: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: "http://tinbao.test" } }),
      launchBrowser(),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it("choose by keyboard without JavaScript on a phone, then a new tip arrives by email", { timeout: 180_000 }, async () => {
    const cookie = await signIn(app.url, USERS.officerA.email);
    const [name, value] = cookie.split("=");
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    await context.addCookies([{ name: name!, value: value!, url: app.url }]);
    const page = await context.newPage();
    const watch = watchPage(page, app.url, false);
    await page.goto(`${app.url}/can-bo/thong-bao`);
    await page.getByRole("link", { name: "Nhận thông báo qua email" }).click();
    await page.waitForURL(/\/can-bo\/thong-bao\/email$/);
    expect(await page.locator("main").innerText()).toContain(`Thư gửi đến ${USERS.officerA.email}`);
    await expectNoSidewaysScroll(page, "email preferences 360");
    await expectAccessible(browser, page, "email preferences", false);
    expectNoProblems(watch, page, "email preferences");

    // Keyboard only: to the first checkbox ("new tip"), tick it, on to the save button, Enter.
    await page.locator("#kind-tip_new").focus();
    await page.keyboard.press("Space");
    expect(await page.locator("#kind-tip_new").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Lưu lựa chọn" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForLoadState("load");
    await expect.poll(() => page.locator("[role=status]").first().textContent()).toContain("Đã lưu lựa chọn");
    expect(await page.locator("#kind-tip_new").isChecked()).toBe(true);
    await keepScreenshot(page, "email-preferences-360.png", { fullPage: true });
    expectNoProblems(watch, page, "email preferences saved");

    // A tip reaches unit A through the worker's pipeline: one email to officer A.
    const handle = openDatabase(app.databaseUrl);
    let tipId: number;
    try {
      ({ tipId } = await acceptTipOrThrow({ db: handle.db, dataKey: SECRETS.DATA_KEY, receipts: RECEIPTS }, baseTip));
    } finally {
      await handle.close();
    }
    const mine = () => smtp.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === USERS.officerA.email);
    await expect.poll(() => mine().length, { timeout: 60_000, interval: 250 }).toBe(1);
    const mail = mine()[0]!;
    expect(mail.subject).toBe(`[Tin Báo] Tin #${tipId}: Tin mới trong hàng chờ của đơn vị`);
    expect(mail.text).toContain(`http://tinbao.test/can-bo/tin/${tipId}`);
    expect(mail.text).not.toContain("ma túy");
    expect(mail.text).not.toContain("Ngô Quyền");
    await context.close();
  });
});
