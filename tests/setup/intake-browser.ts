/** The residents' browser tests' world: the web process on Đà Nẵng's wards (intake-fixtures), Chromium, and a handle on its database. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { startIntakeApp, type IntakeApp } from "./intake-fixtures";
import { launchBrowser } from "./browser";

export interface IntakeBrowserWorld {
  intake: IntakeApp;
  browser: Browser;
  database: DatabaseHandle;
}

/** Started before the calling file's tests and stopped after them; read its fields inside the tests. */
export function useIntakeBrowserWorld(): IntakeBrowserWorld {
  const world = {} as IntakeBrowserWorld;
  beforeAll(async () => {
    [world.intake, world.browser] = await Promise.all([startIntakeApp(), launchBrowser()]);
    world.database = openDatabase(world.intake.app.databaseUrl);
  }, 180_000); // importing the province's wards takes a while on a busy machine
  afterAll(async () => {
    await world.browser?.close();
    await world.database?.close();
    await world.intake?.app.stop();
  });
  return world;
}
