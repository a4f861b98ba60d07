/**
 * What every page must pass in the browser tests: no console error, nothing asked
 * of another origin, no resource of ours failing, no serious or critical axe-core
 * violation, nothing wider than the screen.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

interface Problem {
  message: string;
  /** The resource it is about, and the status it answered with, when it is about one. */
  url: string | null;
  status: number | null;
}

export interface PageWatch {
  /** Console errors, uncaught exceptions, failed requests, our resources answering ≥ 400, requests elsewhere. */
  problems: Problem[];
}

const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/** Starts collecting a page's problems (checked, state by state, with expectNoProblems). */
export function watchPage(page: Page, origin: string, javaScriptEnabled = true): PageWatch {
  const watch: PageWatch = { problems: [] };
  const add = (message: string, url: string | null = null, status: number | null = null) => watch.problems.push({ message, url, status });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const status = FAILED_RESOURCE.exec(message.text())?.[1];
    add(`console: ${message.text()}`, message.location().url || null, status ? Number(status) : null);
  });
  page.on("pageerror", (error) => add(`exception: ${error.message}`));
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== origin) add(`request to another origin: ${request.url()}`);
  });
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    // A navigation that replaces a page still loading is not a failure of the site, nor
    // are the scripts a browser with JavaScript off declines to fetch (Chromium says "csp").
    if (error === "net::ERR_ABORTED" || (!javaScriptEnabled && request.resourceType() === "script" && error === "csp")) return;
    add(`failed: ${request.url()} ${error}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== "document") add(`${response.status()}: ${response.url()}`, response.url(), response.status());
  });
  return watch;
}

/**
 * No problem since the last check. A page may answer with the status its state
 * calls for — 400 for a form sent back with its errors, 404 for a page that does not
 * exist — and Chromium logs that status of the page's own answer (the document, or
 * Remix's data request for the same path) as a console error: that one line is
 * expected when `expectedStatus` says so, and nothing else is.
 */
export function expectNoProblems(watch: PageWatch, page: Page, name: string, expectedStatus: number | null = null) {
  const path = new URL(page.url()).pathname;
  const ownAnswer = (p: Problem) => p.status !== null && p.status === expectedStatus && p.url !== null && new URL(p.url).pathname === path;
  const problems = watch.problems.filter((p) => !ownAnswer(p)).map((p) => p.message);
  watch.problems.length = 0;
  expect(problems, name).toEqual([]);
}

/** Whether every element matching `selector` sits on one line (same top): a menu that must not wrap. */
export const oneLine = async (page: Page, selector: string) => {
  await fontsLoaded(page);
  return page.$$eval(selector, (els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size === 1);
};

/**
 * The pages' fonts swap in when loaded (`font-display: swap`), and the window's load event does not wait for
 * them: measured before, a line set in the wider fallback font can wrap. A page opened in a fresh browser context
 * (no cache) under load showed it once (admin-pages, a full run).
 */
const fontsLoaded = (page: Page) => page.evaluate(() => document.fonts.ready.then(() => undefined));

/** No sideways scrolling: the document is no wider than the viewport. */
export async function expectNoSidewaysScroll(page: Page, name: string) {
  await fontsLoaded(page);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${name}: page wider than the screen`).toBeLessThanOrEqual(innerWidth);
}

/**
 * No serious or critical axe-core violation. axe needs timers, which a page without
 * JavaScript does not run: such a page's exact markup is audited in a copy that may
 * run the audit but none of the markup's own scripts.
 */
export async function expectAccessible(browser: Browser, page: Page, name: string, javaScriptEnabled = true) {
  const audited = javaScriptEnabled ? page : await staticCopy(browser, page, name);
  // page.evaluate has no timeout of its own: a page that never answers would hang the test silently.
  const results = await withinMs(new AxeBuilder({ page: audited }).analyze(), AXE_TIMEOUT_MS, `${name}: axe-core did not finish`);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${name}: ${v.id} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const AXE_TIMEOUT_MS = 60_000;

/** `promise`, or a rejection saying `what` after `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * The page static copies are shown in, one per browser (a file's audits without JavaScript reuse it: a new
 * context and page per audit cost more than the copy's own navigation), with the markup each copy serves.
 */
const copyPages = new WeakMap<Browser, { page: Promise<Page>; bodies: Map<string, string> }>();

function copyPage(browser: Browser) {
  let entry = copyPages.get(browser);
  if (!entry) {
    const bodies = new Map<string, string>();
    const page = (async () => {
      const context = await browser.newContext();
      await context.route("**/__audit__/**", (route) => {
        const body = bodies.get(route.request().url());
        if (body === undefined) return route.abort();
        return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": "script-src 'none'" }, body });
      });
      return context.newPage();
    })();
    entry = { page, bodies };
    copyPages.set(browser, entry);
  }
  return entry;
}

async function staticCopy(browser: Browser, page: Page, name: string): Promise<Page> {
  const html = await page.content();
  const viewport = page.viewportSize() ?? { width: 360, height: 740 };
  const { page: pending, bodies } = copyPage(browser);
  const copy = await pending;
  await copy.setViewportSize(viewport);
  const url = `${new URL(page.url()).origin}/__audit__/${encodeURIComponent(name)}`;
  bodies.set(url, html);
  try {
    await copy.goto(url);
  } finally {
    bodies.delete(url);
  }
  return copy;
}
