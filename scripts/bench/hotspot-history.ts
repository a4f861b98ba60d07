/**
 * Synthetic incident histories for the hotspot evaluation and benchmark:
 * reports (tips, with duplicate clusters) per ward, type and day for a
 * province, deterministic for a seed, with rises of known size, place and
 * start, and "duplicate storms" (one incident reported many times) injected.
 *
 * Background, per ward × type × day, the expected number of incidents is
 *   volume ÷ 365 × the type's share (the benchmarks' mix)
 *     × the ward's share of the type (Zipf-like over wards, × a log-normal
 *       affinity of the ward for the type, × a slow random drift per ward)
 *     × season (a yearly wave of 10–30 % per type, its own phase)
 *     × weekday (weekends up or down to ±25 % per type)
 *     × trend (+15 % a year: the portal becoming known) × Tết (a week at −35 %),
 * and the realised count adds what no model of averages knows: a shared daily
 * shock per type (gamma, CV 20 %: weather, events), extra-Poisson noise per
 * ward and day (gamma, CV 20 %) and near repeats (10 % of incidents are followed
 * by another of the type in the ward within three days). A quarter of incidents
 * are reported by 2–4 people, some on the next day.
 */
import type { HotspotArea, IncidentReport } from "../../domain/hotspots";
import { addDays, type Day } from "../../domain/stats";
import { CATEGORY_WEIGHTS, seededRandom, wardWeightsOf } from "./synthetic-history";

type Random = () => number;

export interface InjectedRise {
  category: string;
  wardCodes: readonly string[];
  start: Day;
  days: number;
  /** Incidents in the wards are multiplied by this from `start` for `days` days. */
  multiplier: number;
}

export interface DuplicateStorm {
  category: string;
  wardCode: string;
  day: Day;
  /** Reports of the one incident, over that day and the next. */
  reports: number;
}

export interface HistoryOptions {
  seed: number;
  incidentsPerYear: number;
  firstDay: Day;
  days: number;
  rises?: readonly InjectedRise[];
  storms?: readonly DuplicateStorm[];
}

export interface SyntheticProvince {
  area: HotspotArea;
  /** Expected background incidents of a ward and type on a day (before shocks and noise). */
  expectedIncidents(wardCode: string, category: string, day: Day): number;
  /** Reports in receipt order (a cluster's first report first). */
  reports(options: Pick<HistoryOptions, "rises" | "storms">): IncidentReport[];
}

const SHOCK_SHAPE = 25; // CV 20 %
const NOISE_SHAPE = 25;
const NEAR_REPEAT = 0.1;
const TREND_PER_YEAR = 0.15;
const TET = { dayOfYear: 30, days: 7, factor: 0.65 };

/**
 * A province with the given wards and adjacency whose background is fixed by
 * `seed`; `reports()` realises it, with or without injections (the same
 * background either way, so a run with rises can be compared with one without).
 */
export function syntheticProvince(wardCodes: readonly string[], adjacency: HotspotArea["adjacency"], options: Omit<HistoryOptions, "rises" | "storms">): SyntheticProvince {
  const random = seededRandom(options.seed);
  const categories: string[] = CATEGORY_WEIGHTS.map(([code]) => code);
  const area: HotspotArea = { wardCodes, adjacency, categories };
  const W = wardCodes.length;
  const C = categories.length;
  const D = options.days;
  const wardIndex = new Map(wardCodes.map((code, i) => [code, i]));
  const categoryIndex = new Map<string, number>(categories.map((code, i) => [code, i]));

  const categoryShare = normalise(CATEGORY_WEIGHTS.map(([, weight]) => weight));
  const busiestFirst = shuffle(random, wardCodes.map((_, i) => i));
  const zipf = new Float64Array(W);
  wardWeightsOf(busiestFirst).forEach(([w, weight]) => (zipf[w] = weight));
  const affinity = Float64Array.from({ length: W * C }, () => Math.exp(0.5 * normal(random)));
  // A random walk per ward, 15 % a year.
  const drift = new Float64Array(W * D);
  for (let w = 0; w < W; w++) {
    let level = 0;
    for (let t = 0; t < D; t++) {
      level += normal(random) * 0.15 / Math.sqrt(365);
      drift[w * D + t] = level;
    }
  }
  const season = categories.map(() => ({ amplitude: 0.1 + 0.2 * random(), phase: random() * 365 }));
  const weekend = categories.map(() => 0.75 + 0.5 * random());
  const firstWeekday = new Date(`${options.firstDay}T00:00:00Z`).getUTCDay();
  const firstDayOfYear = dayOfYear(options.firstDay);

  // shareOf[(t × C + c) × W + w]: the ward's share of the type on day t.
  const shareOf = new Float64Array(D * C * W);
  const dayFactor = new Float64Array(D * C);
  for (let t = 0; t < D; t++) {
    const yearDay = (firstDayOfYear + t) % 365;
    const weekday = (firstWeekday + t) % 7;
    const tet = yearDay >= TET.dayOfYear && yearDay < TET.dayOfYear + TET.days ? TET.factor : 1;
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let w = 0; w < W; w++) sum += zipf[w]! * affinity[w * C + c]! * Math.exp(drift[w * D + t]!);
      for (let w = 0; w < W; w++) shareOf[(t * C + c) * W + w] = (zipf[w]! * affinity[w * C + c]! * Math.exp(drift[w * D + t]!)) / sum;
      const wave = 1 + season[c]!.amplitude * Math.sin((2 * Math.PI * (yearDay - season[c]!.phase)) / 365);
      const week = weekday === 0 || weekday === 6 ? weekend[c]! : 1;
      dayFactor[t * C + c] = (options.incidentsPerYear / 365) * categoryShare[c]! * wave * week * tet * Math.exp((TREND_PER_YEAR * t) / 365);
    }
  }

  const expected = (w: number, c: number, t: number) => dayFactor[t * C + c]! * shareOf[(t * C + c) * W + w]!;

  function expectedIncidents(wardCode: string, category: string, day: Day): number {
    const t = Math.round((Date.parse(day) - Date.parse(options.firstDay)) / 86_400_000);
    return expected(wardIndex.get(wardCode)!, categoryIndex.get(category)!, t);
  }

  function reports({ rises = [], storms = [] }: Pick<HistoryOptions, "rises" | "storms">): IncidentReport[] {
    // Realisation has its own stream so the background is the same with or without injections.
    const draw = seededRandom(options.seed * 7919 + 1);
    const inject = seededRandom(options.seed * 104_729 + 2);
    const days = Array.from({ length: D + 1 }, (_, t) => addDays(options.firstDay, t));
    const out: IncidentReport[] = [];
    const nearRepeats = new Int32Array((D + 3) * C * W);
    let cluster = 0;

    const report = (w: number, c: number, t: number, count: number, rng: Random) => {
      for (let i = 0; i < count; i++) {
        const clusterId = ++cluster;
        out.push({ clusterId, wardCode: wardCodes[w]!, category: categories[c]!, day: days[t]! });
        // A quarter are reported by 2–4 people; some come the next day.
        if (rng() < 0.25) {
          const extra = 1 + Math.floor(rng() * 3);
          for (let k = 0; k < extra; k++) out.push({ clusterId, wardCode: wardCodes[w]!, category: categories[c]!, day: days[rng() < 0.3 ? t + 1 : t]! });
        }
      }
    };

    for (let t = 0; t < D; t++) {
      for (let c = 0; c < C; c++) {
        const shock = gamma(draw, SHOCK_SHAPE) / SHOCK_SHAPE;
        for (let w = 0; w < W; w++) {
          const mean = expected(w, c, t) * shock * (gamma(draw, NOISE_SHAPE) / NOISE_SHAPE);
          const count = poisson(draw, mean) + nearRepeats[(t * C + c) * W + w]!;
          for (let i = 0; i < count; i++) {
            if (draw() < NEAR_REPEAT) nearRepeats[((t + 1 + Math.floor(draw() * 3)) * C + c) * W + w] += 1;
          }
          report(w, c, t, count, draw);
        }
      }
      for (const rise of rises) {
        const offset = Math.round((Date.parse(days[t]!) - Date.parse(rise.start)) / 86_400_000);
        if (offset < 0 || offset >= rise.days) continue;
        const c = categoryIndex.get(rise.category)!;
        for (const code of rise.wardCodes) {
          const w = wardIndex.get(code)!;
          report(w, c, t, poisson(inject, (rise.multiplier - 1) * expected(w, c, t)), inject);
        }
      }
      for (const storm of storms) {
        if (storm.day !== days[t]) continue;
        const clusterId = ++cluster;
        for (let k = 0; k < storm.reports; k++) {
          out.push({ clusterId, wardCode: storm.wardCode, category: storm.category, day: days[k % 2 === 0 ? t : t + 1]! });
        }
      }
    }
    return out;
  }

  return { area, expectedIncidents, reports };
}

function normalise(values: readonly number[]): number[] {
  const sum = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / sum);
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function dayOfYear(day: Day): number {
  return Math.round((Date.parse(day) - Date.parse(`${day.slice(0, 4)}-01-01`)) / 86_400_000);
}

/** Standard normal (Box–Muller). */
function normal(random: Random): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1), shape ≥ 1 (Marsaglia–Tsang). */
function gamma(random: Random, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(mean): inversion for small means, Hörmann's transformed rejection (PTRS) above 10. */
function poisson(random: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = random();
    while (u > cdf && k < 1000) {
      k += 1;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling's series; exact enough from k = 2 for the rejection test.
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
}
