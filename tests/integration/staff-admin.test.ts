/**
 * Administration and phone intake through the real web process: accounts with
 * one-time passwords, disabling (sessions end), units, routing rules,
 * organisations, API keys shown once and revoked — each in the audit log — and
 * an officer recording a phone tip and getting the receipt to read out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { sha256Hex } from "../../core/platform/crypto";
import { startApp, type RunningApp } from "../setup/app-server";
import { SECRETS, seedUnits, seedUsers, signIn, UNIT_A, USERS } from "../setup/staff-fixtures";

describe("administration and phone intake", () => {
  let app: RunningApp;
  let db: DatabaseHandle;
  let admin: string;
  let officer: string;

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
    db = openDatabase(app.databaseUrl);
    admin = await signIn(app.url, USERS.admin.email);
    officer = await signIn(app.url, USERS.officerA.email);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await app?.stop();
  });

  const post = (path: string, cookie: string, form: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: "POST", redirect: "manual",
      headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  const audit = async () => (await db.db.selectFrom("audit_log").select("type").orderBy("id").execute()).map((r) => r.type);
  const oneTimeSecret = (html: string) => html.match(/<code class="secret">([^<]+)<\/code>/)?.[1];

  it("creates an account with a one-time password that signs in, and checks its fields", async () => {
    const bad = await post("/quan-tri/nguoi-dung", admin, { email: "not-an-email", name: "A", role: "officer", units: "" });
    expect(bad.status).toBe(400);
    const unknownUnit = await post("/quan-tri/nguoi-dung", admin, { email: "new.officer@test.tinbao.vn", name: "Võ Thị Em", role: "officer", units: "99999" });
    expect(unknownUnit.status).toBe(400);
    expect(await unknownUnit.text()).toContain("Có mã đơn vị không tồn tại.");

    const res = await post("/quan-tri/nguoi-dung", admin, { email: "New.Officer@test.tinbao.vn", name: "Võ Thị Em", role: "officer", units: `${UNIT_A}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const password = oneTimeSecret(await res.text());
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const cookie = await signIn(app.url, "new.officer@test.tinbao.vn", password);
    // A handed-out password opens nothing but the page that changes it.
    const queue = await fetch(`${app.url}/can-bo`, { redirect: "manual", headers: { Cookie: cookie } });
    expect(queue.status).toBe(302);
    expect(queue.headers.get("location")).toBe("/can-bo/mat-khau?phai-doi");
    expect((await fetch(`${app.url}/can-bo/mat-khau?phai-doi`, { headers: { Cookie: cookie } })).status).toBe(200);
    // The password is not stored, and the list page does not show it again.
    const list = await (await fetch(`${app.url}/quan-tri/nguoi-dung`, { headers: { Cookie: admin } })).text();
    expect(list).toContain("new.officer@test.tinbao.vn");
    expect(list).not.toContain(password!);
    expect(await audit()).toContain("user_created");
  });

  it("disables an account: its sessions end at once and it cannot sign in", async () => {
    const target = await db.db.selectFrom("users").select("id").where("email", "=", "new.officer@test.tinbao.vn").executeTakeFirstOrThrow();
    const reset = await post(`/quan-tri/nguoi-dung/${target.id}`, admin, { intent: "resetPassword" });
    const password = oneTimeSecret(await reset.text())!;
    const session = await signIn(app.url, "new.officer@test.tinbao.vn", password);
    expect((await post(`/quan-tri/nguoi-dung/${target.id}`, admin, { intent: "disable" })).status).toBe(200);
    expect((await fetch(`${app.url}/can-bo`, { redirect: "manual", headers: { Cookie: session } })).status).toBe(302);
    expect(await signInOrNull(app.url, "new.officer@test.tinbao.vn", password)).toBeNull();
    expect(await audit()).toEqual(expect.arrayContaining(["password_reset", "user_disabled"]));
  });

  it("creates a special unit, a routing rule to it, and an organisation", async () => {
    expect((await post("/quan-tri/don-vi", admin, { provinceCode: "48", suffix: "ma tuy", name: "Phòng Cảnh sát điều tra tội phạm về ma túy" })).status).toBe(400);
    expect((await post("/quan-tri/don-vi", admin, { provinceCode: "48", suffix: "PC04", name: "Phòng Cảnh sát điều tra tội phạm về ma túy" })).status).toBe(200);
    expect(await db.db.selectFrom("units").select(["level", "province_code"]).where("code", "=", "48-PC04").executeTakeFirst()).toEqual({ level: "special", province_code: "48" });
    expect((await post("/quan-tri/quy-tac", admin, { intent: "add", provinceCode: "01", category: "drugs", unitCode: "48-PC04", mode: "copy" })).status).toBe(400);
    expect((await post("/quan-tri/quy-tac", admin, { intent: "add", provinceCode: "48", category: "drugs", unitCode: "48-PC04", mode: "copy" })).status).toBe(200);
    const rule = await db.db.selectFrom("routing_rules").select(["id", "mode", "active"]).where("unit_code", "=", "48-PC04").executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ mode: "copy", active: 1 });
    expect((await post("/quan-tri/quy-tac", admin, { intent: "deactivate", ruleId: String(rule.id) })).status).toBe(200);
    expect((await db.db.selectFrom("routing_rules").select("active").where("id", "=", rule.id).executeTakeFirstOrThrow()).active).toBe(0);
    expect((await post("/quan-tri/to-chuc", admin, { intent: "save", code: "CLB-NHS", nameVi: "Câu lạc bộ Người hưu trí", nameEn: "Retirees' club", kind: "model", provinceCode: "48" })).status).toBe(200);
    expect((await post("/quan-tri/to-chuc", admin, { intent: "deactivate", code: "CLB-NHS" })).status).toBe(200);
    expect(await audit()).toEqual(expect.arrayContaining(["unit_created", "routing_rule_added", "routing_rule_deactivated", "source_org_saved", "source_org_deactivated"]));
  });

  it("creates an API key shown once (only its hash kept) and revokes it", async () => {
    // Post/redirect/get: the POST redirects to a page that shows the key once, from a cookie it then clears.
    const res = await post("/quan-tri/khoa-api", admin, { intent: "create", name: "Tổng đài 113 Đà Nẵng", channel: "hotline", rateLimit: "120" });
    expect(res.status).toBe(302);
    const shown = await fetch(`${app.url}${res.headers.get("location")}`, { headers: { Cookie: `${admin}; ${res.headers.get("set-cookie")!.split(";")[0]}` } });
    expect(shown.headers.get("cache-control")).toContain("no-store");
    const key = oneTimeSecret(await shown.text())!;
    expect(key).toMatch(/^tb_/);
    const row = await db.db.selectFrom("api_keys").select(["id", "key_hash", "prefix", "revoked_at"]).where("name", "=", "Tổng đài 113 Đà Nẵng").executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256Hex(key));
    expect(row.prefix).toBe(key.slice(0, 10));
    const page = await (await fetch(`${app.url}/quan-tri/khoa-api`, { headers: { Cookie: admin } })).text();
    expect(page).not.toContain(key);
    expect((await post("/quan-tri/khoa-api", admin, { intent: "revoke", keyId: String(row.id) })).status).toBe(200);
    expect((await db.db.selectFrom("api_keys").select("revoked_at").where("id", "=", row.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
    expect(await audit()).toEqual(expect.arrayContaining(["api_key_created", "api_key_revoked"]));
  });

  it("shows a bad choice in a select next to it, linked and marked invalid, and stores nothing", async () => {
    const cases: Array<{ path: string; form: Record<string, string>; field: string }> = [
      { path: "/quan-tri/to-chuc", form: { intent: "save", code: "CLB-X", nameVi: "Câu lạc bộ X", nameEn: "Club X", kind: "club" }, field: "kind" },
      { path: "/quan-tri/khoa-api", form: { intent: "create", name: "Khoá X", channel: "fax", rateLimit: "60" }, field: "channel" },
    ];
    for (const { path, form, field } of cases) {
      const res = await post(path, admin, form);
      expect(res.status, path).toBe(400);
      const html = await res.text();
      const select = html.match(new RegExp(`<select[^>]*id="${field}"[^>]*>`))?.[0] ?? "";
      expect(select, path).toContain('aria-invalid="true"');
      expect(select, path).toContain(`aria-describedby="${field}-error"`);
      expect(html, path).toContain(`<span id="${field}-error" class="field-error">Giá trị không hợp lệ.</span>`);
    }
    expect(await db.db.selectFrom("source_orgs").select("code").where("code", "=", "CLB-X").executeTakeFirst()).toBeUndefined();
    expect(await db.db.selectFrom("api_keys").select("id").where("name", "=", "Khoá X").executeTakeFirst()).toBeUndefined();
  });

  it("records a phone tip as entered by the officer and shows the receipt once", async () => {
    const bad = await post("/can-bo/nhap-tin", officer, { channel: "hotline", category: "drugs", description: "ngắn" });
    expect(bad.status).toBe(400);
    const res = await post("/can-bo/nhap-tin", officer, {
      channel: "hotline", category: "drugs", description: "Người gọi cho biết có điểm bán ma túy ở kiệt 12 Trần Hưng Đạo, tối nào cũng có người ra vào.",
      occurredAt: "2026-11-20T21:30", occurredPrecision: "approximate", wardCode: UNIT_A, reporterName: "Nguyễn Văn Gọi", reporterPhone: "0905 000 111",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const receipt = (await res.text()).match(/class="receipt-code"[^>]*>([\d ]{19})</)?.[1];
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const tip = await db.db.selectFrom("tips").select(["id", "channel", "location_ward_code", "reporter_enc", "occurred_at", "occurred_precision"])
      .orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(tip).toMatchObject({ channel: "hotline", location_ward_code: UNIT_A, occurred_at: "2026-11-20T14:30:00.000Z", occurred_precision: "approximate" });
    expect(tip.reporter_enc).not.toContain("Nguyễn"); // sealed
    const event = await db.db.selectFrom("tip_events").select(["type", "actor_kind", "actor_user_id"]).where("tip_id", "=", tip.id).executeTakeFirstOrThrow();
    const officerId = (await db.db.selectFrom("users").select("id").where("email", "=", USERS.officerA.email).executeTakeFirstOrThrow()).id;
    expect(event).toEqual({ type: "received", actor_kind: "officer", actor_user_id: officerId });
    // The receipt is nowhere in the database or the log.
    const digits = receipt!.replace(/ /g, "");
    expect(JSON.stringify(await db.db.selectFrom("tips").selectAll().where("id", "=", tip.id).executeTakeFirstOrThrow())).not.toContain(digits);
    expect(app.output()).not.toContain(digits);
  });

  it("manages the types of crime: adds and relabels, but never retires the contract's codes", async () => {
    const bad = await post("/quan-tri/loai-vu-viec", admin, { code: "Bad Code!", labelVi: "X", labelEn: "", descriptionVi: "", descriptionEn: "" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("3–30 chữ thường không dấu");
    const saved = await post("/quan-tri/loai-vu-viec", admin, {
      code: "traffic_accident", labelVi: "Tai nạn giao thông", labelEn: "Traffic accident",
      descriptionVi: "Va chạm giao thông bỏ chạy, gây tai nạn rồi bỏ trốn", descriptionEn: "Hit and run, a crash where the driver fled",
    });
    expect(saved.status).toBe(200);
    const row = await db.db.selectFrom("categories").select(["label_vi", "active", "sort_order"]).where("code", "=", "traffic_accident").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ label_vi: "Tai nạn giao thông", active: 1, sort_order: 18 });
    expect((await post("/quan-tri/loai-vu-viec", admin, { intent: "deactivate", code: "drugs" })).status).toBe(409);
    expect((await post("/quan-tri/loai-vu-viec", admin, { intent: "deactivate", code: "traffic_accident" })).status).toBe(200);
    expect((await db.db.selectFrom("categories").select("active").where("code", "=", "traffic_accident").executeTakeFirstOrThrow()).active).toBe(0);
    expect((await db.db.selectFrom("categories").select("active").where("code", "=", "drugs").executeTakeFirstOrThrow()).active).toBe(1);
    expect(await audit()).toEqual(expect.arrayContaining(["category_saved", "category_deactivated"]));
    expect((await post("/quan-tri/loai-vu-viec", officer, { intent: "deactivate", code: "traffic_accident" })).status).toBe(403);
  });
});

async function signInOrNull(url: string, email: string, password = "wrong password for sure"): Promise<string | null> {
  try {
    return await signIn(url, email, password);
  } catch {
    return null;
  }
}
