#!/usr/bin/env node
/**
 * `npm test` on a fresh clone: install if needed, check the real services the
 * suite uses, build, run vitest. A missing Chromium or PostgreSQL skips those
 * tests with a loud notice — except under CI=true, where it fails the run.
 * Redis is required; a temporary redis-server is started if none answers.
 *
 * Two passes: the whole suite on SQLite, then the integration and fault suites
 * again on PostgreSQL (TINBAO_TEST_DB=postgres: every test database and every
 * started process uses a fresh PostgreSQL database). Arguments are passed to
 * vitest and run the first pass only.
 *
 * Pass 2 leaves out the files marked `@sqlite-pass-only` (no database, a database
 * that is SQLite by design, or both dialects in every pass): on PostgreSQL they would
 * run exactly what pass 1 ran (scripts/test-files.mjs). It names them.
 * (One run of both dialects sharing three workers was tried and measured slower:
 * docs/decisions/0074, "Both dialects in one run".)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { postgresTestFiles } from "./test-files.mjs";
import { bin, commandExists, ensureDependencies, redisAnswers, root, run, say, tcpAnswers, waitUntil } from "./lib.mjs";

const ci = process.env.CI === "true";
const env = { ...process.env };
const cleanups = [];

function missing(what, install, flag) {
  const line = `${what} is not available — ${install}`;
  if (ci) {
    say(`CI=true and ${line}`);
    process.exit(1);
  }
  process.stderr.write(`\n${"!".repeat(78)}\n!! SKIPPING ${what} tests: ${line}\n${"!".repeat(78)}\n\n`);
  env[flag] = "1";
}

async function main() {
  ensureDependencies();

  const chromium = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) missing("Chromium", "apt-get install -y chromium", "TINBAO_SKIP_BROWSER");

  const pgUrl = new URL(env.PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  if (!(await tcpAnswers(pgUrl.hostname, Number(pgUrl.port || 5432)))) {
    missing("PostgreSQL", "apt-get install -y postgresql, then pg_ctlcluster <version> main start", "TINBAO_SKIP_PG");
  }

  const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
  if (!(await redisAnswers(redisUrl))) {
    if (!commandExists("redis-server")) {
      say(`Redis does not answer at ${redisUrl} and redis-server is not installed (apt-get install -y redis-server)`);
      process.exit(1);
    }
    const { port } = new URL(redisUrl);
    say(`starting a temporary redis-server on port ${port || 6379} for the tests`);
    const redis = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port || 6379), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    cleanups.push(() => redis.kill("SIGTERM"));
    if (!(await waitUntil(() => redisAnswers(redisUrl)))) {
      say("redis-server did not come up");
      process.exit(1);
    }
  }

  run(bin("remix"), ["build"], env);
  const args = process.argv.slice(2);
  say("pass 1: the whole suite on SQLite");
  let status = spawnSync(bin("vitest"), ["run", ...args], { stdio: "inherit", env, cwd: root }).status ?? 1;
  if (status === 0 && args.length === 0 && !env.TINBAO_SKIP_PG) {
    const { files, leftOut } = postgresTestFiles();
    say(`pass 2: the integration and fault suites on PostgreSQL (${files.length} files; left out, the same on both dialects: ${leftOut.map((f) => path.basename(f)).join(", ")})`);
    status = spawnSync(bin("vitest"), ["run", ...files], { stdio: "inherit", env: { ...env, TINBAO_TEST_DB: "postgres" }, cwd: root }).status ?? 1;
  }
  for (const cleanup of cleanups) cleanup();
  process.exit(status);
}

main();
