/**
 * For the page benchmarks (queue.ts, dashboard.ts): the real web server
 * (`server/index.ts`, production mode) on a benchmark database, signed in as a
 * staff user — the second step passed with a recovery code enrolled for the
 * run (supervisors always have one), so the timed pages are the real pages,
 * not the second-step page a redirect would lead to — with a timed GET.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seal } from "../../core/platform/crypto";
import { openDatabase } from "../../db/client";
import { clearSecondFactor, confirmEnrolment, savePendingSecret } from "../../db/queries/second-factor";
import { findUserByEmail } from "../../db/queries/users";
import { hashRecoveryCode } from "../../app/utils/totp.server";
import { freePort } from "./common";

/** Enrols the user afresh with a secret and one recovery code, sealed with this run's data key; returns the code. */
async function enrolForBench(databaseUrl: string, email: string, dataKey: string): Promise<string> {
  const handle = openDatabase(databaseUrl);
  try {
    const user = await findUserByEmail(handle.db, email);
    if (!user) throw new Error(`no bench user ${email}`);
    const code = `${randomBytes(5).toString("hex").slice(0, 5)}-${randomBytes(5).toString("hex").slice(0, 5)}`.replace(/[0189]/g, "a");
    await clearSecondFactor(handle.db, user.id);
    await savePendingSecret(handle.db, user.id, seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", dataKey, "totp-secret"));
    await confirmEnrolment(handle.db, user.id, { step: 0, at: new Date().toISOString(), codeHashes: [hashRecoveryCode(code, dataKey)] });
    return code;
  } finally {
    await handle.close();
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface StaffWeb {
  pid: number;
  /** Resident memory of the web server (the largest process under the one spawned: tsx runs node as a child), MB; Linux only. */
  rssMb(): number;
  /** GET as the signed-in user: the time to the last byte, and the page; throws unless 200. */
  get(pathAndQuery: string): Promise<{ ms: number; html: string }>;
  stop(): Promise<void>;
}

/** The largest resident set among `pid` and its descendants (/proc), MB; 0 where /proc is missing. */
export function treeRssMb(pid: number): number {
  const rssOf = (p: number) => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1];
      return kb ? Number(kb) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const childrenOf = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((task) => readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  let largest = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    largest = Math.max(largest, rssOf(p));
    queue.push(...childrenOf(p));
  }
  return largest;
}

/** `databaseUrl`: `file:…` (SQLite) or `postgres://…`, as DATABASE_URL. */
export async function startStaffWeb(databaseUrl: string, login: { label: string; email: string; password: string }): Promise<StaffWeb> {
  const port = await freePort();
  const dataKey = randomBytes(32).toString("base64");
  const recoveryCode = await enrolForBench(databaseUrl, login.email, dataKey);
  const dataDir = mkdtempSync(path.join(tmpdir(), `tinbao-bench-${login.label}-web-`));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", HOME_PROVINCES: "48", DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", QUEUE_PREFIX: `tinbao-bench-${login.label}-${port}`,
    DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", DATA_KEY: dataKey,
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
    const half = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!half) throw new Error(`bench sign-in failed (${signIn.status})`);
    const second = await fetch(`${url}/can-bo/xac-minh`, {
      method: "POST", redirect: "manual",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", Cookie: half },
      body: new URLSearchParams({ kind: "recovery", code: recoveryCode }),
    });
    const cookie = second.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("tb_staff="));
    if (second.status !== 302 || !cookie) throw new Error(`bench second step failed (${second.status})`);
    return {
      pid: web.pid!,
      rssMb: () => treeRssMb(web.pid!),
      async get(pathAndQuery) {
        const started = performance.now();
        const res = await fetch(url + pathAndQuery, { headers: { Cookie: cookie }, redirect: "manual" });
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
