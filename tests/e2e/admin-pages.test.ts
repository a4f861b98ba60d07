/**
 * The administration pages in real Chromium, with JavaScript and without, at 1,280 px and 360 px: the staff
 * header and the administration's section menu each on one line at 1,280 px, no sideways scrolling at 360 px,
 * no serious or critical axe-core problem, the section menu reachable by keyboard, and a routing rule added
 * without JavaScript by picking a province and typing a unit's name without diacritics. Screenshots are kept
 * in test-results/ (admin-*.png).
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible, expectNoSidewaysScroll, oneLine } from "../setup/page-checks";
import { passSecondFactorInBrowser } from "../setup/second-factor";
import { PASSWORD, seedRoutedTip, startStaffApp, UNIT_A, USERS } from "../setup/staff-fixtures";

const PAGES = [
  { name: "users", path: "/quan-tri/nguoi-dung" },
  { name: "rules", path: "/quan-tri/quy-tac" },
  { name: "units", path: "/quan-tri/don-vi" },
  { name: "unit", path: `/quan-tri/don-vi/${UNIT_A}` },
  { name: "audit", path: "/quan-tri/nhat-ky" },
  { name: "keys", path: "/quan-tri/khoa-api" },
];

describe.skipIf(!browserAvailable)("administration pages in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [{ app }, browser] = await Promise.all([startStaffApp({ seed: async (db) => void (await seedRoutedTip(db)) }), launchBrowser()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // The sign-in itself (password and second factor, in this browser) is done once with JavaScript (the first
  // page that needs it) and once without (the keyboard test below); the other pages reuse the first session's
  // cookies — each sign-in costs ~2 s of browser work, and this file needed five.
  let session: Promise<BrowserContextOptions["storageState"]> | undefined;

  async function signInInBrowser(page: Page) {
    await page.goto(`${app.url}/can-bo/dang-nhap`);
    await page.getByLabel("Email công vụ").fill(USERS.admin.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await passSecondFactorInBrowser(page, app.url, USERS.admin.email);
    await page.waitForURL(/\/quan-tri$/);
  }

  async function signedIn(javaScriptEnabled: boolean, width: number): Promise<Page> {
    session ??= (async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await signInInBrowser(await context.newPage());
      const state = await context.storageState();
      await context.close();
      return state;
    })();
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 }, storageState: await session });
    return context.newPage();
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "js" : "nojs";
    it(`fits 1,280 px on one line and 360 px without sideways scrolling (${mode})`, async () => {
      for (const width of [1280, 360]) {
        const page = await signedIn(javaScriptEnabled, width);
        for (const { name, path } of PAGES) {
          const res = await page.goto(`${app.url}${path}`);
          expect(res?.status(), path).toBe(200);
          if (width === 1280) {
            expect(await oneLine(page, ".staff-nav a"), `${path}: header wraps`).toBe(true);
            expect(await oneLine(page, ".admin-menu a"), `${path}: section menu wraps`).toBe(true);
          }
          await expectNoSidewaysScroll(page, `${path} @${width}`);
          if (width === 360 || name === "users") await expectAccessible(browser, page, `${path} @${width} ${mode}`, javaScriptEnabled);
          if (javaScriptEnabled) await keepScreenshot(page, `admin-${name}-${width}.png`, { fullPage: true });
        }
        await page.context().close();
      }
    }, 240_000);
  }

  it("reaches the section menu by keyboard and adds a routing rule without JavaScript, by names", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInInBrowser(page);
    await page.goto(`${app.url}/quan-tri/quy-tac`);
    // Tab from the top of the page to the section menu's "Nhật ký hệ thống" and follow it with Enter.
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.textContent === "Nhật ký hệ thống" && !!document.activeElement.closest(".admin-menu"));
    }
    expect(reached).toBe(true);
    await Promise.all([page.waitForURL(/\/quan-tri\/nhat-ky$/), page.keyboard.press("Enter")]);

    await page.goto(`${app.url}/quan-tri/quy-tac`);
    await page.getByLabel("Tỉnh, thành phố").selectOption("48");
    await page.getByLabel("Loại vụ việc").selectOption("fraud");
    await page.getByLabel("Đơn vị", { exact: true }).fill("phong an ninh mang");
    await page.getByRole("button", { name: "Thêm quy tắc" }).click();
    await expect.poll(() => page.locator(".notice.ok").textContent()).toContain("Đã thêm quy tắc.");
    expect(await page.locator("table").textContent()).toContain("Phòng An ninh mạng, Công an TP Đà Nẵng (48-CYBER)");
    // A name that matches nothing: the error is next to the field.
    await page.getByLabel("Tỉnh, thành phố").selectOption("48");
    await page.getByLabel("Đơn vị", { exact: true }).fill("khong co don vi nay");
    await page.getByRole("button", { name: "Thêm quy tắc" }).click();
    await expect.poll(() => page.locator("#unitCode-error").textContent()).toContain("Không tìm thấy đơn vị này.");
    await page.context().close();
  }, 120_000);
});
