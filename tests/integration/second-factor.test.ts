/**
 * The second factor against the real web process (issue 18, item 12): a password
 * alone opens no staff page for an administrator or supervisor; a TOTP code works
 * once; a recovery code works once; wrong codes count toward the lock-out;
 * enrolment over plain HTTP (no JavaScript); an administrator's reset, audited;
 * an officer who needs it once an administrator turns it on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { totpCode } from "../../app/utils/totp.server";
import type { RunningApp } from "../setup/app-server";
import { testRecoveryCode, TEST_TOTP_SECRET } from "../setup/second-factor";
import { PASSWORD, signIn as signInFully, startStaffApp, USERS, type Principal } from "../setup/staff-fixtures";

describe("staff second factor", () => {
  let app: RunningApp;
  let ids: Record<Principal, number>;
  let database: DatabaseHandle;

  beforeAll(async () => {
    ({ app, ids } = await startStaffApp({ env: { TRUST_PROXY: "1" } }));
    database = openDatabase(app.databaseUrl);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await app?.stop();
  });

  const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
  const staffCookie = (res: Response) => cookiesOf(res).find((c) => c.startsWith("tb_staff="))!;
  const form = (path: string, body: Record<string, string>, cookie: string, from: string) =>
    fetch(`${app.url}${path}`, {
      method: "POST", redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, "X-Forwarded-For": from },
      body: new URLSearchParams(body),
    });
  const password = (email: string, from: string, pass = PASSWORD) => form("/can-bo/dang-nhap", { email, password: pass }, "", from);
  const get = (path: string, cookie: string) => fetch(`${app.url}${path}`, { redirect: "manual", headers: { Cookie: cookie } });
  const auditTypes = async (userId: number) =>
    (await database.db.selectFrom("audit_log").select("type").where("actor_user_id", "=", userId).orderBy("id").execute()).map((r) => r.type);

  it("sends an administrator with only a password to the second step; no staff page opens", async () => {
    const res = await password(USERS.admin.email, "203.0.113.1");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/can-bo/xac-minh?redirectTo=%2Fquan-tri");
    const half = staffCookie(res);
    for (const path of ["/quan-tri", "/quan-tri/nguoi-dung", "/giam-sat", "/can-bo", "/can-bo/mat-khau", "/quan-tri/nhat-ky"]) {
      const page = await get(path, half);
      expect(page.status, path).toBe(302);
      expect(page.headers.get("location"), path).toMatch(/^\/can-bo\/xac-minh/);
    }
    // The live queue's stream (checked outside the guards) does not open either.
    const stream = await get("/can-bo/su-kien", half);
    expect(stream.status).not.toBe(200);
    await stream.body?.cancel();
    const page = await get("/can-bo/xac-minh", half);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<input[^>]*name="code"[^>]*autoComplete="one-time-code"/i);
    expect(html).toMatch(/<input[^>]*name="code"[^>]*inputMode="numeric"/i);
  });

  it("accepts a TOTP code once: the same code again is refused", async () => {
    const half1 = staffCookie(await password(USERS.supervisor.email, "203.0.113.2"));
    const code = totpCode(TEST_TOTP_SECRET, new Date());
    const ok = await form("/can-bo/xac-minh", { kind: "totp", code, redirectTo: "/giam-sat" }, half1, "203.0.113.2");
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/giam-sat");
    const full = staffCookie(ok);
    expect(full).not.toBe(half1); // a new session id for the new rights
    expect((await get("/giam-sat", full)).status).toBe(200);
    expect((await get("/giam-sat", half1)).status).toBe(302); // the half session ended

    // Someone who saw the code, in another browser with the password: refused.
    const half2 = staffCookie(await password(USERS.supervisor.email, "198.51.100.7"));
    const replay = await form("/can-bo/xac-minh", { kind: "totp", code }, half2, "198.51.100.7");
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain("Mã này đã được dùng");
    expect((await get("/giam-sat", half2)).headers.get("location")).toMatch(/^\/can-bo\/xac-minh/);
    expect(await auditTypes(ids.supervisor)).toEqual(expect.arrayContaining(["second_factor_passed", "second_factor_failed"]));
  });

  it("accepts a recovery code once", async () => {
    const code = testRecoveryCode(USERS.admin.email, 150); // far from the ones the fixture's sign-in uses
    const half1 = staffCookie(await password(USERS.admin.email, "203.0.113.3"));
    const ok = await form("/can-bo/xac-minh", { kind: "recovery", code: code.toUpperCase() }, half1, "203.0.113.3");
    expect(ok.status).toBe(302);
    expect((await get("/quan-tri", staffCookie(ok))).status).toBe(200);
    const half2 = staffCookie(await password(USERS.admin.email, "203.0.113.3"));
    const again = await form("/can-bo/xac-minh", { kind: "recovery", code }, half2, "203.0.113.3");
    expect(again.status).toBe(401);
    const used = await database.db.selectFrom("recovery_codes").select("used_at").where("user_id", "=", ids.admin).where("used_at", "is not", null).execute();
    expect(used.length).toBeGreaterThanOrEqual(1);
  });

  it("answers a malformed code with a field error, changing nothing", async () => {
    const half = staffCookie(await password(USERS.admin.email, "203.0.113.4"));
    const res = await form("/can-bo/xac-minh", { kind: "totp", code: "12ab" }, half, "203.0.113.4");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Nhập 6 chữ số mà ứng dụng hiển thị.");
  });

  it("counts wrong codes toward the lock-out", async () => {
    // The replayed code above was a failure too: start this count from zero.
    await database.db.updateTable("users").set({ failed_logins: 0, locked_until: null }).where("id", "=", ids.supervisor).execute();
    const half = staffCookie(await password(USERS.supervisor.email, "198.51.100.20"));
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await form("/can-bo/xac-minh", { kind: "totp", code: "000000" }, half, "198.51.100.20")).status);
    // 000000 could be the real code once in a million: count only the answers.
    expect(statuses.slice(0, 5).filter((s) => s !== 401), statuses.join()).toHaveLength(0);
    expect(statuses[5]).toBe(429);
    // Even the right code now waits, from this address.
    const right = await form("/can-bo/xac-minh", { kind: "recovery", code: testRecoveryCode(USERS.supervisor.email, 160) }, half, "198.51.100.20");
    expect(right.status).toBe(429);
    const row = await database.db.selectFrom("users").select(["failed_logins", "locked_until"]).where("id", "=", ids.supervisor).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBeGreaterThanOrEqual(5);
    expect(row.locked_until).not.toBeNull();
    await database.db.updateTable("users").set({ failed_logins: 0, locked_until: null }).where("id", "=", ids.supervisor).execute();
  });

  it("lets an administrator require it of an officer, who then enrols without JavaScript and gets ten recovery codes", async () => {
    const admin = await signInFully(app.url, USERS.admin.email);
    const page = await get(`/quan-tri/nguoi-dung/${ids.officerB}/bao-mat`, admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Bắt buộc xác thực hai lớp");
    expect((await form(`/quan-tri/nguoi-dung/${ids.officerB}/bao-mat`, { intent: "require" }, admin, "203.0.113.5")).status).toBe(200);

    // The officer's password alone: enrolment.
    const res = await password(USERS.officerB.email, "203.0.113.6");
    expect(res.headers.get("location")).toBe("/can-bo/xac-minh?redirectTo=%2Fcan-bo");
    const half = staffCookie(res);
    expect((await get("/can-bo", half)).headers.get("location")).toMatch(/^\/can-bo\/xac-minh/);
    const html = await (await get("/can-bo/xac-minh", half)).text();
    expect(html).toContain("<svg");
    const secret = /id="totp-secret"[^>]*>([A-Z2-7 ]+)</.exec(html)![1].replace(/ /g, "");
    expect(/otpauth:\/\/totp\/[^<"]*secret=([A-Z2-7]+)/.exec(html)![1]).toBe(secret);
    // Stored sealed, never in clear.
    const stored = await database.db.selectFrom("users").select(["totp_secret_enc", "totp_enabled_at"]).where("id", "=", ids.officerB).executeTakeFirstOrThrow();
    expect(stored.totp_secret_enc).toMatch(/^s1\./);
    expect(stored.totp_secret_enc).not.toContain(secret);
    expect(stored.totp_enabled_at).toBeNull();

    const wrong = await form("/can-bo/xac-minh", { kind: "totp", code: String((Number(totpCode(secret, new Date())) + 1) % 1_000_000).padStart(6, "0") }, half, "203.0.113.6");
    expect(wrong.status).toBe(401);
    const confirmed = await form("/can-bo/xac-minh", { kind: "totp", code: totpCode(secret, new Date()), redirectTo: "/can-bo" }, half, "203.0.113.6");
    expect(confirmed.status).toBe(200);
    const shown = await confirmed.text();
    const codes = [...shown.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    const full = staffCookie(confirmed);
    expect((await get("/can-bo", full)).status).toBe(200);
    const hashes = await database.db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", ids.officerB).execute();
    expect(hashes).toHaveLength(10);
    for (const c of codes) expect(hashes.map((h) => h.code_hash).join()).not.toContain(c.replace("-", ""));

    // One of them signs the officer in once.
    const half2 = staffCookie(await password(USERS.officerB.email, "203.0.113.7"));
    expect((await form("/can-bo/xac-minh", { kind: "recovery", code: codes[3] }, half2, "203.0.113.7")).status).toBe(302);

    // The phone is lost: the administrator resets; the officer's sessions end and enrolment starts again.
    expect((await form(`/quan-tri/nguoi-dung/${ids.officerB}/bao-mat`, { intent: "reset" }, admin, "203.0.113.5")).status).toBe(200);
    expect((await get("/can-bo", full)).headers.get("location")).toMatch(/^\/can-bo\/dang-nhap/);
    const after = await database.db.selectFrom("users").select(["totp_secret_enc", "totp_enabled_at"]).where("id", "=", ids.officerB).executeTakeFirstOrThrow();
    expect(after).toEqual({ totp_secret_enc: null, totp_enabled_at: null });
    expect(await database.db.selectFrom("recovery_codes").select("id").where("user_id", "=", ids.officerB).execute()).toHaveLength(0);
    const again = await password(USERS.officerB.email, "203.0.113.8");
    expect(await (await get("/can-bo/xac-minh", staffCookie(again))).text()).toContain('id="totp-secret"');
    expect(await auditTypes(ids.admin)).toEqual(expect.arrayContaining(["second_factor_required", "second_factor_reset"]));
    expect(await auditTypes(ids.officerB)).toEqual(expect.arrayContaining(["second_factor_enrolled", "second_factor_passed"]));
  });

  it("refuses the security page to anyone but an administrator", async () => {
    const officer = await signInFully(app.url, USERS.officerA.email);
    expect((await get(`/quan-tri/nguoi-dung/${ids.officerA}/bao-mat`, officer)).status).toBe(403);
    expect((await form(`/quan-tri/nguoi-dung/${ids.officerA}/bao-mat`, { intent: "reset" }, officer, "203.0.113.9")).status).toBe(403);
  });
});
