/**
 * The queue's priority rule (docs/decisions/0020-queue-order.md): still happening
 * and violent first, then what more people reported, then (outside this rank) the
 * nearest art. 147 deadline. The database holds the same rule as the generated
 * column tips.queue_rank (migration 20261122T1500, frozen), so a unit's queue is
 * one index range read in order; tests/integration/queue-priority.test.ts checks
 * on both dialects that the column and `queueRank` agree. A change of the rule is
 * a change here and a new migration redefining the column.
 */

/** Categories whose tips come first with the ongoing ones. */
export const VIOLENT_CATEGORIES = ["violence", "weapons", "robbery", "trafficking"] as const;

/** Ranks within a tier: more reports first, capped so the tier always dominates. */
const TIER_SIZE = 1_000_000;

/** 0: still happening and violent; 1: one of the two; 2: neither. */
export function priorityTier(tip: { occurredPrecision: string; category: string }): 0 | 1 | 2 {
  const ongoing = tip.occurredPrecision === "ongoing" ? 0 : 1;
  const violent = (VIOLENT_CATEGORIES as readonly string[]).includes(tip.category) ? 0 : 1;
  return (ongoing + violent) as 0 | 1 | 2;
}

/** The tip's place in its unit's queue before the deadline and id: lower first. */
export function queueRank(tip: { occurredPrecision: string; category: string; clusterSize: number }): number {
  const bySize = tip.clusterSize >= TIER_SIZE - 1 ? 1 : TIER_SIZE - tip.clusterSize;
  return priorityTier(tip) * TIER_SIZE + bySize;
}
