/**
 * The supervisor's walk-through in Chromium (issue 14, docs/decisions/0033):
 * a province of 95 units whose table is grouped, searched and paged (with and
 * without JavaScript) instead of making the page 7,800 px tall; the period
 * notes in words; the report with its own downloads; both pages at 360 px and
 * 1,280 px, with screenshots kept in test-results/ (oversight-walkthrough-*.png).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Kysely } from "kysely";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePasswordHash } from "../setup/passwords";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { createUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { foldVietnamese } from "../../domain/text";
import { startApp, type RunningApp } from "../setup/app-server";
import { enrolForTests, passSecondFactorInBrowser } from "../setup/second-factor";
/** Fixed so the test can enrol the supervisor's second factor before the server starts. */
const DATA_KEY = Buffer.alloc(32, 9).toString("base64");
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { insertFixture } from "../setup/dashboard-fixture";

const EMAIL = "giamsat@walk.tinbao.vn";
const PASSWORD = "mật khẩu giám sát đủ dài";
const PERIOD = "period=custom&from=2026-11-01&to=2026-11-22";
/** The fixture's five units of province 48 with figures, plus these wards: 95 rows. */
const EXTRA_WARDS = 91;

/** 91 more wards of province 48, each with one tip in the fixture's month (closed; every third not assessed). */
async function addWards(db: Kysely<Database>) {
  for (let i = 1; i <= EXTRA_WARDS; i++) {
    const code = String(90000 + i);
    const name = `Phường Thử Nghiệm ${String(i).padStart(2, "0")}`;
    await db.insertInto("units").values({ code, name, name_folded: foldVietnamese(name), level: "ward", parent_code: "48", province_code: "48" }).execute();
    const createdAt = `2026-11-${String(1 + (i % 20)).padStart(2, "0")}T03:00:00.000Z`;
    await db.insertInto("tips").values({
      receipt_hash: `walk-${i}`, channel: "web", category: "theft", description: `Tin thử ${i}`, description_folded: `tin thu ${i}`,
      occurred_precision: "unknown", location_kind: "none", location_province_code: "48", source_org_code: null, status: "closed",
      valuable: i % 3 === 0 ? null : i % 2, unit_code: code, ward_code: code, cluster_id: null, deadline_at: deadlineFor(createdAt),
      first_triaged_at: createdAt, closed_at: createdAt, created_at: createdAt, updated_at: createdAt,
    }).execute();
  }
}

async function signIn(page: Page, url: string, target: string) {
  await page.goto(`${url}${target}`);
  await page.waitForURL(/\/can-bo\/dang-nhap\?redirectTo=/);
  await page.getByLabel("Email công vụ").fill(EMAIL);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await passSecondFactorInBrowser(page, url, EMAIL);
  await page.waitForURL((u) => u.pathname.startsWith("/giam-sat"));
  // With JavaScript the URL changes before the new page replaces the form: wait for the form to go.
  await page.getByLabel("Mật khẩu").waitFor({ state: "detached" });
}

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${name}: ${v.id} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const dataRows = (page: Page) => page.locator("#units tbody tr:not(.group-row) th").allTextContents();
const groupRows = (page: Page) => page.locator("#units tbody tr.group-row th").allTextContents();
const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

describe.skipIf(!browserAvailable)("the supervisor's walk-through in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { DATA_KEY },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await insertFixture(handle.db);
            await addWards(handle.db);
            const supervisorId = await createUser(handle.db, {
              email: EMAIL, name: "Lê Minh Châu", role: "supervisor", provinceCode: "48", passwordHash: await fixturePasswordHash(PASSWORD),
              createdAt: new Date().toISOString(),
            });
            await enrolForTests(handle.db, supervisorId, EMAIL, DATA_KEY);
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

  it("pages and groups 95 units at 1,280 px, with numbered pages, back and forward", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.url, `/giam-sat?${PERIOD}&sort=name&dir=asc`);
    await page.waitForLoadState("networkidle");

    expect(await page.getByTestId("unit-count").textContent()).toBe("Đơn vị 1–20 trong 95");
    expect(await dataRows(page)).toHaveLength(20);
    // Groups in order: specialised units, then wards (the province's own unit has no tip this month).
    expect(await groupRows(page)).toEqual(["Đơn vị chuyên trách", "Công an xã, phường, đặc khu"]);
    expect((await dataRows(page))[0]).toBe("Phòng An ninh mạng, Công an TP Đà Nẵng");
    const pager = page.getByRole("navigation", { name: "Các trang của bảng đơn vị" });
    expect(await pager.getByRole("listitem").allTextContents()).toEqual(["Trang 1, đang xem1", "2", "3", "4", "5"]);
    const height = await pageHeight(page);
    await keepScreenshot(page, "oversight-walkthrough-dashboard-1280.png", { fullPage: true });
    // The table is at most 20 rows and two group headings: the whole dashboard stays well under the 7,800 px of the
    // 95-row table (measured 5,210 px here, of which the table takes ≈1,100).
    expect(height).toBeLessThan(6000);
    await keepScreenshot(page.locator("#units"), "oversight-walkthrough-units-1280.png");
    await keepScreenshot(page.locator("#kpi-title").locator(".."), "oversight-walkthrough-kpis-1280.png");
    const table = await page.locator("#units").boundingBox();
    expect(table!.height).toBeLessThan(1800);
    await expectAccessible(page, "dashboard, 95 units");

    await pager.getByRole("link", { name: "Trang 3" }).click();
    await page.waitForURL(/page=3/);
    await expect.poll(() => page.getByTestId("unit-count").textContent()).toBe("Đơn vị 41–60 trong 95");
    // Sorting is kept from page to page; the group heading is repeated on the page.
    expect(page.url()).toContain("sort=name&dir=asc");
    expect(await groupRows(page)).toEqual(["Công an xã, phường, đặc khu"]);
    await pager.getByRole("link", { name: "← Trang trước" }).click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => page.getByTestId("unit-count").textContent()).toBe("Đơn vị 21–40 trong 95");
    await page.goBack();
    await expect.poll(() => page.getByTestId("unit-count").textContent()).toBe("Đơn vị 41–60 trong 95");
    await context.close();
    console.log(`dashboard height at 1280 px with 95 units: ${height} px`);
  });

  it("searches units with diacritics folded and pages without JavaScript", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, app.url, `/giam-sat?${PERIOD}`);
    await page.getByRole("searchbox", { name: "Tìm đơn vị" }).fill("an hai");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    await page.waitForURL(/q=an\+hai/);
    expect(page.url()).toContain("from=2026-11-01");
    expect(await dataRows(page)).toEqual(["Phường An Hải"]);
    expect(await page.getByTestId("unit-count").textContent()).toBe("Đơn vị 1–1 trong 1 đơn vị khớp với “an hai”");
    await page.getByRole("link", { name: "Xem tất cả đơn vị" }).click();
    expect(await page.getByTestId("unit-count").textContent()).toBe("Đơn vị 1–20 trong 95");
    await page.getByRole("link", { name: "Trang sau →" }).click();
    expect(await page.getByTestId("unit-count").textContent()).toBe("Đơn vị 21–40 trong 95");
    await page.getByRole("searchbox", { name: "Tìm đơn vị" }).fill("THU NGHIEM 0");
    await page.getByRole("button", { name: "Tìm", exact: true }).click();
    expect(await page.getByTestId("unit-count").textContent()).toBe("Đơn vị 1–9 trong 9 đơn vị khớp với “THU NGHIEM 0”");
    await context.close();
  });

  it("shows the dashboard on a phone: no sideways scrolling, notes in words, a short page", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, app.url, `/giam-sat?${PERIOD}`);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.locator(".period-line").textContent()).toContain("So với cùng kỳ năm trước: 01/11/2025 – 22/11/2025");
    // 9 tips this month against… the fixture's two of last year plus none: counts, not a percentage.
    expect(await page.locator('[data-kpi="tips"] .kpi-previous').textContent()).toMatch(/Cùng kỳ năm trước: 2 · Thay đổi: quá ít để so sánh/);
    await keepScreenshot(page, "oversight-walkthrough-dashboard-360.png", { fullPage: true });
    await keepScreenshot(page.locator("#units"), "oversight-walkthrough-units-360.png");
    await keepScreenshot(page.locator("#kpi-title").locator(".."), "oversight-walkthrough-kpis-360.png");
    console.log(`dashboard height at 360 px with 95 units: ${await pageHeight(page)} px`);

    // This month has not ended, whatever today is: said in words.
    await page.goto(`${app.url}/giam-sat?period=month`);
    expect(await page.getByTestId("current-note").textContent()).toContain("kỳ chưa kết thúc");
    await context.close();
  });

  it("shows the report at 1,280 and 360 px with its own downloads", { timeout: 120_000 }, async () => {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 900 } });
      const page = await context.newPage();
      await signIn(page, app.url, `/giam-sat/bao-cao?${PERIOD}`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const downloads = page.locator("section.exports");
      expect(await downloads.locator("h2").textContent()).toBe("Tải số liệu của báo cáo này");
      expect(await downloads.getByRole("link").count()).toBe(5);
      const href = await downloads.getByRole("link", { name: /Theo đơn vị/ }).getAttribute("href");
      expect(href).toBe("/giam-sat/xuat?period=custom&from=2026-11-01&to=2026-11-22&table=units&format=csv");
      const csv = await page.request.get(`${app.url}${href}`);
      expect((await csv.text()).split("\n")[0]).toContain("Mã đơn vị;Đơn vị;Tin báo;Sự việc;Đã đánh giá;Chờ đánh giá");
      expect(await page.locator("#report-units ~ div tbody tr.group-row th").allTextContents()).toEqual(["Đơn vị chuyên trách", "Công an xã, phường, đặc khu"]);
      await expectAccessible(page, `report ${width}`);
      await keepScreenshot(page, `oversight-walkthrough-report-${width}.png`, { fullPage: true });
      await keepScreenshot(page.locator(".report-header"), `oversight-walkthrough-report-header-${width}.png`);
      await context.close();
    }
  });
});
