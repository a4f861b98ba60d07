/**
 * Hotspots: wards (alone, or two adjacent ones) where the incidents of one type
 * of crime rise well above their usual level. Pure; the method, its parameters
 * and its limits are in docs/decisions/0060-hotspot-detection.md.
 *
 * In short, for every type of crime and every day:
 *   - Baseline: each ward's usual share of the province's incidents of that type,
 *     from its own history (exponentially weighted, half-life 120 days, leaving out
 *     the last 28 days so a rise does not hide itself), shrunk towards the ward's
 *     share of all incidents when its history is thin (empirical Bayes, gamma ward
 *     factors). Given the province's count of the day, a ward's count is binomial
 *     with that share: seasons, trend, weekdays, holidays and the portal's growth
 *     move every ward together and cancel out.
 *   - Statistic: for each ward and each pair of adjacent wards, a bank of CUSUMs,
 *     one per rise size ρ, in log-likelihood-ratio units: the smaller of the
 *     binomial ratio (the odds of an incident falling there multiplied by ρ) and the
 *     gamma–Poisson one (ρ × the usual given the rest of the province, the share's
 *     uncertainty integrated out), each day weighed down by the extra-Poisson
 *     variation the type showed in its history (quasi-likelihood). The score is the
 *     largest CUSUM less ln(bank size); its run's first day is the start of the
 *     rise ("since").
 *   - Alert: score ≥ threshold, with at least 3 incidents since the start; it stays
 *     current until the score falls 2 below the threshold. Under the baseline model a
 *     score reaches x on a given day with probability ≤ e^−x (Ville's inequality on
 *     the reversed likelihood-ratio martingale), so the threshold ln(30.4 × tests ÷ F)
 *     allows at most F false alerts a month across the province.
 *
 * Incidents, not tips: one duplicate cluster counts once, on its first report
 * (the rule of the oversight figures, docs/decisions/0030), so any number of
 * reports of one incident add at most one incident — never a hotspot alone.
 */
import { addDays, daysBetween, type Day } from "./stats";

/** One tip as the statistic sees it; tips of one duplicate cluster share `clusterId`. */
export interface IncidentReport {
  clusterId: string | number;
  wardCode: string;
  category: string;
  /** The Vietnam day the tip counts on (its receipt day). */
  day: Day;
}

/** The province: its wards, which of them touch, and the types of crime watched. */
export interface HotspotArea {
  wardCodes: readonly string[];
  adjacency: ReadonlyMap<string, ReadonlySet<string>>;
  categories: readonly string[];
}

export interface HotspotSettings {
  /** Rise sizes the CUSUM bank looks for (multipliers of the odds). */
  rises: readonly number[];
  /** Half-life of the baseline's exponential weights, in days. */
  halfLifeDays: number;
  /** The most recent days left out of the baseline. */
  guardDays: number;
  /** Days of baseline needed before any alert. */
  warmUpDays: number;
  /** False alerts a month across the province that the threshold allows. */
  falseAlertsPerMonth: number;
  /** Fewest incidents since the start of a rise for an alert. */
  minIncidents: number;
  /** An alert stays current until its score falls this far below the threshold. */
  releaseMargin: number;
}

export const HOTSPOT_SETTINGS: HotspotSettings = {
  rises: [2, 3, 5, 10, 20],
  halfLifeDays: 120,
  guardDays: 28,
  warmUpDays: 56,
  falseAlertsPerMonth: 1,
  minIncidents: 3,
  releaseMargin: 2,
};

export interface HotspotAlert {
  category: string;
  /** One ward, or two adjacent wards (a rise across their boundary), in code order. */
  wardCodes: string[];
  /** The first day of the rise: the day after the CUSUM last stood at zero. */
  since: Day;
  /** The day the alert is about (the last day counted). */
  at: Day;
  /** The day this alert was first raised. */
  raisedOn: Day;
  /** Incidents from `since` through `at`. */
  incidents: number;
  /** The usual incidents over the same days: the ward's usual share of what the rest of the province had. */
  expected: number;
  /** The rise size (of the bank) that fits best. */
  rise: number;
  /** Evidence: the log-likelihood ratio of the best-fitting rise (natural log), less ln(bank size). */
  score: number;
  /** 1 − the bound on the chance that background alone scores this high anywhere in the province on a day. */
  confidence: number;
}

const DAYS_PER_MONTH = 365.25 / 12;
/** Days per block when measuring extra-Poisson variation (runs last days to weeks). */
const BLOCK_DAYS = 7;
/** Bounds on κ, the shape of the wards' gamma factors (how alike wards are for a type). */
const PRIOR_STRENGTH_MIN = 0.5;
const PRIOR_STRENGTH_MAX = 1e6;
/** A share's odds are capped so a ward holding every incident of a type stays finite. */
const MAX_ODDS = 1e9;

/** The alert threshold for a number of tests (wards and adjacent pairs, times types). */
export function alertThreshold(tests: number, settings: HotspotSettings = HOTSPOT_SETTINGS): number {
  return Math.log((DAYS_PER_MONTH * tests) / settings.falseAlertsPerMonth);
}

// ---------------------------------------------------------------------------
// Counting incidents

/**
 * Distinct incidents per day, ward and type: one array per day from `from`
 * through `to`, in the layout `HotspotDetector.addDay` takes. Reports are taken
 * in the order given (receipt order); a cluster counts once, on its first
 * report, even when later reports name another day, ward or type. Reports
 * outside the area's wards or types, or outside the days, count nowhere — their
 * cluster is still used up. A day-by-day caller passes each day the first
 * reports of the clusters that began that day.
 */
export function countIncidents(reports: Iterable<IncidentReport>, area: HotspotArea, from: Day, to: Day): Int32Array[] {
  const layout = seriesLayout(area);
  const days = daysBetween(from, to) + 1;
  if (days < 1) return [];
  const counts = Array.from({ length: days }, () => new Int32Array(layout.series));
  const dayIndex = new Map(Array.from({ length: days }, (_, i) => [addDays(from, i), i]));
  const seen = new Set<string | number>();
  for (const report of reports) {
    if (seen.has(report.clusterId)) continue;
    seen.add(report.clusterId);
    const day = dayIndex.get(report.day);
    const series = layout.index(report.wardCode, report.category);
    if (day !== undefined && series >= 0) counts[day]![series]! += 1;
  }
  return counts;
}

/** A ward's incidents of one type (on one day). */
export interface WardIncidentCount {
  wardCode: string;
  category: string;
  incidents: number;
}

/**
 * One day's incidents per ward and type, from the first reports of the day's incidents
 * (the oversight refresher knows which tip opens each incident): what the stored daily
 * counts hold (docs/decisions/0077), in ward then type order.
 */
export function countWardIncidents(firstReports: Iterable<{ wardCode: string; category: string }>): WardIncidentCount[] {
  const counts = new Map<string, WardIncidentCount>();
  for (const { wardCode, category } of firstReports) {
    const key = `${wardCode}\u0000${category}`;
    const cell = counts.get(key);
    if (cell) cell.incidents += 1;
    else counts.set(key, { wardCode, category, incidents: 1 });
  }
  return [...counts.values()].sort((a, b) => (a.wardCode < b.wardCode ? -1 : a.wardCode > b.wardCode ? 1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
}

/**
 * Stored daily counts (`countWardIncidents` per day) in the layout `HotspotDetector.addDay`
 * takes: one array per day from `from` through `to`. Cells outside the area's wards or
 * types, or outside the days, count nowhere.
 */
export function layDailyCounts(cells: Iterable<WardIncidentCount & { day: Day }>, area: HotspotArea, from: Day, to: Day): Int32Array[] {
  const layout = seriesLayout(area);
  const days = daysBetween(from, to) + 1;
  if (days < 1) return [];
  const counts = Array.from({ length: days }, () => new Int32Array(layout.series));
  const dayIndex = new Map(Array.from({ length: days }, (_, i) => [addDays(from, i), i]));
  for (const cell of cells) {
    const day = dayIndex.get(cell.day);
    const series = layout.index(cell.wardCode, cell.category);
    if (day !== undefined && series >= 0) counts[day]![series]! += cell.incidents;
  }
  return counts;
}

interface SeriesLayout {
  wards: number;
  categories: number;
  series: number;
  /** Series of a ward and type (category-major: c × wards + w), or −1. */
  index(wardCode: string, category: string): number;
}

function seriesLayout(area: HotspotArea): SeriesLayout {
  const wardIndex = new Map(area.wardCodes.map((code, i) => [code, i]));
  const categoryIndex = new Map(area.categories.map((code, i) => [code, i]));
  const wards = area.wardCodes.length;
  return {
    wards,
    categories: area.categories.length,
    series: wards * area.categories.length,
    index(wardCode, category) {
      const w = wardIndex.get(wardCode);
      const c = categoryIndex.get(category);
      return w === undefined || c === undefined ? -1 : c * wards + w;
    },
  };
}

/** Adjacent ward pairs, each once (lower index first). */
function adjacentPairs(area: HotspotArea): Array<[number, number]> {
  const wardIndex = new Map(area.wardCodes.map((code, i) => [code, i]));
  const pairs: Array<[number, number]> = [];
  area.wardCodes.forEach((code, a) => {
    for (const other of area.adjacency.get(code) ?? []) {
      const b = wardIndex.get(other);
      if (b !== undefined && b > a) pairs.push([a, b]);
    }
  });
  return pairs;
}

// ---------------------------------------------------------------------------
// The baseline: each ward's share of its type's incidents

/**
 * Exponentially weighted incident sums, fed the days as they leave the guard
 * window. Weighted sums are converted to "effective counts" (× Σw ÷ Σw²) so the
 * shrinkage weighs them like the plain counts they stand for.
 */
export class ShareBaseline {
  readonly bySeries: Float64Array;
  readonly byWard: Float64Array;
  readonly byCategory: Float64Array;
  all = 0;
  days = 0;
  private weightSum = 0;
  private weightSquares = 0;
  private readonly decay: number;
  /** Scratch for `shares` (every element written before it is read). */
  private readonly prior: Float64Array;

  constructor(private readonly wards: number, private readonly categories: number, halfLifeDays: number) {
    this.bySeries = new Float64Array(wards * categories);
    this.prior = new Float64Array(wards);
    this.byWard = new Float64Array(wards);
    this.byCategory = new Float64Array(categories);
    this.decay = Math.pow(2, -1 / halfLifeDays);
  }

  add(counts: Int32Array): void {
    const d = this.decay;
    const { bySeries, byWard, byCategory, wards } = this;
    for (let s = 0; s < bySeries.length; s++) bySeries[s] = bySeries[s]! * d + counts[s]!;
    for (let w = 0; w < wards; w++) byWard[w] = byWard[w]! * d;
    for (let c = 0; c < this.categories; c++) byCategory[c] = byCategory[c]! * d;
    this.all *= d;
    // In the same order as ever (type, then ward); adding a zero changes no sum, so days' many empty cells are skipped.
    for (let c = 0; c < this.categories; c++) {
      for (let w = 0; w < wards; w++) {
        const y = counts[c * wards + w]!;
        if (y === 0) continue;
        byWard[w] += y;
        byCategory[c] += y;
        this.all += y;
      }
    }
    this.weightSum = this.weightSum * d + 1;
    this.weightSquares = this.weightSquares * d * d + 1;
    this.days += 1;
  }

  /**
   * Each series' share of its type, into `shares`, and how sure it is, into
   * `certainty`: the shape a of the share's gamma posterior (relative variance
   * 1 ÷ a). Empirical Bayes with a multiplicative ward effect (Clayton & Kaldor
   * 1987): a ward's share of the type is its share of all incidents p (add-one
   * smoothed) times a factor θ ~ Gamma(κ, κ); 1 ÷ κ, how much the wards' factors
   * vary, is the moment estimate Σ[(Y − Np)² − Y] ÷ Σ(Np)². The posterior factor
   * is Gamma(κ + Y, κ + Np): a ward with a long history keeps its own share, a
   * ward with little leans on p. Shares are then scaled to sum to one.
   *
   * If `observed` is given, it receives each series' own share of its type, not
   * shrunk: shrinking moves shares towards p, so a ward that always has more of
   * a type than p says would look, every day, a little above its usual — the
   * statistic takes the larger of the two (see `update`).
   */
  shares(shares: Float64Array, certainty: Float64Array, observed?: Float64Array): void {
    const k = this.weightSum / this.weightSquares;
    const W = this.wards;
    const all = k * this.all;
    const prior = this.prior;
    for (let w = 0; w < W; w++) prior[w] = (k * this.byWard[w]! + 1) / (all + W);
    for (let c = 0; c < this.categories; c++) {
      const n = k * this.byCategory[c]!;
      let excess = 0;
      let scale = 0;
      for (let w = 0; w < W; w++) {
        const y = k * this.bySeries[c * W + w]!;
        const e = n * prior[w]!;
        excess += (y - e) ** 2 - y;
        scale += e * e;
      }
      const spread = scale > 0 ? Math.max(excess / scale, 1 / PRIOR_STRENGTH_MAX) : 1 / PRIOR_STRENGTH_MAX;
      const kappa = Math.max(PRIOR_STRENGTH_MIN, 1 / spread);
      let sum = 0;
      for (let w = 0; w < W; w++) {
        const y = k * this.bySeries[c * W + w]!;
        const share = (prior[w]! * (kappa + y)) / (kappa + n * prior[w]!);
        shares[c * W + w] = share;
        certainty[c * W + w] = kappa + y;
        if (observed) observed[c * W + w] = n > 0 ? y / n : 0;
        sum += share;
      }
      for (let w = 0; w < W; w++) shares[c * W + w] /= sum;
    }
  }
}

/**
 * Extra-Poisson variation per type, learnt from the history: real incident
 * counts vary more than chance alone (a festival, a near repeat, a busy night),
 * and more so where they are many. Each day that enters the baseline is added
 * to 7-day blocks of incidents Y and expected E (its type's incidents × the
 * ward's share); each complete block adds (Y − E)² − Y(1 − π) and E² to
 * exponentially weighted sums, whose ratio estimates 1 ÷ r in
 * Var(Y) = E (1 + E ÷ r) — the negative-binomial form. A type with no extra
 * variation gets 1 ÷ r = 0, and the statistic stays binomial.
 */
export class Dispersion {
  /** 1 ÷ r per type. */
  readonly inverseSize: Float64Array;
  private readonly excess: Float64Array;
  private readonly scale: Float64Array;
  private readonly blockObserved: Float64Array;
  private readonly blockExpected: Float64Array;
  private blockDays = 0;
  private readonly decay: number;

  constructor(private readonly wards: number, private readonly categories: number, halfLifeDays: number) {
    this.inverseSize = new Float64Array(categories);
    this.excess = new Float64Array(categories);
    this.scale = new Float64Array(categories);
    this.blockObserved = new Float64Array(wards * categories);
    this.blockExpected = new Float64Array(wards * categories);
    this.decay = Math.pow(2, -BLOCK_DAYS / halfLifeDays);
  }

  add(counts: Int32Array, shares: Float64Array): void {
    const W = this.wards;
    for (let c = 0; c < this.categories; c++) {
      let n = 0;
      for (let w = 0; w < W; w++) n += counts[c * W + w]!;
      // A type without an incident that day adds zeros to its blocks: nothing to do.
      if (n === 0) continue;
      for (let w = 0; w < W; w++) {
        this.blockObserved[c * W + w] += counts[c * W + w]!;
        this.blockExpected[c * W + w] += n * shares[c * W + w]!;
      }
    }
    if (++this.blockDays < BLOCK_DAYS) return;
    for (let c = 0; c < this.categories; c++) {
      let excess = 0;
      let scale = 0;
      for (let w = 0; w < W; w++) {
        const y = this.blockObserved[c * W + w]!;
        const e = this.blockExpected[c * W + w]!;
        excess += (y - e) ** 2 - y * (1 - shares[c * W + w]!);
        scale += e * e;
      }
      this.excess[c] = this.excess[c]! * this.decay + excess;
      this.scale[c] = this.scale[c]! * this.decay + scale;
      this.inverseSize[c] = this.scale[c]! > 0 ? Math.max(0, this.excess[c]! / this.scale[c]!) : 0;
    }
    this.blockObserved.fill(0);
    this.blockExpected.fill(0);
    this.blockDays = 0;
  }
}

// ---------------------------------------------------------------------------
// The evidence of a run

/**
 * The log-likelihood ratio of a ρ-fold rise over a run with Y incidents where
 * the rest of the province's incidents of the type led to expect E, when the
 * ward's usual level is only known up to a gamma factor of shape a (mean 1):
 *
 *   Y ln ρ − (a + Y) ln(1 + (ρ − 1) E ÷ (a + E))
 *
 * (gamma–Poisson: the incidents seen in the run also raise the estimate of the
 * usual). As a grows it tends to Y ln ρ − (ρ − 1) E, the Poisson CUSUM's sum.
 */
export function gammaPoissonEvidence(observed: number, expected: number, rise: number, shape: number): number {
  const penalty = Number.isFinite(shape) ? (shape + observed) * Math.log1p(((rise - 1) * expected) / (shape + expected)) : (rise - 1) * expected;
  return observed * Math.log(rise) - penalty;
}

// ---------------------------------------------------------------------------
// The detector

export interface HotspotDetector {
  /** The last day added, or null before the first. */
  readonly lastDay: Day | null;
  /** The number of tests (wards and adjacent pairs, times types). */
  readonly tests: number;
  readonly threshold: number;
  /** Adds the next day's incident counts (from `countIncidents`, indexed by series). */
  addDay(counts: Int32Array): void;
  /** The alerts current after the last day added, strongest first, no two of a type sharing a ward. */
  alerts(): HotspotAlert[];
}

/**
 * A detector whose first day is `firstDay`; feed it every day in order. Its
 * state is the baseline's weighted sums, the last `guardDays` of counts and four
 * numbers per test and rise size, so a day costs O(tests × rises) whatever the
 * history's length.
 */
export function createHotspotDetector(area: HotspotArea, firstDay: Day, settings: HotspotSettings = HOTSPOT_SETTINGS): HotspotDetector {
  const layout = seriesLayout(area);
  const W = layout.wards;
  const C = layout.categories;
  const S = layout.series;
  const pairs = adjacentPairs(area);
  const P = pairs.length;
  const J = settings.rises.length;
  const tests = S + C * P;
  const threshold = alertThreshold(tests, settings);
  const bankPenalty = Math.log(J);
  const logRise = settings.rises.map(Math.log);

  const baseline = new ShareBaseline(W, C, settings.halfLifeDays);
  const guard: Int32Array[] = [];
  const shares = new Float64Array(S);
  const certainty = new Float64Array(S);
  const observedShares = new Float64Array(S);
  // Per test × rise size, the current run: its evidence, first day, incidents and
  // usual incidents; then the binomial log-likelihood ratio, the incidents and the
  // usual, each day divided by its dispersion factor (quasi-likelihood).
  const evidence = new Float64Array(tests * J);
  const runStart = new Int32Array(tests * J);
  const observed = new Float64Array(tests * J);
  const expected = new Float64Array(tests * J);
  const binomial = new Float64Array(tests * J);
  const weighedObserved = new Float64Array(tests * J);
  const weighedExpected = new Float64Array(tests * J);
  const dispersion = new Dispersion(W, C, settings.halfLifeDays);
  // Per test: whether any rise size has a run open; the day its alert was raised, or −1.
  const open = new Uint8Array(tests);
  const raised = new Int32Array(tests).fill(-1);
  const totals = new Float64Array(C);
  let day = -1;

  /**
   * One day of one test: y of the type's n incidents fell in its ward(s), whose
   * share is `share` with posterior shape `shape`. Per rise size the run's
   * evidence is the smaller of two log-likelihood ratios, each exact under its
   * own reading of the baseline:
   *   - binomial: y of n at share π, the odds multiplied by ρ (the ward's share of
   *     the day's incidents; nothing to gain where it always has them all);
   *   - gamma–Poisson: y against the usual given the rest of the province,
   *     E = (n − y) π ÷ (1 − π), with the share's uncertainty integrated out (a
   *     ward with little history needs more incidents).
   * The binomial ratio takes the larger of the shrunk share and the series' own
   * observed share (`floor`): shrinkage may make a ward need more incidents,
   * never fewer, so a ward (or pair) that always has most of a type — all of
   * it, at the extreme — never looks risen on its usual days.
   * A run whose evidence falls to zero ends; the next incident starts a new one.
   */
  function update(test: number, y: number, n: number, share: number, floor: number, shape: number, inverseSize: number): void {
    // Without an incident here a run can only lose evidence; with no run open, nothing changes.
    if (y === 0 && !open[test]) return;
    const usual = (n - y) * Math.min(share / (1 - share), MAX_ODDS);
    // Counts that vary φ times more than Poisson carry the information of counts φ times smaller.
    const phi = 1 + BLOCK_DAYS * n * share * inverseSize;
    const binomialShare = Math.min(1, Math.max(share, floor));
    let best = -1;
    for (let j = 0; j < J; j++) {
      const k = test * J + j;
      const rise = settings.rises[j]!;
      const started = evidence[k]! > 0;
      observed[k] += y;
      expected[k] += usual;
      binomial[k] += (y * logRise[j]! - n * Math.log1p((rise - 1) * binomialShare)) / phi;
      weighedObserved[k] += y / phi;
      weighedExpected[k] += usual / phi;
      const value = Math.min(binomial[k]!, gammaPoissonEvidence(weighedObserved[k]!, weighedExpected[k]!, rise, shape));
      if (value <= 0) {
        evidence[k] = 0;
        observed[k] = 0;
        expected[k] = 0;
        binomial[k] = 0;
        weighedObserved[k] = 0;
        weighedExpected[k] = 0;
        continue;
      }
      if (!started) runStart[k] = day;
      evidence[k] = value;
      if (best < 0 || value > evidence[test * J + best]!) best = j;
    }
    open[test] = best >= 0 ? 1 : 0;
    const score = best < 0 ? 0 : evidence[test * J + best]! - bankPenalty;
    if (raised[test]! < 0) {
      if (best >= 0 && score >= threshold && observed[test * J + best]! >= settings.minIncidents) raised[test] = day;
    } else if (score < threshold - settings.releaseMargin) {
      raised[test] = -1;
    }
  }

  function addDay(counts: Int32Array): void {
    if (counts.length !== S) throw new RangeError(`expected counts for ${S} series, got ${counts.length}`);
    day += 1;
    if (baseline.days > 0) baseline.shares(shares, certainty, observedShares);
    if (baseline.days >= settings.warmUpDays) {
      totals.fill(0);
      for (let c = 0; c < C; c++) for (let w = 0; w < W; w++) totals[c] += counts[c * W + w]!;
      for (let c = 0; c < C; c++) {
        const n = totals[c]!;
        // A day without an incident of the type says nothing about where they fall.
        if (n === 0) continue;
        const inverseSize = dispersion.inverseSize[c]!;
        for (let w = 0; w < W; w++) update(c * W + w, counts[c * W + w]!, n, shares[c * W + w]!, observedShares[c * W + w]!, certainty[c * W + w]!, inverseSize);
        for (let p = 0; p < P; p++) {
          const [a, b] = pairs[p]!;
          const test = S + c * P + p;
          const y = counts[c * W + a]! + counts[c * W + b]!;
          if (y === 0 && !open[test]) continue;
          const [sa, sb] = [shares[c * W + a]!, shares[c * W + b]!];
          // The sum of two gamma-distributed shares, matched on mean and variance.
          const shape = (sa + sb) ** 2 / (sa ** 2 / certainty[c * W + a]! + sb ** 2 / certainty[c * W + b]!);
          update(test, y, n, sa + sb, observedShares[c * W + a]! + observedShares[c * W + b]!, shape, inverseSize);
        }
      }
    }
    guard.push(counts.slice());
    if (guard.length > settings.guardDays) {
      const leaving = guard.shift()!;
      if (baseline.days > 0) dispersion.add(leaving, shares);
      baseline.add(leaving);
    }
  }

  function describe(test: number): HotspotAlert {
    const single = test < S;
    const c = single ? Math.floor(test / W) : Math.floor((test - S) / P);
    const wards = single ? [test % W] : pairs[(test - S) % P]!;
    let best = 0;
    for (let j = 1; j < J; j++) if (evidence[test * J + j]! > evidence[test * J + best]!) best = j;
    const k = test * J + best;
    const score = evidence[k]! - bankPenalty;
    return {
      category: area.categories[c]!,
      wardCodes: wards.map((w) => area.wardCodes[w]!).sort(),
      since: addDays(firstDay, runStart[k]!),
      at: addDays(firstDay, day),
      raisedOn: addDays(firstDay, raised[test]!),
      incidents: observed[k]!,
      expected: expected[k]!,
      rise: settings.rises[best]!,
      score,
      confidence: Math.max(0, 1 - tests * Math.exp(-score)),
    };
  }

  function alerts(): HotspotAlert[] {
    const current: HotspotAlert[] = [];
    for (let test = 0; test < tests; test++) if (raised[test]! >= 0) current.push(describe(test));
    current.sort((a, b) => b.score - a.score || a.category.localeCompare(b.category) || a.wardCodes.join().localeCompare(b.wardCodes.join()));
    const taken = new Set<string>();
    return current.filter((alert) => {
      const keys = alert.wardCodes.map((w) => `${alert.category}:${w}`);
      if (keys.some((key) => taken.has(key))) return false;
      for (const key of keys) taken.add(key);
      return true;
    });
  }

  return {
    get lastDay() {
      return day < 0 ? null : addDays(firstDay, day);
    },
    tests,
    threshold,
    addDay,
    alerts,
  };
}

/**
 * The alerts current on `at`, from scratch: every day from the first report's
 * through `at` goes through a new detector. Reports after `at` are ignored.
 */
export function detectHotspots(reports: readonly IncidentReport[], area: HotspotArea, at: Day, settings: HotspotSettings = HOTSPOT_SETTINGS): HotspotAlert[] {
  let first = at;
  for (const report of reports) if (report.day < first) first = report.day;
  const detector = createHotspotDetector(area, first, settings);
  for (const counts of countIncidents(reports, area, first, at)) detector.addDay(counts);
  return detector.alerts();
}
