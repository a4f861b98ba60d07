/**
 * The administrator's gazetteer page in Chromium: add a place with the ward picker by
 * name, find it with a search typed without diacritics, accept a duty-desk suggestion
 * (which becomes a place), at 360 px, without JavaScript too.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { suggestPlace } from "../../db/queries/places";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { seedUnits, seedUsers, signIn, SECRETS, USERS } from "../setup/staff-fixtures";

describe.skipIf(!browserAvailable)("places admin page", () => {
  let app: RunningApp;
  let browser: Browser;
  let databaseUrl = "";

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          databaseUrl = env.DATABASE_URL!;
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await seedUnits(handle.db);
            await seedUsers(handle.db);
            await suggestPlace(handle.db, { provinceCode: "48", phrase: "chợ Phước Mỹ", wardCode: "20275", tipId: null, userId: null }, "2026-12-01T01:00:00.000Z");
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

  it.each([true, false])("adds a place, finds it folded, accepts a suggestion (JavaScript %s)", async (javaScriptEnabled) => {
    const cookie = await signIn(app.url, USERS.admin.email);
    const [name, value] = cookie.split("=");
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 800 } });
    await context.addCookies([{ name: name!, value: value!, url: app.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.url}/quan-tri/dia-danh`);
    await keepScreenshot(page, "places-admin-first.png", { fullPage: true });
    expect(await page.title()).toContain("Địa danh");

    const placeName = javaScriptEnabled ? "Chợ Mới An Hải" : "Bến cá Hải Châu";
    await page.locator("#name").fill(placeName);
    await page.locator("#kind").selectOption("market");
    await page.locator("#wardCodes").selectOption({ label: javaScriptEnabled ? "Phường An Hải" : "Phường Hải Châu" });
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã lưu.").waitFor();

    const folded = javaScriptEnabled ? "cho moi an hai" : "ben ca hai chau";
    await page.locator("#q").fill(folded);
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.waitForURL(/q=/);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(placeName);
    await keepScreenshot(page, `places-admin-${javaScriptEnabled ? "js" : "nojs"}.png`, { fullPage: true });

    if (javaScriptEnabled) {
      await page.goto(`${app.url}/quan-tri/dia-danh`);
      await page.getByRole("button", { name: "Nhận đề xuất “chợ Phước Mỹ”" }).click();
      await page.getByText("Đã nhận đề xuất", { exact: false }).waitFor();
      const handle = openDatabase(databaseUrl);
      try {
        const place = await handle.db.selectFrom("places").select(["name", "ward_codes", "source"]).where("name_folded", "=", "cho phuoc my").executeTakeFirstOrThrow();
        expect(place.ward_codes).toBe('["20275"]');
        expect(place.source).toMatch(/suggestion/);
        const s = await handle.db.selectFrom("place_suggestions").select("status").executeTakeFirstOrThrow();
        expect(s.status).toBe("accepted");
      } finally {
        await handle.close();
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
