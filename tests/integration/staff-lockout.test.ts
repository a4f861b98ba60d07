/**
 * Staff protections of issue 18, item 7, replayed over HTTP behind a proxy
 * (TRUST_PROXY=1, so each request can come from its own address):
 * - wrong passwords from anywhere lock the account, but not for its owner in a
 *   browser they signed in from before; the attacker's address is blocked for
 *   that account, the owner's other addresses are not;
 * - the current-password check of /can-bo/mat-khau is throttled;
 * - a reset (handed-out) password must be changed before anything else.
 */
import { passSecondFactorOverHttp } from "../setup/second-factor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import type { RunningApp } from "../setup/app-server";
import { PASSWORD, startStaffApp, USERS, type Principal } from "../setup/staff-fixtures";

describe("staff lock-outs an attacker cannot turn against the owner", () => {
  let app: RunningApp;
  let database: DatabaseHandle;
  let ids: Record<Principal, number>;

  beforeAll(async () => {
    ({ app, ids } = await startStaffApp({ env: { TRUST_PROXY: "1" } }));
    database = openDatabase(app.databaseUrl);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await app?.stop();
  });

  const signIn = (email: string, password: string, from: string, cookie = "") =>
    fetch(`${app.url}/can-bo/dang-nhap`, {
      method: "POST", redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": from, ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ email, password }),
    });
  const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

  it("locks the account against new browsers, never against the owner's known browser", async () => {
    const owner = USERS.officerA.email;
    const first = await signIn(owner, PASSWORD, "203.0.113.10");
    expect(first.status).toBe(302);
    const device = cookiesOf(first).find((c) => c.startsWith("tb_device="))!;
    expect(device).toBeTruthy();

    // An attacker who knows the email: 6 wrong passwords from one address.
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push((await signIn(owner, `wrong password ${i}`, "198.51.100.66")).status);
    expect(attempts.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts[5]).toBe(429); // that address is blocked for this account
    expect((await database.db.selectFrom("users").select("locked_until").where("id", "=", ids.officerA).executeTakeFirstOrThrow()).locked_until).not.toBeNull();

    // The owner, from another address (a phone on another network) in a browser they used before: signed in.
    expect((await signIn(owner, PASSWORD, "203.0.113.99", device)).status).toBe(302);
    // The right password from a browser never used for this account: still locked (the account is slowed everywhere else).
    await database.db.updateTable("users").set({ locked_until: new Date(Date.now() + 15 * 60_000).toISOString(), failed_logins: 5 }).where("id", "=", ids.officerA).execute();
    expect((await signIn(owner, PASSWORD, "203.0.113.100")).status).toBe(401);
    // A forged device cookie is worth nothing.
    expect((await signIn(owner, PASSWORD, "203.0.113.101", "tb_device=MQ%3D%3D.forged")).status).toBe(401);
  });

  it("throttles the current-password check when changing the password", async () => {
    const res = await signIn(USERS.officerB.email, PASSWORD, "203.0.113.20");
    const session = cookiesOf(res).find((c) => c.startsWith("tb_staff="))!;
    const change = (current: string) =>
      fetch(`${app.url}/can-bo/mat-khau`, {
        method: "POST", redirect: "manual",
        headers: { Origin: app.url, Cookie: session, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.20" },
        body: new URLSearchParams({ current, next: "a brand new passphrase 2026", confirm: "a brand new passphrase 2026" }),
      });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await change(`guess number ${i}`)).status);
    expect(answers).toEqual([400, 400, 400, 400, 400]);
    const throttled = await change(PASSWORD); // even the right one, until the window ends
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain("Đã nhập sai mật khẩu hiện tại nhiều lần");
    const audit = await database.db.selectFrom("audit_log").select("type").where("actor_user_id", "=", ids.officerB).execute();
    expect(audit.filter((a) => a.type === "password_check_failed")).toHaveLength(5);
  });

  it("sends a user with a reset password to change it before anything else", async () => {
    const adminHalf = cookiesOf(await signIn(USERS.admin.email, PASSWORD, "203.0.113.30")).find((c) => c.startsWith("tb_staff="))!;
    const admin = await passSecondFactorOverHttp(app.url, adminHalf, USERS.admin.email, { "X-Forwarded-For": "203.0.113.30" });
    const reset = await fetch(`${app.url}/quan-tri/nguoi-dung/${ids.supervisor}`, {
      method: "POST", headers: { Origin: app.url, Cookie: admin, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.30" },
      body: new URLSearchParams({ intent: "resetPassword" }),
    });
    const temporary = /<code class="secret">([^<]+)<\/code>/.exec(await reset.text())![1]; // shown once on the page
    const half = cookiesOf(await signIn(USERS.supervisor.email, temporary, "203.0.113.31")).find((c) => c.startsWith("tb_staff="))!;
    // A supervisor's second factor comes first; then the handed-out password must go.
    const session = await passSecondFactorOverHttp(app.url, half, USERS.supervisor.email, { "X-Forwarded-For": "203.0.113.31" });
    for (const path of ["/giam-sat", "/can-bo/vu-viec", "/giam-sat/xuat?table=units&format=csv"]) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { Cookie: session } });
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe("/can-bo/mat-khau?phai-doi");
    }
    const page = await fetch(`${app.url}/can-bo/mat-khau?phai-doi`, { headers: { Cookie: session } });
    expect(await page.text()).toContain("Mật khẩu bạn đang dùng do quản trị viên cấp");
    const changed = await fetch(`${app.url}/can-bo/mat-khau`, {
      method: "POST", redirect: "manual",
      headers: { Origin: app.url, Cookie: session, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.31" },
      body: new URLSearchParams({ current: temporary, next: "my own supervisor passphrase", confirm: "my own supervisor passphrase" }),
    });
    expect(changed.status).toBe(302);
    const fresh = changed.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("tb_staff="))!;
    expect((await fetch(`${app.url}/giam-sat`, { redirect: "manual", headers: { Cookie: fresh } })).status).toBe(200);
  });
});
