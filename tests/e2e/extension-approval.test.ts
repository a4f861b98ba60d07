/**
 * An art. 147 extension in real Chromium, without JavaScript (issue 16's done-when):
 * the officer who holds a tip asks for a later last day with a reason; the province's
 * supervisor opens the tip, sees the request and approves it with a note; the officer's
 * queue then shows the new deadline and "đã gia hạn". The requester is offered no
 * approve button. Screenshots go to test-results/extension-*.png.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { formatDate } from "../../app/components/staff/format";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { createSupervisor, SUPERVISOR_DATA_KEY, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD } from "../setup/oversight-browser";
import { expectAccessible, expectNoSidewaysScroll } from "../setup/page-checks";
import { passSecondFactorInBrowser } from "../setup/second-factor";
import { PASSWORD, seedRoutedTip, startStaffApp, USERS } from "../setup/staff-fixtures";

describe.skipIf(!browserAvailable)("an extension requested by an officer and approved by a supervisor", () => {
  let app: RunningApp;
  let browser: Browser;
  let tipId: number;

  beforeAll(async () => {
    let seeded = 0;
    [{ app }, browser] = await Promise.all([
      startStaffApp({
        // The supervisor's second factor is enrolled under this data key before the server starts.
        env: { DATA_KEY: SUPERVISOR_DATA_KEY },
        seed: async (db) => {
          await createSupervisor(db, "48");
          seeded = (await seedRoutedTip(db)).tipId;
        },
      }),
      launchBrowser(),
    ]);
    tipId = seeded;
    // The officer holds the tip (claimed), as one does before asking for more time.
    const handle = openDatabase(app.databaseUrl);
    try {
      const officer = await handle.db.selectFrom("users").select("id").where("email", "=", USERS.officerA.email).executeTakeFirstOrThrow();
      await handle.db.updateTable("tips").set({ claimed_by: officer.id, status: "in_progress" }).where("id", "=", tipId).execute();
    } finally {
      await handle.close();
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function noScriptPage(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    context.setDefaultTimeout(60_000);
    return { context, page: await context.newPage() };
  }

  async function signIn(page: Page, email: string, password: string, target: string) {
    await page.goto(`${app.url}/can-bo/dang-nhap?${new URLSearchParams({ redirectTo: target })}`);
    await page.getByLabel("Email công vụ").fill(email);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
  }

  it("goes from request to approval to the queue's new deadline", { timeout: 240_000 }, async () => {
    const officer = await noScriptPage(360);
    const tipPath = `/can-bo/tin/${tipId}`;
    await signIn(officer.page, USERS.officerA.email, PASSWORD, tipPath);
    await officer.page.waitForURL(`${app.url}${tipPath}`);

    // The request: a day after the current deadline (the field's minimum) plus ten, and a reason.
    const extension = officer.page.locator("details#extension");
    await extension.locator("summary").click();
    const min = await officer.page.locator("#newDate").getAttribute("min");
    expect(min).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const newDay = new Date(Date.parse(`${min}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await officer.page.locator("#newDate").fill(newDay);
    await officer.page.locator("#extend-reason").fill("Chờ kết quả giám định điện thoại thu giữ");
    await officer.page.getByRole("button", { name: "Gửi đề nghị gia hạn" }).click();
    // The tip page now says the request waits (its box closed: the form is spent).
    expect(await officer.page.locator("details#extension > summary").innerText()).toBe("Gia hạn chờ duyệt");
    await officer.page.locator("details#extension > summary").click();
    expect(await officer.page.locator("details#extension").innerText()).toContain("đang chờ duyệt");
    // The requester sees the request pending and cannot approve it.
    expect(await officer.page.getByRole("button", { name: "Duyệt gia hạn" }).count()).toBe(0);
    await expectNoSidewaysScroll(officer.page, "tip page with a pending extension at 360 px");
    await keepScreenshot(officer.page, "extension-requested-360.png", { fullPage: true });
    await officer.page.goto(`${app.url}/can-bo?tab=in_progress`);
    expect(await officer.page.locator(`tr:has(a[href="${tipPath}"])`).innerText()).toContain("gia hạn chờ duyệt");

    // The supervisor approves it with a note, by keyboard.
    const supervisor = await noScriptPage(1280);
    await signIn(supervisor.page, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD, tipPath);
    await passSecondFactorInBrowser(supervisor.page, app.url, SUPERVISOR_EMAIL);
    await supervisor.page.waitForURL(`${app.url}${tipPath}`);
    expect(await supervisor.page.locator("details#extension").innerText()).toContain("đang chờ duyệt");
    await supervisor.page.locator("#extension-note").focus();
    await supervisor.page.keyboard.type("Đồng ý, đề nghị hoàn thành trước hạn mới");
    await expectAccessible(browser, supervisor.page, "tip page with a pending extension", false);
    await supervisor.page.getByRole("button", { name: "Duyệt gia hạn" }).focus();
    await supervisor.page.keyboard.press("Enter");
    await expect.poll(() => supervisor.page.locator("main").innerText()).toContain("Đã ghi quyết định về đề nghị gia hạn");
    await keepScreenshot(supervisor.page, "extension-approved-1280.png", { fullPage: true });

    // The officer's queue: the new deadline, marked as extended.
    await officer.page.goto(`${app.url}/can-bo?tab=in_progress`);
    const row = officer.page.locator(`tr:has(a[href="${tipPath}"])`);
    expect(await row.innerText()).toContain("đã gia hạn");
    expect(await row.innerText()).toContain(formatDate(newDay, "vi"));
    await keepScreenshot(officer.page, "extension-queue-360.png", { fullPage: true });
    await officer.context.close();
    await supervisor.context.close();
  });
});
