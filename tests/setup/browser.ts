/** Real Chromium (Debian's /usr/bin/chromium) through playwright-core. */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { realClockEnv } from "./redis";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const browserAvailable = !process.env.TINBAO_SKIP_BROWSER && existsSync(CHROMIUM_PATH);
export const ARTEFACTS_DIR = path.resolve(import.meta.dirname, "../../test-results");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Chromium does not start under libfaketime; pages are rendered by the (moved-clock) server anyway.
    env: realClockEnv(),
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ],
  });
}

export function artefactPath(name: string): string {
  mkdirSync(ARTEFACTS_DIR, { recursive: true });
  return path.join(ARTEFACTS_DIR, name);
}

/** Screenshots are for people (test-results/); CI throws them away. Taken only when asked. */
export const SCREENSHOTS = process.env.TINBAO_SCREENSHOTS === "1";

/**
 * Keeps a picture of a page (or of one element) as test-results/<name> — with
 * TINBAO_SCREENSHOTS=1, or `always` (the one test that keeps this path tested).
 * A full-page screenshot costs a layout and an encode of the whole page (tenths
 * of a second to seconds, ~50 of them in a run). Without one, an element is still
 * waited for until visible, as its screenshot would have: that check stays.
 * Returns the file written, or null.
 */
export async function keepScreenshot(target: Page | Locator, name: string, options: { fullPage?: boolean; always?: boolean } = {}): Promise<string | null> {
  const isLocator = "waitFor" in target;
  if (!SCREENSHOTS && !options.always) {
    if (isLocator) await target.waitFor({ state: "visible" });
    return null;
  }
  const file = artefactPath(name);
  if (isLocator) await target.screenshot({ path: file });
  else await target.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}
