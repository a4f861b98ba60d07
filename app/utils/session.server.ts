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
import { generateToken, sha256Hex } from "./crypto.server";
import type { Config } from "./env.server";

export const SESSION_COOKIE = "tb_staff";
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 24 * 3_600_000;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Secure cookies in production unless the site is reached over plain http on a
 * loopback address (a local demo). Behind a TLS-terminating proxy the request
 * arrives as http with the public host name, which is not loopback: Secure.
 */
export function wantsSecureCookie(request: Request, config: Pick<Config, "NODE_ENV">): boolean {
  if (config.NODE_ENV !== "production") return false;
  const url = new URL(request.url);
  return url.protocol === "https:" || !LOOPBACK.test(url.hostname);
}

function sessionCookie(request: Request, config: Pick<Config, "NODE_ENV" | "SESSION_SECRET">): Cookie {
  return createCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: wantsSecureCookie(request, config),
    secrets: [config.SESSION_SECRET],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/** The token the browser presented (signature checked), or null. */
export async function readSessionToken(request: Request, config: Pick<Config, "NODE_ENV" | "SESSION_SECRET">): Promise<string | null> {
  const value: unknown = await sessionCookie(request, config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function serializeSessionCookie(token: string, request: Request, config: Pick<Config, "NODE_ENV" | "SESSION_SECRET">): Promise<string> {
  return sessionCookie(request, config).serialize(token);
}

export function clearSessionCookie(request: Request, config: Pick<Config, "NODE_ENV" | "SESSION_SECRET">): Promise<string> {
  return sessionCookie(request, config).serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Starts a session for a user who just proved who they are; returns the cookie token. */
export async function createSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<string> {
  const token = generateToken();
  await insertSession(db, {
    idHash: sha256Hex(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
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
