/**
 * Keeping robots out of the tip form without tracking anyone (no CAPTCHA, no
 * cookie, nothing stored about the visitor):
 *
 * - a honeypot field people never see or fill;
 * - a minimum fill time: the page carries its render time signed with
 *   SESSION_SECRET; a form sent back within seconds was not filled in by a person.
 *   The token is verified, never stored;
 * - rate limits on tips per client, kept only in Redis in fixed windows, keyed by
 *   the daily-salted client hash (rate-limit.server.ts).
 *
 * It also makes a resent form harmless: reloading the receipt page, or a phone
 * retrying after the first answer was lost, sends the same form again. The first
 * receipt is kept sealed in Redis for half an hour under a hash of the form's
 * token and content, so the resent form gets the same receipt and no second tip.
 * If Redis is down the tip is taken anyway: a duplicate beats a lost tip.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { createLimiter, gridExpiry, type Limiter } from "./rate-limit.server";
import { seal, tryUnseal } from "../../core/platform/crypto";

export const HONEYPOT_FIELD = "website";
export const FORM_TOKEN_FIELD = "started";
export const MIN_FILL_MS = 3_000;
const MAX_FORM_AGE_MS = 7 * 24 * 3600_000;

function sign(secret: string, issuedAt: number): string {
  return createHmac("sha256", secret).update(`tip-form:${issuedAt}`).digest("base64url");
}

export function issueFormToken(secret: string, now = Date.now()): string {
  return `${now}.${sign(secret, now)}`;
}

export type FormTokenCheck = "ok" | "tooFast" | "invalid";

export function checkFormToken(token: unknown, secret: string, now = Date.now()): FormTokenCheck {
  if (typeof token !== "string") return "invalid";
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return "invalid";
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(secret, issuedAt));
  if (!timingSafeEqual(expected, Buffer.from(match[2]))) return "invalid";
  if (now - issuedAt > MAX_FORM_AGE_MS || issuedAt > now) return "invalid";
  return now - issuedAt < MIN_FILL_MS ? "tooFast" : "ok";
}

const limiters = new WeakMap<Redis, Limiter[]>();

/** Seconds to wait before this client may send another tip, or null. */
export async function consumeTipAllowance(redis: Redis, prefix: string, clientKey: string): Promise<number | null> {
  let specs = limiters.get(redis);
  if (!specs) {
    specs = [
      createLimiter(redis, prefix, { name: "tip-10min", points: 10, durationSeconds: 600 }),
      createLimiter(redis, prefix, { name: "tip-day", points: 50, durationSeconds: 86_400 }),
    ];
    limiters.set(redis, specs);
  }
  for (const limiter of specs) {
    const wait = await limiter.consume(clientKey);
    if (wait !== null) return wait;
  }
  return null;
}

const PENDING = "pending";
const CLAIM_SECONDS = 120;
const KEEP_SECONDS = 1_800;

export type ResubmissionClaim =
  | { state: "new" }
  | { state: "done"; receipt: string }
  | { state: "pending" }
  | { state: "unguarded" };

export function resubmissionKey(prefix: string, token: string, content: string): string {
  return `${prefix}:tip-form:${createHash("sha256").update(`${token}\n${content}`).digest("hex")}`;
}

/** Claims a form for submission, or finds the receipt an identical earlier submission got. */
export async function claimSubmission(redis: Redis, key: string, dataKey: string): Promise<ResubmissionClaim> {
  try {
    // Expiries on a grid (rate-limit.server.ts): a key's TTL must not say when the tip was sent.
    if ((await redis.set(key, PENDING, "PXAT", gridExpiry(CLAIM_SECONDS, Date.now(), 60), "NX")) === "OK") return { state: "new" };
    const value = await redis.get(key);
    if (value === null) return { state: "unguarded" }; // expired in between: take the tip
    if (value === PENDING) return { state: "pending" };
    const receipt = tryUnseal(value, dataKey, "form-resubmission");
    return receipt ? { state: "done", receipt } : { state: "unguarded" };
  } catch {
    return { state: "unguarded" };
  }
}

export async function completeSubmission(redis: Redis, key: string, receipt: string, dataKey: string): Promise<void> {
  await redis.set(key, seal(receipt, dataKey, "form-resubmission"), "PXAT", gridExpiry(KEEP_SECONDS)).catch(() => {});
}

export async function releaseSubmission(redis: Redis, key: string): Promise<void> {
  await redis.del(key).catch(() => {});
}
