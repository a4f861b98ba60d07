#!/usr/bin/env node
/**
 * `npm test` on a fresh clone: install if needed, check the real services the
 * suite uses, build, run vitest. A missing Chromium or PostgreSQL skips those
 * tests with a loud notice — except under CI=true, where it fails the run.
 * Redis is required; a temporary redis-server is started if none answers.
 *
 * Two passes: the whole suite on SQLite, and the integration and fault suites
 * again on PostgreSQL (TINBAO_TEST_DB=postgres: every test database and every
 * started process uses a fresh PostgreSQL database). Arguments are passed to
 * vitest and run the first pass only.
 *
 * Pass 2 runs at the same time as pass 1, on one worker, its output held back until
 * pass 1 is done (TINBAO_PASS2=after: the old order, pass 2 on two workers once pass 1
 * has passed). Pass 2 leaves out the files marked `@sqlite-pass-only` (no database, a database
 * that is SQLite by design, or both dialects in every pass): on PostgreSQL they would
 * run exactly what pass 1 ran (scripts/test-files.mjs). It names them.
 * (One run of both dialects sharing three workers was tried and measured slower:
 * docs/decisions/0074, "Both dialects in one run".)
 */
import { spawn } from "node:child_process";
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
  const withPostgres = args.length === 0 && !env.TINBAO_SKIP_PG;
  // Pass 2 runs beside pass 1 on one worker of its own (TINBAO_PASS2=after: once pass 1 has passed, on two):
  // pass 1's two files at a time leave about a third of the two cores idle while they wait on browsers, processes
  // and timers (docs/decisions/0074, "Cuts, fourth round").
  const alongside = withPostgres && env.TINBAO_PASS2 !== "after";
  say(`pass 1: the whole suite on SQLite${alongside ? " (pass 2 runs beside it; its output follows pass 1's)" : ""}`);
  const pass1 = vitest(["run", ...args], env);
  const pass2 = alongside ? startPass2(["--maxWorkers=1"]) : null;
  let status = await pass1.status;
  if (pass2) {
    say(`pass 1 ${status === 0 ? "passed" : "FAILED"}; pass 2's output so far, then the rest as it comes:`);
    pass2.release();
    const status2 = await pass2.status;
    if (status === 0) status = status2;
  } else if (status === 0 && withPostgres) {
    const after = startPass2([]);
    after.release();
    status = await after.status;
  }
  for (const cleanup of cleanups) cleanup();
  process.exit(status);
}

/** Pass 2: the integration and fault suites on PostgreSQL, less the files that would run exactly what pass 1 ran. */
function startPass2(extra) {
  const { files, leftOut } = postgresTestFiles();
  const header = `pass 2: the integration and fault suites on PostgreSQL (${files.length} files; left out, the same on both dialects: ${leftOut.map((f) => path.basename(f)).join(", ")})`;
  const pass = vitest(["run", ...extra, ...files], { ...env, TINBAO_TEST_DB: "postgres" }, { held: true });
  pass.say(header);
  return pass;
}

/**
 * One vitest process. `held`: its output is kept until release() (then written, and the rest passed through
 * as it comes), so two passes at once do not interleave their lines.
 */
function vitest(args, passEnv, { held = false } = {}) {
  const child = spawn(bin("vitest"), args, { stdio: held ? ["ignore", "pipe", "pipe"] : "inherit", env: passEnv, cwd: root });
  const kept = [];
  let released = !held;
  const write = (stream) => (chunk) => (released ? stream.write(chunk) : kept.push([stream, chunk]));
  child.stdout?.on("data", write(process.stdout));
  child.stderr?.on("data", write(process.stderr));
  const status = new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill("SIGTERM"));
  return {
    status,
    say: (line) => (released ? say(line) : kept.push([process.stdout, `[tinbao] ${line}\n`])),
    release() {
      for (const [stream, chunk] of kept.splice(0)) stream.write(chunk);
      released = true;
    },
  };
}

main();
