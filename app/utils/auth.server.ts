/**
 * Who is asking, and what may they see. Every staff loader and action starts
 * with one of these guards (docs/decisions/0021-staff-sessions.md,
 * 0022-unit-scope.md).
 *
 * API (stable; the supervisor dashboard and the admin pages use it):
 *
 *   getUser(request, context)               → StaffUser | null (no redirect)
 *   requireUser(request, context)           → StaffUser, or throws a redirect to
 *                                             /can-bo/dang-nhap?redirectTo=…
 *   requireRole(request, context, ...roles) → StaffUser whose role is one of
 *                                             `roles`, or throws 403
 *   requireOfficer(request, context)        = requireRole(…, "officer")
 *   requireSupervisor(request, context)     = requireRole(…, "supervisor")
 *   requireAdmin(request, context)          = requireRole(…, "admin")
 *   getUnitScope(db, user)                  → the UnitScope the user may see:
 *                                             officer: their user_units;
 *                                             supervisor: every unit of their
 *                                             province plus their user_units
 *                                             (a national one: all, 0078);
 *                                             admin: all (tips no unit owns too)
 *   getDeskProvinces(db, user)              → provinces whose duty desk the user
 *                                             works: officers of a province unit,
 *                                             the province's supervisors and
 *                                             administrators (one without a
 *                                             province: every province)
 *   getTipReadScope(db, user)               → the scope whose tips the tip page
 *                                             opens: getUnitScope, except that an
 *                                             administrator reads only the desks'
 *   notFound()                              throws the 404 used for anything
 *                                             outside the user's scope
 *   assertSameOrigin(request)               throws 403 for a cross-origin
 *                                             state-changing request
 *   requireSecondFactorStep(request, context) → the half-signed-in user and what
 *                                             is left ("verify" or "enrol"), for
 *                                             /can-bo/xac-minh only
 *
 * A session opened with the password alone is not a full session for a user who
 * needs a second factor (administrators, supervisors, officers an administrator
 * chose or every officer under STAFF_SECOND_FACTOR=all, and anyone who enrolled):
 * getUser answers null for it and every guard sends it to /can-bo/xac-minh
 * (docs/decisions/0043-second-factor.md).
 *
 * Every guard also rejects a cross-origin POST (CSRF) before anything else, so
 * an action that starts with a guard is protected. Unit scoping belongs in the
 * query (`where unit_code in (scope)`), never only in the UI; a tip or case
 * outside the scope answers 404, not 403, so its existence is not revealed.
 *
 * Signing in (`signIn`) and out (`signOut`) live here too, with the brute-force
 * defences: per-client and per-account throttling with growing blocks, a
 * temporary account lock after repeated failures, an audit entry for every
 * failure, one generic message, and a password check against a dummy hash when
 * the email is unknown, so timing does not reveal which emails exist.
 */
import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import type { Database, UserRole } from "../../db/schema";
import { appendAudit } from "../../db/queries/audit";
import { ALL_UNITS, type UnitScope, unitsScope } from "../../db/queries/scope";
import { listDeskUnits, listProvinceUnitCodes } from "../../db/queries/duty-desk";
import { listHeadUnitsOf } from "../../db/queries/escalation";
import { findUnits, listUnitCodesOfProvince } from "../../db/queries/units";
import { clearFailedLogins, findPasswordHash, findUserByEmail, listUnitCodesOfUser, recordFailedLogin, setUserPassword } from "../../db/queries/users";
import {
  acceptTotpStep, confirmEnrolment, findSecondFactor, savePendingSecret, useRecoveryCode,
} from "../../db/queries/second-factor";
import { hashPassword, seal, sha256Hex, unseal, verifyPassword } from "../../core/platform/crypto";
import type { Config } from "../../core/platform/config";
import {
  checkTotp, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, normaliseRecoveryCode, normaliseTotpInput,
} from "./totp.server";
import { createLimiter, type LimitSpec } from "./rate-limit.server";
import {
  clearSessionCookie, createSession, endSession, revokeSessionByHash, readKnownDevice, readSessionToken, resolveSession, serializeKnownDevice,
  serializeSessionCookie, SESSION_COOKIE,
} from "./session.server";

export const SIGN_IN_PATH = "/can-bo/dang-nhap";

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  /** Supervisors: the province they oversee. */
  provinceCode: string | null;
  /** Supervisors: every province, the Ministry's view (docs/decisions/0078); provinceCode is then null. */
  national?: boolean;
  /** Units assigned in user_units (officers' own units). */
  unitCodes: string[];
  /** Signed in with a password an administrator handed out: only changing it is allowed. */
  mustChangePassword: boolean;
}

type GuardContext = Pick<AppLoadContext, "db" | "config">;

export const SECOND_FACTOR_PATH = "/can-bo/xac-minh";

/** What a signed-in session still lacks: nothing, a code ("verify"), or enrolment first ("enrol"). */
export type SecondFactorStep = "verify" | "enrol" | null;

/** Administrators and supervisors always; officers when chosen (per user or for all); anyone who enrolled. */
export function needsSecondFactor(
  user: { role: UserRole; totpEnabled: boolean; totpRequired: boolean },
  config: Pick<Config, "STAFF_SECOND_FACTOR">,
): boolean {
  return user.role !== "officer" || user.totpEnabled || user.totpRequired || config.STAFF_SECOND_FACTOR === "all";
}

interface SessionUser {
  user: StaffUser;
  idHash: string;
  pending: SecondFactorStep;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(value: string): string | null {
  try {
    return new URL(value).host;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for every state-changing staff request: the Origin header must
 * name this host (our pages use `Referrer-Policy: same-origin`, so browsers
 * send the real Origin with our own forms). Where a browser sends `Origin: null`
 * anyway, the Fetch Metadata header `Sec-Fetch-Site: same-origin` (sent by every
 * current browser and not settable by pages) decides, and failing both, a
 * same-host Referer. server/app.ts refuses foreign origins before Remix runs.
 * A request with none of them is refused.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const host = new URL(request.url).host;
  const origin = request.headers.get("Origin");
  if (origin && origin !== "null") {
    if (hostOf(origin) === host) return;
    throw forbidden();
  }
  const site = request.headers.get("Sec-Fetch-Site");
  if (site) {
    if (site === "same-origin") return;
    throw forbidden();
  }
  const referer = request.headers.get("Referer");
  if (referer && hostOf(referer) === host) return;
  throw forbidden();
}

function forbidden(): Response {
  return new Response("Forbidden", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function notFound(): never {
  throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// One look-up per request, however many guards a request passes through.
const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

function getSessionUser(request: Request, context: GuardContext): Promise<SessionUser | null> {
  let found = resolved.get(request);
  if (!found) {
    found = loadUser(request, context);
    resolved.set(request, found);
  }
  return found;
}

/** The user of a full session (a half one — the second factor still to pass — is nobody). */
export async function getUser(request: Request, context: GuardContext): Promise<StaffUser | null> {
  const found = await getSessionUser(request, context);
  return found && !found.pending ? found.user : null;
}

async function loadUser(request: Request, context: GuardContext): Promise<SessionUser | null> {
  const token = await readSessionToken(request, context.config);
  if (!token) return null;
  const session = await resolveSession(context.db, token);
  if (!session) return null;
  const pending: SecondFactorStep =
    session.secondFactorAt === null && needsSecondFactor(session, context.config) ? (session.totpEnabled ? "verify" : "enrol") : null;
  return {
    idHash: session.idHash,
    pending,
    user: {
      id: session.userId,
      email: session.email,
      name: session.name,
      role: session.role,
      provinceCode: session.provinceCode,
      national: session.national,
      unitCodes: await listUnitCodesOfUser(context.db, session.userId),
      mustChangePassword: session.mustChangePassword,
    },
  };
}

/**
 * The units a long-lived request (a live-queue stream) may still see, read
 * afresh: null once its session has ended, the account is disabled or no
 * longer of one of `roles`. Unlike getUser, never cached for the request.
 */
export async function currentUnitScope(request: Request, context: GuardContext, roles: UserRole[]): Promise<UnitScope | null> {
  const found = await loadUser(request, context);
  if (!found || found.pending || !roles.includes(found.user.role)) return null;
  return getUnitScope(context.db, found.user);
}

/** Where a signed-out visitor is sent; they come back to `redirectTo` after signing in. */
function signInRedirect(request: Request): URL {
  const url = new URL(request.url);
  const target = new URL(SIGN_IN_PATH, url);
  if (request.method === "GET" && url.pathname !== SIGN_IN_PATH) target.searchParams.set("redirectTo", url.pathname + url.search);
  return target;
}

export const PASSWORD_PATH = "/can-bo/mat-khau";

export async function requireUser(request: Request, context: GuardContext): Promise<StaffUser> {
  assertSameOrigin(request);
  const found = await getSessionUser(request, context);
  // The password alone is not enough for who needs a second factor: that comes first.
  if (found?.pending) throw redirect(secondFactorRedirect(request));
  const user = found?.user;
  // A handed-out password (a new account, a reset) is changed before anything else is done.
  if (user?.mustChangePassword && new URL(request.url).pathname !== PASSWORD_PATH) throw redirect(`${PASSWORD_PATH}?phai-doi`);
  if (user) return user;
  const target = signInRedirect(request);
  const hadCookie = (request.headers.get("Cookie") ?? "").includes(`${SESSION_COOKIE}=`);
  throw redirect(target.pathname + target.search, hadCookie ? { headers: { "Set-Cookie": await clearSessionCookie(context.config) } } : undefined);
}

function secondFactorRedirect(request: Request): string {
  const url = new URL(request.url);
  const target = new URL(SECOND_FACTOR_PATH, url);
  if (request.method === "GET") target.searchParams.set("redirectTo", url.pathname + url.search);
  return target.pathname + target.search;
}

/**
 * For /can-bo/xac-minh: the user whose session still lacks the second factor and
 * what is left to do. Signed out → the sign-in page; a full session → its home.
 */
export async function requireSecondFactorStep(
  request: Request,
  context: GuardContext,
): Promise<{ user: StaffUser; step: "verify" | "enrol"; idHash: string }> {
  assertSameOrigin(request);
  const found = await getSessionUser(request, context);
  if (!found) throw redirect(SIGN_IN_PATH);
  if (!found.pending) throw redirect(homeFor(found.user.role));
  return { user: found.user, step: found.pending, idHash: found.idHash };
}

export async function requireRole(request: Request, context: GuardContext, ...roles: UserRole[]): Promise<StaffUser> {
  const user = await requireUser(request, context);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export const requireOfficer = (request: Request, context: GuardContext) => requireRole(request, context, "officer");

/** An officer and the units whose tips they may see: what the queue, the case pages and the live stream start from. */
export async function requireOfficerScope(request: Request, context: GuardContext): Promise<{ user: StaffUser; scope: UnitScope }> {
  const user = await requireOfficer(request, context);
  return { user, scope: await getUnitScope(context.db, user) };
}
export const requireSupervisor = (request: Request, context: GuardContext) => requireRole(request, context, "supervisor");
/** Who receives staff notifications (the bell, the list, email): officers and supervisors. */
export const requireNotified = (request: Request, context: GuardContext) => requireRole(request, context, "officer", "supervisor");
export const requireAdmin = (request: Request, context: GuardContext) => requireRole(request, context, "admin");

/**
 * Whose tips and cases the user may see (db/queries/scope.ts): administrators every
 * unit's, and tips no unit owns; a supervisor every unit of their province and their
 * own units; an officer their own units.
 */
export async function getUnitScope(db: Kysely<Database>, user: Pick<StaffUser, "role" | "provinceCode" | "unitCodes" | "national">): Promise<UnitScope> {
  if (user.role === "admin") return ALL_UNITS;
  // The Ministry's supervisors: every unit of every province (docs/decisions/0078), read through the province totals.
  if (user.role === "supervisor" && user.national) return ALL_UNITS;
  const province = user.role === "supervisor" && user.provinceCode ? await listUnitCodesOfProvince(db, user.provinceCode) : [];
  return unitsScope([...user.unitCodes, ...province]);
}

/**
 * Whose extension requests the user may decide (docs/decisions/0072-escalation.md): a
 * supervisor those of their scope (their province); an officer those of the units they
 * head; nobody else. Whether it is their own request is checked in the query.
 */
export async function getApprovalScope(db: Kysely<Database>, user: Pick<StaffUser, "id" | "role" | "provinceCode" | "unitCodes" | "national">): Promise<UnitScope> {
  // A national supervisor oversees; deadlines stay the provinces' to extend (docs/decisions/0078).
  if (user.role === "supervisor" && user.national) return unitsScope([]);
  if (user.role === "supervisor") return getUnitScope(db, user);
  if (user.role === "officer") return unitsScope(await listHeadUnitsOf(db, user.id));
  return unitsScope([]);
}

/**
 * The provinces whose duty desk the user works (docs/decisions/0056-province-duty-desk.md):
 * officers attached to a province unit; a supervisor's province; an administrator's province,
 * or, for an administrator attached to none, every imported province (the deployment's).
 */
export async function getDeskProvinces(db: Kysely<Database>, user: Pick<StaffUser, "role" | "provinceCode" | "unitCodes">): Promise<string[]> {
  const provinces = new Set<string>();
  if (user.role !== "officer" && user.provinceCode) provinces.add(user.provinceCode);
  if (user.role === "admin" && !user.provinceCode) {
    for (const code of await listProvinceUnitCodes(db)) provinces.add(code);
  }
  for (const unit of await findUnits(db, user.unitCodes)) if (unit.level === "province") provinces.add(unit.provinceCode);
  return [...provinces].sort();
}

/**
 * Whose tips the tip page opens. Administrators do not read tips (0022) — except
 * those on the duty desks they work, which they must be able to open to route (0056).
 */
export async function getTipReadScope(db: Kysely<Database>, user: Pick<StaffUser, "role" | "provinceCode" | "unitCodes">): Promise<UnitScope> {
  if (user.role !== "admin") return getUnitScope(db, user);
  const provinces = await getDeskProvinces(db, user);
  return unitsScope(await listDeskUnits(db, provinces));
}

/** Where each role starts after signing in. */
export function homeFor(role: UserRole): string {
  return role === "admin" ? "/quan-tri" : role === "supervisor" ? "/giam-sat" : "/can-bo";
}

const REDIRECT_BASE = "http://same-site.invalid";

/**
 * Only same-site paths: never an open redirect. The value is read as a browser
 * would read it — browsers drop tabs and newlines inside a URL and take `\` for
 * `/`, so `/<TAB>/evil.host` and `/\evil` are other hosts — and anything with a
 * control character or a backslash is refused outright (a CR/LF would also make
 * the Location header itself invalid). What comes back is re-serialised from the
 * parsed URL, so it is exactly what the browser will follow.
 */
export function safeRedirectTarget(value: unknown, fallback: string): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  return url.origin === REDIRECT_BASE ? url.pathname + url.search + url.hash : fallback;
}

// ---------------------------------------------------------------------------
// Signing in and out

/**
 * Failed sign-ins allowed before a block (a limiter blocks once more than
 * `points` are consumed, so `points` is one less), in fixed windows: a burst
 * from one client is stopped for the rest of its 10 minutes, a sustained attack
 * for the rest of the day; an account (known or not) for the rest of its 15
 * minutes after 5 failures.
 */
export const SIGN_IN_LIMITS = {
  clientBurst: { name: "staff-login-client-burst", points: 10 - 1, durationSeconds: 10 * 60 },
  clientDaily: { name: "staff-login-client-day", points: 40 - 1, durationSeconds: 24 * 3600 },
  /** Per account *and* client: failures from one address do not block the account's owner elsewhere. */
  accountClient: { name: "staff-login-account-client", points: 5 - 1, durationSeconds: 15 * 60 },
} satisfies Record<string, LimitSpec>;

/** Wrong current passwords on /can-bo/mat-khau, per account: a stolen session cannot guess the password. */
export const PASSWORD_CHECK_LIMIT: LimitSpec = { name: "staff-password-check", points: 5 - 1, durationSeconds: 15 * 60 };

/** Consecutive failures on an existing account lock it, longer each time. */
export function lockDurationMs(failures: number): number {
  if (failures < 5) return 0;
  if (failures < 10) return 15 * 60_000;
  if (failures < 15) return 60 * 60_000;
  return 4 * 3_600_000;
}

/** The sign-in limiters and keys for an account; the second factor counts against the same ones. */
function signInLimiters(context: SignInContext, email: string) {
  const accountKey = sha256Hex(`staff-login:${email.trim().toLowerCase()}`).slice(0, 32);
  return {
    accountKey,
    accountClientKey: `${accountKey}:${context.clientKey}`,
    limiters: {
      clientBurst: createLimiter(context.redis, context.config.QUEUE_PREFIX, SIGN_IN_LIMITS.clientBurst),
      clientDaily: createLimiter(context.redis, context.config.QUEUE_PREFIX, SIGN_IN_LIMITS.clientDaily),
      accountClient: createLimiter(context.redis, context.config.QUEUE_PREFIX, SIGN_IN_LIMITS.accountClient),
    },
  };
}

let dummyHash: Promise<string> | undefined;
/** Verified against when the email is unknown, so a miss costs what a hit costs. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("tin-bao dummy password, never a real one");
  return dummyHash;
}

export type SignInResult =
  | { ok: true; userId: number; role: UserRole; cookies: string[]; secondFactor: SecondFactorStep }
  | { ok: false; reason: "invalid" | "throttled" };

type SignInContext = Pick<AppLoadContext, "db" | "config" | "redis" | "clientKey">;

export async function signIn(
  request: Request,
  context: SignInContext,
  credentials: { email: string; password: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = credentials.email.trim().toLowerCase();
  const { accountKey, accountClientKey, limiters } = signInLimiters(context, email);
  const at = now.toISOString();
  const audit = (type: string, actorUserId: number | null, data: Record<string, unknown>) =>
    appendAudit(context.db, { at, actorUserId, type, data: { ...data, client: context.clientKey } });

  // Consuming zero points only asks whether a key is blocked.
  const waits = await Promise.all([
    limiters.clientBurst.consume(context.clientKey, 0),
    limiters.clientDaily.consume(context.clientKey, 0),
    limiters.accountClient.consume(accountClientKey, 0),
  ]);
  const user = await findUserByEmail(context.db, email);
  if (waits.some((w) => w !== null)) {
    await audit("sign_in_throttled", user?.id ?? null, { account: accountKey.slice(0, 12) });
    return { ok: false, reason: "throttled" };
  }

  const passwordOk = await verifyPassword(user?.password_hash ?? (await getDummyHash()), credentials.password);
  // The lock slows the account everywhere, except in the browsers its owner signed in from before.
  const knownDevice = !!user && (await readKnownDevice(request, context.config)) === user.id;
  const locked = !!user?.locked_until && user.locked_until > at && !knownDevice;
  if (user && passwordOk && !locked && user.disabled === 0) {
    const secondFactor: SecondFactorStep = needsSecondFactor(
      { role: user.role, totpEnabled: user.totp_enabled_at !== null, totpRequired: user.totp_required === 1 },
      context.config,
    ) ? (user.totp_enabled_at !== null ? "verify" : "enrol") : null;
    // With a second factor still to pass, the failure counts stay until it is passed:
    // a stolen password must not reset the budget for guessing codes.
    if (!secondFactor) {
      await clearFailedLogins(context.db, user.id);
      await limiters.accountClient.reset(accountClientKey);
    }
    // Rotation: whatever session id the browser brought is ended, never upgraded.
    const previous = await readSessionToken(request, context.config);
    if (previous) await endSession(context.db, previous, now);
    const token = await createSession(context.db, user.id, now);
    await audit("sign_in", user.id, { ...(knownDevice ? { knownDevice: true } : {}), ...(secondFactor ? { secondFactor } : {}) });
    const cookies = [await serializeSessionCookie(token, context.config), await serializeKnownDevice(user.id, context.config)];
    return { ok: true, userId: user.id, role: user.role, cookies, secondFactor };
  }

  await Promise.all([
    limiters.clientBurst.consume(context.clientKey),
    limiters.clientDaily.consume(context.clientKey),
    limiters.accountClient.consume(accountClientKey),
  ]);
  let reason = "unknown_account";
  if (user) {
    reason = user.disabled ? "disabled" : locked ? "locked" : "bad_password";
    if (!locked) {
      const failures = await recordFailedLogin(context.db, user.id, (n) => {
        const ms = lockDurationMs(n);
        return ms ? new Date(now.getTime() + ms).toISOString() : null;
      });
      if (lockDurationMs(failures) > 0) await audit("account_locked", user.id, { failures, minutes: lockDurationMs(failures) / 60_000 });
    }
  }
  // The typed email is not stored: people type passwords into the wrong field.
  await audit("sign_in_failed", user?.id ?? null, { reason, account: accountKey.slice(0, 12) });
  return { ok: false, reason: "invalid" };
}

// ---------------------------------------------------------------------------
// The second factor (docs/decisions/0043-second-factor.md)

/** The secret the user is enrolling: made and sealed on the first visit, the same one until confirmed. */
export async function enrolmentSecret(context: GuardContext, userId: number): Promise<string> {
  const state = await findSecondFactor(context.db, userId);
  if (state?.secretEnc && !state.enabledAt) return unseal(state.secretEnc, context.config.DATA_KEY, "totp-secret");
  const secret = generateTotpSecret();
  await savePendingSecret(context.db, userId, seal(secret, context.config.DATA_KEY, "totp-secret"));
  return secret;
}

export type SecondFactorResult =
  | { ok: true; cookies: string[]; method: "totp" | "recovery"; recoveryCodes: string[] | null }
  | { ok: false; reason: "invalid" | "replayed" | "throttled" };

/**
 * Completes a half session with a code: a TOTP code (enrolment: the first one, which
 * confirms the secret and makes the ten recovery codes) or, once enrolled, a
 * recovery code. A code accepted once is refused afterwards. Failures count toward
 * the sign-in limits and the account lock, like wrong passwords; success ends the
 * half session and opens a new, full one (the session id changes with its rights).
 */
export async function passSecondFactor(
  request: Request,
  context: SignInContext,
  pending: { userId: number; step: "verify" | "enrol"; idHash: string },
  typed: string,
  now = new Date(),
): Promise<SecondFactorResult> {
  const at = now.toISOString();
  const state = await findSecondFactor(context.db, pending.userId);
  if (!state) return { ok: false, reason: "invalid" };
  const { accountKey, accountClientKey, limiters } = signInLimiters(context, state.email);
  const audit = (type: string, data: Record<string, unknown>) =>
    appendAudit(context.db, { at, actorUserId: state.userId, type, data: { ...data, client: context.clientKey } });

  const waits = await Promise.all([
    limiters.clientBurst.consume(context.clientKey, 0),
    limiters.clientDaily.consume(context.clientKey, 0),
    limiters.accountClient.consume(accountClientKey, 0),
  ]);
  const knownDevice = (await readKnownDevice(request, context.config)) === state.userId;
  const locked = !!state.lockedUntil && state.lockedUntil > at && !knownDevice;
  if (waits.some((w) => w !== null) || locked) {
    await audit("sign_in_throttled", { account: accountKey.slice(0, 12), secondFactor: true });
    return { ok: false, reason: "throttled" };
  }

  const secret = state.secretEnc ? unseal(state.secretEnc, context.config.DATA_KEY, "totp-secret") : null;
  let outcome: { ok: true; method: "totp" | "recovery"; recoveryCodes: string[] | null } | { ok: false; reason: "invalid" | "replayed" } =
    { ok: false, reason: "invalid" };
  if (secret && normaliseTotpInput(typed)) {
    const check = checkTotp(secret, typed, pending.step === "enrol" ? null : state.lastStep, now);
    if (!check.ok) outcome = check;
    else if (pending.step === "enrol") {
      const codes = generateRecoveryCodes();
      const confirmed = await confirmEnrolment(context.db, state.userId, {
        step: check.step, at, codeHashes: codes.map((c) => hashRecoveryCode(c, context.config.DATA_KEY)),
      });
      if (confirmed) outcome = { ok: true, method: "totp", recoveryCodes: codes };
    } else if (await acceptTotpStep(context.db, state.userId, check.step)) {
      outcome = { ok: true, method: "totp", recoveryCodes: null };
    } else {
      outcome = { ok: false, reason: "replayed" };
    }
  } else if (pending.step === "verify" && normaliseRecoveryCode(typed)) {
    if (await useRecoveryCode(context.db, state.userId, hashRecoveryCode(typed, context.config.DATA_KEY), at)) {
      outcome = { ok: true, method: "recovery", recoveryCodes: null };
    }
  }

  if (outcome.ok) {
    await clearFailedLogins(context.db, state.userId);
    await limiters.accountClient.reset(accountClientKey);
    await revokeSessionByHash(context.db, pending.idHash, at);
    const token = await createSession(context.db, state.userId, now, true);
    await audit(pending.step === "enrol" ? "second_factor_enrolled" : "second_factor_passed", { method: outcome.method });
    const cookies = [await serializeSessionCookie(token, context.config), await serializeKnownDevice(state.userId, context.config)];
    return { ok: true, cookies, method: outcome.method, recoveryCodes: outcome.recoveryCodes };
  }

  await Promise.all([
    limiters.clientBurst.consume(context.clientKey),
    limiters.clientDaily.consume(context.clientKey),
    limiters.accountClient.consume(accountClientKey),
  ]);
  const failures = await recordFailedLogin(context.db, state.userId, (n) => {
    const ms = lockDurationMs(n);
    return ms ? new Date(now.getTime() + ms).toISOString() : null;
  });
  if (lockDurationMs(failures) > 0) await audit("account_locked", { failures, minutes: lockDurationMs(failures) / 60_000 });
  await audit("second_factor_failed", { reason: outcome.reason, step: pending.step });
  return { ok: false, reason: outcome.reason };
}

export async function signOut(request: Request, context: GuardContext, now = new Date()): Promise<string> {
  const token = await readSessionToken(request, context.config);
  if (token) {
    const user = await getUser(request, context);
    await endSession(context.db, token, now);
    if (user) await appendAudit(context.db, { at: now.toISOString(), actorUserId: user.id, type: "sign_out", data: {} });
  }
  return clearSessionCookie(context.config);
}

/** Whether `password` is the user's current one. */
export async function isCurrentPassword(db: Kysely<Database>, userId: number, password: string): Promise<boolean> {
  const hash = await findPasswordHash(db, userId);
  return !!hash && (await verifyPassword(hash, password));
}

/** Stores a password the user chose for themselves (argon2id). */
export async function setOwnPassword(db: Kysely<Database>, userId: number, password: string): Promise<void> {
  await setUserPassword(db, userId, await hashPassword(password));
}
