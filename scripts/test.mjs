#!/usr/bin/env node
/**
 * `npm test` on a fresh clone: install if needed, check the real services the
 * suite uses, build, run vitest. A missing Chromium or PostgreSQL skips those
 * tests with a loud notice — except under CI=true, where it fails the run.
 * Redis is required; a temporary redis-server is started if none answers.
 *
 * Both dialects in one vitest run (two projects sharing the workers): the whole suite
 * on SQLite ("sqlite"), and the integration and fault suites again on PostgreSQL
 * ("postgres": every test database and every started process uses a fresh PostgreSQL
 * database). Arguments are passed to vitest and run the SQLite files only, as before.
 *
 * The PostgreSQL project leaves out the files marked `@sqlite-pass-only` (no database, a
 * database that is SQLite by design, or both dialects in every run): on PostgreSQL they
 * would run exactly what the SQLite project runs (scripts/test-files.mjs). It names them.
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
  let status;
  if (args.length === 0 && !env.TINBAO_SKIP_PG) {
    const { files, leftOut } = postgresTestFiles();
    say(
      `both dialects in one run: every file on SQLite, and ${files.length} integration and fault files on PostgreSQL ` +
        `(left out there, the same on both dialects: ${leftOut.map((f) => path.basename(f)).join(", ")})`,
    );
    status = spawnSync(bin("vitest"), ["run"], { stdio: "inherit", env: { ...env, TINBAO_BOTH_DIALECTS: "1" }, cwd: root }).status ?? 1;
  } else {
    say(args.length ? "the files asked for, on SQLite" : "the whole suite on SQLite (PostgreSQL is skipped)");
    status = spawnSync(bin("vitest"), ["run", ...args], { stdio: "inherit", env, cwd: root }).status ?? 1;
  }
  for (const cleanup of cleanups) cleanup();
  process.exit(status);
}

main();
