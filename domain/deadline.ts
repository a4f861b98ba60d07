/**
 * Legal deadline for deciding on a crime report: Criminal Procedure Code 2015,
 * art. 147(1) — 20 days from receipt, extendable (art. 147(2)).
 *
 * Counting (art. 134): a period in days ends at 24:00 of its last day; the weekend
 * roll-over in art. 134 applies only to periods counted in months, so not here.
 * We count from the day after receipt (receipt on 1 March → last day 21 March),
 * the usual reading of "kể từ ngày nhận được". Days are Vietnam calendar days
 * (domain/vietnam-time.ts).
 */
import { fromVietnamWallClock, vietnamDay, vietnamDayNumber } from "./vietnam-time";

export const DECISION_DAYS = 20;

/**
 * Art. 147(2)–(3): when a report is complicated the 20 days may be extended by up to
 * two months, and then by up to two more: at most 60 days at a time, 120 in all.
 */
export const EXTENSION_STEP_MAX_DAYS = 60;
export const EXTENSION_TOTAL_MAX_DAYS = 120;

/** Extension days still allowed after `usedDays`. */
export function extensionDaysLeft(usedDays: number): number {
  return Math.max(0, EXTENSION_TOTAL_MAX_DAYS - usedDays);
}

/** Why extending by `days` after `usedDays` is not allowed, or null when it is. */
export function extensionRefusal(usedDays: number, days: number): "notWholeDays" | "stepTooLong" | "tooLong" | null {
  if (!Number.isInteger(days) || days < 1) return "notWholeDays";
  if (days > EXTENSION_STEP_MAX_DAYS) return "stepTooLong";
  if (days > extensionDaysLeft(usedDays)) return "tooLong";
  return null;
}
const DAY_MS = 86_400_000;

/**
 * The last second of the last day, 23:59:59 in Vietnam, as UTC ISO like every
 * stored timestamp (docs/decisions/0002): "2026-03-21T16:59:59.000Z".
 */
export function deadlineFor(receivedAtIso: string, extensionDays = 0): string {
  if (!Number.isInteger(extensionDays) || extensionDays < 0) {
    throw new RangeError(`extensionDays must be a whole number of days ≥ 0, got ${extensionDays}`);
  }
  const lastDay = vietnamDayNumber(receivedAtIso) + DECISION_DAYS + extensionDays;
  return fromVietnamWallClock(`${new Date(lastDay * DAY_MS).toISOString().slice(0, 10)}T23:59:59`);
}

/** Calendar days from today to the deadline's day: 0 = due today, negative = overdue. */
export function daysLeft(deadlineIso: string, nowIso: string): number {
  return vietnamDayNumber(deadlineIso) - vietnamDayNumber(nowIso);
}

/**
 * An extension asked for as a new last day ("2026-04-20", a Vietnam calendar day):
 * how many days it adds to `deadlineIso`, or null when `day` is no calendar day.
 */
export function extensionDaysTo(deadlineIso: string, day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  let end: string;
  try {
    end = fromVietnamWallClock(`${day}T12:00:00`);
  } catch {
    return null;
  }
  return vietnamDayNumber(end) - vietnamDayNumber(deadlineIso);
}

/** The deadline's last day, as a form shows it ("2026-03-21"). */
export function deadlineDay(deadlineIso: string): string {
  return vietnamDay(deadlineIso);
}
