/**
 * The queue's priority rule (docs/decisions/0020-queue-order.md): still happening
 * and violent first, then what more people reported, then (outside this rank) the
 * nearest art. 147 deadline (clusters of 128 reports and more by powers of two: queueClusterSize). The database holds the same rule as the generated
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

/** Below this many reports the queue orders clusters by their exact size. */
export const EXACT_QUEUE_SIZES = 128;

/**
 * The size the queue orders a cluster's tips by, kept on each tip as `tips.cluster_size`
 * (docs/decisions/0087): the exact size below 128 reports, then the largest power of two
 * not above it (128, 256, 512, …). A cluster's tips are rewritten only when this value
 * changes — at every join while the cluster is small, then at each doubling — so a
 * join costs the same at 300 reports as at 3,000 (amortised), where an exact copy
 * rewrote every member at every join. Pages show the cluster's real size (`clusters.size`).
 * Migration 20261207T2000 holds the same rule in SQL.
 */
export function queueClusterSize(size: number): number {
  if (size < EXACT_QUEUE_SIZES) return size;
  let step = EXACT_QUEUE_SIZES;
  while (step * 2 <= size) step *= 2;
  return step;
}

/** The tip's place in its unit's queue before the deadline and id: lower first (`clusterSize`: the cluster's real size). */
export function queueRank(tip: { occurredPrecision: string; category: string; clusterSize: number }): number {
  const ordered = queueClusterSize(tip.clusterSize);
  const bySize = ordered >= TIER_SIZE - 1 ? 1 : TIER_SIZE - ordered;
  return priorityTier(tip) * TIER_SIZE + bySize;
}
