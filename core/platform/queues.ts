/**
 * BullMQ wiring shared by the producer (web, CLI, outbox sweep) and the worker.
 * Job payloads carry tip ids only: Redis keeps job data in clear text.
 */
import { Queue, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

export const INTAKE_QUEUE = "intake";

export interface IntakeJob {
  tipId: number;
}

export const intakeJobId = (tipId: number) => `intake-${tipId}`;

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
