/**
 * Stored XSS: script and HTML payloads in every text a tipster (or a partner)
 * controls, rendered in every officer and supervisor view, stay inert — no
 * injected script runs, no handler fires, and the text shows as text.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertMessage } from "../../db/queries/messages";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { startApp, type RunningApp } from "../setup/app-server";
import { browserAvailable, launchBrowser } from "../setup/browser";
import { seedRoutedTip, seedUnits, seedUsers, signIn, SECRETS, USERS } from "../setup/staff-fixtures";

const PAYLOADS = [
  `<script>window.__xss=(window.__xss||0)+1</script>`,
  `"><img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `<svg/onload=window.__xss=1>`,
  `javascript:window.__xss=1`,
  `';alert(1);//`,
];
const PAYLOAD = PAYLOADS.join(" ");

describe.skipIf(!browserAvailable)("stored XSS payloads in staff views", () => {
  let app: RunningApp;
  let browser: Browser;
  const ids = { tip: 0, caseId: 0 };

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp({
        env: { ...SECRETS },
        setup: async (env) => {
          const handle = openDatabase(env.DATABASE_URL!);
          try {
            await migrateToLatest(handle.db);
            await seedUnits(handle.db);
            const users = await seedUsers(handle.db);
            const { tipId } = await seedRoutedTip(handle.db, {
              description: `Tin có mã độc: ${PAYLOAD}`,
              location: { kind: "address", address: `12 kiệt ${PAYLOAD}, An Hải`, provinceCode: "48" },
              // A name is at most 100 characters (domain/tip-limits.ts), so it carries two of the payloads.
              reporter: { name: `${PAYLOADS[2]} ${PAYLOADS[1]}`, phone: `0905${PAYLOADS[1]}`, email: `${PAYLOADS[0]}@x.vn` },
              externalRef: PAYLOAD.slice(0, 60),
            });
            ids.tip = tipId;
            const at = new Date().toISOString();
            // A custodian's approval lets officer A see the identity (issue 18, item 13; the flow itself: e2e/identity-requests.test.ts).
            await handle.db.insertInto("identity_requests").values({
              tip_id: tipId, requester_id: users.officerA, reason: `Lý do ${PAYLOAD}`, status: "approved", created_at: at,
              decided_by: users.supervisor, decided_at: at, note: `Ghi chú ${PAYLOAD}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            }).execute();
            await insertMessage(handle.db, { tipId, author: "tipster", userId: null, body: `Trả lời: ${PAYLOAD}`, at });
            const created = await handle.db.insertInto("cases").values({
              unit_code: "20275", number: `VV-${PAYLOADS[3]}`, title: `Vụ án ${PAYLOAD}`, category: "drugs", decision: "charged",
              decision_date: "2026-10-10", arrests: 2, arrested_at: "2026-10-10", created_by: null, created_at: at, updated_at: at,
            }).returning("id").executeTakeFirstOrThrow();
            ids.caseId = created.id;
            await handle.db.insertInto("case_tips").values({ case_id: created.id, tip_id: tipId, created_at: at }).execute();
            await handle.db.insertInto("case_seizures").values({ case_id: created.id, kind: "other", quantity: 1, note: PAYLOAD }).execute();
          } finally {
            await handle.close();
          }
        },
      }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function contextFor(email: string): Promise<BrowserContext> {
    const cookie = await signIn(app.url, email);
    const [name, value] = cookie.split("=");
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: app.url }]);
    return context;
  }

  /** Opens a page, watching for anything the payloads could make run. */
  async function visit(page: Page, path: string, events: string[]) {
    const res = await page.goto(`${app.url}${path}`);
    expect(res?.status(), path).toBeLessThan(400);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
    expect(events, path).toEqual([]);
  }

  function watch(page: Page): string[] {
    const events: string[] = [];
    page.on("dialog", (dialog) => {
      events.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // A CSP refusal means injected markup reached the DOM as HTML.
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) events.push(`csp: ${message.text()}`);
    });
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== app.url) events.push(`request: ${request.url()}`);
    });
    return events;
  }

  it("keeps every payload inert in the officer's views, including the revealed identity", async () => {
    const context = await contextFor(USERS.officerA.email);
    const page = await context.newPage();
    const events = watch(page);
    await visit(page, "/can-bo", events);
    await visit(page, `/can-bo?q=${encodeURIComponent(PAYLOADS[0])}`, events);
    await visit(page, `/can-bo/tin/${ids.tip}`, events);
    expect(await page.locator("main").innerText()).toContain("<script>window.__xss");

    await page.locator("#identity summary").click(); // folded until asked for
    await page.getByRole("button", { name: "Xem thông tin người báo tin" }).click();
    await page.waitForLoadState("networkidle");
    expect(await page.locator("main").innerText()).toContain(PAYLOADS[1]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await visit(page, `/can-bo/vu-viec/${ids.caseId}`, events);
    await visit(page, "/can-bo/vu-viec", events);
    await context.close();
  });

  it("keeps every payload inert in the supervisor's and administrator's views", async () => {
    for (const email of [USERS.supervisor.email, USERS.admin.email]) {
      const context = await contextFor(email);
      const page = await context.newPage();
      const events = watch(page);
      await visit(page, "/giam-sat", events);
      await visit(page, "/giam-sat/bao-cao", events);
      if (email === USERS.admin.email) await visit(page, "/quan-tri/nhat-ky", events);
      await context.close();
    }
  });
});
