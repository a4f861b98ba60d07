/**
 * The outbox. A tip is committed before anything touches Redis (the web process
 * never does: core/tips.ts). The worker's relay hands newly
 * committed tips to the queue in batches, moments later; the sweep catches what
 * the relay could not (Redis was down) and tips enqueued long ago but never
 * processed (Redis lost them), and hands them over again. Deterministic job ids
 * make a repeat add a no-op.
 */
import type { Queue } from "bullmq";
import type { Kysely } from "kysely";
import { findTipsAwaitingPipeline, findTipsToRelay, markTipEnqueued, markTipsEnqueued } from "../db/queries/tips";
import type { Database } from "../db/schema";
import { coarseTime } from "../domain/coarse-time";
import { INTAKE_JOB_OPTIONS, intakeBatchJobId, intakeJobId, type IntakeJob } from "../core/platform/queues";
import { processIntake, processIntakeBatch, type IntakeContext } from "./intake";

export const STUCK_AFTER_MS = 5 * 60_000;

/** Hands one tip to the intake queue. Returns false (and leaves the tip for the sweep) if Redis fails. */
export async function enqueueTip(db: Kysely<Database>, queue: Queue<IntakeJob>, tipId: number): Promise<boolean> {
  try {
    const jobId = intakeJobId(tipId);
    const existing = await queue.getJob(jobId);
    const state = existing ? await existing.getState() : "missing";
    if (state === "failed") {
      await existing!.retry("failed");
    } else if (state === "completed" || state === "missing" || state === "unknown") {
      // A completed job for a tip still `received` means the tip was reset; run it again.
      if (existing) await existing.remove();
      await queue.add("intake", { tipId }, { ...INTAKE_JOB_OPTIONS, jobId });
    }
  } catch {
    return false;
  }
  await markTipEnqueued(db, tipId, coarseTime());
  return true;
}

/**
 * Tips per relay job: a burst's relay run (every OUTBOX_RELAY_MS) is one job, and a backlog
 * (Redis back after an outage) is cut into jobs that several workers share.
 */
export const RELAY_JOB_TIPS = 50;

/**
 * The relay: tips committed since the last run (still `received`, never handed
 * over) go to the queue as one job per RELAY_JOB_TIPS tips (docs/decisions/0091:
 * BullMQ's cost is per job — its scripts, its lock — and was a quarter of the
 * worker's CPU with a job per tip), then are marked in one write. The web
 * process only commits; this runs in the worker every OUTBOX_RELAY_MS. Several
 * workers may relay the same tips: the job id is deterministic, so the second add
 * is a no-op, and a tip in two batches is placed once (the second finds it placed).
 * If Redis refuses, nothing is marked and the next run tries again.
 */
export async function relayNewTips(db: Kysely<Database>, queue: Queue<IntakeJob>, limit = 500): Promise<number> {
  const tipIds = await findTipsToRelay(db, limit);
  if (tipIds.length === 0) return 0;
  const jobs = [];
  for (let i = 0; i < tipIds.length; i += RELAY_JOB_TIPS) {
    const batch = tipIds.slice(i, i + RELAY_JOB_TIPS);
    const data: IntakeJob = batch.length === 1 ? { tipId: batch[0]! } : { tipIds: batch };
    jobs.push({ name: "intake", data, opts: { ...INTAKE_JOB_OPTIONS, jobId: intakeBatchJobId(batch) } });
  }
  await (jobs.length === 1 ? queue.add(jobs[0]!.name, jobs[0]!.data, jobs[0]!.opts) : queue.addBulk(jobs));
  await markTipsEnqueued(db, tipIds, coarseTime());
  return tipIds.length;
}

/**
 * The intake queue's processor: places the job's tips. A tip that fails in a batch is
 * handed to a job of its own (after the first back-off step), so it is retried on its own
 * with the usual attempts and the rest of the batch is not held back; if Redis refuses that,
 * the batch job fails and is retried whole (the placed tips are skipped: idempotent), and
 * the outbox sweep is there behind it.
 */
export async function runIntakeJob(
  ctx: IntakeContext, queue: Queue<IntakeJob>, job: IntakeJob,
): Promise<{ failed: Array<{ tipId: number; error: Error }> }> {
  if ("tipId" in job) {
    await processIntake(ctx, job.tipId); // throws: BullMQ retries it, as before
    return { failed: [] };
  }
  const { failed } = await processIntakeBatch(ctx, job.tipIds);
  if (failed.length > 0) {
    await queue.addBulk(failed.map(({ tipId }) => ({
      name: "intake", data: { tipId }, opts: { ...INTAKE_JOB_OPTIONS, jobId: intakeJobId(tipId), delay: RETRY_ALONE_AFTER_MS },
    })));
  }
  return { failed };
}

/** The first step of INTAKE_JOB_OPTIONS' back-off. */
const RETRY_ALONE_AFTER_MS = 2_000;

export interface SweepResult {
  found: number;
  enqueued: number;
}

export async function sweepOutbox(
  db: Kysely<Database>,
  queue: Queue<IntakeJob>,
  options: { now?: Date; stuckAfterMs?: number; limit?: number } = {},
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.stuckAfterMs ?? STUCK_AFTER_MS)).toISOString();
  const tipIds = await findTipsAwaitingPipeline(db, staleBefore, options.limit ?? 500);
  let enqueued = 0;
  for (const tipId of tipIds) {
    if (!(await enqueueTip(db, queue, tipId))) break; // Redis is down: try again next sweep
    enqueued++;
  }
  return { found: tipIds.length, enqueued };
}
