/**
 * The residents' side in real Chromium, with JavaScript on and off: a tip from
 * form to receipt to follow-up and answer; an identified tip (ciphertext only in
 * the database); a photo whose GPS position does not survive; no serious
 * accessibility problem on any public page, nothing wider than a 360 px phone,
 * nothing loaded from anywhere but the portal — and no receipt or identity in
 * clear in the database file or the logs.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { insertMessage } from "../../db/queries/messages";
import { browserAvailable, keepScreenshot } from "../setup/browser";
import { useIntakeBrowserWorld } from "../setup/intake-browser";
import { expectAccessible, expectNoSidewaysScroll } from "../setup/page-checks";
import { TEST_DIALECT } from "../setup/db";
import { GPS_POINTER, photoWithGps } from "../setup/intake-fixtures";
import { setTipStatus } from "../setup/tip-status";

const MIN_FILL_MS = 3_100;
const IDENTITY = { name: "Trần Thị Mai Hương", phone: "0905123456", email: "mai.huong@example.vn" };

describe.skipIf(!browserAvailable)("tip intake in Chromium", () => {
  const world = useIntakeBrowserWorld();
  const receipts: string[] = [];
  const origins = new Set<string>();

  async function newPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await world.browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    return { context, page };
  }

  /**
   * Nothing wider than the 360 px screen; without JavaScript, no serious or critical axe
   * violation. With JavaScript, these very pages and states (home, form, form with its
   * errors, receipt, follow-up, follow-up with an officer's question) are audited in
   * Vietnamese by tests/e2e/public-crawl.test.ts (its vi-js pass): auditing them here too
   * ran the same audit twice (~2–3 CPU s each; docs/decisions/0074, "Cuts, third round").
   * Vietnamese without JavaScript is audited only here (the crawl audits English without it).
   */
  async function checkPage(page: Page, name: string, javaScriptEnabled = true) {
    await expectNoSidewaysScroll(page, name);
    await keepScreenshot(page, `intake-${name}.png`, { fullPage: true });
    if (!javaScriptEnabled) await expectAccessible(world.browser, page, name, false);
  }

  async function waitForFillTime(loadedAt: number) {
    const left = MIN_FILL_MS - (Date.now() - loadedAt);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }

  async function latestTip() {
    return world.database.db.selectFrom("tips").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
  }

  async function chooseWard(page: Page, javaScriptEnabled: boolean) {
    await page.selectOption("#tip-province", "48");
    await page.fill("#tip-wardQuery", "hoa khanh");
    if (!javaScriptEnabled) {
      // Without JavaScript the search is a round trip that keeps everything typed so far.
      await page.getByRole("button", { name: "Tìm xã, phường" }).click();
      await page.waitForLoadState("load");
      expect(await page.inputValue("#tip-description")).not.toBe("");
    }
    await expect.poll(() => page.locator("#tip-wardCode option").allTextContents()).toContain("Phường Hòa Khánh");
    expect(await page.locator("#tip-wardCode option").count()).toBeLessThan(5); // filtered, not all 94
    await page.selectOption("#tip-wardCode", { label: "Phường Hòa Khánh" });
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "js" : "nojs";

    it(`takes an anonymous tip and follows it up, ${javaScriptEnabled ? "with" : "without"} JavaScript`, { timeout: 120_000 }, async () => {
      const { context, page } = await newPage(javaScriptEnabled);
      await page.goto(world.intake.app.url);
      await checkPage(page, `${mode}-home`, javaScriptEnabled);
      await page.getByRole("link", { name: "Gửi tin báo" }).first().click();
      await page.waitForURL(`${world.intake.app.url}/bao-tin`);
      const loadedAt = Date.now();
      expect(await page.locator(".emergency").textContent()).toContain("113");
      await checkPage(page, `${mode}-form`, javaScriptEnabled);

      // Sending it empty: errors per field, a summary linking to them, nothing stored.
      const tipsBefore = (await world.database.db.selectFrom("tips").select("id").execute()).length;
      await page.getByRole("button", { name: "Gửi tin báo" }).click();
      await expect.poll(() => page.locator(".error-summary").isVisible()).toBe(true);
      expect(await page.locator(".error-summary").textContent()).toContain("Chọn loại vụ việc.");
      expect(await page.getAttribute("#tip-description", "aria-invalid")).toBe("true");
      expect(await page.getAttribute("#tip-description", "aria-describedby")).toContain("tip-description-error");
      expect(await page.locator("#tip-description-error").textContent()).toBe("Kể lại việc bạn biết.");
      expect(await page.locator(".error-summary a[href='#tip-description']").count()).toBe(1);
      await checkPage(page, `${mode}-form-errors`, javaScriptEnabled);
      expect((await world.database.db.selectFrom("tips").select("id").execute()).length).toBe(tipsBefore);

      await page.check("input[name=category][value=drugs]");
      await page.fill("#tip-description", `Có người bán ma túy ở quán cà phê đầu kiệt vào buổi tối (${mode}).`);
      await page.check("input[name=when][value=ongoing]");
      await chooseWard(page, javaScriptEnabled);
      await page.fill("#tip-address", "kiệt 78 Hồ Nghinh (địa chỉ cũ: quận Sơn Trà)");
      await waitForFillTime(loadedAt);
      await page.getByRole("button", { name: "Gửi tin báo" }).click();

      const code = page.getByTestId("receipt");
      await code.waitFor();
      const receipt = (await code.textContent())!.trim();
      expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      receipts.push(receipt);
      expect(await page.locator("main").textContent()).toContain("Mã không thể lấy lại");
      expect(page.url()).toBe(`${world.intake.app.url}/bao-tin`);
      expect(JSON.stringify(await context.cookies())).not.toContain(receipt.replace(/ /g, ""));
      await checkPage(page, `${mode}-receipt`, javaScriptEnabled);

      const tip = await latestTip();
      expect(tip).toMatchObject({
        channel: "web", category: "drugs", occurred_precision: "ongoing", location_kind: "ward", location_ward_code: "20200",
        location_province_code: "48", location_address: "kiệt 78 Hồ Nghinh (địa chỉ cũ: quận Sơn Trà)", reporter_enc: null,
      });

      // Follow-up: the receipt opens the tip's public status.
      await page.getByRole("link", { name: "Theo dõi tin đã gửi" }).first().click();
      await page.waitForURL(`${world.intake.app.url}/theo-doi`);
      await checkPage(page, `${mode}-followup`, javaScriptEnabled);
      await page.fill("#open-receipt", "1234 5678 9012 3456");
      await page.getByRole("button", { name: "Xem tin" }).click();
      await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Mã theo dõi không đúng");
      await page.fill("#open-receipt", receipt.replace(/ /g, ""));
      await page.getByRole("button", { name: "Xem tin" }).click();
      await expect.poll(() => page.locator(".status-word").textContent()).toBe("Đã nhận");
      expect(page.url()).toBe(`${world.intake.app.url}/theo-doi`);
      const cookie = (await context.cookies()).find((c) => c.name === "theo_doi");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/theo-doi" });
      expect(cookie!.value).not.toContain(receipt.replace(/ /g, ""));

      // An officer asks a question (the officer workspace does this; here, straight in the database).
      await setTipStatus(world.database.db, tip.id, "waiting_tipster");
      await insertMessage(world.database.db, { tipId: tip.id, author: "officer", userId: null, body: "Quán đó tên gì, mở cửa lúc mấy giờ?", at: new Date().toISOString() });
      await page.reload();
      await expect.poll(() => page.locator(".thread").textContent()).toContain("Quán đó tên gì");
      expect(await page.locator(".status-word").textContent()).toBe("Đang xác minh");
      expect(await page.locator("main").textContent()).toContain("Cán bộ đang chờ bạn trả lời");
      await checkPage(page, `${mode}-followup-opened`, javaScriptEnabled);

      await page.fill("#reply-body", "Quán tên Gió Chiều, mở từ 18 giờ.");
      await page.getByRole("button", { name: "Gửi trả lời" }).click();
      await expect.poll(() => page.locator(".notice.ok").textContent()).toContain("Đã gửi câu trả lời");
      expect(await page.locator(".thread").textContent()).toContain("Quán tên Gió Chiều");
      const after = await world.database.db.selectFrom("tips").select("status").where("id", "=", tip.id).executeTakeFirstOrThrow();
      expect(after.status).toBe("in_progress");

      // More information, with a photo: a message of its own, the photo linked to it.
      await page.fill("#add-body", "Thêm: họ thường đến bằng xe Wave màu đỏ.");
      await page.setInputFiles("#add-photos", { name: "xe.jpg", mimeType: "image/jpeg", buffer: await photoWithGps() });
      await page.getByRole("button", { name: "Gửi bổ sung" }).click();
      await expect.poll(() => page.locator(".notice.ok").textContent()).toContain("Đã gửi thông tin bổ sung");
      const photo = await world.database.db.selectFrom("tip_photos").selectAll().where("tip_id", "=", tip.id).executeTakeFirstOrThrow();
      const message = await world.database.db.selectFrom("tip_messages").select(["id", "body"]).where("id", "=", photo.message_id!).executeTakeFirstOrThrow();
      expect(message.body).toBe("Thêm: họ thường đến bằng xe Wave màu đỏ.");
      expect((await sharp(readFileSync(path.join(world.intake.app.dataDir, "uploads", photo.file_name))).metadata()).exif).toBeUndefined();
      const events = await world.database.db.selectFrom("tip_events").select("type").where("tip_id", "=", tip.id).orderBy("id").execute();
      expect(events.map((e) => e.type)).toEqual(["received", "tipster_replied", "status_changed", "tipster_added_info"]);

      await page.getByRole("button", { name: "Đóng phiên xem" }).click();
      await expect.poll(() => page.locator("main").textContent()).toContain("Đã đóng phiên xem");
      await context.close();
    });
  }

  it("takes an identified tip without JavaScript and stores the identity as ciphertext only", async () => {
    const { context, page } = await newPage(false);
    await page.goto(`${world.intake.app.url}/bao-tin`);
    const loadedAt = Date.now();
    await page.check("input[name=category][value=fraud]");
    await page.fill("#tip-description", "Một nhóm gọi điện giả danh công an, yêu cầu chuyển tiền vào tài khoản lạ.");
    await page.check("input[name=when][value=exact]");
    await page.fill("#tip-occurredDate", "2026-10-01");
    await page.fill("#tip-occurredTime", "09:15");
    await page.fill("#tip-address", "Tổ 5, phường Hòa Khánh Bắc cũ");
    await page.check("input[name=identity][value=identified]");
    await page.fill("#tip-name", IDENTITY.name);
    await page.fill("#tip-phone", IDENTITY.phone);
    await page.fill("#tip-email", IDENTITY.email);
    await page.selectOption("#tip-sourceOrg", "HCCB");
    await waitForFillTime(loadedAt);
    await page.getByRole("button", { name: "Gửi tin báo" }).click();
    receipts.push((await page.getByTestId("receipt").textContent())!.trim());

    const tip = await latestTip();
    expect(tip).toMatchObject({ category: "fraud", occurred_at: "2026-10-01T02:15:00.000Z", occurred_precision: "exact", location_kind: "address", source_org_code: "HCCB" });
    expect(tip.reporter_enc).toMatch(/^s1\./);
    for (const value of Object.values(IDENTITY)) expect(tip.reporter_enc).not.toContain(value);
    await context.close();
  });

  it("strips the GPS position from a photo sent with JavaScript, and keeps the photo", async () => {
    const { context, page } = await newPage(true);
    await page.goto(`${world.intake.app.url}/bao-tin`);
    const loadedAt = Date.now();
    await page.check("input[name=category][value=environment]");
    await page.fill("#tip-description", "Xe múc cát trái phép trên sông Cu Đê lúc nửa đêm, ảnh chụp kèm theo.");
    await page.check("input[name=when][value=approximate]");
    await page.fill("#tip-occurredDate", "2026-10-02");
    await page.fill("#tip-address", "bến sông Cu Đê, thôn Nam Yên");
    await page.setInputFiles("#tip-photos", { name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: await photoWithGps() });
    await expect.poll(() => page.locator("main").textContent()).toContain("Đã chọn 1 ảnh");
    await waitForFillTime(loadedAt);
    await page.getByRole("button", { name: "Gửi tin báo" }).click();
    receipts.push((await page.getByTestId("receipt").textContent())!.trim());

    const tip = await latestTip();
    const photos = await world.database.db.selectFrom("tip_photos").selectAll().where("tip_id", "=", tip.id).execute();
    expect(photos).toHaveLength(1);
    const stored = readFileSync(path.join(world.intake.app.dataDir, "uploads", photos[0].file_name));
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stored.includes(GPS_POINTER) && stored.includes("TestCam")).toBe(false);
    expect([meta.width, meta.height]).toEqual([48, 64]); // turned upright
    await context.close();
  });

  it("speaks English when asked, errors included", async () => {
    const { context, page } = await newPage(true);
    await page.goto(`${world.intake.app.url}/bao-tin?lng=en`);
    expect(await page.locator("h1").textContent()).toBe("Send a tip");
    await page.getByRole("button", { name: "Send tip" }).click();
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Choose the type of crime.");
    await context.close();
  });

  it("loaded nothing from anywhere but the portal", () => {
    expect([...origins]).toEqual([world.intake.app.url]);
  });

  it("left no receipt and no identity in clear in the database file (WAL included) or the logs", () => {
    expect(receipts).toHaveLength(4);
    const log = world.intake.app.output();
    const secrets = [...receipts, ...receipts.map((r) => r.replace(/ /g, "")), ...Object.values(IDENTITY)];
    for (const secret of secrets) expect(log).not.toContain(secret);
    if (TEST_DIALECT !== "sqlite") return; // PostgreSQL keeps its files elsewhere; the column checks above still ran
    const files = readdirSync(world.intake.app.dataDir).filter((f) => f.startsWith("tinbao.db"));
    expect(files).toContain("tinbao.db-wal");
    for (const file of files) {
      const bytes = readFileSync(path.join(world.intake.app.dataDir, file));
      for (const secret of secrets) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });
});
