/**
 * `npm run eval:hotspots [-- --seeds 5 --volumes 2000,20000,200000,750000 --months 6]`
 *
 * Evaluates hotspot detection (domain/hotspots.ts) on synthetic histories of
 * the demo province — its 94 wards and their adjacency from the boundary file —
 * built by scripts/bench/hotspot-history.ts: a year of background, then
 * `--months` of monitoring, for each yearly incident volume and seed.
 *
 *   - False alerts: the background alone (plus "duplicate storms": one incident
 *     reported 10–40 times) goes through the detector day by day; every alert
 *     that appears during monitoring, where none of its type covered its wards
 *     the day before, is a false alert. Printed per province-month.
 *   - Detection: the same background with rises injected — ×2, ×3 or ×5 the
 *     usual incidents of one type in one ward or two adjacent wards, for 28 days,
 *     three per type in turn — each found when an alert of its type covers one of
 *     its wards; the delay is in days from the rise's first day (0 = that day).
 *     Printed by rise size, place and how many incidents the place usually has
 *     in a week (the baseline: rises on thin series cannot be told from chance
 *     as fast; docs/decisions/0060 works out the limit).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { wardAdjacency } from "../domain/geo";
import { countIncidents, createHotspotDetector, type HotspotAlert } from "../domain/hotspots";
import { addDays, daysBetween, type Day } from "../domain/stats";
import { readBoundaries } from "./eval-triage-domain";
import { syntheticProvince, type DuplicateStorm, type InjectedRise, type SyntheticProvince } from "./bench/hotspot-history";
import { seededRandom } from "./bench/synthetic-history";

const FIRST_DAY = "2025-01-01";
const HISTORY_DAYS = 365;
const RISE_DAYS = 28;
const MULTIPLIERS = [2, 3, 5] as const;
const PLACES = ["one ward", "two adjacent wards"] as const;
/** Strata of the place's usual incidents a week: [from, to). */
export const STRATA = [0.25, 1, 3, 7, 15, 25, 50, Infinity] as const;
const WITHIN_DAYS = 7;
const STORMS = 10;

export interface RiseOutcome {
  rise: InjectedRise;
  place: (typeof PLACES)[number];
  usualPerWeek: number;
  /** Days from the rise's first day to the first alert covering it, or null if none within the rise. */
  delay: number | null;
}

export interface RunResult {
  volume: number;
  seed: number;
  monitoredDays: number;
  falseAlerts: HotspotAlert[];
  /** Duplicate storms (of 10) with an alert at their place within 14 days. */
  stormsAlerted: number;
  rises: RiseOutcome[];
}

/** Alerts of `today` that are new: none of their type covered any of their wards the day before. */
export function newAlerts(today: readonly HotspotAlert[], yesterday: readonly HotspotAlert[]): HotspotAlert[] {
  return today.filter((alert) => !yesterday.some((old) => old.category === alert.category && old.wardCodes.some((w) => alert.wardCodes.includes(w))));
}

/** Whether an alert covers a rise: the same type and at least one of its wards. */
export function covers(alert: HotspotAlert, rise: Pick<InjectedRise, "category" | "wardCodes">): boolean {
  return alert.category === rise.category && alert.wardCodes.some((w) => rise.wardCodes.includes(w));
}

/** Runs the detector over every day, calling `onDay` for each monitored day with its alerts. */
function monitor(province: SyntheticProvince, lastDay: Day, reports: ReturnType<SyntheticProvince["reports"]>, onDay: (day: Day, alerts: HotspotAlert[]) => void): void {
  const detector = createHotspotDetector(province.area, FIRST_DAY);
  countIncidents(reports, province.area, FIRST_DAY, lastDay).forEach((counts, t) => {
    detector.addDay(counts);
    if (t >= HISTORY_DAYS - 1) onDay(addDays(FIRST_DAY, t), detector.alerts());
  });
}

function usualPerWeek(province: SyntheticProvince, category: string, wardCodes: readonly string[], start: Day): number {
  let sum = 0;
  for (let d = 0; d < 7; d++) for (const ward of wardCodes) sum += province.expectedIncidents(ward, category, addDays(start, d));
  return sum;
}

/**
 * Three rises per type, one after another (28 days on, a month apart), each
 * cycling through sizes, places and strata; a place is drawn among those whose
 * usual weekly incidents fall in the stratum (none: the slot stays empty).
 */
function planRises(province: SyntheticProvince, seed: number, monitoredDays: number): Array<Omit<RiseOutcome, "delay">> {
  const random = seededRandom(seed * 31 + 7);
  const { area } = province;
  const pairs = area.wardCodes.flatMap((a) => [...(area.adjacency.get(a) ?? [])].filter((b) => b > a).map((b) => [a, b]));
  const slots = Math.floor((monitoredDays - RISE_DAYS) / 60) + 1;
  const plan: Array<Omit<RiseOutcome, "delay">> = [];
  area.categories.forEach((category, c) => {
    for (let slot = 0; slot < slots; slot++) {
      const i = seed * 7 + c * 3 + slot;
      const multiplier = MULTIPLIERS[i % MULTIPLIERS.length]!;
      const place = PLACES[Math.floor(i / MULTIPLIERS.length) % PLACES.length]!;
      const stratum = (c + slot * 5 + seed) % (STRATA.length - 1);
      const start = addDays(FIRST_DAY, HISTORY_DAYS + slot * 60 + Math.floor(random() * 20));
      const candidates = (place === "one ward" ? area.wardCodes.map((w) => [w]) : pairs)
        .map((wardCodes) => ({ wardCodes, usual: usualPerWeek(province, category, wardCodes, start) }))
        .filter(({ usual }) => usual >= STRATA[stratum]! && usual < STRATA[stratum + 1]!);
      if (candidates.length === 0) continue;
      const chosen = candidates[Math.floor(random() * candidates.length)]!;
      plan.push({ rise: { category, wardCodes: chosen.wardCodes, start, days: RISE_DAYS, multiplier }, place, usualPerWeek: chosen.usual });
    }
  });
  return plan;
}

/** Storms of one incident reported 10–40 times, at random places and days of the monitoring. */
function planStorms(province: SyntheticProvince, seed: number, monitoredDays: number): DuplicateStorm[] {
  const random = seededRandom(seed * 131 + 3);
  const { wardCodes, categories } = province.area;
  return Array.from({ length: STORMS }, () => ({
    category: categories[Math.floor(random() * categories.length)]!,
    wardCode: wardCodes[Math.floor(random() * wardCodes.length)]!,
    day: addDays(FIRST_DAY, HISTORY_DAYS + Math.floor(random() * (monitoredDays - 14))),
    reports: 10 + Math.floor(random() * 31),
  }));
}

export function evaluateRun(wardCodes: readonly string[], adjacency: Map<string, Set<string>>, volume: number, seed: number, monitoredDays: number): RunResult {
  const days = HISTORY_DAYS + monitoredDays;
  const lastDay = addDays(FIRST_DAY, days - 1);
  const province = syntheticProvince(wardCodes, adjacency, { seed, incidentsPerYear: volume, firstDay: FIRST_DAY, days });

  const storms = planStorms(province, seed, monitoredDays);
  const falseAlerts: HotspotAlert[] = [];
  const stormsAlerted = new Set<DuplicateStorm>();
  let yesterday: HotspotAlert[] | null = null;
  monitor(province, lastDay, province.reports({ storms }), (day, alerts) => {
    if (yesterday) falseAlerts.push(...newAlerts(alerts, yesterday));
    yesterday = alerts;
    for (const storm of storms) {
      const after = daysBetween(storm.day, day);
      if (after >= 0 && after < 14 && alerts.some((alert) => covers(alert, { category: storm.category, wardCodes: [storm.wardCode] }))) stormsAlerted.add(storm);
    }
  });

  const plan = planRises(province, seed, monitoredDays);
  const delays = new Map<number, number>();
  monitor(province, lastDay, province.reports({ rises: plan.map((p) => p.rise) }), (day, alerts) => {
    plan.forEach(({ rise }, i) => {
      const delay = daysBetween(rise.start, day);
      if (delays.has(i) || delay < 0 || delay >= rise.days) return;
      if (alerts.some((alert) => covers(alert, rise))) delays.set(i, delay);
    });
  });
  return { volume, seed, monitoredDays, falseAlerts, stormsAlerted: stormsAlerted.size, rises: plan.map((p, i) => ({ ...p, delay: delays.get(i) ?? null })) };
}

// ---------------------------------------------------------------------------
// Report

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(0)}%` : "—");
const medianOf = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const stratumLabel = (i: number) => `${STRATA[i]}–${STRATA[i + 1] === Infinity ? "" : STRATA[i + 1]}`.padEnd(8);

function detectionLine(label: string, outcomes: RiseOutcome[]): string {
  const found = outcomes.filter((o) => o.delay !== null);
  const fast = found.filter((o) => o.delay! < WITHIN_DAYS);
  const median = medianOf(found.map((o) => o.delay!));
  return `  ${label} ${String(outcomes.length).padStart(5)}   ${percent(fast.length, outcomes.length).padStart(5)}   ${percent(found.length, outcomes.length).padStart(5)}   ${median === null ? "   —" : String(median).padStart(4)}`;
}

export function printReport(results: RunResult[]): void {
  const say = (line = "") => process.stdout.write(line + "\n");
  const volumes = [...new Set(results.map((r) => r.volume))];

  say("False alerts on background alone (new alerts during monitoring):");
  say("  incidents/year  seeds  province-months  false alerts  per province-month  duplicate storms alerted");
  for (const volume of volumes) {
    const runs = results.filter((r) => r.volume === volume);
    const months = runs.reduce((s, r) => s + r.monitoredDays, 0) / (365.25 / 12);
    const alerts = runs.reduce((s, r) => s + r.falseAlerts.length, 0);
    const perSeed = runs.map((r) => (r.falseAlerts.length / r.monitoredDays) * (365.25 / 12));
    say(`  ${volume.toLocaleString("en").padStart(14)}  ${String(runs.length).padStart(5)}  ${months.toFixed(1).padStart(15)}  ${String(alerts).padStart(12)}  ${(alerts / months).toFixed(2).padStart(18)} (seeds ${Math.min(...perSeed).toFixed(2)}–${Math.max(...perSeed).toFixed(2)})  ${runs.reduce((s, r) => s + r.stormsAlerted, 0)} of ${runs.length * STORMS}`);
  }
  const all = results.flatMap((r) => r.rises);
  say(`\nDetection of injected rises (28 days each; delay 0 = alert on the rise's first day), all volumes and seeds:`);
  say(`  usual a week      n   ≤${WITHIN_DAYS - 1} d  ≤${RISE_DAYS - 1} d  median delay`);
  for (const multiplier of MULTIPLIERS) {
    say(`×${multiplier}`);
    for (let i = 0; i < STRATA.length - 1; i++) {
      const outcomes = all.filter((o) => o.rise.multiplier === multiplier && o.usualPerWeek >= STRATA[i]! && o.usualPerWeek < STRATA[i + 1]!);
      if (outcomes.length) say(detectionLine(stratumLabel(i), outcomes));
    }
    for (const place of PLACES) say(detectionLine(`${place === "one ward" ? "1 ward " : "2 wards"} ≥3`, all.filter((o) => o.rise.multiplier === multiplier && o.place === place && o.usualPerWeek >= 3)));
  }
  const tripled = all.filter((o) => o.rise.multiplier === 3);
  say(`\nGoal: ≥ 90% of tripled rates found within ${WITHIN_DAYS} days; ≤ 1 false alert per province-month.`);
  for (const floor of [1, 3, 7, 15, 25, 50]) {
    const outcomes = tripled.filter((o) => o.usualPerWeek >= floor);
    const fast = outcomes.filter((o) => o.delay !== null && o.delay < WITHIN_DAYS).length;
    say(`  ×3 where the place usually has ≥ ${String(floor).padStart(2)} incidents a week: ${percent(fast, outcomes.length)} of ${outcomes.length} within ${WITHIN_DAYS} days`);
  }
}

function main(): void {
  const { values } = parseArgs({ options: { seeds: { type: "string" }, volumes: { type: "string" }, months: { type: "string" } } });
  const seeds = Number(values.seeds ?? 5);
  const volumes = (values.volumes ?? "2000,20000,200000,750000").split(",").map(Number);
  const monitoredDays = Math.round(Number(values.months ?? 6) * 30.44);
  if (!(seeds >= 1) || volumes.some((v) => !(v > 0)) || !(monitoredDays >= 60)) throw new Error("usage: --seeds N --volumes N,N,… --months M (M ≥ 2)");
  const boundaries = readBoundaries(path.resolve(import.meta.dirname, "../db/seed/danang-wards.geojson"));
  const adjacency = wardAdjacency(boundaries);
  const wardCodes = boundaries.map((b) => b.code).sort();
  const results: RunResult[] = [];
  for (const volume of volumes) {
    for (let seed = 1; seed <= seeds; seed++) {
      const started = performance.now();
      const result = evaluateRun(wardCodes, adjacency, volume, seed, monitoredDays);
      results.push(result);
      process.stderr.write(`volume ${volume} seed ${seed}: ${result.falseAlerts.length} false alerts, ${result.rises.filter((r) => r.delay !== null).length}/${result.rises.length} rises found (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  }
  printReport(results);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
