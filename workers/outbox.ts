/**
 * The outbox. A tip is committed before anything touches Redis; enqueueing is
 * a second, best-effort step. The sweep closes the gap: every tip still
 * `received` that was never enqueued (Redis was down, the web process died) or
 * was enqueued long ago without being processed is handed to the queue again.
 * Deterministic job ids make a repeat add a no-op.
 */
import type { Queue } from "bullmq";
import type { Kysely } from "kysely";
import { findTipsAwaitingPipeline, markTipEnqueued } from "../db/queries/tips";
import type { Database } from "../db/schema";
import { INTAKE_JOB_OPTIONS, intakeJobId, type IntakeJob } from "./queues";

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
  await markTipEnqueued(db, tipId, new Date().toISOString());
  return true;
}

/**
 * The fast path for a tip just committed with `enqueued_at` already set (in the
 * same transaction, so the happy path costs no second fsync'd write): one
 * `add`. If Redis refuses, `enqueued_at` is cleared so the next sweep takes it.
 */
export async function enqueueNewTip(db: Kysely<Database>, queue: Queue<IntakeJob>, tipId: number): Promise<boolean> {
  try {
    await queue.add("intake", { tipId }, { ...INTAKE_JOB_OPTIONS, jobId: intakeJobId(tipId) });
    return true;
  } catch {
    await markTipEnqueued(db, tipId, null);
    return false;
  }
}

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
