/**
 * The officers' fixes of issue 14 in Chromium, on a phone (360 px) and a desktop
 * (1280 px), on Đà Nẵng's real wards and boundaries with tips taken through the real
 * intake and pipeline: staff pages wear the staff header only; the tip page puts the
 * decision where the eye lands first and folds what is rarely needed; the ward is drawn
 * among its named neighbours with the reported point; an approximate time shows the
 * day, not a made-up 00:00; a too-short reason says how long it must be; the history
 * reads as sentences with names, in Vietnamese and English. Screenshots of the tip
 * page and the queue at both widths go to test-results/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { acceptTipOrThrow } from "../../core/tips";
import { processIntake } from "../../workers/intake";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible, expectNoSidewaysScroll } from "../setup/page-checks";
import { baseTip, PASSWORD, SECRETS, seedUsers, USERS } from "../setup/staff-fixtures";
import { ReceiptHasher } from "../../core/receipts";

const VIEWPORTS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 900 } } as const;
/** A point in Phường Hải Châu (20242), and 3 October 2026 with no time, as the tip form stores it. */
const POINT = { lat: 16.0715, lng: 108.2205 };
const DAY_ONLY = "2026-10-02T17:00:00.000Z";

describe.skipIf(!browserAvailable)("the officer's tip page, phone and desktop", () => {
  let app: RunningApp;
  let browser: Browser;
  const tips = {} as { point: number; oldAddress: number };

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
            tips.point = (await acceptTipOrThrow(deps, {
              ...baseTip, description: "Có người bán ma túy ở góc công viên, khoảng ngày 3/10, không nhớ giờ.",
              occurredAt: DAY_ONLY, occurredPrecision: "approximate",
              location: { kind: "point", lat: POINT.lat, lng: POINT.lng, provinceCode: "48", address: null },
            })).tipId;
            tips.oldAddress = (await acceptTipOrThrow(deps, {
              ...baseTip, category: "theft", description: "Trộm xe máy trước nhà, camera có ghi hình người lấy xe.",
              location: { kind: "address", address: "kiệt 12 Lê Duẩn, phường Hải Châu I, quận Hải Châu, Đà Nẵng", provinceCode: "48" },
            })).tipId;
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

  /** Officer B (Phường Hải Châu, where both tips were routed), signed in. */
  async function signedIn(viewport: (typeof VIEWPORTS)[keyof typeof VIEWPORTS], path: string): Promise<Page> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${app.url}${path}`);
    await page.getByLabel("Email công vụ").fill(USERS.officerB.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}${path}`);
    return page;
  }

  const topOf = (page: Page, selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    it(`wears the staff header only, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn(viewport, "/can-bo");
      const header = page.locator("header.staff-header");
      expect(await header.textContent()).toContain(USERS.officerB.name);
      expect(await header.getByRole("button", { name: "Đăng xuất" }).count()).toBe(1);
      expect(await header.getByRole("link", { name: "Hàng chờ xử lý" }).count()).toBe(1);
      expect(await page.locator(".emergency").count()).toBe(0); // no 113 strip
      expect(await page.getByRole("link", { name: "Cán bộ đăng nhập" }).count()).toBe(0);
      expect(await page.getByRole("link", { name: "Gửi tin báo" }).count()).toBe(0);
      await expectNoSidewaysScroll(page, `queue ${device}`);
      await expectAccessible(browser, page, `queue ${device}`);
      await keepScreenshot(page, `officer-queue-${viewport.width}.png`, { fullPage: true });

      // A staff URL that finds nothing is a 404 in the same frame.
      const missing = await page.goto(`${app.url}/can-bo/tin/999999`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator("header.staff-header").count()).toBe(1);
      expect(await page.locator(".emergency").count()).toBe(0);
      expect(await page.title()).toBe("Không tìm thấy trang — Tin Báo");
      await page.context().close();
    });

    it(`puts the decision first and folds the rest, on a ${device}`, { timeout: 120_000 }, async () => {
      const page = await signedIn(viewport, `/can-bo/tin/${tips.point}`);
      const decision = page.locator("section[aria-labelledby=decision-title]");
      await decision.waitFor();
      const decisionBox = (await decision.boundingBox())!;
      if (device === "desktop") {
        // Beside what was sent, at the top of the page.
        expect(decisionBox.y).toBeLessThan(300);
        const content = (await page.locator("section[aria-labelledby=content-title]").boundingBox())!;
        expect(decisionBox.x).toBeGreaterThan(content.x + content.width);
      } else {
        // Right after what was sent, before everything else.
        expect(decisionBox.y).toBeLessThan(await topOf(page, "section[aria-labelledby=content-title]") + 600);
      }
      expect(decisionBox.y).toBeLessThan(await topOf(page, "section[aria-labelledby=place-title]"));
      expect(await decision.getByRole("button", { name: "Nhận xử lý" }).count()).toBe(1);
      expect(await decision.getByRole("radio", { name: "Có giá trị", exact: true }).count()).toBe(1);
      expect(await decision.getByRole("button", { name: "Kết thúc xử lý" }).count()).toBe(1);

      // Consulted now and then: folded.
      for (const summary of ["Chi tiết tiếp nhận", "Gia hạn giải quyết", "Chuyển đơn vị xử lý", "Gộp vào nhóm khác hoặc tách khỏi nhóm"]) {
        expect(await page.locator("details", { has: page.locator("summary", { hasText: summary }) }).getAttribute("open"), summary).toBeNull();
      }
      expect(await page.locator("#history").getAttribute("open")).toBeNull();

      // What is known about the time, and nothing made up.
      const glance = (await page.locator("dl.glance").textContent()) ?? "";
      expect(glance).toContain("Khoảng ngày 3/10/2026");
      expect(glance).not.toContain("00:00");

      // The ward among its neighbours, named, with the point.
      const map = page.locator("svg.ward-map");
      expect(await map.locator("path.ward-shape").count()).toBe(1);
      expect(await map.locator("path.ward-around").count()).toBeGreaterThanOrEqual(3);
      const names = await map.locator("text").allTextContents();
      expect(names).toContain("Hải Châu");
      expect(names.length).toBeGreaterThanOrEqual(3);
      expect(await map.locator("circle.ward-point").count()).toBe(1);
      expect(await page.locator(".ward-figure figcaption").textContent()).toMatch(/Giáp ranh: Phường .+, Phường /);

      await expectNoSidewaysScroll(page, `tip ${device}`);
      await expectAccessible(browser, page, `tip ${device}`);
      await keepScreenshot(page, `officer-tip-${viewport.width}.png`, { fullPage: true });
      await page.context().close();
    });
  }

  it("says how long a reason must be", { timeout: 120_000 }, async () => {
    const page = await signedIn(VIEWPORTS.phone, `/can-bo/tin/${tips.point}`);
    await page.locator("summary", { hasText: "Chuyển đơn vị xử lý" }).click();
    await page.getByLabel("Chuyển đến").selectOption({ index: 1 });
    await page.getByLabel("Lý do chuyển").fill("ab");
    await page.getByRole("button", { name: "Chuyển tin" }).click();
    await expect.poll(() => page.locator("#reroute-reason-error").textContent()).toBe("Quá ngắn: cần ít nhất 3 ký tự.");
    await page.context().close();
  });

  it("tells the history in sentences with names, in Vietnamese and in English", { timeout: 120_000 }, async () => {
    const page = await signedIn(VIEWPORTS.desktop, `/can-bo/tin/${tips.oldAddress}`);
    await page.locator("#history summary").click();
    const vi = (await page.locator("ol.trail").textContent()) ?? "";
    expect(vi).toContain("Tiếp nhận tin qua kênh Cổng thông tin");
    expect(vi).toContain("Xác định nơi xảy ra: Phường Hải Châu (Theo địa chỉ cũ (trước 1/7/2025)");
    expect(vi).toContain("địa chỉ ghi tên cũ “Hải Châu I” (Hải Châu), nay thuộc Phường Hải Châu");
    expect(vi).toContain("Chuyển đến Phường Hải Châu — đơn vị công an nơi xảy ra sự việc");
    expect(vi).toContain("Bắt đầu một nhóm tin mới");
    for (const leftover of ["Sự kiện", "located", "where it happened", "20242", "candidates"]) expect(vi).not.toContain(leftover);

    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    await page.reload();
    await page.locator("#history summary").click();
    const en = (await page.locator("ol.trail").textContent()) ?? "";
    expect(en).toContain("Routed to Phường Hải Châu — the police where it happened");
    expect(en).toContain("the address gives the old name “Hải Châu I” (Hải Châu), now part of Phường Hải Châu");
    await page.context().close();
  });
});
