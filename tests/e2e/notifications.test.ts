/**
 * The notification bell and list in real Chromium against the real web process
 * (issue 16): with JavaScript, an officer on another staff page sees the bell's
 * count rise when a tip of the unit is routed by the intake worker's code, opens the
 * list from the bell and the tip from the list, and the count falls; without
 * JavaScript the list, "mark read" and "mark all read" work by plain forms at 360 px.
 */
import { Redis } from "ioredis";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow } from "../../core/tips";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible, expectNoSidewaysScroll } from "../setup/page-checks";
import { TEST_REDIS_URL } from "../setup/redis";
import { baseTip, PASSWORD, RECEIPTS, SECRETS, seedUnits, seedUsers, USERS } from "../setup/staff-fixtures";

const poll = <T,>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

describe.skipIf(!browserAvailable)("notifications in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let db: DatabaseHandle;
  let redis: Redis;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await seedUnits(handle.db);
            await seedUsers(handle.db);
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
    db = openDatabase(app.databaseUrl);
    redis = new Redis(TEST_REDIS_URL);
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await browser?.close();
    await db?.close();
    await app?.stop();
  });

  /** A tip taken in and routed to unit A by the pipeline's own code, which notifies and publishes. */
  async function tipArrives(): Promise<number> {
    const { tipId } = await acceptTipOrThrow({ db: db.db, dataKey: SECRETS.DATA_KEY, receipts: RECEIPTS }, baseTip);
    await processIntake({ db: db.db, triage: createTriageContextCache(db.db), notify: { redis, prefix: app.prefix } }, tipId);
    return tipId;
  }

  async function signIn(page: Page) {
    await page.goto(`${app.url}/can-bo/dang-nhap`);
    await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}/can-bo`);
  }

  const bell = (page: Page) => page.locator(".staff-nav a.bell");

  it("the bell's count rises live and the tip opens from it", { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await signIn(page);
    // Not the queue: the bell follows the stream on any staff page.
    await page.goto(`${app.url}/can-bo/vu-viec`);
    await poll(() => bell(page).textContent()).toContain("0 chưa đọc");
    await page.waitForTimeout(1_000); // the stream is subscribed
    await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });

    const tipId = await tipArrives();
    await poll(() => bell(page).textContent()).toContain("1 chưa đọc");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await bell(page).click();
    await page.waitForURL(`${app.url}/can-bo/thong-bao`);
    const item = page.locator(".notification-list li.unread");
    await poll(() => item.textContent()).toContain("Tin mới trong hàng chờ của đơn vị");
    expect(await bell(page).textContent()).toContain("1 chưa đọc");
    expect(await item.textContent()).not.toContain(baseTip.description.slice(0, 20));
    await expectAccessible(browser, page, "notifications");
    await keepScreenshot(page, "notifications-list.png", { fullPage: true });

    await page.getByRole("link", { name: `Tin #${tipId}` }).click();
    await page.waitForURL(`${app.url}/can-bo/tin/${tipId}`);
    await poll(() => bell(page).textContent()).toContain("0 chưa đọc");
    await context.close();
  });

  it("works without JavaScript at 360 px: list, mark read, mark all read", { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await signIn(page);
    const [first, second, third] = [await tipArrives(), await tipArrives(), await tipArrives()];
    await page.goto(`${app.url}/can-bo/thong-bao`);
    expect(await bell(page).textContent()).toContain("3 chưa đọc");
    for (const id of [first, second, third]) expect(await page.locator(".notification-list").textContent()).toContain(`Tin #${id}`);
    await expectNoSidewaysScroll(page, "notifications at 360 px");
    await expectAccessible(browser, page, "notifications without JavaScript", false);

    await page.getByRole("button", { name: `Đánh dấu đã đọc: Tin #${second}` }).click();
    await page.waitForURL(`${app.url}/can-bo/thong-bao`);
    expect(await bell(page).textContent()).toContain("2 chưa đọc");
    await page.getByRole("button", { name: "Đánh dấu tất cả đã đọc" }).click();
    await page.waitForURL(`${app.url}/can-bo/thong-bao`);
    expect(await bell(page).textContent()).toContain("0 chưa đọc");
    expect(await page.locator(".notification-list li.unread").count()).toBe(0);
    // A reload after the redirect posts nothing again.
    const reload = await page.reload();
    expect(reload?.request().method()).toBe("GET");
    await context.close();
  });
});
