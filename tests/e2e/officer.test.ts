/**
 * An officer's day in real Chromium against the real web process: sign in,
 * see only the unit's tips, watch a new tip arrive without reloading, take one,
 * read its duplicates, mark it valuable, open a case with 2 arrests and 1 gun
 * seized, ask the tipster a question — and the tipster, with the receipt, reads
 * it on the public follow-up page. axe-core finds no serious or critical
 * problem on the sign-in page, the queue or the tip page.
 */
import { Redis } from "ioredis";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { publishUnitEvent } from "../../core/platform/notify";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, keepScreenshot, launchBrowser } from "../setup/browser";
import { expectAccessible } from "../setup/page-checks";
import { TEST_REDIS_URL } from "../setup/redis";
import {
  joinCluster, newCluster, PASSWORD, SECRETS, seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B, USERS,
} from "../setup/staff-fixtures";

const MAIN = "Có nhóm thanh niên bán ma túy ở quán cà phê đầu kiệt 45 Ngô Quyền, tối nào cũng có người ra vào.";
const DUPLICATE = "Quán cà phê kiệt 45 Ngô Quyền bán ma túy, xe máy ra vào liên tục buổi tối.";
const OTHER_UNIT = "Đua xe trái phép trên đường Bạch Đằng mỗi tối thứ bảy.";
const ARRIVING = "Trộm cắp xe máy ở bãi giữ xe chợ An Hải Đông, vừa xảy ra sáng nay.";
const QUESTION = "Bạn có nhớ biển số xe máy của những người ra vào quán không?";

/** Waits (up to 20 s: shared machine) for a value to pass the assertion that follows. */
const poll = <T,>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

describe.skipIf(!browserAvailable)("officer workspace in Chromium", () => {
  let app: RunningApp;
  let browser: Browser;
  let db: DatabaseHandle;
  const tips = {} as { main: number; duplicate: number; otherUnitDuplicate: number; otherUnit: number; receipt: string };

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await seedUnits(handle.db);
            await seedUsers(handle.db);
            const cluster = await newCluster(handle.db);
            const main = await seedRoutedTip(handle.db, { description: MAIN, clusterId: cluster, reporter: { name: "Lê Thị Hoa", phone: "0905123456" } });
            tips.main = main.tipId;
            tips.receipt = main.receipt;
            tips.duplicate = (await seedRoutedTip(handle.db, { description: DUPLICATE })).tipId;
            await joinCluster(handle.db, tips.duplicate, cluster, tips.main);
            tips.otherUnitDuplicate = (await seedRoutedTip(handle.db, { description: DUPLICATE + " (Hải Châu)", unitCode: UNIT_B })).tipId;
            await joinCluster(handle.db, tips.otherUnitDuplicate, cluster, tips.main);
            tips.otherUnit = (await seedRoutedTip(handle.db, {
              description: OTHER_UNIT, category: "racing", unitCode: UNIT_B, location: { kind: "ward", wardCode: UNIT_B, provinceCode: "48" },
            })).tipId;
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
    db = openDatabase(app.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.close();
    await app?.stop();
  });

  it("works a tip from sign-in to the tipster reading the question", { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000); // two shared cores: argon2 sign-ins and page loads can be slow
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on("request", (req) => origins.add(new URL(req.url()).origin));

    // Signing in: the queue sends a signed-out visitor to the sign-in page and back.
    await page.goto(`${app.url}/can-bo`);
    await page.waitForURL(/\/can-bo\/dang-nhap\?redirectTo=%2Fcan-bo/);
    await expectAccessible(browser, page, "sign-in");
    await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}/can-bo`);

    // Only unit A's tips; the duplicate group is ranked first (reported by 3 people).
    const queue = page.locator("table.queue");
    await poll(() => queue.textContent()).toContain(MAIN.slice(0, 60));
    const text = (await queue.textContent()) ?? "";
    expect(text).toContain(DUPLICATE.slice(0, 60));
    expect(text).not.toContain(OTHER_UNIT.slice(0, 30));
    expect(text).not.toContain("(Hải Châu)");
    expect(await page.locator("table.queue tbody tr").first().textContent()).toContain(`Tin #${tips.main}`);
    expect(text).toContain("3 người báo");
    expect(text).toContain("Còn 20 ngày");
    await expectAccessible(browser, page, "queue");

    // A new tip routed to the unit appears without a reload (server-sent events from Redis pub/sub).
    await poll(() => page.locator(".live-status").textContent()).toContain("tự cập nhật");
    await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
    const arriving = await seedRoutedTip(db.db, { description: ARRIVING, category: "theft" });
    const redis = new Redis(TEST_REDIS_URL);
    await publishUnitEvent(redis, app.prefix, UNIT_A, { tipId: arriving.tipId, type: "routed" });
    redis.disconnect();
    await poll(() => queue.textContent()).toContain(ARRIVING.slice(0, 40));
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // Take the tip: it moves to "in progress", and colleagues see who has it.
    await page.getByRole("button", { name: `Nhận xử lý tin #${tips.main}` }).click();
    await poll(() => queue.textContent()).not.toContain(MAIN.slice(0, 60));
    await page.getByRole("link", { name: /^Đang xử lý/ }).click();
    await poll(() => page.locator("table.queue").textContent()).toContain(`Đang do ${USERS.officerA.name} xử lý`);

    // The tip page: its duplicates side by side, with the pipeline's reasons; the other unit's one is only counted.
    await page.getByRole("link", { name: new RegExp(`^Tin #${tips.main} `) }).click();
    await page.waitForURL(`${app.url}/can-bo/tin/${tips.main}`);
    const cluster = page.locator("section[aria-labelledby=cluster-title]");
    await poll(() => cluster.textContent()).toContain(DUPLICATE);
    const clusterText = (await cluster.textContent()) ?? "";
    expect(clusterText).toContain("3 người báo");
    expect(clusterText).toContain("cùng Phường An Hải");
    expect(clusterText).toContain("nội dung giống 61%");
    expect(clusterText).toContain("Còn 1 tin khác trong nhóm thuộc đơn vị khác");
    expect(clusterText).not.toContain("(Hải Châu)");
    // The ward, drawn from its stored boundary, among the wards around it, with their names.
    expect(await page.locator("svg.ward-map path.ward-shape").count()).toBe(1);
    expect(await page.locator("svg.ward-map path.ward-around").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("svg.ward-map text").allTextContents()).toEqual(expect.arrayContaining(["An Hải", "Hải Châu"]));
    // The identity is not on the page until asked for with a reason.
    expect(await page.content()).not.toContain("0905123456");
    await expectAccessible(browser, page, "tip");

    // Mark it valuable.
    await page.getByLabel("Có giá trị", { exact: true }).check();
    await page.getByLabel("Căn cứ đánh giá").fill("Đã xác minh, có người bán ma túy tại quán.");
    await page.getByRole("button", { name: "Lưu đánh giá" }).click();
    await poll(() => page.locator("[role=status]").allTextContents()).toContain("Đã lưu đánh giá.");

    // Open a case from it: 2 suspects arrested, 1 gun seized.
    await page.getByRole("link", { name: "Tạo vụ việc từ tin này" }).click();
    await page.waitForURL(/\/can-bo\/vu-viec\/moi\?tin=/);
    await page.getByLabel("Số vụ việc").fill("12/2026");
    await page.getByLabel("Tên vụ việc").fill("Mua bán trái phép chất ma túy tại kiệt 45 Ngô Quyền");
    await page.getByLabel("Quyết định", { exact: true }).selectOption("charged");
    await page.getByLabel("Ngày quyết định").fill("2026-11-10");
    await page.getByLabel("Số đối tượng bị bắt").fill("2");
    await page.getByLabel("Ngày bắt").fill("2026-11-09");
    await page.getByLabel("Súng (khẩu)").fill("1");
    await page.getByRole("button", { name: "Tạo vụ việc" }).click();
    await page.waitForURL(/\/can-bo\/vu-viec\/\d+/);
    const summary = (await page.locator("section[aria-labelledby=summary-title]").textContent()) ?? "";
    expect(summary).toContain("2 đối tượng bị bắt");
    expect(summary).toContain("Súng (khẩu): 1");
    expect(summary).toContain("Khởi tố");
    await page.getByRole("link", { name: `Tin #${tips.main}` }).click();

    // Ask the tipster a question.
    await page.waitForURL(`${app.url}/can-bo/tin/${tips.main}`);
    await page.getByLabel("Câu hỏi cho người báo tin").fill(QUESTION);
    await page.getByRole("button", { name: "Gửi câu hỏi" }).click();
    await poll(() => page.locator("ol.thread").textContent()).toContain(QUESTION);
    await poll(() => page.locator("dl.facts").first().textContent()).toContain("Chờ người báo tin trả lời");
    await keepScreenshot(page, "officer-tip.png", { fullPage: true });

    // Nothing was fetched from anywhere else.
    expect([...origins]).toEqual([app.url]);

    const stored = await db.db.selectFrom("cases").innerJoin("case_tips", "case_tips.case_id", "cases.id")
      .select(["cases.arrests", "cases.decision", "case_tips.tip_id", "cases.id"]).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ arrests: 2, decision: "charged", tip_id: tips.main });
    const seizures = await db.db.selectFrom("case_seizures").select(["kind", "quantity"]).where("case_id", "=", stored.id).execute();
    expect(seizures.map((s) => ({ kind: s.kind, quantity: Number(s.quantity) }))).toEqual([{ kind: "guns", quantity: 1 }]);
    const trail = await db.db.selectFrom("tip_events").select("type").where("tip_id", "=", tips.main).orderBy("id").execute();
    expect(trail.map((e) => e.type)).toEqual(expect.arrayContaining(["claimed", "valuable_marked", "case_linked", "question_sent"]));
    await context.close();

    // The tipster comes back with the receipt and reads the question (public follow-up page).
    const tipster = await browser.newContext({ viewport: { width: 360, height: 740 } });
    tipster.setDefaultTimeout(60_000);
    const publicPage = await tipster.newPage();
    await publicPage.goto(`${app.url}/theo-doi`);
    await publicPage.locator("input.receipt-input").fill(tips.receipt);
    await publicPage.locator("button[name=intent][value=open]").click();
    await poll(() => publicPage.locator("main").textContent()).toContain(QUESTION);
    expect(await publicPage.locator("main").textContent()).not.toContain(USERS.officerA.name); // never officers' names
    await keepScreenshot(publicPage, "officer-question-seen-by-tipster.png", { fullPage: true });
    await tipster.close();
  });

  it("asks for the identity with a reason, shows nothing until a custodian approves, and records the request", { timeout: 120_000 }, async () => {
    // Approval by a custodian and the view itself: tests/e2e/identity-requests.test.ts (issue 18, item 13).
    const context = await browser.newContext();
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(`${app.url}/can-bo/tin/${tips.main}`);
    await page.getByLabel("Email công vụ").fill(USERS.officerA.email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(`${app.url}/can-bo/tin/${tips.main}`);
    await page.getByText("Thông tin người báo tin", { exact: true }).click(); // folded until asked for
    await page.getByLabel("Lý do cần xem (ít nhất 10 ký tự)").fill("ngắn");
    await page.getByRole("button", { name: "Đề nghị xem thông tin người báo tin" }).click();
    await poll(() => page.locator(".field-error").allTextContents()).toContain("Quá ngắn: cần ít nhất 10 ký tự.");
    await page.getByLabel("Lý do cần xem (ít nhất 10 ký tự)").fill("Cần liên hệ người báo tin để lấy lời khai");
    await page.getByRole("button", { name: "Đề nghị xem thông tin người báo tin" }).click();
    await poll(() => page.locator("#identity .identity-request-state").textContent()).toContain("đang chờ người phê duyệt");
    expect(await page.content()).not.toContain("0905123456");
    await page.reload();
    expect(await page.content()).not.toContain("0905123456");
    await poll(() => page.locator("ol.trail").textContent()).toContain("Cần liên hệ người báo tin để lấy lời khai");
    await context.close();
  });
});
