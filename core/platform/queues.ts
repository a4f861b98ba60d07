/**
 * BullMQ wiring shared by the producer (web, CLI, outbox sweep) and the worker.
 * Job payloads carry tip ids only: Redis keeps job data in clear text.
 */
import { Queue, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

export const INTAKE_QUEUE = "intake";

/**
 * One tip (the outbox sweep's hand-over, a retry of a tip that failed in a batch), or the
 * tips the relay found committed since its last run, in id order (docs/decisions/0091: one
 * job — two BullMQ scripts, a lock — per relay batch instead of per tip).
 */
export type IntakeJob = { tipId: number } | { tipIds: number[] };

export const intakeJobId = (tipId: number) => `intake-${tipId}`;
/** Deterministic: two workers relaying the same tips add one job. */
export const intakeBatchJobId = (tipIds: readonly number[]) =>
  tipIds.length === 1 ? intakeJobId(tipIds[0]!) : `intake-batch-${tipIds[0]}-${tipIds[tipIds.length - 1]}-${tipIds.length}`;
/** The tips of a job, whichever its kind. */
export const tipsOfIntakeJob = (job: IntakeJob): number[] => ("tipIds" in job ? job.tipIds : [job.tipId]);

export const INTAKE_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/**
 * A producer connection fails fast when Redis is down (the tip is already
 * committed; the outbox sweep enqueues it later). A worker connection waits it out.
 */
export function createRedis(url: string, role: "producer" | "worker"): Redis {
  const options: RedisOptions =
    role === "producer"
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false }
      : { maxRetriesPerRequest: null };
  const redis = new Redis(url, options);
  // Connection errors are reported through health checks and job failures, not thrown here.
  redis.on("error", () => {});
  return redis;
}

export function createIntakeQueue(connection: Redis, prefix: string): Queue<IntakeJob> {
  const queue = new Queue<IntakeJob>(INTAKE_QUEUE, { connection, prefix });
  // A Redis outage surfaces in /healthz and in enqueue results; the event itself needs no handling.
  queue.on("error", () => {});
  return queue;
}
