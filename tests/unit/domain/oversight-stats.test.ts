/** Oversight figures, pure: calendar days and periods (instants to Vietnam days: vietnam-time.test.ts), segments, buckets, triage bins, the rollup's counting rules. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays, bucketIndexOf, bucketSizeFor, type CaseFact, daysBetween, emptyHistogram, encodeHistogram,
  addEncodedHistogram, incidentSummary, isDay, percentileWithin, presetPeriod, previousPeriod, periodLength, rollupDay,
  segmentsOf, type TipFact, timeBuckets, TRIAGE_BOUNDS_MINUTES, triageBin, triageMinutes,
  monthFirstDay, monthLastDay, cellKeyString, ratio, change, grainFor, addToBacklog, emptyBacklog, backlogBandOf,
  encodeDeadlines, addEncodedDeadlines, countDeadlinesBefore,
} from "../../../domain/stats";

const day = fc.integer({ min: Date.UTC(2020, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 31) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
const period = fc.tuple(day, fc.integer({ min: 0, max: 800 })).map(([from, len]) => ({ from, to: addDays(from, len) }));

describe("calendar days", () => {
  it("checks calendar days and counts between them", () => {
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-2-1")).toBe(false);
    expect(daysBetween("2025-12-31", "2026-03-01")).toBe(60);
    expect(monthLastDay("2028-02")).toBe("2028-02-29");
    expect(monthFirstDay("2026-11")).toBe("2026-11-01");
  });
});

describe("periods", () => {
  const today = "2026-11-22";
  it("names this month, quarter and year up to today, and the whole previous ones", () => {
    expect(presetPeriod("month", today)).toEqual({ from: "2026-11-01", to: today });
    expect(presetPeriod("quarter", today)).toEqual({ from: "2026-10-01", to: today });
    expect(presetPeriod("year", today)).toEqual({ from: "2026-01-01", to: today });
    expect(presetPeriod("last_month", today)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(presetPeriod("last_quarter", today)).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(presetPeriod("last_year", today)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(presetPeriod("last_quarter", "2026-02-10")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(presetPeriod("last_month", "2026-01-05")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("compares with the same number of days just before", () => {
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-22" })).toEqual({ from: "2026-10-10", to: "2026-10-31" });
    fc.assert(fc.property(period, (p) => {
      const prev = previousPeriod(p);
      return periodLength(prev) === periodLength(p) && addDays(prev.to, 1) === p.from;
    }));
  });

  it("covers a period with whole months and the days left over", () => {
    expect(segmentsOf({ from: "2026-01-15", to: "2026-04-10" })).toEqual({
      months: ["2026-02", "2026-03"],
      dayRanges: [{ from: "2026-01-15", to: "2026-01-31" }, { from: "2026-04-01", to: "2026-04-10" }],
    });
    expect(segmentsOf({ from: "2025-01-01", to: "2025-12-31" }).months).toHaveLength(12);
    expect(segmentsOf({ from: "2025-01-01", to: "2025-12-31" }).dayRanges).toEqual([]);
    expect(segmentsOf({ from: "2026-03-05", to: "2026-03-09" }, { daysOnly: true })).toEqual({ months: [], dayRanges: [{ from: "2026-03-05", to: "2026-03-09" }] });
    // Up to today: nothing is recorded later, so this month is read whole.
    expect(segmentsOf({ from: "2026-01-01", to: "2026-11-22" }, { dataUntil: "2026-11-22" }).dayRanges).toEqual([]);
    expect(segmentsOf({ from: "2026-11-10", to: "2026-11-22" }, { dataUntil: "2026-11-22" })).toEqual({ months: [], dayRanges: [{ from: "2026-11-10", to: "2026-11-30" }] });
    expect(segmentsOf({ from: "2026-10-01", to: "2026-10-31" }, { dataUntil: "2026-11-22" }).months).toEqual(["2026-10"]);
  });

  it("segments partition the period: every day exactly once", () => {
    fc.assert(fc.property(period, (p) => {
      const s = segmentsOf(p);
      let covered = 0;
      for (const m of s.months) {
        if (monthFirstDay(m) < p.from || monthLastDay(m) > p.to) return false;
        covered += daysBetween(monthFirstDay(m), monthLastDay(m)) + 1;
      }
      for (const r of s.dayRanges) {
        if (r.from < p.from || r.to > p.to || r.from.slice(0, 7) !== r.to.slice(0, 7)) return false;
        covered += daysBetween(r.from, r.to) + 1;
      }
      return covered === periodLength(p);
    }));
  });
});

describe("chart buckets", () => {
  it("uses Monday-to-Sunday weeks up to a quarter, months beyond, cut to the period", () => {
    const weeks = timeBuckets({ from: "2026-11-01", to: "2026-11-22" });
    expect(bucketSizeFor({ from: "2026-11-01", to: "2026-11-22" })).toBe("week");
    // 1 Nov 2026 is a Sunday.
    expect(weeks.map((w) => [w.from, w.to])).toEqual([
      ["2026-11-01", "2026-11-01"], ["2026-11-02", "2026-11-08"], ["2026-11-09", "2026-11-15"], ["2026-11-16", "2026-11-22"],
    ]);
    const months = timeBuckets({ from: "2026-01-01", to: "2026-11-22" });
    expect(months).toHaveLength(11);
    expect(months[10]).toMatchObject({ key: "2026-11", from: "2026-11-01", to: "2026-11-22", size: "month" });
  });

  it("buckets partition the period and every day finds its bucket", () => {
    fc.assert(fc.property(period, day, (p, d) => {
      const buckets = timeBuckets(p);
      for (let i = 1; i < buckets.length; i++) if (addDays(buckets[i - 1].to, 1) !== buckets[i].from) return false;
      if (buckets[0].from !== p.from || buckets[buckets.length - 1].to !== p.to) return false;
      const index = bucketIndexOf(buckets, d);
      const inside = d >= p.from && d <= p.to;
      return inside ? buckets[index].from <= d && d <= buckets[index].to : index === -1;
    }));
  });
});

describe("time to first triage", () => {
  it("counts whole minutes from receipt, never negative", () => {
    expect(triageMinutes("2026-11-01T00:00:00.000Z", "2026-11-01T01:30:59.000Z")).toBe(90);
    expect(triageMinutes("2026-11-01T00:00:00.000Z", "2026-10-31T23:00:00.000Z")).toBe(0);
  });

  it("reports percentiles as the bound within which that share of tips was triaged", () => {
    const h = emptyHistogram();
    for (const minutes of [10, 50, 100, 3000]) h[triageBin(minutes)] += 1;
    expect(percentileWithin(h, 0.5)).toBe(60); // 2nd fastest of 4 took 50 min: within 1 hour
    expect(percentileWithin(h, 0.9)).toBe(4320); // 4th took 3000 min: within 3 days
    expect(percentileWithin(emptyHistogram(), 0.5)).toBeNull();
    const slow = emptyHistogram();
    slow[triageBin(200_000)] += 1;
    expect(percentileWithin(slow, 0.5)).toBe(Infinity);
  });

  it("the bound is the smallest one at or above the nearest-rank time", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 60 }), fc.constantFrom(0.5, 0.9), (times, p) => {
      const h = emptyHistogram();
      for (const t of times) h[triageBin(t)] += 1;
      const exact = [...times].sort((a, b) => a - b)[Math.ceil(p * times.length) - 1];
      const expected = TRIAGE_BOUNDS_MINUTES.find((b) => exact <= b) ?? Infinity;
      return percentileWithin(h, p) === expected;
    }));
  });

  it("stores histograms sparsely and adds them back", () => {
    const h = emptyHistogram();
    h[3] = 12;
    h[7] = 1;
    expect(encodeHistogram(h)).toBe("3:12,7:1");
    expect(addEncodedHistogram(addEncodedHistogram(emptyHistogram(), "3:12,7:1"), "3:2", -1).slice(0, 8)).toEqual([0, 0, 0, 10, 0, 0, 0, 1]);
  });
});

describe("backlog", () => {
  it("bands open tips by whole days since receipt and counts deadlines whose day has passed", () => {
    expect([0, 2, 3, 7, 8, 14, 15, 20, 21, 400].map(backlogBandOf)).toEqual(["d0_2", "d0_2", "d3_7", "d3_7", "d8_14", "d8_14", "d15_20", "d15_20", "d21_plus", "d21_plus"]);
    const today = "2026-11-22";
    const b = emptyBacklog();
    addToBacklog(b, { res: "d", bucket: "2026-11-20", open: 2, openDeadlines: "2026-12-10:2" }, today);
    // 21 days old: its deadline day (12 Nov + 20 = 1 Dec)… here one was extended, one passed yesterday.
    addToBacklog(b, { res: "d", bucket: "2026-11-01", open: 2, openDeadlines: "2026-11-21:1,2026-12-21:1" }, today);
    // A deadline ending today has not passed yet.
    addToBacklog(b, { res: "d", bucket: "2026-11-02", open: 1, openDeadlines: "2026-11-22:1" }, today);
    addToBacklog(b, { res: "m", bucket: "2026-09", open: 5, openDeadlines: "2026-10-01:4,2026-10-03:1" }, today);
    expect(b).toEqual({
      open: 10, overdue: 6,
      bands: { d0_2: 2, d3_7: 0, d8_14: 0, d15_20: 1, d21_plus: 7 },
      overdueBands: { d0_2: 0, d3_7: 0, d8_14: 0, d15_20: 0, d21_plus: 6 },
    });
    expect(encodeDeadlines({ "2026-12-02": 1, "2026-12-01": 3, "2026-12-03": 0 })).toBe("2026-12-01:3,2026-12-02:1");
    expect(countDeadlinesBefore("2026-11-20:12,2026-11-21:3,2026-11-22:5,2026-12-01:1", "2026-11-22")).toBe(15);
    expect(countDeadlinesBefore("", "2026-11-22")).toBe(0);
    expect(addEncodedDeadlines({ "2026-12-01": 1 }, "2026-12-01:3,2026-12-02:1", -1)).toEqual({ "2026-12-01": -2, "2026-12-02": -1 });
  });
});

describe("ratios", () => {
  it("are null when nothing was counted", () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
    expect(change(15, 10)).toBe(0.5);
    expect(change(3, 0)).toBeNull();
  });
});

describe("the rollup's counting rules", () => {
  const tip = (over: Partial<TipFact>): TipFact => ({
    unit: "U1", category: "drugs", channel: "web", org: "", valuable: false, opensIncident: true, incidentValuable: false,
    triageMinutes: null, open: false, deadlineDay: "2026-12-01", ...over,
  });

  it("counts tips, incidents once (on their first tip), valuable tips and valuable incidents", () => {
    const cells = rollupDay([
      tip({ valuable: true, incidentValuable: true, triageMinutes: 30 }),
      tip({ opensIncident: false, incidentValuable: true, valuable: true }),
      tip({ opensIncident: false, incidentValuable: true, channel: "hotline", org: "HCCB" }),
      tip({ unit: "U2", category: "theft" }),
    ], []);
    const u1 = cells.get(cellKeyString({ grain: "unit", unit: "U1", category: "*", channel: "*", org: "*" }))!.measures;
    expect(u1).toMatchObject({ tips: 3, incidents: 1, valuable: 2, valuableIncidents: 1, triaged: 1 });
    const hotline = cells.get(cellKeyString({ grain: "channel", unit: "U1", category: "*", channel: "hotline", org: "*" }))!.measures;
    expect(hotline).toMatchObject({ tips: 1, incidents: 0, valuable: 0 });
    const full = cells.get(cellKeyString({ grain: "all", unit: "U1", category: "drugs", channel: "hotline", org: "HCCB" }))!.measures;
    expect(full.tips).toBe(1);
    expect(cells.get(cellKeyString({ grain: "category", unit: "U2", category: "theft", channel: "*", org: "*" }))!.measures.tips).toBe(1);
  });

  it("counts a case once per cell its linked tips reach, and never without a linked tip", () => {
    const linkedTwice: CaseFact = {
      unit: "U1", category: "weapons", arrests: 3,
      links: [{ channel: "web", org: "HCCB" }, { channel: "web", org: "HND" }, { channel: "hotline", org: "HCCB" }],
      seizures: [{ kind: "guns", quantity: 2 }, { kind: "primitive_weapons", quantity: 5 }],
    };
    const unlinked: CaseFact = { unit: "U1", category: "weapons", arrests: 9, links: [], seizures: [{ kind: "guns", quantity: 9 }] };
    const cells = rollupDay([], [linkedTwice, unlinked]);
    const get = (grain: "unit" | "channel" | "org" | "all", channel: string, org: string) =>
      cells.get(cellKeyString({ grain, unit: "U1", category: grain === "all" ? "weapons" : "*", channel, org }))?.measures;
    expect(get("unit", "*", "*")).toMatchObject({ cases: 1, arrests: 3, seized: { guns: 2, primitive_weapons: 5 } });
    expect(get("channel", "web", "*")).toMatchObject({ cases: 1, arrests: 3 });
    expect(get("channel", "hotline", "*")).toMatchObject({ cases: 1 });
    expect(get("org", "*", "HCCB")).toMatchObject({ cases: 1 });
    expect(get("org", "*", "HND")).toMatchObject({ cases: 1 });
    expect(get("all", "web", "HCCB")).toMatchObject({ cases: 1 });
    expect(get("all", "hotline", "HND")).toBeUndefined();
  });

  it("adds each unit's figures to its province's row too, but not those of tips no unit owns", () => {
    const cells = rollupDay([tip({ unit: "U1" }), tip({ unit: "U2" }), tip({ unit: "" })], [
      { unit: "U2", category: "theft", arrests: 2, links: [{ channel: "web", org: "" }], seizures: [] },
    ], (unit) => (unit.startsWith("U") ? "48" : null));
    const unitGrain = (unit: string) => cells.get(cellKeyString({ grain: "unit", unit, category: "*", channel: "*", org: "*" }))?.measures;
    expect(unitGrain("P:48")).toMatchObject({ tips: 2, cases: 1, arrests: 2 });
    expect(unitGrain("U1")).toMatchObject({ tips: 1, cases: 0 });
    expect(unitGrain("")).toMatchObject({ tips: 1 });
    expect([...new Set([...cells.values()].filter((c) => c.unit === "P:48").map((c) => c.grain))].sort()).toEqual(["all", "category", "channel", "org", "unit"]);
  });

  it("opens an incident with its earliest tip, the lower id breaking ties", () => {
    expect(incidentSummary([
      { id: 9, createdAt: "2026-01-02T00:00:00.000Z", valuable: false },
      { id: 7, createdAt: "2026-01-01T00:00:00.000Z", valuable: false },
      { id: 5, createdAt: "2026-01-01T00:00:00.000Z", valuable: true },
    ])).toMatchObject({ firstTipId: 5, valuable: true });
  });

  it("reads the smallest grain that holds the dimensions asked for", () => {
    expect(grainFor([])).toBe("unit");
    expect(grainFor(["org"])).toBe("org");
    expect(grainFor(["category", "category"])).toBe("category");
    expect(grainFor(["category", "org"])).toBe("all");
  });
});
