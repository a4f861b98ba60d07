#!/usr/bin/env node
/**
 * `npm start` on a fresh clone: install if needed, build, migrate, set up the
 * demo province on first run, make sure Redis answers, then run the web server
 * and the worker until Ctrl-C. Uses only Node built-ins: node_modules may not
 * exist yet when it starts.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { bin, commandExists, ensureDependencies, redisAnswers, root, run, say, waitUntil } from "./lib.mjs";

process.chdir(root);

async function ensureRedis(url, children) {
  if (await redisAnswers(url)) return;
  const { hostname, port } = new URL(url);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(hostname) || !commandExists("redis-server")) {
    say(`Redis does not answer at ${url}. Start it, or install redis-server (apt-get install -y redis-server).`);
    process.exit(1);
  }
  const dir = path.join(root, "data", "redis");
  mkdirSync(dir, { recursive: true });
  say(`starting redis-server on port ${port || 6379} with its data in ./data/redis`);
  const redis = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port || 6379), "--dir", dir, "--appendonly", "yes", "--save", "60 1"],
    { stdio: "ignore" },
  );
  children.push(redis);
  if (!(await waitUntil(() => redisAnswers(url)))) {
    say("redis-server did not come up");
    process.exit(1);
  }
}

async function main() {
  ensureDependencies();
  // The demo serves Đà Nẵng: a tip that names no province goes to its duty desk.
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production", HOME_PROVINCES: process.env.HOME_PROVINCES ?? "48" };
  const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
  say("building…");
  run(bin("remix"), ["build"], env);
  run(bin("tsx"), ["cli/index.ts", "db", "migrate"], env);
  run(bin("tsx"), ["cli/index.ts", "demo", "setup"], env);
  // A year of sample history, only into an empty database (DEMO_SEED=never skips it; cli/commands/demo-history.ts).
  run(bin("tsx"), ["cli/index.ts", "demo", "seed", "--on-start"], env);

  const children = [];
  await ensureRedis(redisUrl, children);
  const web = spawn(bin("tsx"), ["server/index.ts"], { stdio: "inherit", env });
  const worker = spawn(bin("tsx"), ["workers/index.ts"], { stdio: "inherit", env });
  children.push(web, worker);
  say(`Tin Báo is starting at http://${env.HOST ?? "127.0.0.1"}:${env.PORT ?? 3000} — Ctrl-C stops everything`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say("stopping…");
    // Web and worker first (they finish in-flight work), then Redis.
    for (const child of [web, worker]) child.kill("SIGTERM");
    Promise.all([web, worker].map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once("exit", r))))).then(() => {
      for (const child of children.slice(0, -2)) child.kill("SIGTERM");
      say("stopped");
      process.exit(0);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  for (const child of [web, worker]) {
    child.on("exit", (code) => {
      if (!stopping) {
        say(`a process exited unexpectedly (code ${code}); stopping`);
        stop();
      }
    });
  }
}

main();
