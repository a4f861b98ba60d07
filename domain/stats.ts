/**
 * Oversight figures, pure: calendar days and periods in Vietnam time, the
 * cells of the summary rollup, time-to-triage bins and their percentiles.
 * The counting rules are in docs/decisions/0030-oversight-figures.md.
 *
 * Days are Vietnam calendar days ("2026-11-22"; instants become days in
 * domain/vietnam-time.ts).
 */

export type Day = string;
export type Month = string;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(day: Day): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a calendar day: '${day}'`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function dayFromNumber(n: number): Day {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isDay(value: string): boolean {
  return DAY_PATTERN.test(value) && dayFromNumber(dayNumber(value)) === value;
}

export function addDays(day: Day, days: number): Day {
  return dayFromNumber(dayNumber(day) + days);
}

/** Whole days from `from` to `to` (0 for the same day). */
export function daysBetween(from: Day, to: Day): number {
  return dayNumber(to) - dayNumber(from);
}

export const monthOf = (day: Day): Month => day.slice(0, 7);

export function monthFirstDay(month: Month): Day {
  return `${month}-01`;
}

export function monthLastDay(month: Month): Day {
  const [y, m] = month.split("-").map(Number);
  return dayFromNumber(Date.UTC(y, m, 1) / DAY_MS - 1);
}

function nextMonth(month: Month): Month {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------
// Periods

export const PERIOD_PRESETS = ["month", "quarter", "year", "last_month", "last_quarter", "last_year", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Inclusive calendar days. */
export interface Period {
  from: Day;
  to: Day;
}

function quarterFirstDay(day: Day): Day {
  const [y, m] = day.split("-").map(Number);
  return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
}

/**
 * The named periods. "This month/quarter/year" run from its first day to
 * today; "last …" are the whole previous calendar month, quarter or year.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, today: Day): Period {
  const year = today.slice(0, 4);
  switch (preset) {
    case "month":
      return { from: monthFirstDay(monthOf(today)), to: today };
    case "quarter":
      return { from: quarterFirstDay(today), to: today };
    case "year":
      return { from: `${year}-01-01`, to: today };
    case "last_month": {
      const last = addDays(monthFirstDay(monthOf(today)), -1);
      return { from: monthFirstDay(monthOf(last)), to: last };
    }
    case "last_quarter": {
      const last = addDays(quarterFirstDay(today), -1);
      return { from: quarterFirstDay(last), to: last };
    }
    case "last_year":
      return { from: `${Number(year) - 1}-01-01`, to: `${Number(year) - 1}-12-31` };
  }
}

export function periodLength(period: Period): number {
  return daysBetween(period.from, period.to) + 1;
}

/** The same number of days, ending the day before `period` starts (no longer the comparison: see samePeriodLastYear). */
export function previousPeriod(period: Period): Period {
  const length = periodLength(period);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function sameDayLastYear(day: Day): Day {
  const [y, m, d] = day.split("-").map(Number);
  const last = Number(monthLastDay(`${y - 1}-${String(m).padStart(2, "0")}`).slice(8));
  return `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/**
 * The comparison period of review conferences, "cùng kỳ năm trước"
 * (docs/decisions/0033-oversight-walkthrough.md): the same dates a year
 * earlier. "This year" (1 January – today) compares with 1 January – the same
 * day last year, "this month" with the same days of last year's month, a
 * custom range with the same dates; 29 February reads as 28 February. The
 * whole "last month / quarter / year" compare with the whole one a year
 * earlier (February 2025 with all of February 2024, 29th included).
 */
export function samePeriodLastYear(period: Period, preset: PeriodPreset = "custom"): Period {
  const from = sameDayLastYear(period.from);
  const whole = preset === "last_month" || preset === "last_quarter" || preset === "last_year";
  const to = whole ? monthLastDay(monthOf(sameDayLastYear(period.to))) : sameDayLastYear(period.to);
  return { from, to };
}

/** A period that has not ended yet (it reaches today or later): its figures will still grow. */
export function periodUnfinished(period: Period, today: Day): boolean {
  return period.to >= today;
}

export function periodContains(period: Period, day: Day): boolean {
  return day >= period.from && day <= period.to;
}

/**
 * How the rollup covers a period: whole calendar months inside it from the
 * monthly rows, the remaining days from the daily rows. `daysOnly` reads every
 * day from the daily rows (short periods, weekly charts).
 */
export interface Segments {
  months: Month[];
  dayRanges: Period[];
}

export function segmentsOf(period: Period, options: { daysOnly?: boolean; dataUntil?: Day } = {}): Segments {
  if (options.daysOnly) return { months: [], dayRanges: [period] };
  // Nothing is recorded after `dataUntil` (today): a period reaching it may read its last month whole.
  const to = options.dataUntil && period.to >= options.dataUntil ? monthLastDay(monthOf(period.to)) : period.to;
  const months: Month[] = [];
  const dayRanges: Period[] = [];
  let cursor = period.from;
  while (cursor <= to) {
    const month = monthOf(cursor);
    const last = monthLastDay(month);
    if (cursor === monthFirstDay(month) && last <= to) {
      months.push(month);
      cursor = monthFirstDay(nextMonth(month));
    } else {
      const end = last < to ? last : to;
      dayRanges.push({ from: cursor, to: end });
      cursor = addDays(end, 1);
    }
  }
  return { months, dayRanges };
}

// ---------------------------------------------------------------------------
// Chart buckets

export type BucketSize = "week" | "month";

/** A slice of a period for charts: a Monday-to-Sunday week or a calendar month, cut to the period. */
export interface TimeBucket extends Period {
  key: string;
  size: BucketSize;
}

/** Weeks up to a quarter (13 bars), months beyond. */
export function bucketSizeFor(period: Period): BucketSize {
  return periodLength(period) <= 92 ? "week" : "month";
}

export function timeBuckets(period: Period): TimeBucket[] {
  const size = bucketSizeFor(period);
  const buckets: TimeBucket[] = [];
  let cursor = period.from;
  while (cursor <= period.to) {
    let end: Day;
    if (size === "week") {
      // 1970-01-01 was a Thursday: day number 4 mod 7 is a Monday.
      const weekday = (((dayNumber(cursor) - 4) % 7) + 7) % 7;
      end = addDays(cursor, 6 - weekday);
    } else {
      end = monthLastDay(monthOf(cursor));
    }
    if (end > period.to) end = period.to;
    buckets.push({ key: size === "week" ? cursor : monthOf(cursor), from: cursor, to: end, size });
    cursor = addDays(end, 1);
  }
  return buckets;
}

/** Index of the bucket holding `day`, or -1. Buckets are sorted and contiguous. */
export function bucketIndexOf(buckets: TimeBucket[], day: Day): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (day < buckets[mid].from) hi = mid - 1;
    else if (day > buckets[mid].to) lo = mid + 1;
    else return mid;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Time to first triage: "within" bins

/**
 * Upper bounds of the bins, in minutes: 5, 10, 15, 20, 30, 45 minutes; 1, 1.5,
 * 2, 3, 4, 6, 8, 12, 16 hours; 1, 1.5, 2, 3, 4, 5, 7, 10, 14, 20, 30, 45, 60,
 * 90 days. A time falls in the first bin whose bound it does not exceed; past
 * the last bound it falls in an overflow bin. Percentiles are reported as
 * "within <bound>", exactly what the bins can say.
 */
export const TRIAGE_BOUNDS_MINUTES = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960,
  1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 28800, 43200, 64800, 86400, 129600,
] as const;

export const TRIAGE_BINS = TRIAGE_BOUNDS_MINUTES.length + 1;

export function triageBin(minutes: number): number {
  for (let i = 0; i < TRIAGE_BOUNDS_MINUTES.length; i++) if (minutes <= TRIAGE_BOUNDS_MINUTES[i]) return i;
  return TRIAGE_BOUNDS_MINUTES.length;
}

/** Whole minutes from receipt to the first officer action; never negative. */
export function triageMinutes(createdAt: string, firstTriagedAt: string): number {
  return Math.max(0, Math.floor((Date.parse(firstTriagedAt) - Date.parse(createdAt)) / 60_000));
}

export type Histogram = number[];

export const emptyHistogram = (): Histogram => new Array<number>(TRIAGE_BINS).fill(0);

/** Stored sparse: "3:12,7:1" (bin:count). */
export function encodeHistogram(histogram: Histogram): string {
  const parts: string[] = [];
  histogram.forEach((n, bin) => {
    if (n !== 0) parts.push(`${bin}:${n}`);
  });
  return parts.join(",");
}

/** Adds a stored histogram into `target` (times `sign`). */
export function addEncodedHistogram(target: Histogram, encoded: string, sign = 1): Histogram {
  if (!encoded) return target;
  for (const part of encoded.split(",")) {
    const colon = part.indexOf(":");
    target[Number(part.slice(0, colon))] += sign * Number(part.slice(colon + 1));
  }
  return target;
}

/**
 * The smallest bound within which at least `p` of the tips were triaged
 * (nearest rank: the ⌈p·n⌉-th fastest tip's bin). Null without data;
 * Infinity when that tip took longer than the last bound.
 */
export function percentileWithin(histogram: Histogram, p: number): number | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin];
    if (seen >= rank) return bin < TRIAGE_BOUNDS_MINUTES.length ? TRIAGE_BOUNDS_MINUTES[bin] : Infinity;
  }
  return Infinity;
}

// ---------------------------------------------------------------------------
// Backlog

/** Age bands of open tips, in whole days since the day of receipt: 0–2, 3–7, 8–14, 15–20, over 20 (art. 147). */
export const BACKLOG_AGE_BANDS = [
  { key: "d0_2", minDays: 0 },
  { key: "d3_7", minDays: 3 },
  { key: "d8_14", minDays: 8 },
  { key: "d15_20", minDays: 15 },
  { key: "d21_plus", minDays: 21 },
] as const;
export type BacklogBand = (typeof BACKLOG_AGE_BANDS)[number]["key"];

export function backlogBandOf(ageDays: number): BacklogBand {
  let band: BacklogBand = BACKLOG_AGE_BANDS[0].key;
  for (const b of BACKLOG_AGE_BANDS) if (ageDays >= b.minDays) band = b.key;
  return band;
}

export interface BacklogCounts {
  open: number;
  overdue: number;
  bands: Record<BacklogBand, number>;
  overdueBands: Record<BacklogBand, number>;
}

export function emptyBacklog(): BacklogCounts {
  const zero = () => Object.fromEntries(BACKLOG_AGE_BANDS.map((b) => [b.key, 0])) as Record<BacklogBand, number>;
  return { open: 0, overdue: 0, bands: zero(), overdueBands: zero() };
}

/**
 * Adds the open tips of one stored day (or of a month wholly older than 20
 * days) to a backlog: their age band, and whether their deadline's day has
 * passed (a deadline ends at 23:59:59 of its day, so it has passed from the
 * next day on).
 */
export function addToBacklog(target: BacklogCounts, cell: { res: "d" | "m"; bucket: string; open: number; openDeadlines: string }, today: Day): BacklogCounts {
  const band: BacklogBand = cell.res === "m" ? "d21_plus" : backlogBandOf(daysBetween(cell.bucket, today));
  const overdue = countDeadlinesBefore(cell.openDeadlines, today);
  target.open += cell.open;
  target.bands[band] += cell.open;
  target.overdue += overdue;
  target.overdueBands[band] += overdue;
  return target;
}

/**
 * Adds open tips received before the last weeks (all in the oldest band), of which
 * `overdue` are past their deadline: the older part of a backlog read from the
 * open-tips-now rows (docs/decisions/0084-open-tips-now.md).
 */
export function addOlderToBacklog(target: BacklogCounts, open: number, overdue: number): BacklogCounts {
  const band: BacklogBand = "d21_plus";
  target.open += open;
  target.bands[band] += open;
  target.overdue += overdue;
  target.overdueBands[band] += overdue;
  return target;
}

/** Where deadlines before a fold are counted: a day before every real one, so always "before today". */
export const FOLDED_DEADLINE_DAY = "0000-01-01";

/**
 * How many days behind the refresh's day deadlines are folded into FOLDED_DEADLINE_DAY,
 * and how far behind the fold may fall before the refresher folds again: the open-tips-now
 * rows then hold at most a few months of deadline days, however long the history.
 */
export const DEADLINE_FOLD_DAYS = 60;
export const DEADLINE_REFOLD_DAYS = 90;

/** The deadline counts with every day before `before` added up under FOLDED_DEADLINE_DAY. */
export function foldDeadlines(counts: DeadlineCounts, before: Day): DeadlineCounts {
  const folded: DeadlineCounts = {};
  for (const [day, n] of Object.entries(counts)) {
    const key = day < before ? FOLDED_DEADLINE_DAY : day;
    folded[key] = (folded[key] ?? 0) + n;
  }
  return folded;
}

/** How many tips of a stored deadline list ("day:count,…", in day order) have a deadline day before `today`. */
export function countDeadlinesBefore(encoded: string, today: Day): number {
  let count = 0;
  for (let i = 0; i < encoded.length; ) {
    if (encoded.slice(i, i + 10) >= today) break;
    const comma = encoded.indexOf(",", i);
    const end = comma < 0 ? encoded.length : comma;
    count += Number(encoded.slice(i + 11, end));
    i = end + 1;
  }
  return count;
}

/** Open tips counted by their deadline's Vietnam day, stored sparse: "2026-12-01:3,2026-12-02:1". */
export type DeadlineCounts = Record<Day, number>;

export function encodeDeadlines(counts: DeadlineCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, n]) => `${day}:${n}`)
    .join(",");
}

export function addEncodedDeadlines(target: DeadlineCounts, encoded: string, sign = 1): DeadlineCounts {
  if (!encoded) return target;
  for (const part of encoded.split(",")) {
    const day = part.slice(0, 10);
    target[day] = (target[day] ?? 0) + sign * Number(part.slice(11));
  }
  return target;
}

// ---------------------------------------------------------------------------
// Ratios

/** n ÷ d, or null when nothing was counted (shown as "—", never as 0 % or ∞). */
export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

/** Relative change from `before` to `now`, or null when there is nothing to compare with. */
export function change(now: number, before: number): number | null {
  return before > 0 ? (now - before) / before : null;
}

/**
 * Below this many in the comparison period a percentage change is noise
 * ("+39.840 %" against 5 tips): the pages show both counts and say the base is
 * too small instead (0033). 20 keeps one tip more or less under a 5-point move.
 */
export const MIN_COMPARISON_BASE = 20;

export type Comparison =
  | { kind: "change"; value: number }
  /** The comparison period had fewer than MIN_COMPARISON_BASE: counts only. */
  | { kind: "small" }
  /** Nothing in the comparison period, or nothing in either. */
  | { kind: "none" };

export function compare(now: number, before: number, minBase = MIN_COMPARISON_BASE): Comparison {
  if (before <= 0) return { kind: "none" };
  if (before < minBase) return { kind: "small" };
  return { kind: "change", value: (now - before) / before };
}

/**
 * How far the assessments of a period are done: tips assessed (valuable or
 * not) and pending (not yet assessed). The valuable ratio is counted over the
 * assessed tips; a period is "mostly pending" when fewer than half of its tips
 * are assessed, and its ratio is then marked provisional (0033).
 */
export interface Assessment {
  assessed: number;
  pending: number;
  mostlyPending: boolean;
}

export function assessmentOf(tips: number, assessed: number): Assessment {
  const pending = Math.max(0, tips - assessed);
  return { assessed, pending, mostlyPending: tips > 0 && assessed * 2 < tips };
}

// ---------------------------------------------------------------------------
// The rollup's cells

/** Filter dimensions besides the unit, which every grain keeps. */
export type Dimension = "category" | "channel" | "org";
export const DIMENSIONS: Dimension[] = ["category", "channel", "org"];

/**
 * Each grain keeps the unit and some dimensions; the others are summed over
 * ("*"). A query reads the smallest grain that holds its filters and its
 * breakdown.
 */
export const GRAIN_DIMENSIONS = {
  unit: [],
  category: ["category"],
  channel: ["channel"],
  org: ["org"],
  all: ["category", "channel", "org"],
} as const satisfies Record<string, readonly Dimension[]>;
export type Grain = keyof typeof GRAIN_DIMENSIONS;
export const GRAINS = Object.keys(GRAIN_DIMENSIONS) as Grain[];

export function grainFor(dimensions: Iterable<Dimension>): Grain {
  const wanted = new Set(dimensions);
  if (wanted.size === 0) return "unit";
  if (wanted.size === 1) return [...wanted][0];
  return "all";
}

/** Stands for "every value" in a dimension the grain sums over. */
export const ANY = "*";

export interface CellKey {
  grain: Grain;
  /** "" for a tip not routed to any unit. */
  unit: string;
  category: string;
  channel: string;
  /** "" for a tip credited to no organisation. */
  org: string;
}

export interface Measures {
  tips: number;
  incidents: number;
  valuable: number;
  valuableIncidents: number;
  /** Tips assessed (valuable or not): the valuable ratio's base. */
  assessed: number;
  /** Incidents assessed: one of their tips is valuable, or all of them are assessed. */
  assessedIncidents: number;
  triaged: number;
  triageHistogram: Histogram;
  /** Tips received that day and not closed (now), and their deadlines' days. */
  open: number;
  openDeadlines: DeadlineCounts;
  cases: number;
  arrests: number;
  /** Seizure quantity by kind (guns, drugs_g, money_vnd, …). */
  seized: Record<string, number>;
}

export interface Cell extends CellKey {
  measures: Measures;
}

export function emptyMeasures(): Measures {
  return {
    tips: 0, incidents: 0, valuable: 0, valuableIncidents: 0, assessed: 0, assessedIncidents: 0, triaged: 0, triageHistogram: emptyHistogram(),
    open: 0, openDeadlines: {}, cases: 0, arrests: 0, seized: {},
  };
}

/** target += source × sign. */
export function addMeasures(target: Measures, source: Measures, sign = 1): Measures {
  target.tips += sign * source.tips;
  target.incidents += sign * source.incidents;
  target.valuable += sign * source.valuable;
  target.valuableIncidents += sign * source.valuableIncidents;
  target.assessed += sign * source.assessed;
  target.assessedIncidents += sign * source.assessedIncidents;
  target.triaged += sign * source.triaged;
  source.triageHistogram.forEach((n, bin) => (target.triageHistogram[bin] += sign * n));
  target.open += sign * source.open;
  for (const [day, n] of Object.entries(source.openDeadlines)) {
    const sum = (target.openDeadlines[day] ?? 0) + sign * n;
    if (sum === 0) delete target.openDeadlines[day];
    else target.openDeadlines[day] = sum;
  }
  target.cases += sign * source.cases;
  target.arrests += sign * source.arrests;
  for (const [kind, quantity] of Object.entries(source.seized)) {
    target.seized[kind] = (target.seized[kind] ?? 0) + sign * quantity;
  }
  return target;
}

export function isEmptyMeasures(m: Measures): boolean {
  return m.tips === 0 && m.incidents === 0 && m.valuable === 0 && m.valuableIncidents === 0 && m.triaged === 0
    && m.assessed === 0 && m.assessedIncidents === 0
    && m.cases === 0 && m.arrests === 0 && m.triageHistogram.every((n) => n === 0)
    && m.open === 0 && Object.values(m.openDeadlines).every((n) => n === 0)
    && Object.values(m.seized).every((q) => Math.abs(q) < 1e-9);
}

export function sameMeasures(a: Measures, b: Measures): boolean {
  return isEmptyMeasures(addMeasures(addMeasures(emptyMeasures(), a), b, -1));
}

export function cellKeyString(key: CellKey): string {
  return [key.grain, key.unit, key.category, key.channel, key.org].join("\t");
}

/** A tip as the rollup counts it, on the day it was received. */
export interface TipFact {
  unit: string;
  category: string;
  channel: string;
  org: string;
  valuable: boolean;
  /** Assessed: valuable or not valuable (not null). Optional for facts written before 0033: read as "valuable". */
  assessed?: boolean;
  /** The first tip (by receipt time, then id) of its incident: a cluster, or the tip alone. */
  opensIncident: boolean;
  /** Some tip of its incident is valuable (counted on the incident's first tip only). */
  incidentValuable: boolean;
  /** Its incident is assessed: some tip valuable, or every tip assessed (first tip only). Defaults to incidentValuable. */
  incidentAssessed?: boolean;
  triageMinutes: number | null;
  /** Not closed; with the Vietnam day its deadline ends (art. 147, extensions included). */
  open: boolean;
  deadlineDay: Day;
}

/** A case linked to at least one tip, on the day it was created, for its own unit. */
export interface CaseFact {
  unit: string;
  category: string;
  arrests: number;
  /** Channel and organisation of each linked tip. */
  links: Array<{ channel: string; org: string }>;
  seizures: Array<{ kind: string; quantity: number }>;
}

function keysFor(grain: Grain, unit: string, category: string, pairs: Array<{ channel: string; org: string }>): CellKey[] {
  const dims = GRAIN_DIMENSIONS[grain] as readonly Dimension[];
  const seen = new Map<string, CellKey>();
  for (const pair of pairs) {
    const key: CellKey = {
      grain, unit,
      category: dims.includes("category") ? category : ANY,
      channel: dims.includes("channel") ? pair.channel : ANY,
      org: dims.includes("org") ? pair.org : ANY,
    };
    seen.set(cellKeyString(key), key);
  }
  return [...seen.values()];
}

/**
 * The rollup's "unit" for a whole province: its units' figures added up, so a
 * supervisor's province totals read one row instead of one per unit. No unit
 * code contains a colon.
 */
export function provinceKey(provinceCode: string): string {
  return `P:${provinceCode}`;
}

export const isProvinceKey = (unit: string) => unit.startsWith("P:");

/**
 * One day's cells in every grain, for each unit and for each unit's province
 * (`provinceOf`; tips no unit owns have none). A case counts once in each cell
 * its linked tips reach: once in the unit and category grains, once per
 * distinct channel, organisation, or (channel, organisation) pair in the
 * others — so a breakdown by organisation may add up to more cases than the
 * total, which counts each once.
 */
export function rollupDay(tips: TipFact[], cases: CaseFact[], provinceOf: (unit: string) => string | null = () => null): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const cellFor = (key: CellKey): Measures => {
    const id = cellKeyString(key);
    let cell = cells.get(id);
    if (!cell) {
      cell = { ...key, measures: emptyMeasures() };
      cells.set(id, cell);
    }
    return cell.measures;
  };
  const unitsOf = (unit: string) => {
    const province = unit === "" ? null : provinceOf(unit);
    return province === null ? [unit] : [unit, provinceKey(province)];
  };
  for (const grain of GRAINS) {
    for (const tip of tips) for (const unit of unitsOf(tip.unit)) {
      const [key] = keysFor(grain, unit, tip.category, [tip]);
      const m = cellFor(key);
      m.tips += 1;
      if (tip.opensIncident) m.incidents += 1;
      if (tip.valuable) m.valuable += 1;
      if (tip.opensIncident && tip.incidentValuable) m.valuableIncidents += 1;
      if (tip.assessed ?? tip.valuable) m.assessed += 1;
      if (tip.opensIncident && (tip.incidentAssessed ?? tip.incidentValuable)) m.assessedIncidents += 1;
      if (tip.triageMinutes !== null) {
        m.triaged += 1;
        m.triageHistogram[triageBin(tip.triageMinutes)] += 1;
      }
      if (tip.open) {
        m.open += 1;
        m.openDeadlines[tip.deadlineDay] = (m.openDeadlines[tip.deadlineDay] ?? 0) + 1;
      }
    }
    for (const found of cases) {
      if (found.links.length === 0) continue;
      for (const unit of unitsOf(found.unit)) for (const key of keysFor(grain, unit, found.category, found.links)) {
        const m = cellFor(key);
        m.cases += 1;
        m.arrests += found.arrests;
        for (const s of found.seizures) m.seized[s.kind] = (m.seized[s.kind] ?? 0) + s.quantity;
      }
    }
  }
  return cells;
}

/** Which tip opens each incident, and whether any of its tips is valuable. */
export interface IncidentMember {
  id: number;
  createdAt: string;
  valuable: boolean;
  /** Valuable or not (not null); omitted = read as `valuable`. */
  assessed?: boolean;
}

export function incidentSummary(members: IncidentMember[]): { firstTipId: number; valuable: boolean; assessed: boolean } {
  let first = members[0];
  for (const m of members) {
    if (m.createdAt < first.createdAt || (m.createdAt === first.createdAt && m.id < first.id)) first = m;
  }
  const valuable = members.some((m) => m.valuable);
  return { firstTipId: first.id, valuable, assessed: valuable || members.every((m) => m.assessed ?? m.valuable) };
}
