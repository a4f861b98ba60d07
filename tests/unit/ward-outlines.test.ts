/**
 * The ward map's outlines simplified for the screen (docs/decisions/0083-lighter-ward-map.md), on
 * the demo province's 94 real boundaries: at the map's widest (576 px, 1.6 px a view-box unit, as at
 * 1,280 px) the simplified outlines stay within 1.5 px of the full ones everywhere and within 0.6 px
 * for 99 % of the points, a border two wards share stays one line (both wards keep the same points),
 * and the path data is at least 30 % smaller.
 */
import { describe, expect, it } from "vitest";
import { projectWards, SIMPLIFY_AREA } from "../../app/components/oversight/ward-choropleth";
import { loadReference, sharedDataDir } from "../../scripts/eval-triage-domain";
import { outlineDeviation, pathRings } from "../setup/ward-outlines";

const PX_PER_UNIT = 576 / 360;

describe("ward outlines for the screen", () => {
  const boundaries = loadReference(sharedDataDir()).boundaries;
  const full = projectWards(boundaries, 360, 0);
  const simplified = projectWards(boundaries, 360);
  const bytes = (p: typeof full) => p.wards.reduce((n, w) => n + w.d.length, 0);

  it("stay within a pixel and a half of the full outlines at 1,280 px, and are a third lighter", () => {
    expect(SIMPLIFY_AREA).toBeGreaterThan(0);
    const deviation = outlineDeviation(full, simplified);
    expect(deviation.points).toBeGreaterThan(10_000);
    expect(deviation.max * PX_PER_UNIT).toBeLessThan(1.5);
    expect(deviation.p99 * PX_PER_UNIT).toBeLessThan(0.6);
    expect(bytes(simplified)).toBeLessThan(bytes(full) * 0.7);
    // Nothing lost: every ward keeps an outline, and its label anchor and area (from the full shapes).
    expect(simplified.wards.map((w) => w.code)).toEqual(full.wards.map((w) => w.code));
    expect(simplified.wards.every((w) => w.d.length > 0)).toBe(true);
    expect(simplified.wards.map((w) => [w.anchor, w.area])).toEqual(full.wards.map((w) => [w.anchor, w.area]));
  });

  it("keep a shared border one line: the points two neighbours had in common before, they still share", () => {
    const key = ([x, y]: number[]) => `${x},${y}`;
    const pointsOf = (p: typeof full, code: string) => new Set(pathRings(p.wards.find((w) => w.code === code)!.d).flat().map(key));
    // Neighbours in the full outlines: wards sharing at least 3 points.
    let pairs = 0;
    const codes = full.wards.filter((w) => !w.inInset).map((w) => w.code);
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const a = pointsOf(full, codes[i]!);
        const border = new Set([...pointsOf(full, codes[j]!)].filter((p) => a.has(p)));
        if (border.size < 3) continue;
        pairs += 1;
        // Simplified, each border point one of them keeps, the other keeps too (one line, simplified once): no gap, no overlap.
        const sa = [...pointsOf(simplified, codes[i]!)].filter((p) => border.has(p));
        const sb = [...pointsOf(simplified, codes[j]!)].filter((p) => border.has(p));
        expect(sa.sort(), `${codes[i]}–${codes[j]}`).toEqual(sb.sort());
        expect(sa.length).toBeGreaterThanOrEqual(2);
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });
});
