/**
 * The ward map in real Chromium, on a small page this test writes itself (the
 * map is not on the dashboard yet): the component's server-rendered HTML with
 * the app's own stylesheet, at 360 px and 1,280 px. Every ward is reachable
 * with Tab and announced by name and figure; the table fallback links the same
 * places; nothing is requested from anywhere; axe-core finds no serious
 * problem. Screenshots go to test-results/ward-map-*.png.
 */
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artefactPath, browserAvailable, launchBrowser } from "../setup/browser";
import { danangWardMap, wardCount, wardMapMarkup } from "../setup/ward-map";

const css = readFileSync(path.resolve(import.meta.dirname, "../../app/styles/app.css"), "utf8");

async function testPage(): Promise<string> {
  const view = await danangWardMap("incidents", "vi");
  const { map, table } = wardMapMarkup(view);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bản đồ xã, phường</title><style>${css}</style></head>
<body><main class="staff"><h1>Bản đồ xã, phường</h1>${map}
<details class="chart-data"><summary>${view.table.toggle}</summary>${table}</details></main></body></html>`;
}

describe.skipIf(!browserAvailable)("the ward map in Chromium", () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    [browser, html] = await Promise.all([launchBrowser(), testPage()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, deviceScaleFactor = 1): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor });
    const page = await context.newPage();
    page.on("close", () => void context.close());
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return { page, requests };
  }

  for (const width of [360, 1280]) {
    it(`fits, reads and asks nothing of the network at ${width} px`, async () => {
      const { page, requests } = await open(width);
      try {
        await page.screenshot({ path: artefactPath(`ward-map-${width}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const svg = await page.locator(".choropleth-svg").boundingBox();
        expect(svg!.width).toBeGreaterThan(width === 360 ? 300 : 560);
        // Labels stay at least 11 px high on the phone (12 units in a 360-unit view box).
        const labelHeight = await page.locator(".choropleth-labels text").first().evaluate((el) => el.getBoundingClientRect().height);
        expect(labelHeight).toBeGreaterThanOrEqual(11);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it("reaches every ward with Tab, in name order, each announced with its figure", async () => {
    const { page } = await open(360, 4);
    try {
      const visited: Array<{ href: string; name: string }> = [];
      for (let i = 0; i < wardCount(); i++) {
        await page.keyboard.press("Tab");
        visited.push(await page.evaluate(() => {
          const el = document.activeElement!;
          return { href: el.getAttribute("href") ?? "", name: el.querySelector("title")?.textContent ?? "" };
        }));
      }
      expect(new Set(visited.map((v) => v.href)).size).toBe(wardCount());
      expect(visited.every((v) => /^\/giam-sat\/don-vi\/\d+\?period=month$/.test(v.href) && /: \d+$/.test(v.name))).toBe(true);
      expect(visited[0]!.name).toBe("Đặc khu Hoàng Sa: 0");
      // The accessible name comes from <title>: the link is found by it.
      await expect(page.getByRole("link", { name: "Phường Hải Châu: 2" }).count()).resolves.toBe(1);

      await page.getByRole("link", { name: "Phường Hải Châu: 2" }).focus();
      const focusedStroke = await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector("path")!).strokeWidth);
      expect(focusedStroke).toBe("3px");
      // The focused ward close up: dark outline and the focus ring around its box.
      const box = (await page.locator(".choropleth-ward:focus").boundingBox())!;
      await page.screenshot({ path: artefactPath("ward-map-focus-360.png"), clip: { x: box.x - 40, y: box.y - 40, width: box.width + 80, height: box.height + 80 } });
    } finally {
      await page.close();
    }
  });

  it("offers the same places as a table, highest first", async () => {
    const { page } = await open(1280);
    try {
      await page.getByText("Xem bản đồ dạng bảng").click();
      const table = page.getByRole("table", { name: /Bảng: số sự việc/ });
      await expect(table.getByRole("row").count()).resolves.toBe(wardCount() + 1);
      const first = table.getByRole("row").nth(1);
      await expect(first.getByRole("cell").textContent()).resolves.toBe("4");
      const href = await first.getByRole("link").getAttribute("href");
      await expect(page.locator(`.choropleth-svg a[href="${href}"]`).count()).resolves.toBe(1);
      await page.screenshot({ path: artefactPath("ward-map-table-1280.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
