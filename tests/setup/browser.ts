/** Real Chromium (Debian's /usr/bin/chromium) through playwright-core. */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
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
