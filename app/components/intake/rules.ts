/**
 * Rules every channel applies to a tip's fields (the form's schema and the partner
 * API's). Pure: runs in the browser and on the server alike.
 */
import { EARLIEST_INCIDENT, EMAIL_MAX, FUTURE_TOLERANCE_MS, VIETNAM_BBOX } from "../../../domain/tip-limits";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text a person can type: no NUL or other control characters (tab and line breaks
 * aside), no lone surrogates. PostgreSQL refuses NUL in text, and controls have no
 * business in a tip.
 */
export function isSafeText(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value) && !LONE_SURROGATE.test(value);
}

/** Digits of a Vietnamese or international phone number as typed, or null if it is not one. */
export function normalizePhone(value: string): string | null {
  const trimmed = value.trim();
  if (!/^\+?[0-9 .\-()]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[^0-9]/g, "");
  if (digits.length < 8 || digits.length > 15) return null;
  return (trimmed.startsWith("+") ? "+" : "") + digits;
}

export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export function isInVietnam(lat: number, lng: number): boolean {
  return lat >= VIETNAM_BBOX.minLat && lat <= VIETNAM_BBOX.maxLat && lng >= VIETNAM_BBOX.minLng && lng <= VIETNAM_BBOX.maxLng;
}

export type InstantProblem = "future" | "tooOld";

/** Whether an incident instant is plausible: not in the future (beyond clock skew), not before 1945. */
export function checkIncidentInstant(iso: string, now: Date = new Date()): InstantProblem | null {
  const ms = Date.parse(iso);
  if (ms > now.getTime() + FUTURE_TOLERANCE_MS) return "future";
  if (ms < Date.parse(EARLIEST_INCIDENT)) return "tooOld";
  return null;
}

/** "2026-10-03" or "03/10/2026" (how a date field without a picker gets typed) → [y, m, d]. */
export function parseFormDate(value: string): [number, number, number] | null {
  const trimmed = value.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  let parts: [number, number, number] | null = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
  if (!parts) {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
    parts = match ? [Number(match[3]), Number(match[2]), Number(match[1])] : null;
  }
  if (!parts) return null;
  const [y, m, d] = parts;
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? parts : null;
}

/** "21:30" or "21h30" → [h, m]. */
export function parseFormTime(value: string): [number, number] | null {
  const match = /^(\d{1,2})[:hH.](\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h <= 23 && m <= 59 ? [h, m] : null;
}
