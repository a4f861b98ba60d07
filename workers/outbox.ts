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
import { INTAKE_JOB_OPTIONS, intakeJobId, type IntakeJob } from "../core/platform/queues";

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
 * The relay: tips committed since the last run (still `received`, never handed
 * over) go to the queue in one `addBulk`, then are marked in one write. The web
 * process only commits; this runs in the worker every OUTBOX_RELAY_MS. Several
 * workers may relay the same tip: the job id is deterministic, so the second add
 * is a no-op. If Redis refuses, nothing is marked and the next run tries again.
 */
export async function relayNewTips(db: Kysely<Database>, queue: Queue<IntakeJob>, limit = 500): Promise<number> {
  const tipIds = await findTipsToRelay(db, limit);
  if (tipIds.length === 0) return 0;
  await queue.addBulk(tipIds.map((tipId) => ({ name: "intake", data: { tipId }, opts: { ...INTAKE_JOB_OPTIONS, jobId: intakeJobId(tipId) } })));
  await markTipsEnqueued(db, tipIds, coarseTime());
  return tipIds.length;
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
