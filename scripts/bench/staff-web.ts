/**
 * For the page benchmarks (queue.ts, dashboard.ts): the real web server
 * (`server/index.ts`, production mode) on a benchmark database, signed in as a
 * staff user, with a timed GET.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./common";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface StaffWeb {
  pid: number;
  /** GET as the signed-in user: the time to the last byte, and the page; throws unless 200. */
  get(pathAndQuery: string): Promise<{ ms: number; html: string }>;
  stop(): Promise<void>;
}

export async function startStaffWeb(file: string, login: { label: string; email: string; password: string }): Promise<StaffWeb> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `tinbao-bench-${login.label}-web-`));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", HOME_PROVINCES: "48", DATABASE_URL: `file:${file}`,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", QUEUE_PREFIX: `tinbao-bench-${login.label}-${port}`,
    DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn",
  };
  const web = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["server/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const stop = async () => {
    web.kill("SIGTERM");
    if (web.exitCode === null) await new Promise((r) => web.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 200; i++) {
      if (await fetch(`${url}/healthz`).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const signIn = await fetch(`${url}/can-bo/dang-nhap`, {
      method: "POST", redirect: "manual",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: login.email, password: login.password }),
    });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`bench sign-in failed (${signIn.status})`);
    return {
      pid: web.pid!,
      async get(pathAndQuery) {
        const started = performance.now();
        const res = await fetch(url + pathAndQuery, { headers: { Cookie: cookie } });
        const html = await res.text();
        const ms = performance.now() - started;
        if (res.status !== 200) throw new Error(`${pathAndQuery}: ${res.status}`);
        return { ms, html };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
