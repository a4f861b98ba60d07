/**
 * Staff sessions, stored in the database (docs/decisions/0021-staff-sessions.md).
 *
 * The cookie holds a 256-bit random token (signed with SESSION_SECRET); the
 * `sessions` table holds only its SHA-256, so a copy of the database opens no
 * session. A session ends when revoked (sign-out, password reset, account
 * disabled), after 8 hours without a request, or 24 hours after sign-in,
 * whichever comes first. Signing in always issues a new token and revokes the
 * one the browser presented, so a session id planted before sign-in never
 * becomes an authenticated one (session fixation).
 *
 * Every function takes `now`, so tests drive the clock.
 */
import { createCookie, type Cookie } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { findActiveSession, insertSession, revokeSession, touchSession, type ActiveSession } from "../../db/queries/sessions";
import { generateToken, sha256Hex } from "../../core/platform/crypto";
import type { Config } from "../../core/platform/config";

export const SESSION_COOKIE = "tb_staff";
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 24 * 3_600_000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export type CookieConfig = Pick<Config, "NODE_ENV" | "PUBLIC_URL" | "TRUST_PROXY" | "HOST">;

/**
 * Whether cookies are Secure, decided from configuration alone, never from a
 * request's Host header (a proxy that sends `Host: 127.0.0.1` must not turn
 * it off): PUBLIC_URL's scheme when it is set; otherwise Secure in production
 * behind a trusted proxy (TRUST_PROXY) or when listening on a non-loopback
 * address, and not for a local demo on 127.0.0.1.
 */
export function wantsSecureCookie(config: CookieConfig): boolean {
  if (config.PUBLIC_URL) return new URL(config.PUBLIC_URL).protocol === "https:";
  return config.NODE_ENV === "production" && (config.TRUST_PROXY > 0 || !LOOPBACK.test(config.HOST));
}

type SessionCookieConfig = CookieConfig & Pick<Config, "SESSION_SECRET">;

function sessionCookie(config: SessionCookieConfig): Cookie {
  return createCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: wantsSecureCookie(config),
    secrets: [config.SESSION_SECRET],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/** The token the browser presented (signature checked), or null. */
export async function readSessionToken(request: Request, config: SessionCookieConfig): Promise<string | null> {
  const value: unknown = await sessionCookie(config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The presented session's id hash (as stored), or the hash of nothing without one: a key per session that reveals no token. */
export async function sessionIdHash(request: Request, config: SessionCookieConfig): Promise<string> {
  return sha256Hex((await readSessionToken(request, config)) ?? "");
}

export function serializeSessionCookie(token: string, config: SessionCookieConfig): Promise<string> {
  return sessionCookie(config).serialize(token);
}

export function clearSessionCookie(config: SessionCookieConfig): Promise<string> {
  return sessionCookie(config).serialize("", { maxAge: 0, expires: new Date(0) });
}

/**
 * A browser a staff member has signed in from before: a signed cookie (only
 * SESSION_SECRET makes one) naming the account, sent only to the sign-in page.
 * While an account is locked by failures from elsewhere, its owner's known
 * browsers may still sign in (auth.server.ts), so an attacker who knows the
 * email cannot lock the officer out.
 */
const KNOWN_DEVICE_COOKIE = "tb_device";
const KNOWN_DEVICE_DAYS = 365;

function knownDeviceCookie(config: SessionCookieConfig): Cookie {
  return createCookie(KNOWN_DEVICE_COOKIE, {
    path: "/can-bo/dang-nhap",
    httpOnly: true,
    sameSite: "strict",
    secure: wantsSecureCookie(config),
    secrets: [config.SESSION_SECRET],
    maxAge: KNOWN_DEVICE_DAYS * 86_400,
  });
}

/** The account this browser has signed in to before, or null. */
export async function readKnownDevice(request: Request, config: SessionCookieConfig): Promise<number | null> {
  const value: unknown = await knownDeviceCookie(config).parse(request.headers.get("Cookie"));
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

export function serializeKnownDevice(userId: number, config: SessionCookieConfig): Promise<string> {
  return knownDeviceCookie(config).serialize(userId);
}

/**
 * Starts a session for a user who just proved who they are; returns the cookie token.
 * `secondFactor`: they also passed the second factor (or did within the session this
 * one replaces), so the session is full for a user who needs one.
 */
export async function createSession(db: Kysely<Database>, userId: number, now = new Date(), secondFactor = false): Promise<string> {
  const token = generateToken();
  await insertSession(db, {
    idHash: sha256Hex(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    secondFactorAt: secondFactor ? now.toISOString() : null,
  });
  return token;
}

export interface SessionState extends ActiveSession {
  idHash: string;
}

/** The live session for this token, refreshing its idle timer; null when there is none. */
export async function resolveSession(db: Kysely<Database>, token: string, now = new Date()): Promise<SessionState | null> {
  const idHash = sha256Hex(token);
  const session = await findActiveSession(db, idHash, now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString());
  if (!session) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) await touchSession(db, idHash, now.toISOString());
  return { ...session, idHash };
}

export async function endSession(db: Kysely<Database>, token: string, now = new Date()): Promise<void> {
  await revokeSession(db, sha256Hex(token), now.toISOString());
}

/** Ends the session whose token hashes to `idHash` (a half session upgraded into a new one). */
export async function revokeSessionByHash(db: Kysely<Database>, idHash: string, at: string): Promise<void> {
  await revokeSession(db, idHash, at);
}
