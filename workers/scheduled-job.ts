/**
 * A periodic job any worker process may run, run by one of them each time: BullMQ's job
 * scheduler (an upsert, so however many workers register it there is one schedule) and
 * this process's consumer, one job at a time. The job carries no data; what is due lives
 * in the database. Used by the reminder scan, email delivery and hotspot detection.
 */
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";

export interface ScheduledJob {
  worker: Worker;
  /** Settles once Redis has answered and the schedule is registered. */
  scheduled: Promise<unknown>;
  close(): Promise<void>;
}

export interface ScheduledJobSpec {
  queue: string;
  schedulerId: string;
  /** The job's name, as BullMQ lists it. */
  name: string;
  everyMs: number;
  /** The first retry's delay (exponential after it; three attempts in all). */
  retryDelayMs: number;
  /** How long a run may hold its job before another worker takes it over (BullMQ's lock). */
  lockDurationMs?: number;
}

export function startScheduledJob(spec: ScheduledJobSpec, redis: { worker: Redis; prefix: string }, run: () => Promise<unknown>): ScheduledJob {
  const queue = new Queue(spec.queue, { connection: redis.worker, prefix: redis.prefix });
  queue.on("error", () => {});
  const scheduled = queue.upsertJobScheduler(spec.schedulerId, { every: spec.everyMs }, {
    name: spec.name,
    data: {},
    opts: { attempts: 3, backoff: { type: "exponential", delay: spec.retryDelayMs }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
  const worker = new Worker(spec.queue, run, {
    connection: redis.worker,
    prefix: redis.prefix,
    concurrency: 1,
    ...(spec.lockDurationMs ? { lockDuration: spec.lockDurationMs } : {}),
  });
  worker.on("error", () => {});
  return {
    worker,
    scheduled,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
