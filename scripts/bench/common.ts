/** Small pieces every benchmark script uses: a free port, order statistics, a web process on a fresh database. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export const say = (line: string) => process.stdout.write(line + "\n");

/** The partner tip every benchmark submits. */
export const BENCH_TIP = JSON.stringify({
  category: "drugs",
  description: "Có người bán ma túy ở quán cà phê đầu kiệt 78 Hồ Nghinh vào buổi tối, khoảng 21 giờ.",
  occurredAt: "2026-10-03T21:30:00+07:00",
  location: { wardCode: "20275" },
  reporter: null,
});

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  // BENCH_PORTS=3110-3119: the first free port of that range (a shared machine where each engineer has a range).
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (range) {
    for (let port = Number(range[1]); port <= Number(range[2]); port++) if (await portFree(port)) return port;
    throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
  }
  return listenOn(0);
}

function portFree(port: number): Promise<boolean> {
  return listenOn(port).then(() => true, () => false);
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(port, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The p-th percentile of already sorted samples (nearest rank, below). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Count, p50, p95 and maximum of latency samples. */
export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

/** Runs `npm run cli -- …`; returns its last line of output (e.g. a new API key). */
export function cli(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(TSX, ["cli/index.ts", ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`cli ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout.trim().split("\n").at(-1)!;
}

async function waitForHealth(url: string, web: ChildProcess) {
  for (let i = 0; i < 200; i++) {
    if (web.exitCode !== null) throw new Error("npm run web exited early");
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("npm run web did not become healthy");
}

export interface BenchWeb {
  url: string;
  env: NodeJS.ProcessEnv;
  /** The web process (its process group holds npm, tsx and node). */
  web: ChildProcess;
  /** The worker, when asked for (`{ worker: true }`), in a process group of its own. */
  worker: ChildProcess | null;
  stop(): Promise<void>;
}

/**
 * `npm run web` in production mode on a fresh SQLite database with province 48's
 * wards, a queue prefix of its own and a free port. `prepare` runs before the
 * web process starts (CLI commands, rows a benchmark needs). With `{ worker: true }`
 * the worker runs beside it, as deployed (placing, routing and clustering every tip).
 */
export async function startBenchWeb(
  label: string,
  prepare: (env: NodeJS.ProcessEnv) => Promise<void> = async () => {},
  options: { worker?: boolean } = {},
): Promise<BenchWeb> {
  if (!existsSync(path.join(ROOT, "build/index.js"))) {
    say("building the app (npm run build)…");
    if (spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" }).status !== 0) throw new Error("build failed");
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `tinbao-bench-${label}-`));
  // BENCH_PORT: a fixed port (engineers sharing a machine each have a range of their own).
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const prefix = `tinbao-bench-${label}-${randomBytes(4).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOME_PROVINCES: "48",
    DATABASE_URL: `file:${path.join(dataDir, "tinbao.db")}`,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
  cli(["db", "migrate"], env);
  cli(["units", "import", "--province", "48"], env);
  await prepare(env);
  // detached: its own process group, so npm, tsx and node stop together.
  const web = spawn("npm", ["run", "--silent", "web"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const worker = options.worker
    ? spawn("npm", ["run", "--silent", "worker"], { cwd: ROOT, env: { ...env, LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "inherit"], detached: true })
    : null;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    for (const child of [web, worker]) {
      try {
        if (child) process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const redis = new Redis(env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
    for (let cursor = "0"; ; ) {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, web);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, env, web, worker, stop };
}
