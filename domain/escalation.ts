/**
 * Escalation of overdue and long-unclaimed tips, and extension requests (issue 16 items 2
 * and 3; docs/decisions/0072-escalation.md). Pure: no I/O.
 *
 * The rule, written down once:
 * - A tip in a unit's queue that nobody took for N hours (the unit's setting, counted from
 *   receipt: the art. 147 clock starts then) is reported to the unit's officers
 *   (`tip_unclaimed`), once per unit it lands in.
 * - Step 1: a tip whose deadline has passed, or still untaken after 2 × N hours, is
 *   brought to the unit's heads. Step 2: if, ESCALATION_STEP2_HOURS after step 1, its
 *   cause is still there (not closed, not taken, deadline not moved), to the supervisors
 *   of the province. Each step once per (tip, cause): an extended deadline that passes
 *   again is a new cause.
 * - Never a storm: escalation moments are counted in whole hours (a tip becomes due at
 *   the first full hour after its trigger), so a scan every minute finds new work at most
 *   once an hour; and all the tips of one unit that one scan escalates make ONE
 *   notification per recipient (per batch of SCAN_BATCH tips), linking to the escalation
 *   list. 500 overdue tips of a unit are one notification for its head and, a day later,
 *   one for each supervisor.
 */
export const DEFAULT_UNCLAIMED_HOURS = 24;
/** What an administrator may set: an hour to 30 days. */
export const UNCLAIMED_HOURS_MIN = 1;
export const UNCLAIMED_HOURS_MAX = 720;
/** Step 2 follows step 1 after a day, counted in whole hours. */
export const ESCALATION_STEP2_HOURS = 24;

const HOUR_MS = 3_600_000;

export function unclaimedCause(unitCode: string): string {
  return `unclaimed:${unitCode}`;
}

/** Why `hours` is not an acceptable "unclaimed after" setting, or null. */
export function unclaimedHoursRefusal(hours: number): "wholeHours" | "outOfRange" | null {
  if (!Number.isInteger(hours)) return "wholeHours";
  if (hours < UNCLAIMED_HOURS_MIN || hours > UNCLAIMED_HOURS_MAX) return "outOfRange";
  return null;
}

function parse(nowIso: string): number {
  const now = Date.parse(nowIso);
  if (Number.isNaN(now)) throw new RangeError(`not an ISO date-time: '${nowIso}'`);
  return now;
}

/** A tip received before this (UTC ISO) has waited `hours` untaken at `nowIso`. */
export function unclaimedCutoff(nowIso: string, hours: number): string {
  return new Date(parse(nowIso) - hours * HOUR_MS).toISOString();
}

/**
 * The moments the escalation scan works with at `nowIso`, all on the hour:
 * `hour` (triggers before it are due), and `step2Before` (a step-1 escalation made
 * before it is due for step 2).
 */
export function escalationMoments(nowIso: string): { hour: string; step2Before: string; unclaimedBefore: (hours: number) => string } {
  const hour = Math.floor(parse(nowIso) / HOUR_MS) * HOUR_MS;
  return {
    hour: new Date(hour).toISOString(),
    step2Before: new Date(hour - ESCALATION_STEP2_HOURS * HOUR_MS).toISOString(),
    unclaimedBefore: (hours: number) => new Date(hour - 2 * hours * HOUR_MS).toISOString(),
  };
}
