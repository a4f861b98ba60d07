/**
 * The hotspot statistic against values worked out by hand (each step in the
 * comments), then its rules: counting incidents, warm-up, hysteresis, pairs,
 * share uncertainty and extra-Poisson variation.
 */
import { describe, expect, it } from "vitest";
import {
  alertThreshold, countIncidents, createHotspotDetector, detectHotspots, Dispersion, gammaPoissonEvidence, HOTSPOT_SETTINGS, ShareBaseline,
  type HotspotArea, type HotspotSettings, type IncidentReport,
} from "../../../domain/hotspots";
import { addDays } from "../../../domain/stats";

const DAYS_PER_MONTH = 365.25 / 12;
const FIRST = "2026-01-01";

/** Three wards in a row (A–B, B–C touch), one type. 3 wards + 2 pairs = 5 tests. */
const row: HotspotArea = {
  wardCodes: ["A", "B", "C"],
  adjacency: new Map([["A", new Set(["B"])], ["B", new Set(["A", "C"])], ["C", new Set(["B"])]]),
  categories: ["theft"],
};

/**
 * Settings small enough to follow by hand: one rise size (ρ = 3, so no bank
 * penalty: ln 1 = 0), plain sums (infinite half-life), a guard of 2 days, alerts
 * from 10 days of baseline, and F chosen so the threshold is exactly 4:
 * ln(30.4375 × 5 ÷ F) = 4 ⇔ F = 30.4375 × 5 ÷ e⁴.
 */
const handSettings: HotspotSettings = {
  rises: [3],
  halfLifeDays: Infinity,
  guardDays: 2,
  warmUpDays: 10,
  falseAlertsPerMonth: (DAYS_PER_MONTH * 5) / Math.exp(4),
  minIncidents: 3,
  releaseMargin: 2,
};

/** One day's counts in the detector's layout for the one-type area: [A, B, C]. */
const day = (a: number, b: number, c: number) => Int32Array.from([a, b, c]);

describe("the threshold", () => {
  it("allows F false alerts a month over all tests (Ville's bound)", () => {
    // Đà Nẵng: 94 wards × 17 types + 237 adjacent pairs × 17 = 1 598 + 4 029 = 5 627 tests.
    // ln(30.4375 × 5 627 ÷ 1) = ln(171 271.8) = 12.051.
    expect(alertThreshold(5627)).toBeCloseTo(12.051, 3);
    expect(createHotspotDetector(row, FIRST, handSettings).threshold).toBeCloseTo(4, 10);
    expect(createHotspotDetector(row, FIRST, handSettings).tests).toBe(5);
  });
});

describe("a rise in one ward, by hand", () => {
  /**
   * Days 0–11: A 1, B 1, C 2 incidents a day (4 in the province). Days 12–14: A has
   * 4, 5, 3 (B and C as usual). Days 15–17: back to normal.
   *
   * Baseline on day t: days 0 … t−3 (the last two are the guard). With one type a
   * ward's share of all incidents is its share of this type, add-one smoothed:
   * p = (Y + 1) ÷ (N + 3). The wards' spread around p, Σ[(Y − Np)² − Y], is negative
   * (no extra variation), so κ is at its maximum (10⁶), the share is p and its
   * uncertainty nil.
   *   day 12: days 0–9,  Y_A = 10, N = 40 → π_A = 11/43 = 0.255814
   *   day 13: days 0–10, Y_A = 11, N = 44 → π_A = 12/47 = 0.255319
   *   day 14: days 0–11, Y_A = 12, N = 48 → π_A = 13/51 = 0.254902
   * Binomial CUSUM step for ρ = 3: y ln 3 − n ln(1 + 2π), ln 3 = 1.098612:
   *   day 12: n = 7: 4 × 1.098612 − 7 × ln(1.511628) = 4.394449 − 7 × 0.413187 = 1.502139
   *   day 13: n = 8: 5 × 1.098612 − 8 × ln(1.510638) = 5.493061 − 8 × 0.412532 = 2.192803
   *   day 14: n = 6: 3 × 1.098612 − 6 × ln(1.509804) = 3.295837 − 6 × 0.411980 = 0.823958
   *   sum 1.502139 → 3.694942 → 4.518900.
   * Usual given the rest of the province (B + C = 3 a day), E = 3 π ÷ (1 − π):
   *   day 12: 3 × 11/32 = 1.031250; day 13: 3 × 12/35 = 1.028571; day 14: 3 × 13/38 = 1.026316
   *   Poisson step y ln 3 − 2E (the share is certain, so no gamma penalty):
   *   4.394449 − 2.062500 = 2.331949; 5.493061 − 2.057143 = 3.435918; 3.295837 − 2.052632 = 1.243205
   *   sum 2.331949 → 5.767867 → 7.011072.
   * Evidence = the smaller sum: 1.502139 → 3.694942 → 4.518900: crosses 4 on day 14,
   * with 12 ≥ 3 incidents. Usual since day 12: 1.031250 + 1.028571 + 1.026316 = 3.086137.
   * Confidence: 1 − 5 × e^−4.518900 = 1 − 5 × 0.010901 = 0.945495.
   *
   * The pair A+B (π = 22/43, 24/47, 26/51; y = 5, 6, 4), binomial:
   *   5 × 1.098612 − 7 × 0.704708 = 0.560105; 6 × 1.098612 − 8 × 0.703729 = 0.961839;
   *   4 × 1.098612 − 6 × 0.702903 = 0.177029; sum 1.698974 < 4: no alert.
   * B (y = 1, π ≈ 0.256) and C (y = 2, π ≈ 0.488) step below zero every day.
   */
  function run(days: number) {
    const detector = createHotspotDetector(row, FIRST, handSettings);
    const rise = [day(4, 1, 2), day(5, 1, 2), day(3, 1, 2)];
    const history = [...Array.from({ length: 12 }, () => day(1, 1, 2)), ...rise, ...Array.from({ length: 3 }, () => day(1, 1, 2))];
    const alertsByDay = history.slice(0, days).map((counts) => {
      detector.addDay(counts);
      return detector.alerts();
    });
    return alertsByDay;
  }

  it("stays silent before the rise and on its first two days", () => {
    const days = run(14);
    expect(days.every((alerts) => alerts.length === 0)).toBe(true);
  });

  it("raises the alert on the third day with the hand-computed figures", () => {
    const alerts = run(15)[14]!;
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({ category: "theft", wardCodes: ["A"], since: addDays(FIRST, 12), at: addDays(FIRST, 14), raisedOn: addDays(FIRST, 14), incidents: 12, rise: 3 });
    expect(alert!.score).toBeCloseTo(4.5189, 3);
    expect(alert!.expected).toBeCloseTo(3.0861, 3);
    expect(alert!.confidence).toBeCloseTo(0.9455, 3);
  });

  /**
   * After the rise the days enter the baseline (day 15 sees days 0–12), A's share
   * grows and its quiet days (y = 1, n = 4, rest 3) pull both sums down:
   *   binomial: 1.098612 − 4 ln(1 + 2π)        Poisson: 1.098612 − 2 × 3π ÷ (1 − π)
   *   day 15: π = 17/58: −0.746770 → 3.7721     −1.389193 → 5.6219
   *   day 16: π = 22/66: −0.944690 → 2.8274     −1.901388 → 3.7205
   *   day 17: π = 25/72: −1.010807 → 1.8166     −2.092878 → 1.6276
   * Below 4 the alert stays current until the evidence (the smaller sum) is below
   * 4 − 2 = 2: 3.7721, 2.8274, then 1.6276 — released on day 17.
   */
  it("keeps the alert while the score is within the release margin, then lets it go", () => {
    const days = run(18);
    expect(days[15]!.map((a) => a.score)).toEqual([expect.closeTo(3.7721, 3)]);
    expect(days[16]!.map((a) => [a.score, a.raisedOn])).toEqual([[expect.closeTo(2.8274, 3), addDays(FIRST, 14)]]);
    expect(days[17]).toEqual([]);
  });
});

describe("the gamma–Poisson evidence", () => {
  it("is the Poisson CUSUM's sum when the share is certain", () => {
    // Y ln ρ − (ρ − 1) E = 4 ln 5 − 4 × 0.5 = 6.437752 − 2 = 4.437752
    expect(gammaPoissonEvidence(4, 0.5, 5, Infinity)).toBeCloseTo(4.437752, 6);
  });

  it("is smaller when the share is uncertain: the run's incidents also raise the estimate of the usual", () => {
    // a = 2: Y ln ρ − (a + Y) ln(1 + (ρ − 1) E ÷ (a + E)) = 6.437752 − 6 × ln(1 + 4 × 0.5 ÷ 2.5)
    //      = 6.437752 − 6 × ln(1.8) = 6.437752 − 6 × 0.587787 = 2.911032
    expect(gammaPoissonEvidence(4, 0.5, 5, 2)).toBeCloseTo(2.911032, 6);
    // and tends to the certain case as a grows
    expect(gammaPoissonEvidence(4, 0.5, 5, 1e9)).toBeCloseTo(4.437752, 5);
  });
});

describe("counting incidents", () => {
  const area: HotspotArea = { ...row, categories: ["theft", "drugs"] };
  const report = (clusterId: number, wardCode: string, category: string, d: number): IncidentReport => ({ clusterId, wardCode, category, day: addDays(FIRST, d) });

  it("counts a cluster once, on its first report, whatever the later reports say", () => {
    const counts = countIncidents([
      report(1, "A", "theft", 0),
      report(1, "A", "theft", 0),
      report(1, "B", "drugs", 1), // a later report of incident 1: not counted again, nor moved
      report(2, "C", "drugs", 1),
      report(3, "Z", "theft", 1), // unknown ward: counted nowhere
      report(3, "A", "theft", 1), // …and its cluster is used up
      report(4, "B", "theft", 5), // outside the days
    ], area, FIRST, addDays(FIRST, 1));
    // layout: category-major, [theft A, B, C, drugs A, B, C]
    expect(counts.map((c) => [...c])).toEqual([[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1]]);
  });

  it("answers nothing for an empty range", () => {
    expect(countIncidents([], area, FIRST, addDays(FIRST, -1))).toEqual([]);
  });
});

describe("the detector's rules", () => {
  const quiet = () => day(1, 1, 2);

  it("does not alert before the warm-up, however large the burst", () => {
    const detector = createHotspotDetector(row, FIRST, handSettings);
    for (let d = 0; d < 11; d++) detector.addDay(d < 8 ? quiet() : day(40, 1, 2));
    expect(detector.alerts()).toEqual([]);
  });

  it("needs three incidents: two in a ward that never has any are not a hotspot", () => {
    // C never has any; the guard days' shares are tiny, so each incident weighs ln 3 + …
    const detector = createHotspotDetector(row, FIRST, { ...handSettings, rises: [20] });
    for (let d = 0; d < 14; d++) detector.addDay(day(2, 2, 0));
    detector.addDay(day(2, 2, 2));
    expect(detector.alerts()).toEqual([]);
    detector.addDay(day(2, 2, 1));
    expect(detector.alerts().map((a) => [a.wardCodes, a.incidents])).toEqual([[["C"], 3]]);
  });

  it("names two adjacent wards when the rise straddles their boundary", () => {
    // A and B both double (2, 2 → 4, 4) for a week: each ward alone is weaker than the pair.
    const settings = { ...handSettings, rises: [2, 3] };
    const detector = createHotspotDetector(row, FIRST, settings);
    for (let d = 0; d < 12; d++) detector.addDay(day(2, 2, 4));
    const raised: string[][] = [];
    for (let d = 0; d < 7; d++) {
      detector.addDay(day(5, 5, 4));
      for (const alert of detector.alerts()) raised.push(alert.wardCodes);
    }
    expect(raised.length).toBeGreaterThan(0);
    expect(raised[0]).toEqual(["A", "B"]);
  });

  it("reports no two alerts of a type sharing a ward, strongest first", () => {
    const detector = createHotspotDetector(row, FIRST, handSettings);
    for (let d = 0; d < 12; d++) detector.addDay(quiet());
    for (let d = 0; d < 4; d++) detector.addDay(day(8, 1, 2));
    const alerts = detector.alerts();
    expect(alerts.map((a) => a.wardCodes)).toEqual([["A"]]);
  });

  it("needs more evidence where the history varied more than chance", () => {
    // The same average for A (2 a day), steady or in fortnights of 4 and 0; then the same 3-day rise.
    const steady = scoreAfterRise(() => day(2, 2, 2));
    const lumpy = scoreAfterRise((d) => (d % 28 < 14 ? day(4, 2, 2) : day(0, 2, 2)));
    expect(steady).toBeGreaterThan(0);
    expect(lumpy).toBeLessThan(steady);
  });
});

/** The best score on the last day of a 3-day rise in A after 70 days of `history`, with an easy threshold. */
function scoreAfterRise(history: (d: number) => Int32Array): number {
  const settings: HotspotSettings = { ...HOTSPOT_SETTINGS, guardDays: 2, warmUpDays: 56, falseAlertsPerMonth: 1e6 };
  const detector = createHotspotDetector(row, FIRST, settings);
  for (let d = 0; d < 70; d++) detector.addDay(history(d));
  for (let d = 0; d < 3; d++) detector.addDay(day(7, 2, 2));
  return Math.max(0, ...detector.alerts().filter((a) => a.wardCodes.includes("A")).map((a) => a.score));
}

describe("detectHotspots", () => {
  it("counts from the first report and ignores reports after `at`", () => {
    const reports: IncidentReport[] = [];
    let id = 0;
    for (let d = 0; d < 15; d++) {
      const counts = d < 12 ? [1, 1, 2] : [6, 1, 2];
      counts.forEach((n, w) => {
        for (let i = 0; i < n; i++) reports.push({ clusterId: ++id, wardCode: row.wardCodes[w]!, category: "theft", day: addDays(FIRST, d) });
      });
    }
    reports.push({ clusterId: ++id, wardCode: "A", category: "theft", day: addDays(FIRST, 30) });
    const alerts = detectHotspots(reports, row, addDays(FIRST, 14), handSettings);
    expect(alerts.map((a) => [a.wardCodes, a.since, a.at])).toEqual([[["A"], addDays(FIRST, 12), addDays(FIRST, 14)]]);
    expect(detectHotspots([], row, FIRST)).toEqual([]);
  });
});

describe("the baseline's parts, by hand", () => {
  it("shrinks a ward's share of a type toward its share of all incidents (empirical Bayes)", () => {
    // Two wards, two types, ten equal days: theft A 3 B 1, drugs A 1 B 3 (plain sums: infinite half-life).
    const baseline = new ShareBaseline(2, 2, Infinity);
    for (let d = 0; d < 10; d++) baseline.add(Int32Array.from([3, 1, 1, 3])); // [theft A, B, drugs A, B]
    const shares = new Float64Array(4);
    const certainty = new Float64Array(4);
    baseline.shares(shares, certainty);
    // Prior: each ward's share of all 80 incidents, add-one smoothed: (40 + 1) ÷ (80 + 2) = 0.5.
    // Theft: N = 40, expected at the prior 20 each. Spread of the wards' factors:
    //   Σ[(Y − Np)² − Y] ÷ Σ(Np)² = [(30 − 20)² − 30 + (10 − 20)² − 10] ÷ (20² + 20²) = 160 ÷ 800 = 0.2 → κ = 5.
    // Posterior factor (κ + Y) ÷ (κ + Np): A 35/25 = 1.4, B 15/25 = 0.6 → shares 0.5 × 1.4 = 0.7 and 0.3
    // (the raw 0.75 and 0.25 pulled toward 0.5); they already sum to 1. Shapes κ + Y: 35 and 15.
    expect([...shares].map((v) => Number(v.toFixed(6)))).toEqual([0.7, 0.3, 0.3, 0.7]);
    expect([...certainty]).toEqual([35, 15, 15, 35]);
  });

  it("measures extra-Poisson variation in 7-day blocks (the negative-binomial 1/r)", () => {
    // One type, two wards, shares held at ½, 4 incidents a day: a block expects E = 7 × 4 × ½ = 14 each.
    const dispersion = new Dispersion(2, 1, Infinity);
    const half = Float64Array.from([0.5, 0.5]);
    // Week 1 alternates day by day (A 4 on days 1, 3, 5, 7): Y = 16 and 12.
    //   Σ[(Y − E)² − Y(1 − π)] = (2² − 8) + (2² − 6) = −6; ΣE² = 392.
    for (let d = 0; d < 7; d++) dispersion.add(d % 2 === 0 ? Int32Array.from([4, 0]) : Int32Array.from([0, 4]), half);
    expect(dispersion.inverseSize[0]).toBe(0); // −6 ÷ 392 < 0: no more variation than chance
    // Week 2 puts every incident in A: Y = 28 and 0: (14² − 14) + (14² − 0) = 378; ΣE² = 392.
    for (let d = 0; d < 7; d++) dispersion.add(Int32Array.from([4, 0]), half);
    // 1/r = (−6 + 378) ÷ (392 + 392) = 372 ÷ 784 = 0.474490: a day expecting 2 weighs 1 ÷ (1 + 7 × 2 × 0.474490) = 1 ÷ 7.643.
    expect(dispersion.inverseSize[0]).toBeCloseTo(0.47449, 5);
  });
});
