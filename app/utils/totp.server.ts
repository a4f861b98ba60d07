/**
 * The staff second factor (docs/decisions/0043-second-factor.md): RFC 6238 TOTP
 * (SHA-1, 6 digits, 30-second steps — what every authenticator app reads) through
 * the `otpauth` library, and single-use recovery codes.
 *
 * - A code is accepted for the current step and one step either side (clock drift);
 *   the step it matched is returned so the caller stores it and refuses that code,
 *   and every older one, afterwards (replay).
 * - Secrets are sealed at rest with the identity envelope (core/platform/crypto.ts).
 * - Recovery codes are 10 lowercase base32 characters (50 bits), shown once, stored
 *   as HMAC-SHA256 under a key derived from DATA_KEY: a copy of the database alone
 *   cannot test guesses, and a look-up is by hash (no per-row argon2).
 *
 * Everything takes `now`, so tests drive the clock.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Tin Báo";

export function generateTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = "staff"): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER, label, algorithm: "SHA1", digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `now` (tests and the enrolment page's self-check use it). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/** The `otpauth://` URI an authenticator app imports (also drawn as the QR code). */
export function otpauthUri(secretBase32: string, account: string): string {
  return totp(secretBase32, account).toString();
}

/** The QR code of `uri` as an inline SVG, drawn here: no request leaves the server or the browser. */
export async function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** Only digits, spaces allowed in between (apps show "123 456"). */
export function normaliseTotpInput(value: string): string | null {
  const digits = value.replace(/[\s\u00a0-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "invalid" | "replayed" };

/**
 * Whether `code` is the code of a step within the window around `now`, and newer
 * than `lastStep` (the last one accepted for this user).
 */
export function checkTotp(secretBase32: string, code: string, lastStep: number | null, now: Date): TotpCheck {
  const typed = normaliseTotpInput(code);
  if (!typed) return { ok: false, reason: "invalid" };
  const generator = totp(secretBase32);
  const current = totpStep(now);
  let matched: number | null = null;
  for (let delta = -TOTP_WINDOW; delta <= TOTP_WINDOW; delta++) {
    const step = current + delta;
    const expected = generator.generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
    // Compare every candidate, in constant time, whatever matched before.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(typed)) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: "invalid" };
  if (lastStep !== null && matched <= lastStep) return { ok: false, reason: "replayed" };
  return { ok: true, step: matched };
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** Ten fresh codes, as shown to the user: `xxxxx-xxxxx`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => BASE32[b & 31]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a typed recovery code means: case, spaces and hyphens do not matter. Null when it cannot be one. */
export function normaliseRecoveryCode(value: string): string | null {
  const plain = value.toLowerCase().replace(/[\s\u00a0-]/g, "");
  return /^[a-z2-7]{10}$/.test(plain) ? plain : null;
}

function recoveryKey(dataKeyBase64: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(dataKeyBase64, "base64"), Buffer.alloc(0), "tinbao staff recovery codes", 32));
}

/** The stored form of a recovery code (normalised first). */
export function hashRecoveryCode(code: string, dataKeyBase64: string): string {
  const plain = normaliseRecoveryCode(code) ?? code;
  return createHmac("sha256", recoveryKey(dataKeyBase64)).update(plain).digest("hex");
}
