/**
 * The hotspot evaluation's own parts: the synthetic province has the volume and
 * the duplicates asked for and the same background with or without injections;
 * one short run finds big rises in busy places and stays quiet at duplicate storms.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wardAdjacency } from "../../../domain/geo";
import type { HotspotAlert } from "../../../domain/hotspots";
import { syntheticProvince } from "../../../scripts/bench/hotspot-history";
import { covers, evaluateRun, newAlerts } from "../../../scripts/eval-hotspots";
import { readBoundaries } from "../../../scripts/eval-triage-domain";

const boundaries = readBoundaries(path.resolve(import.meta.dirname, "../../../db/seed/danang-wards.geojson"));
const adjacency = wardAdjacency(boundaries);
const wardCodes = boundaries.map((b) => b.code).sort();

describe("the synthetic province", () => {
  const province = syntheticProvince(wardCodes, adjacency, { seed: 3, incidentsPerYear: 20_000, firstDay: "2025-01-01", days: 365 });

  it("has about the volume asked for, a quarter of incidents reported more than once", () => {
    const reports = province.reports({});
    const clusters = new Map<number | string, number>();
    for (const r of reports) clusters.set(r.clusterId, (clusters.get(r.clusterId) ?? 0) + 1);
    // +15 % trend over the year (≈ +7.5 % on average) and +11 % near repeats.
    expect(clusters.size).toBeGreaterThan(20_000 * 1.1);
    expect(clusters.size).toBeLessThan(20_000 * 1.3);
    const repeated = [...clusters.values()].filter((n) => n > 1).length / clusters.size;
    expect(repeated).toBeGreaterThan(0.2);
    expect(repeated).toBeLessThan(0.3);
  });

  it("keeps the background when rises are injected", () => {
    const rise = { category: "theft", wardCodes: [wardCodes[0]!], start: "2025-06-01", days: 10, multiplier: 5 };
    const plain = province.reports({});
    const withRise = province.reports({ rises: [rise] });
    const key = (r: { wardCode: string; category: string; day: string }) => `${r.wardCode}|${r.category}|${r.day}`;
    const count = (reports: typeof plain) => reports.reduce((m, r) => m.set(key(r), (m.get(key(r)) ?? 0) + 1), new Map<string, number>());
    const [a, b] = [count(plain), count(withRise)];
    for (const [k, n] of a) if (!k.startsWith(`${wardCodes[0]}|theft|`)) expect(b.get(k), k).toBe(n);
  });
});

describe("scoring", () => {
  const alert = (category: string, wardCodes: string[]) => ({ category, wardCodes }) as HotspotAlert;

  it("counts an alert as new only where none of its type covered its wards the day before", () => {
    const yesterday = [alert("drugs", ["A"]), alert("theft", ["B", "C"])];
    const today = [alert("drugs", ["A", "D"]), alert("theft", ["D"]), alert("fraud", ["A"])];
    expect(newAlerts(today, yesterday)).toEqual([alert("theft", ["D"]), alert("fraud", ["A"])]);
    expect(covers(alert("theft", ["B", "C"]), { category: "theft", wardCodes: ["C"] })).toBe(true);
    expect(covers(alert("theft", ["B"]), { category: "drugs", wardCodes: ["B"] })).toBe(false);
  });

  it("finds big rises in busy places and no duplicate storm in a short run", () => {
    const result = evaluateRun(wardCodes, adjacency, 200_000, 2, 60);
    expect(result.rises.length).toBeGreaterThan(10);
    const obvious = result.rises.filter((r) => r.rise.multiplier === 5 && r.usualPerWeek >= 15);
    expect(obvious.length).toBeGreaterThan(0);
    for (const r of obvious) expect(r.delay, `${r.rise.category} ${r.rise.wardCodes.join("+")}`).not.toBeNull();
    expect(result.rises.some((r) => r.delay !== null && r.delay < 7)).toBe(true);
    expect(result.stormsAlerted).toBe(0);
    expect(result.falseAlerts.length).toBeLessThanOrEqual(3);
  }, 120_000);
});
