/**
 * `npx tsx scripts/bench/web-cpu.ts [--tips 2000] [--runs 3] [--profile FILE]`
 *
 * The web process's CPU a partner tip *besides the receipt hash*, robust to a loaded machine:
 * the real express app (server/app.ts, the Remix build, the partner API, SQLite with the WAL
 * synced after each commit and the background checkpointer, Redis) served from this process,
 * with a receipt hasher that hands out fresh receipts with a cheap stand-in hash, so no argon2id
 * runs. autocannon, in a child process, posts bench:intake's tip at 4 connections; this process's
 * CPU (every thread: event loop, pool, checkpointer) is divided by the tips stored. Prints each
 * run and the median; `--profile` writes a V8 CPU profile of the last run (cpu-profile-summary.ts).
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { getConfig } from "../../core/platform/config";
import { createLogger } from "../../core/platform/logger";
import { createRedis } from "../../core/platform/queues";
import type { ReceiptHasher } from "../../core/receipts";
import { openDatabase } from "../../db/client";
import { generateReceipt } from "../../domain/receipt";
import { createWebApp } from "../../server/app";
import { BENCH_TIP, ROOT, cli, freePort, median, say } from "./common";

const { values } = parseArgs({ options: { tips: { type: "string" }, runs: { type: "string" }, profile: { type: "string" } } });
const TIPS = Number(values.tips ?? 2000);
const RUNS = Number(values.runs ?? 3);

/** Fresh receipts with a stand-in hash: the argon2id work is what this harness leaves out. */
const stubReceipts = {
  take: async () => {
    const receipt = generateReceipt();
    return { receipt, hash: createHash("sha256").update(receipt + randomBytes(8).toString("hex")).digest("base64") };
  },
  hash: async (digits: string) => createHash("sha256").update(digits).digest("base64"),
} as unknown as ReceiptHasher;

function autocannon(url: string, key: string, amount: number): Promise<{ "2xx": number; non2xx: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/autocannon"), [
      "-c", "4", "-a", String(amount), "-m", "POST", "-H", "content-type=application/json", "-H", `authorization=Bearer ${key}`,
      "-b", BENCH_TIP, "--json", `${url}/api/v1/tips`,
    ], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited ${code}`))));
  });
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tinbao-webcpu-"));
  const port = await freePort();
  Object.assign(process.env, {
    NODE_ENV: "production", HOME_PROVINCES: "48", DATABASE_URL: `file:${path.join(dataDir, "tinbao.db")}`, DATA_DIR: dataDir,
    QUEUE_PREFIX: `tinbao-webcpu-${randomBytes(4).toString("hex")}`, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info",
  });
  cli(["db", "migrate"], process.env);
  cli(["units", "import", "--province", "48"], process.env);
  const key = cli(["apikey", "create", "--name", "bench", "--channel", "partner", "--rate-limit", "100000000"], process.env);
  const config = getConfig();
  const log = createLogger(config.LOG_LEVEL).child({ process: "web" });
  const database = openDatabase(config.DATABASE_URL, { checkpoints: "background", onBackgroundError: (m) => log.error(m) });
  const redis = createRedis(config.REDIS_URL, "producer");
  const build = (await import(pathToFileURL(path.join(ROOT, "build/index.js")).href)) as ServerBuild;
  const app = createWebApp({ database, db: database.db, redis, config, log, receipts: stubReceipts }, build);
  const server = app.listen(port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${port}`;
  say(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; ${RUNS} runs of ${TIPS} tips after ${TIPS / 2} unmeasured`);
  try {
    await autocannon(url, key, TIPS / 2);
    const results: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      let session: Session | null = null;
      if (values.profile && run === RUNS) {
        session = new Session();
        session.connect();
        session.post("Profiler.enable");
        session.post("Profiler.setSamplingInterval", { interval: 200 });
        session.post("Profiler.start");
      }
      const cpu = process.cpuUsage();
      const result = await autocannon(url, key, TIPS);
      const used = process.cpuUsage(cpu);
      if (session) {
        const s = session;
        await new Promise<void>((resolve) => s.post("Profiler.stop", (err, r) => {
          if (!err) writeFileSync(values.profile!, JSON.stringify(r.profile));
          s.disconnect();
          resolve();
        }));
      }
      if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx answers`);
      const ms = (used.user + used.system) / 1000 / result["2xx"];
      results.push(ms);
      say(`run ${run}: ${result["2xx"]} tips, ${ms.toFixed(3)} ms CPU a tip (user ${(used.user / 1000 / result["2xx"]).toFixed(3)}, system ${(used.system / 1000 / result["2xx"]).toFixed(3)}); load ${loadavg()[0].toFixed(1)}`);
    }
    say(`median: ${median(results).toFixed(3)} ms of web CPU a tip besides the receipt hash`);
  } finally {
    server.close();
    redis.disconnect();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`web-cpu: ${err.message}\n`);
  process.exit(1);
});
