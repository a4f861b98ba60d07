/**
 * Every public page and state a resident (or a stray visitor) can reach, in Chromium
 * on a 360 px phone, with JavaScript on and off, in Vietnamese and English: the home
 * page, the tip form (empty, with its errors, after a commune search, the receipt),
 * the follow-up page (empty, a wrong receipt, an opened tip before and after an
 * officer's question), staff sign-in (and a failed one) and the 404 page. On each:
 * no console error (the favicon included), no request to another origin, none of our
 * resources failing, no sideways scrolling; and no serious or critical axe-core violation
 * in Vietnamese with JavaScript and in English without it — every state is audited in
 * both languages and both modes, not in all four pairs (an audit is the crawl's largest
 * cost; docs/decisions/0074).
 * Screenshots go to test-results/crawl-*.png with TINBAO_SCREENSHOTS=1.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { insertMessage } from "../../db/queries/messages";
import { browserAvailable, keepScreenshot } from "../setup/browser";
import { useIntakeBrowserWorld } from "../setup/intake-browser";
import { expectAccessible, expectNoProblems, expectNoSidewaysScroll, watchPage } from "../setup/page-checks";
import { setTipStatus } from "../setup/tip-status";

const MIN_FILL_MS = 3_100;

describe.skipIf(!browserAvailable)("the public site, page by page, on a phone", () => {
  const world = useIntakeBrowserWorld();

  for (const lng of ["vi", "en"] as const) {
    for (const javaScriptEnabled of [true, false]) {
      const mode = `${lng}-${javaScriptEnabled ? "js" : "nojs"}`;
      const audited = (lng === "vi") === javaScriptEnabled; // vi-js and en-nojs

      it(`passes on every page, ${lng === "vi" ? "in Vietnamese" : "in English"}, JavaScript ${javaScriptEnabled ? "on" : "off"}${audited ? ", axe-core audited" : ""}`, { timeout: 600_000 }, async () => {
        const context = await world.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
        context.setDefaultTimeout(60_000);
        const page = await context.newPage();
        const watch = watchPage(page, world.intake.app.url, javaScriptEnabled);
        const visited: string[] = [];
        const check = async (state: string, expectedStatus: number | null = null) => {
          await page.waitForLoadState("load");
          if (javaScriptEnabled) await page.waitForLoadState("networkidle");
          expect(await page.getAttribute("html", "lang"), state).toBe(lng);
          await expectNoSidewaysScroll(page, `${mode} ${state}`);
          if (audited) await expectAccessible(world.browser, page, `${mode} ${state}`, javaScriptEnabled);
          await keepScreenshot(page, `crawl-${mode}-${state}.png`, { fullPage: true });
          expectNoProblems(watch, page, `${mode} ${state}`, expectedStatus);
          visited.push(state);
        };
        const text = (vi: string, en: string) => (lng === "vi" ? vi : en);

        await page.goto(world.intake.app.url);
        if (lng === "en") {
          await page.getByRole("button", { name: "English" }).click();
          await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
        }
        await check("home");

        // The tip form: as it comes, sent empty, after a commune search, and the receipt.
        await page.goto(`${world.intake.app.url}/bao-tin`);
        const loadedAt = Date.now();
        await check("form");
        await page.getByRole("button", { name: text("Gửi tin báo", "Send tip") }).click();
        await page.locator(".error-summary").waitFor();
        await check("form-errors", javaScriptEnabled ? null : 400); // with JavaScript the browser finds them first
        await searchWard(page, javaScriptEnabled, "hai chau 1");
        await check("form-ward-search");
        await page.check("input[name=category][value=theft]");
        await page.fill("#tip-description", `Trộm xe máy trước chợ, lúc chiều tối (${mode}).`);
        await page.check("input[name=when][value=unknown]");
        const wait = MIN_FILL_MS - (Date.now() - loadedAt);
        if (wait > 0) await page.waitForTimeout(wait);
        await page.getByRole("button", { name: text("Gửi tin báo", "Send tip") }).click();
        const receipt = (await page.getByTestId("receipt").textContent())!.trim();
        await check("receipt");
        const tip = await world.database.db.selectFrom("tips").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();

        // The follow-up: the page, a wrong receipt, the opened tip before and after an officer's question.
        await page.goto(`${world.intake.app.url}/theo-doi`);
        await check("follow-up");
        await page.fill("#open-receipt", "0000 0000 0000 0000");
        await page.locator("button[name=intent][value=open]").click();
        await page.locator(".error-summary").waitFor();
        await check("follow-up-wrong-receipt", 400);
        await page.fill("#open-receipt", receipt);
        await page.locator("button[name=intent][value=open]").click();
        await page.locator(".status-word").waitFor();
        await check("follow-up-opened");
        await setTipStatus(world.database.db, tip.id, "waiting_tipster");
        await insertMessage(world.database.db, { tipId: tip.id, author: "officer", userId: null, body: "Xe màu gì, biển số bao nhiêu?", at: new Date().toISOString() });
        await page.reload();
        await page.locator("#reply-body").waitFor();
        await check("follow-up-question");

        // Staff sign-in, and a failed one.
        await page.goto(`${world.intake.app.url}/can-bo/dang-nhap`);
        await check("sign-in");
        await page.locator("input[name=email]").fill(`nobody-${mode}@example.vn`);
        await page.locator("input[name=password]").fill("not the password at all");
        await page.locator("form button[type=submit]").last().click();
        await page.locator("[role=alert], .notice.error, .error-summary").first().waitFor();
        await check("sign-in-failed", 401);

        // A page that does not exist.
        const missing = await page.goto(`${world.intake.app.url}/khong-co-trang-nay`);
        expect(missing?.status()).toBe(404);
        await check("not-found", 404);

        expect(visited).toHaveLength(12);
        await context.close();
      });
    }
  }
});

/** The commune search: a round trip without JavaScript, filtering as one types with it. */
async function searchWard(page: Page, javaScriptEnabled: boolean, query: string) {
  await page.selectOption("#tip-province", "48");
  await page.fill("#tip-wardQuery", query);
  if (!javaScriptEnabled) await page.locator("#tip-wardQuery ~ button").click();
  await expect.poll(() => page.locator("#tip-wardCode").inputValue()).not.toBe("");
}

