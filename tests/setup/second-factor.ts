/**
 * Test accounts with a second factor: enrolled through the same queries the
 * enrolment page uses, with a known TOTP secret and a long list of known recovery
 * codes (a real account gets ten), so tests that only need a full session pass the
 * real second step with a fresh recovery code each time (a TOTP code can be used
 * once per 30 s, and suites sign in faster than that).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Page } from "playwright-core";
import { seal } from "../../core/platform/crypto";
import { hashRecoveryCode, totpCode, totpStep } from "../../app/utils/totp.server";
import { confirmEnrolment, savePendingSecret } from "../../db/queries/second-factor";
import type { Database } from "../../db/schema";

/** The base32 secret every enrolled test account shares. */
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const CODES_PER_ACCOUNT = 200;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** The i-th known recovery code of an account (deterministic, well-formed). */
export function testRecoveryCode(email: string, i: number): string {
  const digest = createHash("sha256").update(`${email}#${i}`).digest();
  const chars = [...digest.subarray(0, 10)].map((b) => BASE32[b & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Enrols `userId` (whose email is `email`) with TEST_TOTP_SECRET and the known recovery codes. */
export async function enrolForTests(db: Kysely<Database>, userId: number, email: string, dataKey: string): Promise<void> {
  await savePendingSecret(db, userId, seal(TEST_TOTP_SECRET, dataKey, "totp-secret"));
  const codes = Array.from({ length: CODES_PER_ACCOUNT }, (_, i) => hashRecoveryCode(testRecoveryCode(email, i), dataKey));
  // Step 0: no code has been accepted yet (any current code is newer).
  await confirmEnrolment(db, userId, { step: 0, at: new Date().toISOString(), codeHashes: codes });
}

const used = new Map<string, number>();

/** A recovery code of `email` not used yet in this test process, per app (`scope`: its URL). */
export function freshRecoveryCode(scope: string, email: string): string {
  const key = `${scope}|${email}`;
  const i = used.get(key) ?? 0;
  used.set(key, i + 1);
  return testRecoveryCode(email, i);
}

/** The TOTP code of the test secret for `now` and its step. */
export function testTotp(now = new Date()): { code: string; step: number } {
  return { code: totpCode(TEST_TOTP_SECRET, now), step: totpStep(now) };
}

/**
 * Completes a half session over HTTP with a fresh recovery code; returns the full
 * session's cookie ("tb_staff=…").
 */
export async function passSecondFactorOverHttp(url: string, halfCookie: string, email: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/can-bo/xac-minh`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", Cookie: halfCookie, ...headers },
    body: new URLSearchParams({ kind: "recovery", code: freshRecoveryCode(url, email) }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("tb_staff="));
  if (res.status !== 302 || !cookie) throw new Error(`second factor of ${email} failed: ${res.status}`);
  return cookie;
}

/** In a browser on /can-bo/xac-minh: passes the second step with a fresh recovery code. */
export async function passSecondFactorInBrowser(page: Page, url: string, email: string): Promise<void> {
  await page.waitForURL(/\/can-bo\/xac-minh/);
  await page.locator("details:has(#recovery-code) > summary").click();
  await page.locator("#recovery-code").fill(freshRecoveryCode(url, email));
  await page.locator("form:has(#recovery-code) button[type=submit]").click();
  // With JavaScript the address changes before the next page is drawn: wait for this one to go.
  await page.locator("#recovery-code").waitFor({ state: "detached", timeout: 30_000 }).catch(async () => {
    throw new Error(`second step refused: ${await page.locator("main").innerText()}`);
  });
}
