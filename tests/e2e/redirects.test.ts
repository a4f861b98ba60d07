/**
 * The open redirect of issue 18 (item 3), replayed in real Chromium: a sign-in
 * link carrying `redirectTo=/<TAB>/evil.host/…` (which a browser reads as
 * `//evil.host/…`, another host) must leave the officer on our own site, with
 * JavaScript on and off. No request may leave for the other host.
 * Also: a form the server refuses to read (413) is a page in the visitor's language.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { PASSWORD, startStaffApp, USERS } from "../setup/staff-fixtures";

const ATTACKS = [
  ["a tab", "/%09/evil.host/can-bo"],
  ["a newline", "/%0A/evil.host/can-bo"],
  ["a backslash", "/%5Cevil.host/can-bo"],
  ["two slashes", "//evil.host/can-bo"],
] as const;

describe.skipIf(!browserAvailable)("redirects after sign-in in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [{ app }, browser] = await Promise.all([startStaffApp(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A context whose requests to anything but the app are recorded and refused (no DNS, no evil.host). */
  async function guardedContext(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; elsewhere: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled });
    context.setDefaultTimeout(60_000); // argon2 sign-ins on two shared cores
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === app.url) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    return { context, elsewhere };
  }

  for (const javaScriptEnabled of [true, false]) {
    for (const [label, target] of ATTACKS) {
      it(`keeps the officer on the site: redirectTo with ${label}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
        const { context, elsewhere } = await guardedContext(javaScriptEnabled);
        const page = await context.newPage();
        await page.goto(`${app.url}/can-bo/dang-nhap?redirectTo=${target}`);
        await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
        await page.getByLabel("Mật khẩu").fill(PASSWORD);
        await page.getByRole("button", { name: "Đăng nhập" }).click();
        await page.waitForURL(`${app.url}/can-bo`);
        expect(new URL(page.url()).origin).toBe(app.url);
        expect(await page.locator("h1").textContent()).toBeTruthy();
        expect(elsewhere).toEqual([]);
        await context.close();
      });
    }
  }

  it("still brings the officer back to the same-site page asked for", async () => {
    const { context, elsewhere } = await guardedContext(false);
    const page = await context.newPage();
    await page.goto(`${app.url}/can-bo/vu-viec`);
    await page.waitForURL(/\/can-bo\/dang-nhap\?redirectTo=%2Fcan-bo%2Fvu-viec/);
    await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}/can-bo/vu-viec`);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  for (const [language, title] of [["vi", "Không gửi được biểu mẫu"], ["en", "The form could not be sent"]] as const) {
    it(`shows a form the server will not read as a page in ${language === "vi" ? "Vietnamese" : "English"} (JavaScript off)`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${app.url}/can-bo/dang-nhap`);
      if (language === "en") await page.getByRole("button", { name: "English" }).click();
      await page.getByLabel(language === "vi" ? "Mật khẩu" : "Password").waitFor();
      // The sign-in form, swollen past its limit the way the probe did it: 100 extra fields.
      await page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>("main form")!;
        for (let i = 0; i < 100; i++) form.insertAdjacentHTML("beforeend", `<input type="hidden" name="a" value="">`);
      });
      await page.locator("input[name=email]").fill(USERS.officerA.email);
      await page.locator("input[name=password]").fill(PASSWORD);
      const answer = page.waitForResponse((res) => res.request().method() === "POST");
      await page.locator("main form button[type=submit]").click();
      expect((await answer).status()).toBe(413);
      await expect.poll(() => page.locator("h1").textContent()).toBe(title);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await keepScreenshot(page, `form-refused-${language}-360.png`, { fullPage: true });
      await context.close();
    });
  }
});
