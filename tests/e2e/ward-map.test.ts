/**
 * The ward map on the real dashboard and period report, in Chromium against
 * the real web process: Đà Nẵng's 94 wards imported with their boundaries
 * (`units import`, `units import-boundaries`) and the dashboard's hand-worked
 * tip history (tests/setup/dashboard-fixture.ts). At 360 px and 1,280 px the
 * map fits, every ward is reached with Tab and announced by name and figure,
 * the figures are the units table's, a ward's link opens that ward's tips,
 * the figure chooser works without JavaScript, the table gives the same
 * places, nothing is requested from another origin, axe-core finds no serious
 * problem, and the report prints with the map. Screenshots and the printed
 * report go to test-results/ward-map-*.
 */
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { startApp, withAppDatabase, type RunningApp } from "../setup/app-server";
import { artefactPath, browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { insertFixture, UNITS } from "../setup/dashboard-fixture";
import { createSupervisor, expectAccessible, signInAsSupervisor, SUPERVISOR_DATA_KEY } from "../setup/oversight-browser";
import { wardCount } from "../setup/ward-map";
import { handleHotspotAlert } from "../../core/hotspots";
import { ALL_UNITS } from "../../db/queries/scope";
import { recordAlertDays } from "../setup/hotspot-fixtures";
import { expectAccessible as expectAccessibleWithoutScripts, expectNoSidewaysScroll } from "../setup/page-checks";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
// The fixture's month, whatever today's date: the period's figures do not depend on the clock.
const PERIOD = "period=custom&from=2026-11-01&to=2026-11-22";

const wardLinks = (page: Page) => page.locator("#ward-map .choropleth-svg a.choropleth-ward");

/** The units table's column for each ward on the page, by ward name (the numbers the map must show). */
async function unitColumn(page: Page, heading: RegExp): Promise<Map<string, string>> {
  const headings = await page.locator("#units thead th").allTextContents();
  const index = headings.findIndex((h) => heading.test(h));
  expect(index, `column ${heading}`).toBeGreaterThan(0);
  const rows = await page.locator("#units tbody tr:not(.group-row)").evaluateAll((trs, i) =>
    trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.children[i]?.textContent ?? ""] as [string, string]), index);
  return new Map(rows.filter(([name]) => name.startsWith("Phường")));
}

/** The map's figure for each ward, from each ward link's title ("Phường Hải Châu: 3"). */
async function mapFigures(page: Page): Promise<Map<string, string>> {
  const titles = await wardLinks(page).locator("title").allTextContents();
  return new Map(titles.map((t) => t.split(": ") as [string, string]));
}

describe.skipIf(!browserAvailable)("the ward map on the supervisors' pages", () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { DATA_KEY: SUPERVISOR_DATA_KEY },
        // What `units import --province 48` and `units import-boundaries` do, in this process, then the fixture.
        setup: (env) =>
          withAppDatabase(env, async ({ db }) => {
            await importUnits(db, "48");
            await importBoundaries(db, BOUNDARIES);
            await insertFixture(db);
            await createSupervisor(db);
            // Two hotspot alerts of the fixture's month, as detection records them; the first handled with a note.
            const theft = await recordAlertDays(db, {
              province: "48", category: "theft", wards: [UNITS.anHai, UNITS.haiChau], first: "2026-11-10", days: 5,
              incidents: [12, 15, 19, 20, 21], expected: [4, 4.5, 5, 6, 7.5], scores: [6, 7.5, 11.2, 10, 8],
            });
            await recordAlertDays(db, { province: "48", category: "drugs", wards: [UNITS.haiChau], first: "2026-11-19", days: 3, incidents: [5, 6, 8], expected: [1.5, 1.8, 2], scores: [4.1, 5, 6.3] });
            const { id } = await db.selectFrom("users").select("id").where("role", "=", "supervisor").executeTakeFirstOrThrow();
            await handleHotspotAlert(db, theft, ALL_UNITS, { userId: id, note: "Đã tăng cường tuần tra quanh chợ." }, new Date("2026-11-15T02:00:00.000Z"));
          }),
      }),
      launchBrowser(),
    ]);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.stop();
  });

  /** A signed-in page at the given width; every origin it asks anything of is collected. */
  async function open(target: string, options: { width: number; javaScript?: boolean }) {
    const context = await browser.newContext({ viewport: { width: options.width, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
    contexts.push(context);
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    await signInAsSupervisor(page, app.url, target);
    await page.waitForLoadState("networkidle");
    return { page, origins };
  }

  it("shades the province's wards with the units table's numbers, every ward reachable with Tab and named, at 1,280 px", { timeout: 180_000 }, async () => {
    const { page, origins } = await open(`/giam-sat?${PERIOD}`, { width: 1280 });
    await expect(wardLinks(page).count()).resolves.toBe(wardCount());
    expect(await page.locator("#ward-map figcaption").textContent()).toBe("Bản đồ số sự việc (tin trùng tính một) theo xã, phường");

    // The same numbers as the units table (hand-worked in dashboard.test.ts): Hải Châu 3 incidents, An Hải 2, Hải Vân 1.
    const figures = await mapFigures(page);
    const table = await unitColumn(page, /^Sự việc/);
    expect([...table.keys()].sort()).toEqual(["Phường An Hải", "Phường Hải Châu", "Phường Hải Vân"]);
    for (const [ward, value] of table) expect(figures.get(ward), ward).toBe(value);
    expect([figures.get("Phường Hải Châu"), figures.get("Phường An Hải"), figures.get("Phường Hải Vân")]).toEqual(["3", "2", "1"]);
    expect(figures.get("Phường Sơn Trà")).toBe("0");
    // A legend with a class per value, darker for more.
    expect(await page.locator("#ward-map .choropleth-legend li").allTextContents()).toEqual(["0", "1", "2", "3"]);

    // Keyboard: from the last figure choice, Tab walks into the wards in name order, each announced by name and figure.
    await page.locator(".ward-map-chooser a").last().focus();
    const visited: string[] = [];
    for (let i = 0; i < wardCount(); i++) {
      await page.keyboard.press("Tab");
      visited.push(await page.evaluate(() => {
        const el = document.activeElement!;
        return el.matches("a.choropleth-ward") ? el.querySelector("title")?.textContent ?? "" : `not a ward: ${el.tagName}`;
      }));
    }
    expect(new Set(visited).size).toBe(wardCount());
    expect(visited[0]).toBe("Đặc khu Hoàng Sa: 0");
    expect(visited.every((name) => /^(Phường|Xã|Đặc khu) .+: \d+$/.test(name))).toBe(true);
    // The accessible name comes from <title>: the link is found by it.
    await expect(page.getByRole("link", { name: "Phường Hải Châu: 3" }).count()).resolves.toBe(1);
    await page.getByRole("link", { name: "Phường Hải Châu: 3" }).focus();
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector("use")!).strokeWidth)).toBe("3px");

    await expectAccessible(page, "dashboard with the ward map");
    await keepScreenshot(page.locator("#ward-map"), "ward-map-dashboard-1280.png");
    expect([...origins]).toEqual([app.url]);

    // A ward's link leads to that ward's tips, for the page's period.
    await page.getByRole("link", { name: "Phường Hải Châu: 3" }).click();
    await page.waitForURL(new RegExp(`/giam-sat/don-vi/${UNITS.haiChau}\\?period=custom&from=2026-11-01&to=2026-11-22$`));
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tin báo của Phường Hải Châu");
    expect(await page.locator("table.figures tbody tr").count()).toBe(3);
  });

  it("fits a 360 px phone, with names still legible", { timeout: 120_000 }, async () => {
    const { page, origins } = await open(`/giam-sat?${PERIOD}`, { width: 360 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const svg = (await page.locator("#ward-map .choropleth-svg").boundingBox())!;
    expect(svg.width).toBeGreaterThan(300);
    expect(svg.x + svg.width).toBeLessThanOrEqual(360);
    const label = await page.locator("#ward-map .choropleth-labels text").first().evaluate((el) => el.getBoundingClientRect().height);
    expect(label).toBeGreaterThanOrEqual(11);
    // Each figure choice is a full tap target.
    for (const box of await page.locator(".ward-map-chooser a").evaluateAll((as) => as.map((a) => a.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page, "dashboard at 360 px");
    await keepScreenshot(page.locator("#ward-map"), "ward-map-dashboard-360.png");
    await keepScreenshot(page, "ward-map-dashboard-360-page.png", { fullPage: true });
    expect([...origins]).toEqual([app.url]);
  });

  it("changes figure without JavaScript, and offers the same places as a table", { timeout: 120_000 }, async () => {
    const { page, origins } = await open(`/giam-sat?${PERIOD}`, { width: 1280, javaScript: false });
    await page.locator(".ward-map-chooser").getByRole("link", { name: "Tin báo", exact: true }).click();
    await page.waitForURL(/[?&]map=tips#ward-map$/);
    expect(await page.locator(".ward-map-chooser a[aria-current=true]").textContent()).toBe("Tin báo");
    expect(await page.locator("#ward-map figcaption").textContent()).toBe("Bản đồ số tin báo theo xã, phường");
    const tips = await mapFigures(page);
    for (const [ward, value] of await unitColumn(page, /^Tin báo/)) expect(tips.get(ward), ward).toBe(value);
    expect(tips.get("Phường An Hải")).toBe("4");

    // The valuable ratio: Hải Châu 1 valuable of 2 assessed; a ward with no assessed tip says so.
    await page.locator(".ward-map-chooser").getByRole("link", { name: "Tỷ lệ tin có giá trị", exact: true }).click();
    await page.waitForURL(/[?&]map=valuableRatio#ward-map$/);
    const ratios = await mapFigures(page);
    expect(ratios.get("Phường Hải Châu")).toBe("50%");
    expect(ratios.get("Phường Sơn Trà")).toBe("Chưa có tin được đánh giá");

    // The table: every ward, highest first, each linking where its shape links (the period and filters kept).
    await page.locator("#ward-map details.chart-data summary").click();
    const rows = page.locator("#ward-map table.figures tbody tr");
    await expect(rows.count()).resolves.toBe(wardCount());
    const first = rows.first();
    await expect(first.locator("th").textContent()).resolves.toBe("Phường An Hải");
    const href = (await first.getByRole("link").getAttribute("href"))!;
    expect(href).toBe(`/giam-sat/don-vi/${UNITS.anHai}?${PERIOD}`);
    await expect(page.locator(`#ward-map .choropleth-svg a[href="${href}"]`).count()).resolves.toBe(1);
    await keepScreenshot(page, "ward-map-table-nojs-1280.png", { fullPage: true });
    expect([...origins]).toEqual([app.url]);
  });

  it("links each ward's tips past the deadline to exactly those tips", { timeout: 120_000 }, async () => {
    // How many tips are past their deadline depends on today; the map and the list must agree whatever the day.
    const { page } = await open(`/giam-sat?${PERIOD}&map=pastDeadline`, { width: 1280 });
    const overdue = await mapFigures(page);
    for (const [ward, value] of await unitColumn(page, /^Quá hạn/)) expect(overdue.get(ward), ward).toBe(value);
    const haiChau = overdue.get("Phường Hải Châu")!;
    await page.getByRole("link", { name: `Phường Hải Châu: ${haiChau}` }).click();
    await page.waitForURL(/han=qua-han/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tin báo của Phường Hải Châu");
    expect(await page.locator("table.figures tbody tr").count()).toBe(Number(haiChau));
    await expectAccessible(page, "a ward's tips past the deadline");
  });

  it("lists the period's hotspot alerts on the report without JavaScript, at 360 px and 1,280 px, and prints them", { timeout: 180_000 }, async () => {
    for (const width of [360, 1280]) {
      const { page, origins } = await open(`/giam-sat/bao-cao?${PERIOD}`, { width, javaScript: false });
      const table = page.getByRole("table", { name: "Cảnh báo điểm nóng trong kỳ (2)" });
      await expect(table.isVisible()).resolves.toBe(true);
      expect(await table.locator("thead th").allTextContents()).toEqual(["Điểm nóng", "Những ngày trong kỳ", "Lúc tăng mạnh nhất", "Diễn biến", "Xử lý"]);
      const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
      expect(rows.map((r) => r[0])).toEqual(["Trộm cắp tài sản · Phường Hải Châu – Phường An Hải", "Ma túy · Phường Hải Châu"]);
      expect(rows[0]![1]).toBe("10/11/2026 – 14/11/2026 (5 ngày)");
      expect(rows[0]![2]).toBe("12/11/2026: 19 sự việc, thường thấy khoảng 5; điểm bằng chứng 11,2");
      expect(rows[0]![4]).toMatch(/^Đã xử lý.*Lê Minh Châu.*Ghi chú: Đã tăng cường tuần tra quanh chợ\.$/);
      expect(rows[1]![1]).toBe("19/11/2026 – 21/11/2026 (3 ngày) · còn hiệu lực");
      expect(rows[1]![4]).toBe("Chưa xử lý");
      // The evolution: bars named with the day's figures, and each alert's days as a table of its own.
      expect(await table.locator("svg.hotspot-spark").first().getAttribute("aria-label")).toBe("Số sự việc mỗi ngày từ 10/11/2026 đến 14/11/2026: 1, 2, 3, 4, 5");
      const days = page.getByRole("table", { name: "Ma túy · Phường Hải Châu: diễn biến theo ngày trong kỳ" });
      expect(await days.locator("tbody th").allTextContents()).toEqual(["21/11/2026", "20/11/2026", "19/11/2026"]);
      await expectNoSidewaysScroll(page, `report's hotspot alerts at ${width} px`);
      await expectAccessibleWithoutScripts(browser, page, `report's hotspot alerts at ${width} px`, false);
      await keepScreenshot(page.locator(".report-hotspots"), `report-hotspots-${width}.png`);
      await page.emulateMedia({ media: "print" });
      expect(await table.isVisible()).toBe(true);
      expect(await days.isVisible()).toBe(true);
      expect([...origins]).toEqual([app.url]);
    }
  });

  /**
   * A page load with what each response cost: its decoded bytes and what came over the wire
   * (gzip as the server sends it, headers included), and every text body, to count the outlines in.
   */
  async function load(page: Page, target: string) {
    const responses: Array<{ url: string; type: string; bytes: number; wire: number; body: string; fromNetwork: boolean }> = [];
    const pending: Array<Promise<void>> = [];
    const listener = (response: import("playwright-core").Response) => {
      pending.push((async () => {
        const request = response.request();
        const body = await response.body().catch(() => Buffer.alloc(0));
        const sizes = await request.sizes();
        const type = response.headers()["content-type"] ?? "";
        const text = /text|svg|json|javascript/.test(type) ? body.toString("utf8") : "";
        // What the cache answered came over no wire.
        const fromNetwork = sizes.responseBodySize > 0;
        responses.push({ url: response.url(), type, bytes: body.length, wire: fromNetwork ? sizes.responseBodySize + sizes.responseHeadersSize : 0, body: text, fromNetwork });
      })());
    };
    page.on("response", listener);
    await page.goto(`${app.url}${target}`);
    await page.waitForLoadState("networkidle");
    page.off("response", listener);
    await Promise.all(pending);
    const html = responses.find((r) => r.type.startsWith("text/html"))!;
    return { responses, html, wire: responses.reduce((sum, r) => sum + r.wire, 0) };
  }

  /** An Hải's outline as the map draws it: its path's data, in the page or in the outlines it refers to. */
  async function outlineOf(page: Page, name: string): Promise<string> {
    return page.evaluate(async (wardName) => {
      const link = [...document.querySelectorAll("#ward-map a.choropleth-ward")].find((a) => a.querySelector("title")?.textContent?.startsWith(`${wardName}:`))!;
      const path = link.querySelector("path[d]");
      if (path) return path.getAttribute("d")!;
      const use = link.querySelector("use")!;
      const [file, id] = use.getAttribute("href")!.split("#");
      const svg = new DOMParser().parseFromString(await (await fetch(file!)).text(), "image/svg+xml");
      return svg.getElementById(id!)!.getAttribute("d")!;
    }, name);
  }

  it("sends the ward outlines once per page, not again for the report, and keeps the map's pages light", { timeout: 180_000 }, async () => {
    const { page } = await open(`/giam-sat?${PERIOD}`, { width: 1280 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    const dashboard = await load(page, `/giam-sat?${PERIOD}`);
    const outline = (await outlineOf(page, "Phường An Hải")).slice(0, 80);
    expect(outline.length).toBe(80);
    const count = (responses: Array<{ body: string; fromNetwork: boolean }>) => responses.reduce((n, r) => n + (r.fromNetwork ? r.body.split(outline).length - 1 : 0), 0);
    const report = await load(page, `/giam-sat/bao-cao?${PERIOD}`);
    const file = dashboard.responses.find((r) => r.url.includes("/giam-sat/ban-do.svg"));
    const figures = {
      outlinesFile: { bytes: file?.bytes ?? 0, wire: file?.wire ?? 0 },
      dashboard: { html: dashboard.html.bytes, htmlWire: dashboard.html.wire, wire: dashboard.wire, outlines: count(dashboard.responses) },
      report: { html: report.html.bytes, htmlWire: report.html.wire, wire: report.wire, outlines: count(report.responses) },
    };
    console.log(`page weight (bytes; wire = gzip as sent, headers included, cache emptied before the dashboard): ${JSON.stringify(figures)}`);
    // Every outline comes once: in the dashboard's responses exactly once, and the report (after it) takes them from the cache.
    expect(figures.dashboard.outlines).toBe(1);
    expect(figures.report.outlines).toBe(0);
    // Bounds with room: before the outlines had a file of their own (0083) the dashboard's HTML was 439 KB (74 KB gzip), the report's 417 KB (71 KB).
    expect(figures.dashboard.html).toBeLessThan(200_000);
    expect(figures.dashboard.htmlWire).toBeLessThan(30_000);
    expect(figures.report.html).toBeLessThan(180_000);
    expect(figures.report.wire).toBeLessThan(40_000);
  });

  it("prints the period report with the map", { timeout: 120_000 }, async () => {
    const { page, origins } = await open(`/giam-sat/bao-cao?${PERIOD}`, { width: 1280 });
    await expect(wardLinks(page).count()).resolves.toBe(wardCount());
    await expectAccessible(page, "report with the ward map");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#ward-map .choropleth-svg").isVisible()).toBe(true);
    expect(await page.locator("#ward-map .choropleth-legend").isVisible()).toBe(true);
    expect(await page.locator(".ward-map-chooser").isVisible()).toBe(false);
    await keepScreenshot(page, "ward-map-report-print.png", { fullPage: true });
    await page.pdf({ path: artefactPath("ward-map-report.pdf"), format: "A4", printBackground: true });
    expect([...origins]).toEqual([app.url]);
  });
});
