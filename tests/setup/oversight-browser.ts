/**
 * The oversight pages in Chromium: a supervisor's sign-in (password, then the
 * second factor, enrolled before the server starts) and the axe-core check
 * every page passes. Shared by
 * tests/e2e/dashboard.test.ts and tests/e2e/ward-map.test.ts.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Kysely } from "kysely";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { fixturePasswordHash } from "./passwords";
import { createUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { enrolForTests, passSecondFactorInBrowser } from "./second-factor";

export const SUPERVISOR_EMAIL = "giamsat@e2e.tinbao.vn";
export const SUPERVISOR_PASSWORD = "mật khẩu giám sát đủ dài";
/** The data key is fixed so a test can enrol the supervisor's second factor before the server starts. */
export const SUPERVISOR_DATA_KEY = Buffer.alloc(32, 9).toString("base64");

export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${name}: ${v.id} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Opens `target`, is sent to the sign-in page, signs in and lands back on a /giam-sat page. */
export async function signInAsSupervisor(page: Page, url: string, target: string) {
  await page.goto(`${url}${target}`);
  await page.waitForURL(/\/can-bo\/dang-nhap\?redirectTo=/);
  await page.getByLabel("Email công vụ").fill(SUPERVISOR_EMAIL);
  await page.getByLabel("Mật khẩu").fill(SUPERVISOR_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await passSecondFactorInBrowser(page, url, SUPERVISOR_EMAIL);
  await page.waitForURL((u) => u.pathname.startsWith("/giam-sat"));
  // With JavaScript the URL changes before the new page replaces the form: wait for the form to go.
  await page.getByLabel("Mật khẩu").waitFor({ state: "detached" });
}

/** The province's supervisor, with the test second factor enrolled (the server must start with SUPERVISOR_DATA_KEY). */
export async function createSupervisor(db: Kysely<Database>, provinceCode = "48"): Promise<void> {
  const id = await createUser(db, {
    email: SUPERVISOR_EMAIL, name: "Lê Minh Châu", role: "supervisor", provinceCode, passwordHash: await fixturePasswordHash(SUPERVISOR_PASSWORD),
    createdAt: new Date().toISOString(),
  });
  await enrolForTests(db, id, SUPERVISOR_EMAIL, SUPERVISOR_DATA_KEY);
}
