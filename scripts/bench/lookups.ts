/**
 * `npm run bench:lookups [-- --runs 3 --duration 10 --in-flight 300]`
 *
 * Whether receipt look-ups can delay new tips or the public pages (issue 18,
 * items 4 and 6). Starts `npm run web` on a fresh database, takes 75 tips and
 * makes 75 partner keys, then per run measures, each for `duration` seconds:
 *
 * 1. quiet: POST /api/v1/tips on one connection → p50/p99; GET / and GET /bao-tin → p99;
 * 2. flood: the same while `in-flight` keyed status look-ups of valid receipts
 *    (each a full argon2id hash) are kept in flight, spread over the 75 keys
 *    (a key may have 4 waiting: core/receipts.ts) → the same figures, and how
 *    many look-ups were answered.
 *
 * Prints each run and the medians. Valid receipts are used so nothing is
 * refused for guessing: every look-up costs its hash.
 */
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { sha256Hex, generateToken } from "../../core/platform/crypto";
import { openDatabase } from "../../db/client";
import { insertApiKey } from "../../db/queries/api-keys";
import { BENCH_TIP as TIP, cli, median, percentile, say, startBenchWeb } from "./common";

interface AutocannonResult {
  "2xx": number;
  non2xx: number;
  latency: { p50: number; p99: number };
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>;

const { values } = parseArgs({ options: { runs: { type: "string" }, duration: { type: "string" }, "in-flight": { type: "string" } } });
const RUNS = Number(values.runs ?? 3);
const DURATION = Number(values.duration ?? 10);
const IN_FLIGHT = Number(values["in-flight"] ?? 300);
const KEYS = 75;


const tips = (url: string, apiKey: string) =>
  autocannon({
    url: `${url}/api/v1/tips`, method: "POST", connections: 1, duration: DURATION,
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body: TIP,
  });
const page = (url: string) => autocannon({ url, connections: 1, duration: DURATION, headers: { "accept-encoding": "gzip" } });

/** Keeps `count` look-ups in flight until `until`; returns their latencies and statuses. */
async function flood(url: string, keys: string[], receipts: string[], count: number, until: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    while (Date.now() < until) {
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/tips/status`, {
        headers: { "X-Receipt": receipts[i % receipts.length], Authorization: `Bearer ${keys[i % keys.length]}` },
      }).catch(() => null);
      await res?.arrayBuffer();
      latencies.push(performance.now() - started);
      statuses.set(res?.status ?? 0, (statuses.get(res?.status ?? 0) ?? 0) + 1);
      if (res?.status !== 200) await new Promise((r) => setTimeout(r, 50)); // refused: do not spin
    }
  }));
  return { latencies: latencies.sort((a, b) => a - b), statuses };
}

async function main() {
  say(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; ${RUNS} runs of ${DURATION} s; ${IN_FLIGHT} keyed look-ups in flight over ${KEYS} keys`);
  let submitKey = "";
  const keys: string[] = [];
  const { url, stop } = await startBenchWeb("lookups", async (env) => {
    submitKey = cli(["apikey", "create", "--name", "bench", "--channel", "partner", "--rate-limit", "100000000"], env);
    const database = openDatabase(env.DATABASE_URL!);
    try {
      for (let i = 0; i < KEYS; i++) {
        const key = generateToken("tb_");
        await insertApiKey(database.db, {
          name: `bench ${i}`, channel: "partner", prefix: key.slice(0, 10), keyHash: sha256Hex(key), rateLimitPerMin: 100_000_000, createdAt: new Date().toISOString(),
        });
        keys.push(key);
      }
    } finally {
      await database.close();
    }
  });
  try {
    const receipts: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const res = await fetch(`${url}/api/v1/tips`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${submitKey}` }, body: TIP });
      receipts.push(((await res.json()) as { receipt: string }).receipt);
    }
    await tips(url, submitKey); // warm-up

    const runs: Array<Record<string, number>> = [];
    for (let run = 1; run <= RUNS; run++) {
      const [quiet, quietHome, quietForm] = [await tips(url, submitKey), await page(`${url}/`), await page(`${url}/bao-tin`)];
      const until = Date.now() + 3 * DURATION * 1000 + 3_000;
      const flooding = flood(url, keys, receipts, IN_FLIGHT, until);
      await new Promise((r) => setTimeout(r, 2_000)); // the look-ups queue up first
      const [loaded, loadedHome, loadedForm] = [await tips(url, submitKey), await page(`${url}/`), await page(`${url}/bao-tin`)];
      const looked = await flooding;
      const result = {
        quietP50: quiet.latency.p50, quietP99: quiet.latency.p99, quietHomeP99: quietHome.latency.p99, quietFormP99: quietForm.latency.p99,
        floodP50: loaded.latency.p50, floodP99: loaded.latency.p99, floodHomeP99: loadedHome.latency.p99, floodFormP99: loadedForm.latency.p99,
        lookups: looked.statuses.get(200) ?? 0, lookupP50: percentile(looked.latencies, 50), tipErrors: loaded.non2xx + quiet.non2xx,
      };
      runs.push(result);
      say(
        `run ${run}: tips quiet p50 ${result.quietP50} ms p99 ${result.quietP99} ms; with ${IN_FLIGHT} look-ups in flight p50 ${result.floodP50} ms p99 ${result.floodP99} ms ` +
        `(${result.tipErrors} tips refused); pages quiet p99 home ${result.quietHomeP99} / form ${result.quietFormP99} ms, flooded ${result.floodHomeP99} / ${result.floodFormP99} ms; ` +
        `look-ups answered ${result.lookups} (${[...looked.statuses].map(([s, n]) => `${n}× ${s}`).join(", ")}), p50 ${result.lookupP50.toFixed(0)} ms`,
      );
    }
    const m = (key: string) => median(runs.map((r) => r[key]));
    say("");
    say(`median of ${RUNS} runs`);
    say(`  POST /api/v1/tips: quiet p50 ${m("quietP50")} ms, p99 ${m("quietP99")} ms; with ${IN_FLIGHT} keyed look-ups in flight p50 ${m("floodP50")} ms, p99 ${m("floodP99")} ms`);
    say(`  pages under the look-up flood: home p99 ${m("floodHomeP99")} ms, form p99 ${m("floodFormP99")} ms (quiet ${m("quietHomeP99")} / ${m("quietFormP99")} ms)`);
    say(`  look-ups answered per run: ${m("lookups")}, p50 ${m("lookupP50").toFixed(0)} ms`);
  } finally {
    await stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:lookups: ${err.message}\n`);
  process.exit(1);
});
