/**
 * Staff sessions and sign-in: timeouts with a driven clock (both dialects),
 * revocation, rotation on sign-in (no session fixation), cookie flags,
 * brute-force throttling and locking with one generic message, an audit entry
 * per failure, and cross-origin sign-in posts refused.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession, createSession, resolveSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, wantsSecureCookie } from "../../app/utils/session.server";
import { sha256Hex } from "../../core/platform/crypto";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { revokeUserSessions } from "../../db/queries/sessions";
import { setUserDisabled } from "../../db/queries/users";
import { Redis } from "ioredis";
import { startApp, type RunningApp } from "../setup/app-server";
import { TEST_REDIS_URL } from "../setup/redis";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { PASSWORD, SECRETS, seedUnits, seedUsers, startStaffApp, USERS } from "../setup/staff-fixtures";

const HOUR = 3_600_000;

describe.each(DIALECTS)("sessions on %s", (_dialect, create) => {
  let database: TestDatabase;
  let userId: number;
  const t0 = new Date("2026-11-02T01:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    userId = (await seedUsers(database.db)).officerA;
  });
  afterAll(async () => database?.destroy());

  it("stores only the token's SHA-256, and resolves the token to its user", async () => {
    const token = await createSession(database.db, userId, t0);
    const rows = await database.db.selectFrom("sessions").select("id_hash").execute();
    expect(rows.map((r) => r.id_hash)).toContain(sha256Hex(token));
    expect(rows.map((r) => r.id_hash)).not.toContain(token);
    expect((await resolveSession(database.db, token, at(1000)))?.userId).toBe(userId);
    expect(await resolveSession(database.db, "not-a-token", at(1000))).toBeNull();
  });

  it("ends after 8 hours without a request", async () => {
    const token = await createSession(database.db, userId, t0);
    expect(await resolveSession(database.db, token, at(SESSION_IDLE_MS - 60_000))).not.toBeNull();
    // That request refreshed the idle timer: 7 more hours are fine…
    expect(await resolveSession(database.db, token, at(SESSION_IDLE_MS + 6 * HOUR))).not.toBeNull();
    // …8 hours of silence are not.
    expect(await resolveSession(database.db, token, at(SESSION_IDLE_MS + 6 * HOUR + SESSION_IDLE_MS + 1))).toBeNull();
  });

  it("ends 24 hours after sign-in however active it is", async () => {
    const token = await createSession(database.db, userId, t0);
    for (let h = 4; h < 24; h += 4) expect(await resolveSession(database.db, token, at(h * HOUR))).not.toBeNull();
    expect(await resolveSession(database.db, token, at(SESSION_ABSOLUTE_MS - 1000))).not.toBeNull();
    expect(await resolveSession(database.db, token, at(SESSION_ABSOLUTE_MS + 1))).toBeNull();
  });

  it("ends when revoked: sign-out, every session of a user, a disabled account", async () => {
    const one = await createSession(database.db, userId, t0);
    await endSession(database.db, one, at(1000));
    expect(await resolveSession(database.db, one, at(2000))).toBeNull();

    const a = await createSession(database.db, userId, t0);
    const b = await createSession(database.db, userId, t0);
    expect(await revokeUserSessions(database.db, userId, at(1000).toISOString())).toBeGreaterThanOrEqual(2);
    expect(await resolveSession(database.db, a, at(2000))).toBeNull();
    expect(await resolveSession(database.db, b, at(2000))).toBeNull();

    const c = await createSession(database.db, userId, t0);
    await setUserDisabled(database.db, userId, true);
    expect(await resolveSession(database.db, c, at(1000))).toBeNull();
    await setUserDisabled(database.db, userId, false);
    expect(await resolveSession(database.db, c, at(1000))).not.toBeNull();
  });
});

describe("Secure cookies", () => {
  const production = { NODE_ENV: "production", PUBLIC_URL: undefined, TRUST_PROXY: 0, HOST: "127.0.0.1" } as const;
  it("are decided by configuration: PUBLIC_URL's scheme, else production behind a proxy or on a public address", () => {
    expect(wantsSecureCookie({ ...production, PUBLIC_URL: "https://tinbao.congan.example" })).toBe(true);
    expect(wantsSecureCookie({ ...production, PUBLIC_URL: "http://127.0.0.1:3000" })).toBe(false);
    expect(wantsSecureCookie({ ...production, NODE_ENV: "development", PUBLIC_URL: "https://tinbao.congan.example" })).toBe(true);
    expect(wantsSecureCookie(production)).toBe(false); // the local demo
    expect(wantsSecureCookie({ ...production, HOST: "localhost" })).toBe(false);
    expect(wantsSecureCookie({ ...production, TRUST_PROXY: 1 })).toBe(true); // TLS ends at the proxy
    expect(wantsSecureCookie({ ...production, HOST: "0.0.0.0" })).toBe(true);
    expect(wantsSecureCookie({ ...production, NODE_ENV: "development", HOST: "0.0.0.0" })).toBe(false);
  });
});

describe("behind a proxy (TRUST_PROXY=1)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    ({ app } = await startStaffApp({ env: { TRUST_PROXY: "1" } }));
  }, 60_000);
  afterAll(async () => app?.stop());

  it("keeps the session cookie Secure whatever Host the proxy sends", async () => {
    // fetch() may not set Host: a raw request, as the proxy sends it.
    const viaProxy = (host: string) => new Promise<http.IncomingMessage>((resolve, reject) => {
      const body = new URLSearchParams({ email: USERS.officerA.email, password: PASSWORD }).toString();
      const req = http.request(`${app.url}/can-bo/dang-nhap`, {
        method: "POST",
        headers: { Host: host, Origin: `http://${host}`, "X-Forwarded-For": "203.0.113.7", "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
      }, (res) => resolve(res.resume()));
      req.on("error", reject);
      req.end(body);
    });
    for (const host of ["127.0.0.1", "localhost", "tinbao.congan.example"]) {
      const res = await viaProxy(host);
      expect(res.statusCode, host).toBe(302);
      expect(String(res.headers["set-cookie"]), host).toMatch(/;\s*Secure/i);
    }
  });
});

describe("signing in over HTTP", () => {
  let app: RunningApp;
  let database: ReturnType<typeof openDatabase>;

  beforeAll(async () => {
    app = await startApp({
      env: { ...SECRETS },
      setup: async (env) => {
        const handle = openDatabase(env.DATABASE_URL!);
        await migrateToLatest(handle.db);
        await seedUnits(handle.db);
        await seedUsers(handle.db);
        await handle.close();
      },
    });
    database = openDatabase(app.databaseUrl);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await app?.stop();
  });

  const post = (email: string, password: string, cookie?: string) =>
    fetch(`${app.url}/can-bo/dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ email, password }),
    });
  /** Forgets this client's failures (every test request comes from 127.0.0.1), not the accounts'. */
  const resetClientLimits = async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${app.prefix}:rl:staff-login-client-*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  };
  const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";
  const queueStatus = async (cookie: string) => (await fetch(`${app.url}/can-bo`, { redirect: "manual", headers: { Cookie: cookie } })).status;
  const auditTypes = async () => (await database.db.selectFrom("audit_log").select(["type", "actor_user_id", "data"]).orderBy("id").execute());

  it("sets an HttpOnly, SameSite=Lax cookie (not Secure on a loopback http demo) and opens the queue", async () => {
    const res = await post(USERS.officerA.email, PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/can-bo");
    const header = res.headers.get("set-cookie") ?? "";
    expect(header).toMatch(/^tb_staff=/);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toMatch(/Secure/i);
    expect(await queueStatus(cookieOf(res))).toBe(200);
  });

  it("never upgrades a session id the browser brought: signing in rotates it and ends the old one", async () => {
    // An attacker plants their own valid session in the victim's browser…
    const planted = cookieOf(await post(USERS.officerB.email, PASSWORD));
    expect(await queueStatus(planted)).toBe(200);
    // …the victim signs in with it present…
    const res = await post(USERS.officerA.email, PASSWORD, planted);
    const fresh = cookieOf(res);
    expect(fresh).not.toBe(planted);
    // …and the planted id is dead, while the new one is the victim's.
    expect(await queueStatus(planted)).toBe(302);
    const page = await (await fetch(`${app.url}/can-bo`, { headers: { Cookie: fresh } })).text();
    expect(page).toContain(USERS.officerA.name);
    // A forged, unsigned cookie is ignored.
    expect(await queueStatus("tb_staff=forged-value")).toBe(302);
  });

  it("signs out with a POST that revokes the session; a GET changes nothing", async () => {
    const cookie = cookieOf(await post(USERS.officerA.email, PASSWORD));
    await fetch(`${app.url}/can-bo/dang-xuat`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(await queueStatus(cookie)).toBe(200);
    const out = await fetch(`${app.url}/can-bo/dang-xuat`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: app.url } });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/^tb_staff=[^;]*;.*Max-Age=0/i);
    expect(await queueStatus(cookie)).toBe(302);
  });

  it("lets a user change their own password, ending their other sessions", async () => {
    const elsewhere = cookieOf(await post(USERS.officerA.email, PASSWORD));
    const here = cookieOf(await post(USERS.officerA.email, PASSWORD));
    const change = (current: string, next: string) =>
      fetch(`${app.url}/can-bo/mat-khau`, {
        method: "POST", redirect: "manual",
        headers: { Cookie: here, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ current, next, confirm: next }),
      });
    expect((await change("not my password", "a brand new passphrase")).status).toBe(400);
    expect((await change(PASSWORD, "short")).status).toBe(400);
    const ok = await change(PASSWORD, "a brand new passphrase");
    expect(ok.status).toBe(302);
    expect(await queueStatus(elsewhere)).toBe(302);
    expect(await queueStatus(cookieOf(ok))).toBe(200);
    expect((await post(USERS.officerA.email, PASSWORD)).status).toBe(401);
    expect((await post(USERS.officerA.email, "a brand new passphrase")).status).toBe(302);
    const types = (await auditTypes()).map((e) => e.type);
    expect(types).toContain("password_changed");
  });

  it("refuses a cross-origin sign-in post", async () => {
    const res = await fetch(`${app.url}/can-bo/dang-nhap?_data=routes%2Fcan-bo.dang-nhap`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: USERS.officerA.email, password: PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("throttles and locks after 5 failures, with one generic answer whether or not the account exists", async () => {
    await resetClientLimits();
    const existing = USERS.supervisor.email;
    const unknown = "nobody@test.tinbao.vn";
    const before = (await auditTypes()).length;
    const texts: Record<string, string[]> = { existing: [], unknown: [] };
    const statuses: Record<string, number[]> = { existing: [], unknown: [] };
    for (let i = 0; i < 5; i++) {
      for (const [key, email] of [["existing", existing], ["unknown", unknown]] as const) {
        const res = await post(email, "wrong password " + i);
        statuses[key].push(res.status);
        texts[key].push(noticeOf(await res.text()));
      }
    }
    expect(statuses.existing).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.unknown).toEqual(statuses.existing);
    expect(new Set([...texts.existing, ...texts.unknown])).toEqual(new Set(["Email hoặc mật khẩu không đúng."]));
    await resetClientLimits(); // what follows is the accounts' own limit

    // The sixth attempt — even with the right password — is refused, the same way for both.
    const locked = await post(existing, PASSWORD);
    const lockedUnknown = await post(unknown, PASSWORD);
    expect([locked.status, lockedUnknown.status]).toEqual([429, 429]);
    expect(noticeOf(await locked.text())).toBe(noticeOf(await lockedUnknown.text()));
    expect(locked.headers.get("set-cookie")).toBeNull();

    const user = await database.db.selectFrom("users").select(["failed_logins", "locked_until"]).where("email", "=", existing).executeTakeFirstOrThrow();
    expect(user.failed_logins).toBe(5);
    expect(Date.parse(user.locked_until!)).toBeGreaterThan(Date.now() + 10 * 60_000);

    const entries = (await auditTypes()).slice(before);
    expect(entries.filter((e) => e.type === "sign_in_failed")).toHaveLength(10);
    expect(entries.filter((e) => e.type === "account_locked")).toHaveLength(1);
    expect(entries.filter((e) => e.type === "sign_in_throttled")).toHaveLength(2);
    // Failures are recorded without the typed email (people type passwords into it).
    for (const e of entries) expect(e.data).not.toContain("nobody@");
    const knownFailure = entries.find((e) => e.type === "sign_in_failed" && e.actor_user_id !== null);
    expect(JSON.parse(knownFailure!.data)).toMatchObject({ reason: "bad_password" });
  });

  it("spends about as long on an unknown email as on a wrong password", async () => {
    const time = async (email: string) => {
      const started = performance.now();
      await post(email, "definitely wrong");
      return performance.now() - started;
    };
    await resetClientLimits();
    const samples = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 3; i++) {
      samples.known.push(await time(USERS.admin.email));
      samples.unknown.push(await time(`ghost${i}@test.tinbao.vn`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    // Both run one argon2id verification (64 MiB); without the dummy hash an unknown email answers in a few ms.
    expect(median(samples.unknown)).toBeGreaterThan(median(samples.known) * 0.4);
    expect(median(samples.unknown)).toBeGreaterThan(15);
  });

  it("slows down one client trying many accounts", async () => {
    await resetClientLimits();
    let blockedAt = -1;
    for (let i = 0; i < 12; i++) {
      const res = await post(`spray${i}@test.tinbao.vn`, "guess");
      if (res.status === 429) {
        blockedAt = i;
        break;
      }
    }
    expect(blockedAt).toBe(10); // ten failures, then blocked
    // Blocked for every account, including a real one with the right password.
    expect((await post(USERS.officerB.email, PASSWORD)).status).toBe(429);
  });
});

function noticeOf(html: string): string {
  return html.match(/<div class="notice error" role="alert">([^<]*)<\/div>/)?.[1] ?? "";
}
