/**
 * Linked tips and the search by identifier in Chromium (issue 13, items 3 and 5), on
 * Đà Nẵng's real wards with tips taken through the real intake and pipeline: two tips
 * naming one bank account in different wards, months apart, show each other as linked
 * to the supervisor who may read both; the officer of one ward sees the other only as
 * a count; the search finds both from "0123 456 789" (with and without JavaScript)
 * and says per field what it cannot read; a tip that joined a group says why, in
 * words. At 360 px and 1,280 px; screenshots go to test-results/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { acceptTipOrThrow } from "../../core/tips";
import { ReceiptHasher } from "../../core/receipts";
import { processIntake } from "../../workers/intake";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible, expectNoSidewaysScroll, oneLine } from "../setup/page-checks";
import { passSecondFactorInBrowser } from "../setup/second-factor";
import { baseTip, PASSWORD, SECRETS, seedUsers, USERS, type Principal } from "../setup/staff-fixtures";

const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } } as const;
const AN_HAI = "20275";
const HAI_CHAU = "20242";

describe.skipIf(!browserAvailable)("linked tips and the search by identifier", () => {
  let app: RunningApp;
  let browser: Browser;
  const tips = {} as { anHai: number; haiChau: number; plateFirst: number; plateSecond: number };

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await importUnits(handle.db, "48");
            await importBoundaries(handle.db, "db/seed/danang-wards.geojson");
            await seedUsers(handle.db);
            const deps = { db: handle.db, dataKey: SECRETS.DATA_KEY, receipts: new ReceiptHasher(SECRETS.RECEIPT_SALT) };
            const tip = async (input: Partial<typeof baseTip>) => (await acceptTipOrThrow(deps, { ...baseTip, category: "fraud", ...input })).tipId;
            tips.anHai = await tip({
              occurredAt: "2026-09-14T12:00:00.000Z", occurredPrecision: "exact",
              location: { kind: "ward", wardCode: AN_HAI, provinceCode: "48" },
              description: "Bố tôi bị gọi xưng công an, bắt chuyển 50 triệu vào STK 0123 456 789 Vietcombank để chứng minh không rửa tiền.",
              reporter: { name: "Đặng Văn Hùng", phone: "0905111222" },
            });
            tips.haiChau = await tip({
              occurredAt: "2026-11-20T02:00:00.000Z", occurredPrecision: "exact",
              location: { kind: "ward", wardCode: HAI_CHAU, provinceCode: "48" },
              description: "Mình làm nhiệm vụ like video kiếm tiền, nạp 6 triệu vào tài khoản 0123.456.789 VCB rồi không rút được.",
            });
            tips.plateFirst = await tip({
              category: "theft", occurredAt: "2026-10-20T14:00:00.000Z", occurredPrecision: "exact",
              location: { kind: "ward", wardCode: AN_HAI, provinceCode: "48" },
              description: "Hai thanh niên đi xe máy biển số 43A-123.45 giật túi xách của một chị ở chợ An Hải lúc 21 giờ.",
            });
            tips.plateSecond = await tip({
              category: "theft", occurredAt: "2026-10-20T14:10:00.000Z", occurredPrecision: "exact",
              location: { kind: "ward", wardCode: AN_HAI, provinceCode: "48" },
              description: "Vừa thấy 2 đứa chạy xe 43A12345 giật túi của chị bán hàng ở chợ An Hải rồi chạy về phía cầu.",
            });
            for (const id of Object.values(tips)) expect(await processIntake({ db: handle.db }, id)).toBe("routed");
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signedIn(who: Principal, viewport: { width: number; height: number }, path: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ viewport, javaScriptEnabled });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${app.url}${path}`);
    await page.getByLabel("Email công vụ").fill(USERS[who].email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    // Supervisors always pass a second step (issue 18, item 12).
    if (USERS[who].role !== "officer") await passSecondFactorInBrowser(page, app.url, USERS[who].email);
    await page.waitForURL(`${app.url}${path}`);
    return page;
  }

  const linkedBox = (page: Page) => page.locator("section[aria-labelledby=linked-title]");

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows the two tips as linked to whoever may read both, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn("supervisor", viewport, `/can-bo/tin/${tips.anHai}`);
      const box = linkedBox(page);
      await box.waitFor();
      expect(await box.locator("h3").first().textContent()).toBe("Số tài khoản 0123456789 cũng có trong 1 tin khác");
      expect(await box.getByRole("link", { name: `Tin #${tips.haiChau}` }).count()).toBe(1);
      const text = (await box.textContent()) ?? "";
      expect(text).toContain("Phường Hải Châu");
      expect(text).not.toContain("ở đơn vị khác");
      // Never the tipster: not in the box, nor the reporter's phone anywhere in the page.
      expect(await page.content()).not.toContain("0905111222");
      await expectNoSidewaysScroll(page, `linked supervisor ${device}`);
      await expectAccessible(browser, page, `linked supervisor ${device}`);
      await keepScreenshot(box, `linked-tips-box-${viewport.width}.png`);

      await box.getByRole("link", { name: `Tin #${tips.haiChau}` }).click();
      await page.waitForURL(`${app.url}/can-bo/tin/${tips.haiChau}`);
      // With JavaScript the address changes before the new page is drawn: wait for the link back.
      await linkedBox(page).getByRole("link", { name: `Tin #${tips.anHai}` }).waitFor();
      expect(await linkedBox(page).textContent()).toContain("Phường An Hải");
      await page.context().close();
    });

    it(`shows another unit's tip only as a count, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn("officerA", viewport, `/can-bo/tin/${tips.anHai}`);
      const box = linkedBox(page);
      await box.waitFor();
      const text = (await box.textContent()) ?? "";
      expect(text).toContain("Số tài khoản 0123456789 cũng có trong 1 tin khác");
      expect(text).toContain("1 tin ở đơn vị khác (bạn không xem được)");
      expect(await box.getByRole("link").count()).toBe(0);
      expect(text).not.toContain("Hải Châu");
      expect(await page.locator(`a[href="/can-bo/tin/${tips.haiChau}"]`).count()).toBe(0);
      if (device === "desktop") expect(await oneLine(page, ".staff-nav a"), "officer's menu wraps").toBe(true);
      await keepScreenshot(page, `linked-tips-officer-${viewport.width}.png`, { fullPage: true });
      await page.context().close();
    });

    it(`says why a tip joined its group, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn("officerA", viewport, `/can-bo/tin/${tips.plateSecond}`);
      const cluster = page.locator("section[aria-labelledby=cluster-title]");
      await cluster.waitFor();
      const why = (await cluster.locator("article.peer.this p.similarity").textContent()) ?? "";
      expect(why).toMatch(/^Vào nhóm vì: cùng biển số xe xuất hiện trong cả hai tin, /);
      expect(why).toContain("cùng Phường An Hải, cách nhau chưa tới 1 giờ");
      expect(why).toContain(`giống tin #${tips.plateFirst}`);
      expect(why).toContain("khớp với 1/1 tin trong nhóm");
      expect(await cluster.locator("article.peer:not(.this) p.similarity").textContent()).toBe("Tin đầu tiên của nhóm: các tin sau được so với tin này.");
      await keepScreenshot(cluster, `cluster-why-${viewport.width}.png`);
      await page.context().close();
    });

    it(`finds both tips from a number typed with spaces, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn("supervisor", viewport, "/can-bo/vu-viec");
      await page.getByRole("navigation", { name: "Khu vực làm việc" }).getByRole("link", { name: "Tra cứu" }).click();
      await page.waitForURL(`${app.url}/can-bo/tim-kiem`);
      await page.getByLabel("Giá trị cần tìm").fill("0123 456 789");
      await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
      await page.waitForURL(/gia-tri=0123/);
      const results = page.locator("section[aria-labelledby=search-results]");
      await results.waitFor();
      expect(await results.locator("h3").first().textContent()).toBe("Số tài khoản 0123456789: 2 tin");
      for (const id of [tips.anHai, tips.haiChau]) expect(await results.getByRole("link", { name: `Tin #${id}` }).count()).toBe(1);
      await expectNoSidewaysScroll(page, `search ${device}`);
      // The new menu entry keeps the staff header on one line on a desktop.
      if (device === "desktop") expect(await oneLine(page, ".staff-nav a"), "supervisor's menu wraps").toBe(true);
      await expectAccessible(browser, page, `search ${device}`);
      await keepScreenshot(page, `entity-search-${viewport.width}.png`, { fullPage: true });
      await page.context().close();
    });
  }

  it("says the same in English", { timeout: 120_000 }, async () => {
    const page = await signedIn("officerA", VIEWPORTS.desktop, `/can-bo/tin/${tips.plateSecond}`);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    await page.reload();
    const why = (await page.locator("section[aria-labelledby=cluster-title] article.peer.this p.similarity").textContent()) ?? "";
    expect(why).toMatch(/^Joined because: the same licence plate appears in both, /);
    expect(why).toContain(`like tip #${tips.plateFirst}`);
    await page.goto(`${app.url}/can-bo/tin/${tips.anHai}`);
    const box = (await linkedBox(page).textContent()) ?? "";
    expect(box).toContain("Tips linked by a phone number, account or plate");
    expect(box).toContain("Bank account 0123456789 also appears in 1 other tip");
    expect(box).toContain("1 tip in another unit (not visible to you).");
    await page.goto(`${app.url}/can-bo/tim-kiem?loai=&gia-tri=xin+ch%C3%A0o`);
    expect(await page.locator("#gia-tri-error").textContent()).toContain("No phone number, bank account, licence plate");
    await page.context().close();
  });

  it("searches without JavaScript, in scope, and says what it cannot read", { timeout: 120_000 }, async () => {
    const page = await signedIn("officerA", VIEWPORTS.phone, "/can-bo/tim-kiem", false);
    await page.getByLabel("Giá trị cần tìm").fill("0123-456-789");
    await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
    await page.waitForURL(/gia-tri=0123-456-789/);
    const results = page.locator("section[aria-labelledby=search-results]");
    const text = (await results.textContent()) ?? "";
    expect(text).toContain("Số tài khoản 0123456789: 2 tin");
    expect(await results.getByRole("link", { name: `Tin #${tips.anHai}` }).count()).toBe(1);
    expect(await results.getByRole("link", { name: `Tin #${tips.haiChau}` }).count()).toBe(0);
    expect(text).toContain("và 1 tin ở đơn vị khác");

    await page.getByLabel("Loại").selectOption("plate");
    await page.getByLabel("Giá trị cần tìm").fill("không phải biển số");
    const answer = page.waitForResponse((r) => r.url().includes("/can-bo/tim-kiem?"));
    await page.getByRole("button", { name: "Tra cứu", exact: true }).click();
    expect((await answer).status()).toBe(400);
    await page.locator("#gia-tri-error").waitFor();
    expect(await page.locator("#gia-tri-error").textContent()).toBe("Không phải biển số xe, ví dụ 43A-123.45.");
    expect(await page.getByLabel("Giá trị cần tìm").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(browser, page, "search error no-js", false);
    await keepScreenshot(page, "entity-search-error-360.png", { fullPage: true });
    await page.context().close();
  });
});
