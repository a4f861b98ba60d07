/**
 * Two-step sign-in in real Chromium (issue 18, item 12): a new administrator signs
 * in with the password, is sent to set up the app (QR code drawn on the page, the
 * key as text), types the code the test computes from that key, sees ten recovery
 * codes once, lands on the admin pages; signs in again with the next code
 * (JavaScript on). Set-up runs with JavaScript off on a 360 px phone. No request
 * leaves the site. Screenshots in test-results/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePasswordHash } from "../setup/passwords";
import { totpCode } from "../../app/utils/totp.server";
import { createUser } from "../../db/queries/users";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { PASSWORD, startStaffApp } from "../setup/staff-fixtures";

const EMAIL = "quantri.moi@test.tinbao.vn";

describe.skipIf(!browserAvailable)("two-step sign-in in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [{ app }, browser] = await Promise.all([
      startStaffApp({
        seed: async (db) => {
          await createUser(db, { email: EMAIL, name: "Đỗ Thị Hạnh", role: "admin", passwordHash: await fixturePasswordHash(PASSWORD), provinceCode: null, unitCodes: [], createdAt: new Date().toISOString() });
        },
      }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function guarded(options: { javaScriptEnabled: boolean; width: number }): Promise<{ context: BrowserContext; elsewhere: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled, viewport: { width: options.width, height: 800 } });
    context.setDefaultTimeout(60_000);
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === app.url) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    return { context, elsewhere };
  }

  it("sets up the app without JavaScript on a phone, then signs in with a code", { timeout: 180_000 }, async () => {
    const { context, elsewhere } = await guarded({ javaScriptEnabled: false, width: 360 });
    const page = await context.newPage();
    await page.goto(`${app.url}/quan-tri`);
    await page.waitForURL(/\/can-bo\/dang-nhap/);
    await page.getByLabel("Email công vụ").fill(EMAIL);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/can-bo\/xac-minh/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Thiết lập xác thực hai lớp");
    expect(await page.locator(".qr svg").count()).toBe(1);
    const secret = (await page.locator("#totp-secret").textContent())!.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const input = page.getByLabel("Mã trên ứng dụng");
    expect(await input.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await input.getAttribute("inputmode")).toBe("numeric");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await keepScreenshot(page, "second-factor-enrol-360.png", { fullPage: true });

    // A wrong code first: a clear message, still on the set-up page.
    const wrong = String((Number(totpCode(secret, new Date())) + 500_000) % 1_000_000).padStart(6, "0");
    await input.fill(wrong);
    await page.getByRole("button", { name: "Xác nhận và bật" }).click();
    await expect.poll(() => page.locator(".notice, [role=alert]").first().textContent()).toContain("Mã không đúng");

    await page.getByLabel("Mã trên ứng dụng").fill(totpCode(secret, new Date()));
    await page.getByRole("button", { name: "Xác nhận và bật" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Mã dự phòng của bạn");
    const codes = await page.locator(".recovery-codes code").allTextContents();
    expect(codes).toHaveLength(10);
    await keepScreenshot(page, "second-factor-codes-360.png", { fullPage: true });
    await page.getByRole("link", { name: "Tiếp tục" }).click();
    await page.waitForURL((u) => u.pathname === "/quan-tri");
    expect(await page.locator("h1").textContent()).not.toContain("Xác thực hai lớp");
    expect(elsewhere).toEqual([]);
    await context.close();

    // Another browser, JavaScript on: password, then the app's next code.
    const second = await guarded({ javaScriptEnabled: true, width: 1280 });
    const again = await second.context.newPage();
    await again.goto(`${app.url}/can-bo/dang-nhap`);
    await again.getByLabel("Email công vụ").fill(EMAIL);
    await again.getByLabel("Mật khẩu").fill(PASSWORD);
    await again.getByRole("button", { name: "Đăng nhập" }).click();
    await again.waitForURL(/\/can-bo\/xac-minh/);
    await expect.poll(() => again.locator("h1").textContent()).toBe("Xác thực hai lớp");
    // The code of the next step: the one used to set up is spent.
    await again.getByLabel("Mã trên ứng dụng").fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await keepScreenshot(again, "second-factor-verify.png", { fullPage: true });
    await again.getByRole("button", { name: "Tiếp tục" }).click();
    await again.waitForURL((u) => u.pathname === "/quan-tri");
    await again.locator("#code").waitFor({ state: "detached" });
    expect(await again.locator("main").innerText()).not.toContain("Xác thực hai lớp");
    expect(second.elsewhere).toEqual([]);
    await second.context.close();
  });
});
