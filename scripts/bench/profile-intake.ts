/**
 * `npx tsx scripts/bench/profile-intake.ts [--duration 10] [--worker] [--out DIR]`
 *
 * bench:intake's load (partner tips at 4 connections) with a CPU profile of the web process
 * (and of the worker with --worker) over one measured burst, after the same 6 s warm-up:
 * DIR/web.cpuprofile, DIR/worker.cpuprofile (open them in Chrome's DevTools, or summarise with
 * `npx tsx scripts/bench/cpu-profile-summary.ts FILE --tips N`). Prints tips/s and CPU a tip.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { listProcesses } from "../../core/platform/process-priority";
import { BENCH_TIP, ROOT, cli, say, startBenchWeb } from "./common";

const { values } = parseArgs({ options: { duration: { type: "string" }, worker: { type: "boolean" }, out: { type: "string" } } });
const DURATION = Number(values.duration ?? 10);
const OUT = values.out ?? mkdtempSync(path.join(tmpdir(), "tinbao-profile-"));
mkdirSync(OUT, { recursive: true });
type Autocannon = (o: Record<string, unknown>) => Promise<{ "2xx": number; non2xx: number; duration: number; latency: { p50: number; p99: number } }>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const load = (url: string, key: string, duration: number) => autocannon({
  url: `${url}/api/v1/tips`, method: "POST", connections: 4, duration,
  headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: BENCH_TIP,
});

/** The node process of a group that runs `script` (tsx's child, not its launcher). */
function nodeOf(pgid: number, script: string): number {
  const found = listProcesses().filter((p) => p.pgrp === pgid).filter((p) => {
    try {
      const cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8");
      return cmd.includes(script) && cmd.includes("loader");
    } catch {
      return false;
    }
  });
  if (found.length !== 1) throw new Error(`${found.length} node processes run ${script} in group ${pgid}`);
  return found[0].pid;
}
const cpuOf = (pid: number) => { const p = listProcesses().find((q) => q.pid === pid); return p ? p.cpuTicks / 100 : 0; };
/** CPU seconds of each thread of a process, by thread id (name in brackets). */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${tid} ${tid === String(pid) ? "main" : name}`, (Number(f[11]) + Number(f[12])) / 100);
    } catch { /* gone */ }
  }
  return out;
}
function threadReport(label: string, before: Map<string, number>, after: Map<string, number>, tips: number) {
  const rows = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  say(`${label} threads, ms CPU a tip: ${rows.map(([k, v]) => `${k} ${((v * 1000) / tips).toFixed(2)}`).join("; ")}`);
}

async function untilPlaced(file: string) {
  const db = new Database(file, { readonly: true });
  const q = db.prepare("select count(*) as n from tips where status = 'received'");
  while ((q.get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 20));
  db.close();
}

async function main() {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(ROOT, "scripts/bench/cpu-profile-preload.mjs")}`.trim();
  process.env.CPU_PROFILE_DIR = OUT;
  let key = "";
  const bench = await startBenchWeb("profile", async (env) => {
    key = cli(["apikey", "create", "--name", "bench", "--channel", "partner", "--rate-limit", "100000000"], env);
  }, { worker: values.worker ?? false });
  const file = bench.env.DATABASE_URL!.replace(/^file:/, "");
  try {
    const web = nodeOf(bench.web.pid!, "server/index.ts");
    const worker = bench.worker ? nodeOf(bench.worker.pid!, "workers/index.ts") : null;
    await load(bench.url, key, 6);
    if (worker) await untilPlaced(file);
    const targets = [web, ...(worker ? [worker] : [])];
    for (const pid of targets) process.kill(pid, "SIGUSR2");
    const before = targets.map(cpuOf);
    const threadsBefore = targets.map(threadCpu);
    const result = await load(bench.url, key, DURATION);
    if (worker) await untilPlaced(file);
    const used = targets.map((pid, i) => cpuOf(pid) - before[i]);
    const threadsAfter = targets.map(threadCpu);
    for (const pid of targets) process.kill(pid, "SIGUSR2");
    await new Promise((r) => setTimeout(r, 1500));
    renameSync(path.join(OUT, `${web}.cpuprofile`), path.join(OUT, "web.cpuprofile"));
    if (worker && existsSync(path.join(OUT, `${worker}.cpuprofile`))) renameSync(path.join(OUT, `${worker}.cpuprofile`), path.join(OUT, "worker.cpuprofile"));
    const tips = result["2xx"];
    say(`${tips} tips in ${result.duration} s: ${(tips / result.duration).toFixed(1)} tips/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    say(`CPU a tip: web node ${((used[0] * 1000) / tips).toFixed(1)} ms${worker ? `, worker node ${((used[1] * 1000) / tips).toFixed(1)} ms` : ""}; load average ${loadavg()[0].toFixed(1)}`);
    threadReport("web", threadsBefore[0], threadsAfter[0], tips);
    if (worker) threadReport("worker", threadsBefore[1], threadsAfter[1], tips);
    say(`profiles in ${OUT} (tips: ${tips})`);
  } finally {
    await bench.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`profile-intake: ${err.message}\n`);
  process.exit(1);
});
