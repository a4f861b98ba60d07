/**
 * Vietnam time: the one home of its arithmetic. Instants are stored as UTC ISO
 * text (docs/decisions/0002); people think in Vietnam's calendar days and wall
 * clock. Vietnam keeps UTC+07:00 all year (no daylight saving), so a fixed
 * offset is exact, and the same on the server and in the browser. Formatting
 * for people goes through Intl with VIETNAM_TIME_ZONE.
 */

export const VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh";

const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date-time: '${iso}'`);
  return ms;
}

/** The Vietnam calendar day of an instant, "YYYY-MM-DD". */
export function vietnamDay(iso: string): string {
  return new Date(instantMs(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of the instant's Vietnam calendar day: subtract two to count whole days between them. */
export function vietnamDayNumber(iso: string): number {
  return Math.floor((instantMs(iso) + OFFSET_MS) / DAY_MS);
}

/** The instant's Vietnam wall clock: its calendar day, hour and minute. */
export function vietnamWallClock(iso: string): { day: string; hour: number; minute: number } {
  const local = new Date(instantMs(iso) + OFFSET_MS);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** The instant written in Vietnam's offset: "2026-11-22T09:30:00+07:00". */
export function vietnamTimestamp(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 19) + "+07:00";
}

/** A Vietnam wall-clock date and time as the UTC ISO instant; month 1–12. */
export function vietnamInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS).toISOString();
}

/**
 * A Vietnam wall-clock time written "2026-10-03", "2026-10-03T21:30" or
 * "2026-10-03T21:30:15" as the UTC ISO instant. Throws a RangeError on anything
 * else, including days that do not exist (2026-02-30): callers validate input first.
 */
export function fromVietnamWallClock(text: string): string {
  const match = WALL_CLOCK.exec(text);
  if (!match) throw new RangeError(`not a Vietnam wall-clock time: '${text}'`);
  const [y, mo, d] = [1, 2, 3].map((i) => Number(match[i]));
  const [h, mi, s] = [4, 5, 6].map((i) => Number(match[i] ?? 0));
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new RangeError(`no such Vietnam wall-clock time: '${text}'`);
  }
  return vietnamInstant(y, mo, d, h, mi, s);
}

/** 00:00 of a Vietnam calendar day, as the UTC ISO text instants are stored in. */
export function vietnamDayStart(day: string): string {
  return fromVietnamWallClock(day);
}

/** 00:00 of the day after: the exclusive end of a Vietnam calendar day. */
export function vietnamDayEnd(day: string): string {
  return new Date(Date.parse(vietnamDayStart(day)) + DAY_MS).toISOString();
}
