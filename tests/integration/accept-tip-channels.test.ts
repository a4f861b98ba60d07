/**
 * One acceptTip for every channel (core/tips.ts): the same bad references sent
 * through the web form, the partner API and the officer's phone form are refused
 * by each with the right field error in its own words, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intake as intakeVi } from "../../app/i18n/vi/intake";
import { staff as staffVi } from "../../app/i18n/vi/staff";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { cliLastLine, startApp, type RunningApp } from "../setup/app-server";
import { formToken, multipart, postTip, VALID_API_TIP, VALID_FORM } from "../setup/intake-fixtures";
import { SECRETS, seedUnits, seedUsers, signIn, UNIT_A, USERS } from "../setup/staff-fixtures";

/** Phường Ba Đình: a ward of Hà Nội (01), not of Đà Nẵng (48). */
const OTHER_PROVINCE_WARD = "00004";
const RETIRED = "old_kind";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

describe("every channel refuses the same bad references, storing nothing", () => {
  let app: RunningApp;
  let db: DatabaseHandle;
  let apiKey = "";
  let officer: string;
  let token: string;

  beforeAll(async () => {
    app = await startApp({
      env: { ...SECRETS },
      setup: async (env) => {
        const handle = openDatabase(env.DATABASE_URL!);
        await migrateToLatest(handle.db);
        await seedUnits(handle.db);
        await seedUsers(handle.db);
        await handle.db.insertInto("categories").values({
          code: RETIRED, label_vi: "Loại cũ", label_en: "Old kind", description_vi: "", description_en: "", sort_order: 99, active: 0,
        }).execute();
        await handle.close();
        apiKey = cliLastLine(["apikey", "create", "--name", "Tổng đài", "--channel", "hotline"], env);
      },
    });
    db = openDatabase(app.databaseUrl);
    officer = await signIn(app.url, USERS.officerA.email);
    token = await formToken(app);
    await new Promise((r) => setTimeout(r, 3_100)); // the form's minimum fill time
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await app?.stop();
  });

  const tipCount = async () =>
    Number((await db.db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  const web = async (overrides: Record<string, string>) => {
    const { body, contentType } = multipart(Object.entries({ ...VALID_FORM, started: token, ...overrides }).map(([name, value]) => ({ name, value })));
    const res = await fetch(`${app.url}/bao-tin`, { method: "POST", headers: { "Content-Type": contentType }, body });
    return { status: res.status, html: await res.text() };
  };
  const api = async (body: unknown) => {
    const res = await postTip(app, apiKey, body);
    return { status: res.status, json: (await res.json()) as { error?: string; fields?: Record<string, string> } };
  };
  const phone = async (form: Record<string, string>) => {
    const res = await fetch(`${app.url}/can-bo/nhap-tin`, {
      method: "POST", redirect: "manual",
      headers: { Cookie: officer, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        channel: "hotline", category: "drugs", description: "Người gọi cho biết có điểm bán ma túy ở kiệt 12, tối nào cũng có người ra vào.", ...form,
      }),
    });
    return { status: res.status, html: await res.text() };
  };
  /** The form field's error as the staff page renders it (Conform names its ids after the form and field). */
  const staffError = (field: string, message: string) =>
    new RegExp(`<span id="[^"]*-${field}-error" class="field-error">${escapeHtml(message).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</span>`);

  it("a ward of another province", async () => {
    const before = await tipCount();
    const w = await web({ province: "48", wardCode: OTHER_PROVINCE_WARD });
    expect(w.status).toBe(400);
    expect(w.html).toContain(escapeHtml(intakeVi.errors.wardCode.otherProvince));
    const a = await api({ ...VALID_API_TIP, location: { wardCode: OTHER_PROVINCE_WARD, provinceCode: "48" } });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ error: "invalid tip", fields: { "location.wardCode": `ward "${OTHER_PROVINCE_WARD}" is not in province "48"` } });
    const p = await phone({ province: "48", wardCode: OTHER_PROVINCE_WARD });
    expect(p.status).toBe(400);
    expect(p.html).toMatch(staffError("wardCode", staffVi.errors.wardOtherProvince));
    expect(await tipCount()).toBe(before);
  });

  it("an unknown ward", async () => {
    const before = await tipCount();
    const w = await web({ province: "48", wardCode: "99999" });
    expect(w.status).toBe(400);
    expect(w.html).toContain(escapeHtml(intakeVi.errors.wardCode.unknown));
    const a = await api({ ...VALID_API_TIP, location: { wardCode: "99999" } });
    expect(a.status).toBe(400);
    expect(a.json.fields).toEqual({ "location.wardCode": 'unknown ward code "99999"' });
    const p = await phone({ province: "48", wardCode: "99999" });
    expect(p.status).toBe(400);
    expect(p.html).toMatch(staffError("wardCode", staffVi.errors.chooseOne));
    expect(await tipCount()).toBe(before);
  });

  it("a retired category", async () => {
    const before = await tipCount();
    const w = await web({ category: RETIRED });
    expect(w.status).toBe(400);
    expect(w.html).toContain(escapeHtml(intakeVi.errors.category.unknown));
    const a = await api({ ...VALID_API_TIP, category: RETIRED });
    expect(a.status).toBe(400);
    expect(Object.keys(a.json.fields!)).toEqual(["category"]);
    expect(a.json.fields!.category).toMatch(new RegExp(`^unknown category "${RETIRED}"; one of .*drugs`));
    expect(a.json.fields!.category).not.toMatch(new RegExp(`one of .*${RETIRED}`));
    const p = await phone({ province: "48", wardCode: UNIT_A, category: RETIRED });
    expect(p.status).toBe(400);
    expect(p.html).toMatch(staffError("category", staffVi.errors.chooseOne));
    expect(await tipCount()).toBe(before);
  });

  it("an unknown province", async () => {
    const before = await tipCount();
    const w = await web({ province: "99", wardCode: "" , address: "78 Hồ Nghinh" });
    expect(w.status).toBe(400);
    expect(w.html).toContain(escapeHtml(intakeVi.errors.province.unknown));
    const a = await api({ ...VALID_API_TIP, location: { address: "78 Hồ Nghinh", provinceCode: "99" } });
    expect(a.status).toBe(400);
    expect(a.json.fields).toEqual({ "location.provinceCode": 'unknown province code "99"' });
    const p = await phone({ province: "99", address: "78 Hồ Nghinh" });
    expect(p.status).toBe(400);
    expect(p.html).toMatch(staffError("province", staffVi.errors.chooseOne));
    expect(await tipCount()).toBe(before);
  });

  it("the phone form needs a province, one of the officer's (no fallback to the first)", async () => {
    const before = await tipCount();
    const missing = await phone({ address: "78 Hồ Nghinh" });
    expect(missing.status).toBe(400);
    expect(missing.html).toMatch(staffError("province", staffVi.errors.chooseOne));
    const elsewhere = await phone({ province: "01", address: "phố Hàng Bông" });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.html).toMatch(staffError("province", staffVi.errors.outsideYourProvinces));
    expect(await tipCount()).toBe(before);
  });

  it("the same tip with good references is taken by each channel, its province known", async () => {
    const w = await web({ province: "48", wardCode: UNIT_A });
    expect(w.status).toBe(200);
    expect(w.html).toMatch(/\d{4} \d{4} \d{4} \d{4}/);
    expect((await api({ ...VALID_API_TIP, location: { wardCode: UNIT_A, provinceCode: "48" } })).status).toBe(201);
    expect((await phone({ province: "48", address: "78 Hồ Nghinh" })).status).toBe(200);
    const rows = await db.db.selectFrom("tips").select(["channel", "location_province_code"]).orderBy("id").execute();
    expect(rows).toEqual([
      { channel: "web", location_province_code: "48" },
      { channel: "hotline", location_province_code: "48" },
      { channel: "hotline", location_province_code: "48" },
    ]);
  });
});
