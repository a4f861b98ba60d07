import { describe, expect, it } from "vitest";
import { priorityTier, queueRank } from "../../../domain/queue-priority";

describe("queue priority (docs/decisions/0020)", () => {
  it("puts ongoing and violent first, one of the two next, neither last", () => {
    expect(priorityTier({ occurredPrecision: "ongoing", category: "weapons" })).toBe(0);
    expect(priorityTier({ occurredPrecision: "ongoing", category: "drugs" })).toBe(1);
    expect(priorityTier({ occurredPrecision: "exact", category: "robbery" })).toBe(1);
    expect(priorityTier({ occurredPrecision: "unknown", category: "theft" })).toBe(2);
  });

  it("orders by tier, then more reports first", () => {
    const rank = (occurredPrecision: string, category: string, clusterSize: number) => queueRank({ occurredPrecision, category, clusterSize });
    expect(rank("ongoing", "violence", 1)).toBeLessThan(rank("ongoing", "drugs", 500));
    expect(rank("exact", "drugs", 3)).toBeLessThan(rank("exact", "drugs", 2));
    expect(rank("exact", "drugs", 1)).toBe(2 * 1_000_000 + 999_999);
    // A cluster too big for its tier's range still stays in its tier.
    expect(rank("exact", "drugs", 5_000_000)).toBe(2 * 1_000_000 + 1);
    expect(rank("exact", "drugs", 5_000_000)).toBeGreaterThan(rank("ongoing", "drugs", 1));
  });
});
