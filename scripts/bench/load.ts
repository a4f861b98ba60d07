/**
 * `npm run bench:load [-- --seconds 20 --history 20000]`
 *
 * Mixed traffic against the real processes (`npm run web` + `npm run worker`,
 * NODE_ENV=production, a fresh SQLite database with a synthetic history):
 * partner submissions (POST /api/v1/tips), follow-ups with receipts
 * (GET /api/v1/tips/status), officers' queue views (GET /can-bo) and the public
 * home and form pages, all at once with autocannon. Each stream runs at a fixed
 * rate chosen below this machine's capacity (2 cores; receipt hashing is
 * argon2id at 19 MiB); prints throughput, p50/p99 per route and errors.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createHistoryDatabase } from "./synthetic-history";

const { values } = parseArgs({ options: { seconds: { type: "string" }, history: { type: "string" } } });
const SECONDS = Number(values.seconds ?? 20);
const HISTORY = Number(values.history ?? 20_000);
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/** Requests per second for each stream: together about what two cores sustain with headroom. */
const RATES = { submit: 6, followUp: 8, queue: 20, home: 30, form: 15 };

async function waitForHealth(url: string) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("web did not become healthy");
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-bench-load-"));
  const file = path.join(dir, "tinbao.db");
  await createHistoryDatabase(file, { tips: HISTORY, dataDir: dir, seed: 11 });
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env, NODE_ENV: "production", HOME_PROVINCES: process.env.HOME_PROVINCES ?? "48", DATABASE_URL: `file:${file}`, DATA_DIR: dir, PORT: String(port),
    QUEUE_PREFIX: `tinbao-bench-load-${port}`, LOG_LEVEL: "warn",
  } as NodeJS.ProcessEnv;
  const cli = (args: string[]) => spawnSync(TSX, ["cli/index.ts", ...args], { cwd: ROOT, env, encoding: "utf8" });
  const apiKey = cli(["apikey", "create", "--name", "Load", "--channel", "partner", "--rate-limit", "100000"]).stdout.trim().split("\n").pop()!;

  const web = spawn(TSX, ["server/index.ts"], { cwd: ROOT, env, stdio: "inherit" });
  const worker = spawn(TSX, ["workers/index.ts"], { cwd: ROOT, env, stdio: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url);
    // An officer's session, as a browser gets it.
    const officer = readFileSync(path.join(dir, "demo-logins.txt"), "utf8").split("\n").find((l) => l.includes("canbo.anhai"))!.trim().split(/\s+/);
    const signIn = await fetch(`${url}/can-bo/dang-nhap`, {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
      body: new URLSearchParams({ email: officer[1], password: officer[2], redirectTo: "/can-bo" }),
    });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`officer sign-in failed (${signIn.status})`);

    const tip = {
      category: "drugs", description: "Có người bán ma túy ở quán cà phê đầu kiệt 78 Hồ Nghinh vào buổi tối, khách ra vào liên tục.",
      occurredAt: new Date().toISOString(), location: { wardCode: "20275" }, reporter: null,
    };
    const receipts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${url}/api/v1/tips`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` }, body: JSON.stringify(tip) });
      receipts.push(((await res.json()) as { receipt: string }).receipt);
    }

    const stream = (name: keyof typeof RATES, options: Partial<autocannon.Options> & { path?: string }) => {
      const { path: route = "/", ...rest } = options;
      return autocannon({ duration: SECONDS, connections: 4, overallRate: RATES[name], ...rest, url: url + route })
        .then((result) => ({ name, result }));
    };
    let next = 0;
    console.log(`bench:load — ${SECONDS} s of mixed traffic on ${HISTORY.toLocaleString("en")} stored tips (rates per second: ${JSON.stringify(RATES)})`);
    const results = await Promise.all([
      stream("submit", { method: "POST", path: "/api/v1/tips", headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` }, body: JSON.stringify(tip) }),
      stream("followUp", {
        requests: [{
          method: "GET",
          path: "/api/v1/tips/status",
          setupRequest: (request) => ({
            ...request, headers: { ...request.headers, Authorization: `Bearer ${apiKey}`, "X-Receipt": receipts[next++ % receipts.length] },
          }),
        }],
      }),
      stream("queue", { path: "/can-bo", headers: { Cookie: cookie } }),
      stream("home", { path: "/" }),
      stream("form", { path: "/bao-tin" }),
    ]);
    let errors = 0;
    console.log("route                          req/s    p50 ms   p99 ms   non-2xx  errors");
    for (const { name, result } of results) {
      const bad = result.non2xx + result.errors + result.timeouts;
      errors += bad;
      console.log(`${name.padEnd(28)} ${result.requests.average.toFixed(1).padStart(7)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.non2xx).padStart(9)} ${String(result.errors + result.timeouts).padStart(7)}`);
    }
    const total = results.reduce((s, { result }) => s + result.requests.total, 0);
    console.log(`total ${total} requests, ${(total / SECONDS).toFixed(1)} req/s, errors ${errors} ${errors === 0 ? "(goal: zero — MET)" : "(goal: zero — NOT MET)"}`);
  } finally {
    web.kill("SIGTERM");
    worker.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
