/**
 * A supervisor's oversight pages in real Chromium against the real web
 * process: sign in, read the figures, the charts and their tables, sort the
 * units without JavaScript, open a unit's tips, print the period report and
 * download a table. axe-core finds no serious or critical problem; screenshots
 * (desktop and a 360 px phone) and the report as PDF are kept in test-results/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { startApp, type RunningApp } from "../setup/app-server";
import { artefactPath, browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { insertFixture, UNITS } from "../setup/dashboard-fixture";
import { createSupervisor, expectAccessible, signInAsSupervisor, SUPERVISOR_DATA_KEY } from "../setup/oversight-browser";

// The fixture's month, whatever today's date: figures do not depend on the clock.
const PERIOD = "period=custom&from=2026-11-01&to=2026-11-22";
const signIn = signInAsSupervisor;

const kpi = (page: Page, key: string) => page.locator(`[data-kpi="${key}"] .kpi-value`).textContent();

describe.skipIf(!browserAvailable)("supervisor oversight in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { DATA_KEY: SUPERVISOR_DATA_KEY },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await insertFixture(handle.db);
            await createSupervisor(handle.db);
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the figures, charts with their tables, and sortable units, readable on a phone", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on("request", (req) => origins.add(new URL(req.url()).origin));
    await signIn(page, app.url, `/giam-sat?${PERIOD}`);
    await page.waitForLoadState("networkidle");

    expect(await page.locator("h1").textContent()).toBe("Giám sát tin báo");
    expect(await page.locator(".staff-units").textContent()).toBe("Phạm vi: Thành phố Đà Nẵng (5 đơn vị)");
    expect(await kpi(page, "tips")).toBe("9");
    expect(await kpi(page, "incidents")).toBe("6");
    expect(await kpi(page, "valuable")).toBe("4");
    // Over the assessed tips (T4 and T8 are not assessed yet): 4 of 7, and 3 of 5 incidents.
    expect(await kpi(page, "ratio")).toBe("57,1%");
    expect(await kpi(page, "incidentRatio")).toBe("60%");
    expect(await kpi(page, "assessment")).toBe("7 đã đánh giá, 2 chờ đánh giá");
    expect(await kpi(page, "cases")).toBe("3");
    expect(await kpi(page, "arrests")).toBe("5");
    expect(await kpi(page, "seized")).toBe("1,25 kg ma túy, 350 triệu đồng, 2 phương tiện, 3 tang vật khác");
    expect(await kpi(page, "triageMedian")).toBe("30 phút");

    // Three server-drawn charts, each an image with a title and description and a table of the same figures.
    const charts = page.locator("svg.chart-svg[role=img]");
    expect(await charts.count()).toBe(3);
    expect(await page.locator("#chart-volume-title").textContent()).toBe("Tin báo và tin có giá trị theo tuần");
    expect(await page.locator("#chart-volume-desc").textContent()).toContain("Tổng 9 tin, 4 tin có giá trị");
    await page.locator("figure.chart").first().getByText("Xem số liệu dạng bảng").click();
    const weekly = await page.locator("figure.chart").first().locator("tbody tr").allTextContents();
    expect(weekly).toEqual(["01/1110", "02/1132", "09/1110", "16/1142"]);

    // Units sorted by tips, then by ratio (a link: works the same without JavaScript).
    const unitNames = () => page.locator("#units tbody th").allTextContents();
    expect(await unitNames()).toEqual(["Đơn vị chuyên trách", "Phòng An ninh mạng, Công an TP Đà Nẵng", "Công an xã, phường, đặc khu", "Phường An Hải", "Phường Hải Châu", "Phường Hải Vân"]);
    await page.locator("#units thead").getByRole("link", { name: /^Tỷ lệ có giá trị \(/ }).click();
    await page.waitForURL(/sort=ratio&dir=desc/);
    // Grouped: the specialised unit first, then the wards, each sorted (Hải Vân has no assessed-valuable tip: 0 %).
    // With JavaScript the address changes before the sorted table arrives, and the order happens to be the same: wait for the header.
    await expect.poll(() => page.locator("#units th[aria-sort=descending]").textContent()).toContain("Tỷ lệ có giá trị");
    expect(await unitNames()).toEqual(["Đơn vị chuyên trách", "Phòng An ninh mạng, Công an TP Đà Nẵng", "Công an xã, phường, đặc khu", "Phường An Hải", "Phường Hải Châu", "Phường Hải Vân"]);

    await expectAccessible(page, "dashboard");
    expect([...origins]).toEqual([app.url]);
    await keepScreenshot(page, "oversight-dashboard-1280.png", { fullPage: true });

    // A unit's tips: metadata only, newest first.
    await page.getByRole("link", { name: "Phường Hải Châu" }).first().click();
    await page.waitForURL(new RegExp(`/giam-sat/don-vi/${UNITS.haiChau}\\?`));
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tin báo của Phường Hải Châu");
    expect(await page.locator("table.figures tbody tr").count()).toBe(3);
    await expectAccessible(page, "unit tips");
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const small = await phone.newPage();
    await signIn(small, app.url, `/giam-sat?${PERIOD}`);
    await small.waitForLoadState("networkidle");
    // Nothing wider than the screen but the tables, which scroll inside their own box.
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const tick = await small.locator("svg.chart-svg text.chart-tick").first().evaluate((el) => el.getBoundingClientRect().height);
    expect(tick).toBeGreaterThanOrEqual(10); // chart labels stay legible at 360 px
    await keepScreenshot(small, "oversight-dashboard-360.png", { fullPage: true });
    await phone.close();
  });

  it("sorts without JavaScript", { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, app.url, `/giam-sat?${PERIOD}`);
    await page.locator("#units thead").getByRole("link", { name: /^Sự việc \(/ }).click();
    await page.waitForURL(/sort=incidents&dir=desc/);
    // The first group's heading, then the wards by incidents.
    expect(await page.locator("#units tbody tr:not(.group-row) th").nth(1).textContent()).toBe("Phường Hải Châu");
    await context.close();
  });

  it("writes the period report in the seeds' words, prints it, and downloads a table", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, app.url, `/giam-sat/bao-cao?${PERIOD}`);
    expect(await page.getByTestId("period-sentence").textContent()).toBe(
      "Trong kỳ, quần chúng nhân dân đã cung cấp 9 tin báo, trong đó 4 tin có giá trị (57,1% trong 7 tin đã đánh giá; 2 tin chưa đánh giá), giúp lực lượng công an điều tra, khám phá 3 vụ, bắt 5 đối tượng; thu giữ 1,25 kg ma túy, 350 triệu đồng, 2 phương tiện, 3 tang vật khác.",
    );
    expect(await page.locator(".report").textContent()).toContain("Hội viên các tổ chức và mô hình tự phòng, tự quản đã cung cấp 5 tin báo, trong đó 3 tin có giá trị.");
    await expectAccessible(page, "report");
    await keepScreenshot(page, "oversight-report-1280.png", { fullPage: true });

    // Print: menus and filters left out.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".oversight-filters").isVisible()).toBe(false);
    expect(await page.locator(".tabs").isVisible()).toBe(false);
    expect(await page.getByTestId("period-sentence").isVisible()).toBe(true);
    await page.pdf({ path: artefactPath("oversight-report.pdf"), format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });

    // The same report in English.
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("period-sentence").textContent()).toBe(
      "During the period, the public provided 9 tips, of which 4 were valuable (57.1% of the 7 assessed; 2 not yet assessed), helping the police investigate and solve 3 cases and arrest 5 suspects; items seized: 1.25 kg of drugs, VND 350 million, 2 vehicles, 3 other items.",
    );

    // A download: CSV with a BOM, the page's period, figures only.
    const csv = await page.request.get(`${app.url}/giam-sat/xuat?table=orgs&format=csv&${PERIOD}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString("utf8").slice(1).trim().split("\n");
    expect(lines[0]).toContain("Organisation / model");
    // In English (the page's language now): "," and no machine codes (docs/decisions/0033).
    expect(lines).toContain("Veterans' Association,2,1,2,0,2,100,100,2,4");
    const json = await (await page.request.get(`${app.url}/giam-sat/xuat?table=units&format=json&${PERIOD}`)).json();
    expect(json.period).toEqual({ from: "2026-11-01", to: "2026-11-22" });
    expect(json.rows.map((r: { code: string }) => r.code).sort()).toEqual([UNITS.haiVan, UNITS.haiChau, UNITS.anHai, UNITS.cyber].sort());
    expect(JSON.stringify(json)).not.toMatch(/receipt|reporter|description|Tin thử/);
    await context.close();
  });
});
