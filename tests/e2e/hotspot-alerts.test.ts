/**
 * Hotspot alerts in real Chromium against the real web process (issue 17): the worker's
 * detection (run in the set-up on a seeded rise in An Hải) made an alert and a
 * notification; An Hải's officer, at 360 px without JavaScript and by keyboard alone,
 * goes from the menu to the alerts, reads the sentence and the day-by-day table, opens
 * the alert, is told what is missing when marking it handled without a note, then marks
 * it handled; the notification links to it. No sideways scrolling, no serious axe
 * violation, no request to another origin. Screenshots: test-results/hotspot-alerts-360.png,
 * hotspot-alert-360.png.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHotspotMemory, runHotspotDetection } from "../../core/hotspots";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { addDays } from "../../domain/stats";
import { vietnamDayStart } from "../../domain/vietnam-time";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { insertIncidentHistory, LAST_DAY, seedHotspotWorld } from "../setup/hotspot-fixtures";
import { expectAccessible, expectNoSidewaysScroll, watchPage, expectNoProblems } from "../setup/page-checks";
import { PASSWORD, SECRETS, USERS } from "../setup/staff-fixtures";

const NOW = new Date(Date.parse(vietnamDayStart(addDays(LAST_DAY, 1))) + 3_600_000);

describe.skipIf(!browserAvailable)("hotspot alerts in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            const world = await seedHotspotWorld(handle.db);
            await insertIncidentHistory(handle.db, world.wards, { usual: 4, rise: 3 });
            await runHotspotDetection(handle.db, createHotspotMemory(), NOW);
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Tabs until the focused element's accessible text matches, then presses Enter. */
  async function tabTo(page: Page, text: RegExp, limit = 60) {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? (el.getAttribute("aria-label") ?? el.textContent ?? "").trim() : "";
      });
      if (text.test(focused)) return;
    }
    throw new Error(`no focusable element matching ${text}`);
  }

  it("an officer reads and handles An Hải's alert by keyboard, without JavaScript, at 360 px", { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const watch = watchPage(page, app.url, false);
    await page.goto(`${app.url}/can-bo/dang-nhap`);
    await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}/can-bo`);

    await tabTo(page, /^Điểm nóng$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${app.url}/can-bo/diem-nong`);
    const card = page.locator(".hotspot-card").first();
    expect(await card.textContent()).toMatch(/Điểm nóng: sự việc loại “Trộm cắp[^”]*” tại Phường An Hải tăng từ ngày/);
    expect(await page.locator(".hotspot-spark").first().getAttribute("aria-label")).toMatch(/^Số sự việc mỗi ngày từ /);
    await expectNoSidewaysScroll(page, "hotspot alerts at 360 px");
    await expectAccessible(browser, page, "hotspot alerts", false);
    await keepScreenshot(page, "hotspot-alerts-360.png", { fullPage: true });

    await tabTo(page, /^Chi tiết, đánh dấu đã xử lý$/);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/can-bo\/diem-nong\/\d+$/);
    const alertUrl = page.url();
    // Without a note: the field says what is missing.
    await tabTo(page, /^Đánh dấu đã xử lý$/);
    await page.keyboard.press("Enter");
    await page.waitForLoadState();
    expect(await page.locator("#note-error").textContent()).toContain("Hãy ghi chú đã làm gì");
    expect(await page.locator("#note").getAttribute("aria-invalid")).toBe("true");
    expectNoProblems(watch, page, "a note missing", 400);
    await page.locator("#note").focus();
    await page.keyboard.type("Đã tăng cường tuần tra quanh chợ.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${alertUrl}?da-xu-ly`);
    expect(await page.locator(".notice.ok").textContent()).toContain("Đã đánh dấu cảnh báo là đã xử lý.");
    expect(await page.locator(".hotspot-card").textContent()).toContain("Đã tăng cường tuần tra quanh chợ.");
    expect(await page.locator(".hotspot-handle").count()).toBe(0);
    await expectNoSidewaysScroll(page, "hotspot alert at 360 px");
    await expectAccessible(browser, page, "hotspot alert", false);
    await keepScreenshot(page, "hotspot-alert-360.png", { fullPage: true });

    // The notification about it links to it.
    await page.goto(`${app.url}/can-bo/thong-bao`);
    await page.getByRole("link", { name: /^Điểm nóng #\d+$/ }).click();
    await page.waitForURL(alertUrl);
    expectNoProblems(watch, page, "hotspot pages");
    await context.close();
  });
});
