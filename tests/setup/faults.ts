/** Shared set-up for the fault tests: a running app with Đà Nẵng's wards and a partner API key. */
import path from "node:path";
import { createApiKeyCommand } from "../../cli/commands/accounts";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { startApp, withAppDatabase, type RunningApp } from "./app-server";

const BOUNDARIES = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");

export async function startAppWithKey(options: { worker?: boolean; env?: Record<string, string> } = {}) {
  let apiKey = "";
  const app = await startApp({
    ...options,
    // What `db migrate`, `units import --province 48`, `units import-boundaries` and `apikey create` do, in this process.
    setup: (env) =>
      withAppDatabase(env, async ({ db }) => {
        await importUnits(db, "48");
        await importBoundaries(db, BOUNDARIES);
        apiKey = (await createApiKeyCommand(db, { name: "Fault test", channel: "partner", rateLimit: "100000" })).key;
      }),
  });
  return { app, apiKey };
}

const WARDS = ["20275", "20242", "20263", "20209", "20200", "20305"];
const CATEGORIES = ["drugs", "theft", "gambling", "racing", "environment", "usury"];

export function faultTip(i: number) {
  return {
    category: CATEGORIES[i % CATEGORIES.length],
    description: `Tin số ${i}: có nhóm người lạ tụ tập ở kiệt ${i % 50} gần chợ vào buổi tối, nghi có hoạt động phạm pháp.`,
    occurredAt: new Date(Date.now() - (i % 40) * 3_600_000).toISOString(),
    location: { wardCode: WARDS[i % WARDS.length] },
    reporter: null,
    externalRef: `fault-${i}`,
  };
}

export async function postTip(url: string, apiKey: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/v1/tips`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify(body),
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type { RunningApp };
