/**
 * The worker process (`npm run worker`): runs the intake queue's processor and
 * the housekeeping — the outbox sweep, the supervisors' figures, the retention
 * purge — and the art. 147 reminder scan and hotspot detection (BullMQ job schedulers, reminders.ts, hotspots.ts). On SIGTERM/SIGINT it stops taking jobs, lets the running ones finish,
 * and closes Redis and the database.
 */
import { Worker } from "bullmq";
import { getConfig, requireHomeProvinces } from "../core/platform/config";
import { createLogger } from "../core/platform/logger";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { runRetention } from "../core/retention";
import { refreshSummaries } from "../db/queries/summaries";
import { listProvinceUnitCodes } from "../db/queries/duty-desk";
import { primeEvidenceCache } from "./intake";
import { relayNewTips, runIntakeJob, sweepOutbox } from "./outbox";
import { startReminders } from "./reminders";
import { startEmailDelivery } from "./emails";
import { createMailer, senderAddress } from "../core/platform/mailer";
import { startHotspotDetection } from "./hotspots";
import { createTriageContextCache } from "./triage-context";
import { createIntakeQueue, createRedis, INTAKE_QUEUE, type IntakeJob } from "../core/platform/queues";
import { checkRedisForQueues } from "../core/platform/redis-check";
import { lowerOwnPriority } from "../core/platform/process-priority";

const RETENTION_EVERY_MS = 6 * 3600_000;
/** Keeps the supervisors' figures fresh so a page view rarely has changes to fold in. */
const SUMMARIES_EVERY_MS = 60_000;

async function startWorker() {
  const config = getConfig();
  const homeProvinces = requireHomeProvinces(config);
  const log = createLogger(config.LOG_LEVEL).child({ process: "worker" });
  // First, so the threads started from here on inherit it: intake wins the CPU during a burst (docs/decisions/0086).
  const priority = lowerOwnPriority(config.WORKER_NICE);
  log.info({ workerNice: config.WORKER_NICE, ...priority }, priority.autogroup === "untouched" ? "worker priority left as it is (WORKER_NICE=0)" : "worker priority lowered: tips are accepted first, routed right after");
  // Before anything else: a Redis that may evict BullMQ's keys is refused, one without persistence warned about.
  const workerRedis = createRedis(config.REDIS_URL, "worker");
  const redisCheck = await checkRedisForQueues(workerRedis, { allowEviction: config.REDIS_ALLOW_EVICTION });
  for (const warning of redisCheck.warnings) log.warn({ policy: redisCheck.policy, aof: redisCheck.aof, rdb: redisCheck.rdb }, warning);
  if (redisCheck.fatal) {
    workerRedis.disconnect();
    throw new Error(redisCheck.fatal);
  }
  // Routing results may use lighter durability: a lost commit leaves the tip `received`, and the sweep redoes it.
  const database = openDatabase(config.DATABASE_URL, {
    durability: "normal",
    checkpoints: "background",
    onBackgroundError: (message) => log.error(message),
  });
  await migrateToLatest(database.db);

  const producerRedis = createRedis(config.REDIS_URL, "producer");
  const queue = createIntakeQueue(producerRedis, config.QUEUE_PREFIX);
  const intake = {
    db: database.db,
    triage: createTriageContextCache(database.db, Date.now, config.PLACES_CHECK_MS),
    notify: { redis: producerRedis, prefix: config.QUEUE_PREFIX },
    homeProvinces,
  };
  await intake.triage.get(); // load the gazetteer and boundaries before the first job
  // Not fatal: units may be imported after the worker starts. Until then a tip that names no province waits, `received`.
  const imported = new Set(await listProvinceUnitCodes(database.db));
  if (homeProvinces[0] && !imported.has(homeProvinces[0])) {
    log.error({ homeProvinces }, `home province ${homeProvinces[0]} is not imported: tips that name no province wait until it is (npm run cli -- units import --province ${homeProvinces[0]})`);
  }
  await primeEvidenceCache(database.db); // and the latest tips' text, which the next tips are compared with

  const worker = new Worker<IntakeJob>(
    INTAKE_QUEUE,
    // One tip, or a relay batch of them (docs/decisions/0091).
    async (job) => {
      const { failed } = await runIntakeJob(intake, queue, job.data);
      for (const { tipId, error } of failed) log.warn({ jobId: job.id, tipId, err: error.message }, "intake of a tip failed; retried on its own");
    },
    {
      connection: workerRedis,
      prefix: config.QUEUE_PREFIX,
      concurrency: 4,
      // A job whose worker died is taken over once its lock expires; the processor is idempotent.
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: config.WORKER_LOCK_MS,
      maxStalledCount: 5,
    },
  );
  worker.on("failed", (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "intake job failed"));
  worker.on("error", (err) => log.warn({ err: err.message }, "worker connection problem"));
  const reminders = startReminders({ db: database.db, notify: intake.notify }, { worker: workerRedis, prefix: config.QUEUE_PREFIX });
  reminders.scheduled.catch((err: Error) => log.error({ err: err.message }, "the reminder schedule could not be registered"));
  reminders.worker.on("failed", (job, err) => log.warn({ jobId: job?.id, err: err.message }, "reminder scan failed"));
  reminders.worker.on("completed", (_job, result: { created: number }) => {
    if (result.created > 0) log.info({ task: "deadline reminders", ...result }, "housekeeping done");
  });
  // Email is optional: without SMTP_URL notifications stay in-app and nothing here runs.
  const emails = config.SMTP_URL
    ? startEmailDelivery(
      { db: database.db, mailer: createMailer(config.SMTP_URL, senderAddress(config)), baseUrl: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}` },
      { worker: workerRedis, prefix: config.QUEUE_PREFIX },
    )
    : null;
  emails?.scheduled.catch((err: Error) => log.error({ err: err.message }, "the email schedule could not be registered"));
  emails?.worker.on("failed", (job, err) => log.warn({ jobId: job?.id, err: err.message }, "email delivery failed"));
  emails?.worker.on("completed", (_job, result: { emails: number; failed: number; dropped: number }) => {
    if (result.emails > 0 || result.failed > 0) log.info({ task: "notification emails", ...result }, result.failed > 0 ? "some emails wait for a retry" : "housekeeping done");
  });

  const hotspots = startHotspotDetection({ db: database.db, notify: intake.notify }, { worker: workerRedis, prefix: config.QUEUE_PREFIX });
  hotspots.scheduled.catch((err: Error) => log.error({ err: err.message }, "the hotspot schedule could not be registered"));
  hotspots.worker.on("failed", (job, err) => log.warn({ jobId: job?.id, err: err.message }, "hotspot detection failed"));
  hotspots.worker.on("completed", (_job, result: { daysRecorded: number }) => {
    if (result.daysRecorded > 0) log.info({ task: "hotspot detection", ...result }, "housekeeping done");
  });

  let closing = false;
  /**
   * Runs a task now, then again `ms` after each run ends (never two runs at
   * once, however long one takes); a failure is logged and retried next time.
   */
  const periodic = (name: string, ms: number, task: () => Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    const run = async () => {
      try {
        const result = await task();
        if (result) log.info({ task: name, ...result }, "housekeeping done");
      } catch (err) {
        log.warn({ task: name, err: (err as Error).message }, "housekeeping failed; the next run tries again");
      }
      if (!closing) timer = setTimeout(() => (running = run()), ms);
    };
    let running = run();
    return {
      started: running,
      async stop() {
        clearTimeout(timer);
        await running;
      },
    };
  };
  const tasks = [
    periodic("outbox sweep", config.OUTBOX_SWEEP_MS, async () => {
      const result = await sweepOutbox(database.db, queue);
      return result.enqueued > 0 ? result : null;
    }),
    periodic("oversight summaries", SUMMARIES_EVERY_MS, async () => {
      const result = await refreshSummaries(database.db);
      return result.rebuilt || result.days > 0 ? result : null;
    }),
    periodic("retention purge", RETENTION_EVERY_MS, async () => {
      const result = await runRetention(database.db, { dataDir: config.DATA_DIR, days: config.RETENTION_DAYS });
      return result.tips > 0 || result.orphanFiles > 0 ? result : null;
    }),
  ];
  await tasks[0].started;
  // New tips to the queue, back to back with a short pause (docs/decisions/0018); quiet unless it fails.
  tasks.push(periodic("outbox relay", config.OUTBOX_RELAY_MS, async () => {
    await relayNewTips(database.db, queue);
    return null;
  }));
  log.info({ queue: INTAKE_QUEUE, prefix: config.QUEUE_PREFIX }, "worker started");

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "worker stopping");
    await Promise.all(tasks.map((task) => task.stop()));
    await worker.close();
    await reminders.close();
    await emails?.close();
    await hotspots.close();
    await queue.close();
    workerRedis.disconnect();
    producerRedis.disconnect();
    await database.close();
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await startWorker().catch((err: Error) => {
  process.stderr.write(`worker: ${err.message}\n`);
  process.exit(1);
});
