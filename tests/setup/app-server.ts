/**
 * Starts the real processes (`server/index.ts`, optionally `workers/index.ts`)
 * on a free port with a fresh data directory, database and queue prefix.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort, uniquePrefix, clearPrefix, TEST_REDIS_URL } from "./redis";
import { createPgTestDatabase, tempDir, TEST_DIALECT, type TestDatabase } from "./db";
import { copySqliteTemplate } from "./db-template";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

/** Environment for a child process (NodeJS.ProcessEnv would demand NODE_ENV). */
export type Env = Record<string, string | undefined>;

/**
 * What every process a test starts inherits from the test run: the shell's
 * PATH and HOME, and a moved clock when the suite runs under libfaketime
 * (scripts/test-moved-clock.sh), so the web, worker and CLI processes live at
 * the same moment as the test that drives them. Nothing else leaks in.
 */
export function baseEnv(): Env {
  // The worker keeps the tests' priority even where a deployment sets WORKER_NICE in the environment: in a run that
  // fills both cores with test files, web processes and Chromium, a lowered worker gets a tenth of a core and every
  // wait for routing stretches (worker-crash: 64 s of a 90 s limit at load 30). worker-priority.test.ts sets it and
  // tests it (ADR 0086).
  const env: Env = { PATH: process.env.PATH, HOME: process.env.HOME, WORKER_NICE: "0" };
  for (const [name, value] of Object.entries(process.env)) {
    if (name === "LD_PRELOAD" || name.startsWith("FAKETIME")) env[name] = value;
  }
  return env;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export function ensureBuilt() {
  if (existsSync(path.join(ROOT, "build/index.js"))) return;
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("remix build failed");
}

export interface RunningApp {
  url: string;
  dataDir: string;
  databaseUrl: string;
  prefix: string;
  env: Env;
  web: ChildProcess;
  worker: ChildProcess | null;
  output(): string;
  stop(): Promise<void>;
}

/** 60 s: three test files at once on two cores, each starting processes, can take half a minute to start one. */
async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`web exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`web did not start within ${timeoutMs} ms:\n${output()}`);
}

/**
 * One real process per script: node with tsx's loader, not the tsx CLI (which
 * runs the script in a child of its own, so a SIGKILL would hit only the wrapper
 * and leave the server running).
 */
export function spawnProcess(script: string, env: Env, sink: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => sink.push(String(d)));
  child.stderr!.on("data", (d) => sink.push(String(d)));
  return child;
}

export async function stopProcess(child: ChildProcess | null, signal: NodeJS.Signals = "SIGTERM") {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

export interface StartAppOptions {
  worker?: boolean;
  env?: Record<string, string>;
  setup?: (env: Env) => Promise<void>;
  /**
   * "migrated" (default): the processes start on a copy of the migrated
   * template (their own migration on start finds nothing to do). "empty": on a
   * database nothing has touched, which the web process migrates on start.
   */
  database?: "migrated" | "empty";
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  ensureBuilt();
  const dataDir = tempDir("tinbao-app-");
  const port = await freePort();
  const prefix = uniquePrefix("app");
  const migrate = options.database !== "empty";
  // On a PostgreSQL run the processes get a fresh PostgreSQL database.
  const pgDatabase: TestDatabase | null = TEST_DIALECT === "postgres" ? await createPgTestDatabase({ migrate }) : null;
  const sqliteFile = path.join(dataDir, "tinbao.db");
  if (!pgDatabase && migrate) await copySqliteTemplate(sqliteFile);
  const databaseUrl = pgDatabase?.url ?? `file:${sqliteFile}`;
  const env: Env = {
    ...baseEnv(),
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    HOME_PROVINCES: "48",
    ...options.env,
  };
  try {
    await options.setup?.(env);
  } catch (error) {
    await pgDatabase?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const logs: string[] = [];
  const web = spawnProcess("server/index.ts", env, logs);
  const worker = options.worker ? spawnProcess("workers/index.ts", env, logs) : null;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all([stopProcess(web), stopProcess(worker)]);
    await clearPrefix(prefix);
    await pgDatabase?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, web, () => logs.join(""));
  } catch (error) {
    // The caller gets no handle to stop them with: stop them here, or they outlive the run.
    await Promise.all([stopProcess(web, "SIGKILL"), stopProcess(worker, "SIGKILL")]);
    await stop();
    throw error;
  }
  return { url, dataDir, databaseUrl, prefix, env, web, worker, output: () => logs.join(""), stop };
}

/**
 * What a CLI command does, without its process: `work` on the database at
 * env.DATABASE_URL, migrated first, as cli/context.ts withDatabase does. For
 * set-ups that need the commands' effect (units, boundaries, API keys), not the
 * command line itself — a CLI process costs a node start and every import
 * (seconds on a loaded machine); tests/integration/cli.test.ts tests the CLI.
 */
export async function withAppDatabase<T>(env: Env, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = openDatabase(env.DATABASE_URL!);
  try {
    await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Runs `npm run cli -- …` against an app's environment; returns stdout, stderr and the exit status. */
export function runCli(args: string[], env: Env, input?: string) {
  // node with tsx's loader, as spawnProcess: the tsx CLI would start a second node process for each command.
  const result = spawnSync(process.execPath, ["--import", "tsx", "cli/index.ts", ...args], { cwd: ROOT, env: env as NodeJS.ProcessEnv, input, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a CLI command that must succeed; returns its last line of output (e.g. a new API key). */
export function cliLastLine(args: string[], env: Env): string {
  const result = runCli(args, env);
  if (result.status !== 0) throw new Error(`cli ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim().split("\n").pop()!;
}
