/**
 * The local multi-process layout (`npm run start:cluster -- --web 2 --workers 2`,
 * scripts/cluster.ts) on PostgreSQL: a tip posted to the proxy is stored and routed;
 * after one web and one worker process are killed, the next tips still are — the
 * proxy skips the dead web process, the live worker takes the jobs. Runs in the
 * PostgreSQL pass of `npm test`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyCommand } from "../../cli/commands/accounts";
import { importBoundaries, importUnits } from "../../cli/commands/units";
import { baseEnv, ensureBuilt, stopProcess } from "../setup/app-server";
import { createPgTestDatabase, TEST_DIALECT, tempDir, type TestDatabase } from "../setup/db";
import { clearPrefix, freePort, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { faultTip, postTip, waitFor } from "../setup/faults";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BOUNDARIES = path.resolve(ROOT, "db/seed/danang-wards.geojson");

describe.skipIf(TEST_DIALECT !== "postgres")("start:cluster — two web and two worker processes behind a proxy", () => {
  let database: TestDatabase;
  let cluster: ChildProcess;
  let apiKey: string;
  let proxyUrl: string;
  const prefix = uniquePrefix("cluster");
  const output: string[] = [];
  const pidOf = (label: string) => Number(new RegExp(`^${label} pid (\\d+)`, "m").exec(output.join(""))?.[1]);

  beforeAll(async () => {
    ensureBuilt();
    database = await createPgTestDatabase();
    await importUnits(database.db, "48");
    await importBoundaries(database.db, BOUNDARIES);
    apiKey = (await createApiKeyCommand(database.db, { name: "Cluster", channel: "partner", rateLimit: "100000" })).key;
    const port = await freePort();
    cluster = spawn(process.execPath, ["--import", "tsx", "scripts/cluster.ts", "--web", "2", "--workers", "2"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...baseEnv(), NODE_ENV: "production", PORT: String(port), HOME_PROVINCES: "48", DATABASE_URL: database.url, DATA_DIR: tempDir(),
        REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "warn", OUTBOX_SWEEP_MS: "2000",
        SESSION_SECRET: "c".repeat(48), DATA_KEY: Buffer.alloc(32, 7).toString("base64"), RECEIPT_SALT: "cluster-receipt-salt-0123",
      } as NodeJS.ProcessEnv,
    });
    cluster.stdout!.on("data", (d) => output.push(String(d)));
    cluster.stderr!.on("data", (d) => output.push(String(d)));
    await waitFor(async () => /^ready /m.test(output.join("")) || cluster.exitCode !== null, 90_000, "the cluster to be ready")
      .catch((err: Error) => { throw new Error(`${err.message}:\n${output.join("")}`); });
    expect(cluster.exitCode, output.join("")).toBeNull();
    proxyUrl = `http://127.0.0.1:${port}`;
  }, 150_000);

  afterAll(async () => {
    await stopProcess(cluster ?? null);
    await clearPrefix(prefix);
    await database?.destroy();
  });

  const routed = (ref: string) => async () =>
    (await database.db.selectFrom("tips").select("status").where("external_ref", "=", ref).executeTakeFirst())?.status === "routed";

  it("routes a tip posted to the proxy, and the next ones after a web and a worker are killed", async () => {
    expect((await postTip(proxyUrl, apiKey, faultTip(1))).status).toBe(201);
    await waitFor(routed("fault-1"), 30_000, "the first tip to be routed");

    const web1 = pidOf("web 1");
    const worker1 = pidOf("worker 1");
    expect(web1).toBeGreaterThan(0);
    expect(worker1).toBeGreaterThan(0);
    process.kill(web1, "SIGKILL");
    process.kill(worker1, "SIGKILL");
    await waitFor(async () => /web 1 pid \d+ exited/.test(output.join("")) && /worker 1 pid \d+ exited/.test(output.join("")), 10_000, "both to die");

    // Round robin reaches the dead process for one of these: the proxy must send it on to the live one.
    for (const i of [2, 3, 4]) expect((await postTip(proxyUrl, apiKey, faultTip(i))).status).toBe(201);
    for (const ref of ["fault-2", "fault-3", "fault-4"]) await waitFor(routed(ref), 30_000, `${ref} to be routed by the live worker`);
    expect((await fetch(`${proxyUrl}/healthz`)).status).toBe(200);
  }, 90_000);
});
