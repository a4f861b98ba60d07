import { describe, expect, it } from "vitest";
import {
  addToWordStats, chooseCluster, createWordStats, hasSameEventEvidence, neighboursOf, scorePair, SUPPORT_THRESHOLD, textEvidence,
  type DedupeTip,
} from "../../../domain/dedupe";

// Two phone snatchings in one ward on one evening, of one kind, within the hour.
const tip = (id: string, text: string, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category: "theft", wardCode: "20209", occurredAt: "2026-09-18T21:00:00+07:00", receivedAt: "2026-09-18T21:30:00+07:00",
  features: textEvidence(text), ...over,
});
const adjacency = new Map<string, Set<string>>();

/** A busy ward's history: many thefts told in the same everyday words. */
function busyHistory() {
  const stats = createWordStats();
  for (let i = 0; i < 400; i++) {
    addToWordStats(stats, textEvidence(i % 2 ? "thanh niên đi xe máy giật điện thoại của người đi đường rồi bỏ chạy" : "bị trộm xe máy trước nhà, thanh niên bỏ chạy"), "theft");
  }
  for (let i = 0; i < 400; i++) addToWordStats(stats, textEvidence(`tin báo số ${i} về việc khác`), "other");
  return stats;
}

describe("same-event evidence at density (issue 13)", () => {
  const wordStats = busyHistory();
  const a = tip("a", "Hai thanh niên đi xe máy giật điện thoại của một chị rồi bỏ chạy về phía chợ");
  const b = tip("b", "Có thanh niên giật điện thoại của học sinh trước cổng trường, đi xe máy bỏ chạy");

  it("a pair close in ward, time and kind but sharing only everyday words is not a duplicate, nor support", () => {
    const score = scorePair(a, b, { adjacency, wordStats, neighbours: 12 });
    expect(score.duplicate).toBe(false);
    expect(score.score).toBeLessThan(SUPPORT_THRESHOLD);
    expect(score.evidence.map((e) => e.code)).toContain("only-chance-overlap");
    // Without the rule the same pair crosses the threshold on ward, time and kind (the density finding).
    expect(hasSameEventEvidence({ identifiers: 0, sameSpot: false, rarity: 1e9, neighbours: 12 })).toBe(true);
  });

  it("the same pair with a shared identifier, a rare named venue, the same spot or a rare shared word is one event", () => {
    const plate = scorePair(
      tip("a", "Hai thanh niên đi xe máy giật điện thoại, biển số 43A-123.45"),
      tip("b", "Thanh niên giật điện thoại rồi chạy xe máy 43A-123.45"),
      { adjacency, wordStats, neighbours: 12 },
    );
    expect(plate.duplicate).toBe(true);
    const venue = scorePair(
      tip("a", "Hai thanh niên giật điện thoại của một chị ở chợ Hàn rồi bỏ chạy"),
      tip("b", "Trong chợ Hàn có người bị giật điện thoại"),
      { adjacency, wordStats, neighbours: 12 },
    );
    expect(venue.duplicate).toBe(true);
    const spot = scorePair(
      { ...a, point: { lat: 16.06, lng: 108.22 } },
      { ...b, point: { lat: 16.0605, lng: 108.2203 } },
      { adjacency, wordStats, neighbours: 12 },
    );
    expect(spot.duplicate).toBe(true);
    const rare = scorePair(
      tip("a", "Thanh niên đi xe Exciter màu cam giật điện thoại rồi bỏ chạy"),
      tip("b", "Một xe Exciter màu cam chở hai người giật túi xách"),
      { adjacency, wordStats, neighbours: 12 },
    );
    expect(rare.duplicate).toBe(true);
  });

  it("asks for rarer shared words the more neighbours the window holds", () => {
    // A word in 1 report of 50 of the kind (rarity ln 50 ≈ 3.9): enough among 2 neighbours, chance among 20.
    const rarity = Math.log(50);
    expect(hasSameEventEvidence({ identifiers: 0, sameSpot: false, rarity, neighbours: 2 })).toBe(true);
    expect(hasSameEventEvidence({ identifiers: 0, sameSpot: false, rarity, neighbours: 20 })).toBe(false);
    expect(hasSameEventEvidence({ identifiers: 0, sameSpot: true, rarity: 0, neighbours: 1000 })).toBe(true);
    expect(hasSameEventEvidence({ identifiers: 1, sameSpot: false, rarity: 0, neighbours: 1000 })).toBe(true);
  });

  it("counts as neighbours the same ward's reports of a compatible kind within two days", () => {
    const others = [
      tip("same", "x"),
      tip("other-ward", "x", { wardCode: "20194" }),
      tip("other-kind", "x", { category: "environment" }),
      tip("days-later", "x", { occurredAt: "2026-09-21T21:00:00+07:00" }),
      tip("a", "x"),
    ];
    expect(neighboursOf(a, others)).toBe(1);
  });

  it("a group whose members share only the hour and the kind with the tip gives it no support", () => {
    const members = ["c", "d", "e"].map((id) => tip(id, "Thanh niên đi xe máy bỏ chạy, người đi đường bị giật điện thoại"));
    const scores = members.map((m) => scorePair(a, m, { adjacency, wordStats, neighbours: 12 }).score);
    const best = { tipId: "c", clusterId: "k", score: { ...scorePair(a, members[0]!, { adjacency, wordStats, neighbours: 12 }), duplicate: true, score: 0.9 } };
    expect(chooseCluster(a, [best], [], new Map([["k", scores]]))).toBeNull();
  });
});
