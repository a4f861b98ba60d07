/**
 * The province duty desk in real Chromium against the real web and worker processes
 * (issue 12): tips the pipeline cannot place — "gần chợ Cồn, Đà Nẵng" with no gazetteer yet,
 * a street alone, no place at all — land on Đà Nẵng's desk, never nowhere; an officer of the
 * province unit routes one without JavaScript (the ward search comes back to the same tip
 * with the focus on its list) and one with JavaScript (the list filters as one types); the
 * place phrase is suggested to the administrator, who accepts it; then a new tip at the same
 * landmark resolves to that ward by itself, its history naming the gazetteer entry. A ward's
 * officer and another province's administrator cannot open the desk. Screenshots at 360 and
 * 1,280 px go to test-results/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePasswordHash } from "../setup/passwords";
import { acceptTipOrThrow, type TipLocation } from "../../core/tips";
import { importUnits } from "../../cli/commands/units";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { acceptSuggestion } from "../../db/queries/places";
import { listTipEvents } from "../../db/queries/tip-events";
import { createSpecialUnit } from "../../db/queries/units";
import { createUser } from "../../db/queries/users";
import { startApp, type RunningApp } from "../setup/app-server";
import { enrolForTests } from "../setup/second-factor";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible } from "../setup/page-checks";
import { step } from "../setup/step-trail";
import { PASSWORD, RECEIPTS, SECRETS, signIn } from "../setup/staff-fixtures";

const HAI_CHAU = "20242";
const PEOPLE = {
  desk: { email: "truc-ban@test.tinbao.vn", name: "Võ Thị Diệu", role: "officer" as const, units: ["48"], province: null },
  ward: { email: "hai-chau@test.tinbao.vn", name: "Đặng Văn Khoa", role: "officer" as const, units: [HAI_CHAU], province: null },
  admin: { email: "quantri@test.tinbao.vn", name: "Phạm Quốc Dũng", role: "admin" as const, units: [], province: null },
  otherAdmin: { email: "quantri-hn@test.tinbao.vn", name: "Ngô Thanh Hà", role: "admin" as const, units: [], province: "01" },
};

const PLACES_CHECK_MS = 2_000;

const poll = <T,>(read: () => T | Promise<T>, timeout = 30_000) => expect.poll(read, { timeout, interval: 500 });

/** Outside a test (set-up): waits until `read` gives `wanted`, or fails saying what it saw. */
async function waitFor<T>(read: () => Promise<T>, wanted: T, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen: T = await read();
  while (seen !== wanted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    seen = await read();
  }
  if (seen !== wanted) throw new Error(`waited ${timeout} ms for ${String(wanted)}, saw ${String(seen)}`);
}

describe.skipIf(!browserAvailable)("province duty desk in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let db: DatabaseHandle;
  const tips = {} as Record<"market" | "street" | "nowhere", number>;
  const userIds = {} as Record<keyof typeof PEOPLE, number>;

  const submit = async (description: string, location: TipLocation) =>
    (await acceptTipOrThrow({ db: db.db, dataKey: SECRETS.DATA_KEY, receipts: RECEIPTS }, {
      channel: "web", category: "theft", description, occurredAt: null, occurredPrecision: "unknown", location, reporter: null,
    })).tipId;
  const tipRow = (id: number) => db.db.selectFrom("tips").select(["status", "unit_code", "ward_code"]).where("id", "=", id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        worker: true,
        // The worker checks for accepted places every 2 s instead of every minute (the minute itself:
        // tests/integration/triage-context.test.ts), so the last test waits 2 s, not 62.
        env: { ...SECRETS, HOME_PROVINCES: "48", OUTBOX_RELAY_MS: "100", PLACES_CHECK_MS: String(PLACES_CHECK_MS) },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await importUnits(handle.db, "48");
            await createSpecialUnit(handle.db, { code: "48-CYBER", name: "Phòng An ninh mạng", nameFolded: "phong an ninh mang", provinceCode: "48" });
            const hash = await fixturePasswordHash(PASSWORD);
            for (const [key, p] of Object.entries(PEOPLE) as Array<[keyof typeof PEOPLE, (typeof PEOPLE)[keyof typeof PEOPLE]]>) {
              userIds[key] = await createUser(handle.db, {
                email: p.email, name: p.name, role: p.role, passwordHash: hash, provinceCode: p.province, unitCodes: p.units, createdAt: new Date().toISOString(),
              });
              // Administrators need their second factor (issue 18): enrolled with the tests' known secret.
              if (p.role !== "officer") await enrolForTests(handle.db, userIds[key]!, p.email, SECRETS.DATA_KEY);
            }
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
    db = openDatabase(app.databaseUrl);
    tips.market = await submit("Có người trộm xe máy ở bãi giữ xe, trưa nào cũng thấy.", { kind: "address", address: "gần chợ Cồn, Đà Nẵng", provinceCode: null });
    tips.street = await submit("Nhóm thanh niên tụ tập đánh bạc ban đêm.", { kind: "address", address: "đầu kiệt 12 Lê Duẩn, Đà Nẵng", provinceCode: null });
    tips.nowhere = await submit("Có tài khoản mạng xã hội lừa đảo bán hàng, tôi không biết họ ở đâu.", { kind: "none", provinceCode: null });
    // The worker places none of them in a ward, and gives every one an owner: Đà Nẵng's desk.
    for (const id of Object.values(tips)) await waitFor(async () => (await tipRow(id)).unit_code, "48", 120_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await app?.stop();
  });

  // 5 s, not the context's 60: inside a poll, a missing link would wait that long on every call, the last one included.
  const deskLinkText = async (page: Page) =>
    ((await page.locator(".staff-nav a[href='/can-bo/truc-ban']").textContent({ timeout: 5_000 })) ?? "").replace(/\s+/g, " ").trim();

  async function signInPage(page: Page, email: string) {
    step(`sign in as ${email}`);
    await page.goto(`${app.url}/can-bo/dang-nhap?redirectTo=%2Fcan-bo%2Ftruc-ban`);
    await page.getByLabel("Email công vụ").fill(email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/can-bo\/truc-ban/);
  }

  it("is closed to a ward's officer and to another province's administrator", async () => {
    for (const who of ["ward", "otherAdmin"] as const) {
      const cookie = await signIn(app.url, PEOPLE[who].email);
      const res = await fetch(`${app.url}/can-bo/truc-ban?tinh=48`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, who).toBe(404);
      const tip = await fetch(`${app.url}/can-bo/tin/${tips.market}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(tip.status, who).toBe(404);
    }
  }, 60_000);

  it("routes an unplaced tip without JavaScript, at 360 px: search, focus back on the list, reason, done", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await signInPage(page, PEOPLE.desk.email);
    await expect(page.getByRole("heading", { level: 1 })).toBeDefined();
    // The staff menu names the desk with its count; the oldest tip comes first.
    expect(await deskLinkText(page)).toBe("Bàn trực tỉnh (3 tin chờ)");
    const headings = await page.locator(".desk-tip h2").allInnerTexts();
    expect(headings.map((h) => h.split(" · ")[0])).toEqual([`Tin #${tips.market}`, `Tin #${tips.street}`, `Tin #${tips.nowhere}`]);
    const row = page.locator(`#tip-${tips.market}`);
    expect(await row.innerText()).toContain("gần chợ Cồn, Đà Nẵng");
    await keepScreenshot(page, "duty-desk-360.png", { fullPage: true });
    await expectAccessible(browser, page, "duty-desk", false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await row.getByLabel("Tìm xã, phường").fill("hai chau");
    await row.getByRole("button", { name: "Tìm" }).click();
    await page.waitForURL(new RegExp(`tin=${tips.market}&q=hai\\+chau#to-${tips.market}$`));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`to-${tips.market}`);
    const again = page.locator(`#tip-${tips.market}`);
    expect(await again.locator("optgroup[label='Kết quả tìm'] option").allInnerTexts()).toContain("Phường Hải Châu");
    await again.locator(`#to-${tips.market}`).selectOption({ label: "Phường Hải Châu" });
    await again.getByLabel("Lý do (ghi vào nhật ký xử lý)").fill("Chợ Cồn nằm trên đường Hùng Vương, phường Hải Châu.");
    await again.getByRole("button", { name: "Chuyển tin" }).click();
    await page.waitForURL(new RegExp(`/can-bo/truc-ban\\?tinh=48&da-chuyen=${tips.market}$`));
    const notice = await page.getByRole("status").first().innerText();
    expect(notice).toContain(`Đã chuyển tin #${tips.market} đến Phường Hải Châu.`);
    expect(notice).toContain("Địa danh “chợ Cồn” đã được đề xuất");
    expect(await page.locator(`#tip-${tips.market}`).count()).toBe(0);

    expect(await tipRow(tips.market)).toMatchObject({ status: "routed", unit_code: HAI_CHAU, ward_code: HAI_CHAU });
    const placed = (await listTipEvents(db.db, tips.market)).find((e) => e.type === "placed");
    expect(placed).toMatchObject({ actorKind: "officer", actorUserId: userIds.desk, data: { fromUnit: "48", toUnit: HAI_CHAU, wardCode: HAI_CHAU, suggestedPhrase: "chợ Cồn" } });
    // Hải Châu's officer now has it, with the desk's sentence in its history.
    const wardPage = await fetch(`${app.url}/can-bo/tin/${tips.market}`, { headers: { Cookie: await signIn(app.url, PEOPLE.ward.email) } });
    expect(wardPage.status).toBe(200);
    expect(await wardPage.text()).toContain("Bàn trực tỉnh xác định nơi xảy ra là Phường Hải Châu");
    await context.close();
  });

  // 180 s: a step that hangs fails on its own 60 s timeout with its name (and the step trail), not on the test's.
  it("routes one with JavaScript at 1,280 px: the list follows what is typed; a specialised unit too", { timeout: 180_000 }, async () => {
    step("open a context");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on("crash", () => step("(the page crashed)"));
    page.on("pageerror", (error) => step(`(page error: ${error.message})`));
    page.on("framenavigated", (frame) => frame === page.mainFrame() && step(`(navigated to ${frame.url().replace(app.url, "")})`));
    await signInPage(page, PEOPLE.desk.email);
    // Typed before hydration, the search would go to the server as a plain form: wait for the router React starts.
    step("wait for the client router");
    await page.waitForFunction(() => "__remixRouter" in window);
    await keepScreenshot(page, "duty-desk-1280.png", { fullPage: true });
    step("axe");
    await expectAccessible(browser, page, "duty-desk-js");
    const row = page.locator(`#tip-${tips.street}`);
    step("type a ward");
    await row.getByLabel("Tìm xã, phường").fill("thach thang"); // a pre-2025 ward, now part of Hải Châu
    await poll(() => row.locator("optgroup[label='Kết quả tìm'] option").allInnerTexts()).toContain("Phường Hải Châu");
    expect(page.url()).not.toContain("q="); // no round trip
    step("choose the ward, give the reason, send");
    await row.locator(`#to-${tips.street}`).selectOption({ label: "Phường Hải Châu" });
    await row.getByLabel("Lý do (ghi vào nhật ký xử lý)").fill("Số 12 Lê Duẩn thuộc phường Hải Châu.");
    await row.getByRole("button", { name: "Chuyển tin" }).click();
    step("wait for the answer");
    await page.waitForURL(new RegExp(`da-chuyen=${tips.street}$`));
    expect(await tipRow(tips.street)).toMatchObject({ unit_code: HAI_CHAU, ward_code: HAI_CHAU });

    step("route the last one to a special unit");
    const last = page.locator(`#tip-${tips.nowhere}`);
    await last.locator(`#to-${tips.nowhere}`).selectOption({ label: "Phòng An ninh mạng" });
    await last.getByLabel("Lý do (ghi vào nhật ký xử lý)").fill("Lừa đảo qua mạng, không rõ địa bàn.");
    await last.getByRole("button", { name: "Chuyển tin" }).click();
    step("wait for the answer");
    await page.waitForURL(new RegExp(`da-chuyen=${tips.nowhere}$`));
    expect(await tipRow(tips.nowhere)).toMatchObject({ unit_code: "48-CYBER", ward_code: null });
    // Once, in a full run, the menu's link was gone here (the list empty, the menu missing: an error page?):
    // on failure, say what the page shows and what the server logged.
    try {
      step("the desk empties");
      await poll(() => page.locator(".desk-tip").count()).toBe(0);
      step("the menu's count follows");
      await poll(() => deskLinkText(page)).toBe("Bàn trực tỉnh (0 tin chờ)");
    } catch (error) {
      const shown = await page.evaluate(() => document.querySelector("main")?.textContent?.slice(0, 500) ?? document.body.textContent?.slice(0, 500)).catch(String);
      throw new Error(`${(error as Error).message}\npage ${page.url()} shows: ${shown}\nserver log (end): ${app.output().slice(-4000)}`);
    }
    await keepScreenshot(page, "duty-desk-empty-1280.png", { fullPage: true });
    step("close the context");
    await context.close();
  });

  it("offers the place to the administrator; once accepted, the next tip at that landmark places itself", { timeout: 180_000 }, async () => {
    // The street's phrase ("Lê Duẩn") was offered too; a street crossing several wards is the administrator's call.
    const suggestion = await db.db.selectFrom("place_suggestions").selectAll().where("status", "=", "pending").where("tip_id", "=", tips.market).executeTakeFirstOrThrow();
    expect(suggestion).toMatchObject({ province_code: "48", phrase: "chợ Cồn", ward_code: HAI_CHAU, tip_id: tips.market, suggested_by: userIds.desk });
    const adminCookie = await signIn(app.url, PEOPLE.admin.email);
    const adminPage = await fetch(`${app.url}/quan-tri/dia-danh`, { headers: { Cookie: adminCookie } });
    if (adminPage.status === 200) {
      // Part A's page: the suggestion is listed for the administrator.
      expect(await adminPage.text()).toContain("chợ Cồn");
    }
    expect(await acceptSuggestion(db.db, { id: suggestion.id, userId: userIds.admin, kind: "market", name: "Chợ Cồn" }, new Date().toISOString())).toMatchObject({ ok: true });

    // The worker re-reads the gazetteer at most PLACES_CHECK_MS after a change (workers/triage-context.ts): a tip
    // sooner would still find the old one. Wait that out, then send the new tip.
    await new Promise((r) => setTimeout(r, PLACES_CHECK_MS + 2_000));
    const next = await submit("Mất điện thoại khi đi chợ, nghi bị móc túi.", { kind: "address", address: "trước cổng chợ Cồn", provinceCode: null });
    // The worker has reloaded its gazetteer.
    await poll(async () => (await tipRow(next)).status, 30_000).toBe("routed");
    expect(await tipRow(next)).toMatchObject({ unit_code: HAI_CHAU, ward_code: HAI_CHAU });
    const routed = (await listTipEvents(db.db, next)).find((e) => e.type === "routed");
    expect(routed?.data).toMatchObject({ unitCode: HAI_CHAU, placeName: "Chợ Cồn", placeId: expect.any(Number) });
  });
});
