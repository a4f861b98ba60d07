/**
 * The ward map from the demo province's real boundaries: classes and their
 * colours, the projection, the inset for Hoàng Sa, names, and the SVG the
 * component draws (written to test-results/ward-map.svg, its outlines to ward-map-outlines.svg). The browser test
 * (tests/e2e/ward-map.test.ts) looks at it in Chromium.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { choroplethClasses, classOf, outlineDocument, PALETTE, projectWards, shortWardName, wardChoropleth } from "../../../app/components/oversight/ward-choropleth";
import { artefactPath } from "../../setup/browser";
import { danangWardMap, devSampleIncidents, OUTLINES, wardCount, wardMapMarkup } from "../../setup/ward-map";
import { reference } from "../../setup/domain-reference";

describe("classes", () => {
  it("gives zero a class of its own and splits the rest at quantiles, on whole numbers", () => {
    // 9 distinct values > 5: zero, then the positives [1 2 3 5 8 13 21 34] in 4 classes whose upper
    // bounds are the ⌈i/4 × 8⌉-th values: 2nd = 2, 4th = 5, 6th = 13, then the maximum 34.
    const classes = choroplethClasses([0, 0, 1, 2, 3, 5, 8, 13, 21, 34], "incidents");
    expect(classes.map((c) => [c.from, c.to])).toEqual([[0, 0], [1, 2], [3, 5], [6, 13], [14, 34]]);
    expect(classes.map((c) => c.fill)).toEqual([...PALETTE]);
    expect(classOf(4, classes, "incidents")).toBe(2);
    expect(classOf(34, classes, "incidents")).toBe(4);
    expect(classOf(null, classes, "incidents")).toBeNull();
  });

  it("keeps few distinct values as they are, with colours spread across the palette", () => {
    const classes = choroplethClasses([3, 3, 7], "tips");
    expect(classes).toEqual([{ from: 3, to: 3, fill: PALETTE[1] }, { from: 7, to: 7, fill: PALETTE[3] }]);
    expect(choroplethClasses([], "tips")).toEqual([]);
  });

  it("classes ratios by whole percent", () => {
    const classes = choroplethClasses([0.104, 0.25, 0.333], "valuableRatio");
    expect(classes.map((c) => [c.from, c.to])).toEqual([[0.1, 0.1], [0.25, 0.25], [0.33, 0.33]]);
    expect(classOf(0.3333, classes, "valuableRatio")).toBe(2);
  });
});

describe("the Đà Nẵng map", () => {
  const names = new Map(reference.gazetteer.wards.map((w) => [w.code, shortWardName(w.name)]));
  const geometry = wardChoropleth(reference.boundaries, devSampleIncidents(), "incidents", names);

  it("draws every ward once, within a 360-unit-wide view box", () => {
    expect(geometry.width).toBe(360);
    expect(geometry.height).toBeGreaterThan(250);
    expect(geometry.wards).toHaveLength(wardCount());
    expect(new Set(geometry.wards.map((w) => w.code)).size).toBe(wardCount());
    for (const ward of geometry.wards) {
      expect(ward.d, ward.code).toMatch(/^M[\d.]+,[\d.]+/);
      const numbers = ward.d.match(/-?[\d.]+/g)!.map(Number);
      expect(numbers.every((n) => Number.isFinite(n) && n >= 0 && n <= geometry.width)).toBe(true);
    }
  });

  it("puts Hoàng Sa, 300 km out at sea, in an inset and keeps the near islands on the map", () => {
    const inset = geometry.wards.filter((w) => w.inInset).map((w) => w.code);
    expect(inset).toEqual(["20333"]); // Đặc khu Hoàng Sa
    const frame = geometry.inset!;
    const numbers = geometry.wards.find((w) => w.code === "20333")!.d.match(/[\d.]+/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(frame.x);
    expect(Math.max(...xs)).toBeLessThanOrEqual(frame.x + frame.width);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(frame.y);
    expect(Math.max(...ys)).toBeLessThanOrEqual(frame.y + frame.height);
    expect(geometry.labels.some((l) => l.text === "Hoàng Sa")).toBe(true);
  });

  it("names the wards with the most incidents, without overlaps, inside the map", () => {
    const busiest = [...devSampleIncidents()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(geometry.labels.map((l) => l.code)).toContain(busiest);
    const boxes = geometry.labels.map((l) => [l.x - l.text.length * 3.4, l.y - 9, l.x + l.text.length * 3.4, l.y + 3]);
    boxes.forEach((a, i) => {
      expect(a[0]).toBeGreaterThanOrEqual(0);
      expect(a[2]).toBeLessThanOrEqual(geometry.width);
      boxes.slice(i + 1).forEach((b) => expect(a[2] < b[0] || a[0] > b[2] || a[3] < b[1] || a[1] > b[3]).toBe(true));
    });
  });

  it("shades each ward by its class and leaves wards without a value grey", () => {
    const values = new Map<string, number | null>([["20242", 5], ["20275", 0]]);
    const map = wardChoropleth(reference.boundaries, values, "incidents", names);
    expect(map.wards.find((w) => w.code === "20242")!.fill).toBe(map.classes[1]!.fill);
    expect(map.wards.find((w) => w.code === "20275")!.fill).toBe(map.classes[0]!.fill);
    expect(map.wards.find((w) => w.code === "20194")).toMatchObject({ classIndex: null, fill: map.noDataFill });
  });
});

describe("the component's SVG", () => {
  it("makes every ward a link named in its title, with a legend, and writes test-results/ward-map.svg", async () => {
    const view = await danangWardMap("incidents", "vi");
    const { map, table } = wardMapMarkup(view);
    const svg = map.match(/<svg xmlns[\s\S]*?<\/svg>/)![0];
    // The outlines are a file of their own (0083), next to the map that uses them.
    const outlines = outlineDocument(projectWards(reference.boundaries));
    writeFileSync(artefactPath("ward-map.svg"), `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
    writeFileSync(artefactPath(OUTLINES), `<?xml version="1.0" encoding="UTF-8"?>\n${outlines}`);

    const links = [...svg.matchAll(/<a href="([^"]+)" class="choropleth-ward"><title>([^<]+)<\/title><use href="([^"#]+)#([^"]+)" fill="(#[0-9a-f]{6})"/g)];
    expect(links).toHaveLength(wardCount());
    // Every ward's outline is referred to, once, in the outlines file: no path data in the page.
    expect(new Set(links.map((l) => l[3]))).toEqual(new Set([OUTLINES]));
    const ids = new Set([...outlines.matchAll(/<path id="([^"]+)" d="M[^"]+"\/>/g)].map((m) => m[1]));
    expect(ids.size).toBe(wardCount());
    expect(links.every((l) => ids.has(l[4]!))).toBe(true);
    expect(map).not.toMatch(/ d="/);
    expect(links.map((l) => l[2])).toContain("Phường Hải Châu: 2");
    expect(new Set(links.map((l) => l[1])).size).toBe(wardCount());
    expect(map).not.toMatch(/ style="/); // the CSP allows no inline style
    expect(map).toContain("Bản đồ số sự việc (tin trùng tính một) theo xã, phường");
    expect(view.legend.items.map((i) => i.label)).toEqual(["0", "1", "2", "3", "4"]);
    expect(view.insetLabel).toBe("Đặc khu Hoàng Sa (vẽ thu nhỏ, ở vị trí riêng)");
    // The table: every ward, highest first, each a link to the same place as on the map.
    const rows = [...table.matchAll(/<th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th><td class="num">([^<]+)<\/td>/g)];
    expect(rows).toHaveLength(wardCount());
    expect(rows[0]![3]).toBe("4");
    expect(rows.at(-1)![3]).toBe("0");
  });

  it("speaks English on English pages and marks wards without assessed tips", async () => {
    const view = await danangWardMap("valuableRatio", "en");
    expect(view.title).toBe("Map of valuable-tip ratio by commune and ward");
    expect(view.legend.items.at(-1)).toEqual({ fill: view.geometry.noDataFill, label: "No assessed tips" });
    expect(view.wards.find((w) => w.raw === null)!.value).toBe("No assessed tips");
    expect(view.legend.items.map((i) => i.label)).toEqual(["0%", "2%–27%", "28%–50%", "51%–75%", "76%–99%", "No assessed tips"]);
  });
});
