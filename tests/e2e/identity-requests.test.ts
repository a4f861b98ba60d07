/**
 * Identity disclosure with a second person in real Chromium (issue 18, item 13): an
 * officer asks to see an identified tipster's details with a reason; the province's
 * custodian (the supervisor here) approves with a note on /can-bo/danh-tinh; the
 * officer then sees the details. Before approval nothing shows. Screenshots in test-results/.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setIdentityCustodian } from "../../db/queries/second-factor";
import type { RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { seedRoutedTip, signIn, startStaffApp, USERS } from "../setup/staff-fixtures";

describe.skipIf(!browserAvailable)("identity requests in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let tipId = 0;

  beforeAll(async () => {
    [{ app }, browser] = await Promise.all([
      startStaffApp({
        seed: async (db) => {
          tipId = (await seedRoutedTip(db, { reporter: { name: "Võ Thị Giang", phone: "0935777888" } })).tipId;
          const supervisor = await db.selectFrom("users").select("id").where("email", "=", USERS.supervisor.email).executeTakeFirstOrThrow();
          await setIdentityCustodian(db, supervisor.id, true);
        },
      }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function contextFor(email: string, width = 1280): Promise<BrowserContext> {
    const cookie = await signIn(app.url, email);
    const [name, value] = cookie.split("=");
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    context.setDefaultTimeout(60_000);
    await context.addCookies([{ name, value, url: app.url }]);
    return context;
  }

  it("request → approve → view", { timeout: 180_000 }, async () => {
    const officer = await contextFor(USERS.officerA.email, 360);
    const page = await officer.newPage();
    await page.goto(`${app.url}/can-bo/tin/${tipId}`);
    await page.locator("#identity summary").click();
    expect(await page.locator("main").innerText()).not.toContain("0935777888");
    await page.getByLabel("Lý do cần xem (ít nhất 10 ký tự)").fill("Cần gọi lại người báo tin để hỏi biển số xe");
    await page.getByRole("button", { name: "Đề nghị xem thông tin người báo tin" }).click();
    await expect.poll(() => page.locator("#identity .identity-request-state").textContent()).toContain("đang chờ người phê duyệt");
    expect(await page.locator("main").innerText()).not.toContain("0935777888");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await keepScreenshot(page, "identity-request-pending-360.png", { fullPage: true });

    const custodian = await contextFor(USERS.supervisor.email);
    const list = await custodian.newPage();
    await list.goto(`${app.url}/can-bo/danh-tinh`);
    expect(await list.locator("main").innerText()).toContain("Cần gọi lại người báo tin để hỏi biển số xe");
    await list.getByLabel("Ghi chú của bạn (ít nhất 3 ký tự)").fill("Đồng ý, chỉ dùng để hỏi biển số");
    await keepScreenshot(list, "identity-requests-custodian.png", { fullPage: true });
    await list.getByRole("button", { name: "Phê duyệt" }).click();
    await expect.poll(() => list.locator("[role=status]").first().textContent()).toContain("Đã phê duyệt");
    await custodian.close();

    await page.goto(`${app.url}/can-bo/tin/${tipId}`);
    await page.locator("#identity summary").click();
    expect(await page.locator("#identity").innerText()).toContain("Đồng ý, chỉ dùng để hỏi biển số");
    await page.getByRole("button", { name: "Xem thông tin người báo tin" }).click();
    await expect.poll(() => page.locator("#identity").innerText()).toContain("0935777888");
    expect(await page.locator("#identity").innerText()).toContain("Võ Thị Giang");
    await keepScreenshot(page, "identity-request-shown-360.png", { fullPage: true });
    // The history says who asked, who approved, who looked.
    await page.locator("#history summary").click();
    const history = await page.locator("#history").innerText();
    expect(history).toContain("Đề nghị xem thông tin người báo tin. Lý do: Cần gọi lại người báo tin để hỏi biển số xe");
    expect(history).toContain("Phê duyệt đề nghị xem thông tin người báo tin của Nguyễn Văn An");
    expect(history).toContain("Xem thông tin người báo tin. Lý do:");
    await officer.close();
  });
});
