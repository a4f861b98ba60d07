import { describe, expect, it } from "vitest";
import {
  addToWordStats, commonNearby, createWordStats, nearbyWordsOf, scorePair, sharedWordRarity, textEvidence, type DedupeTip,
} from "../../../domain/dedupe";

// ADR 0076: at density, words of the place (a campus every report of the ward names, a main street) and of the
// neighbourhood's other incidents are not evidence of one event.
const tip = (id: string, text: string, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category: "theft", wardCode: "20197", occurredAt: "2026-09-18T21:00:00+07:00", receivedAt: "2026-09-18T21:30:00+07:00",
  features: textEvidence(text), ...over,
});
const adjacency = new Map<string, Set<string>>();

/** A province's history: the campus is named by half of ward 20197's reports, of every kind, and by none elsewhere. */
function history() {
  const stats = createWordStats();
  for (let i = 0; i < 3000; i++) {
    const ward = i % 30 === 0 ? "20197" : `20${200 + (i % 40)}`;
    const kind = ["theft", "drugs", "violence"][Math.floor(i / 30) % 3]!;
    const place = ward === "20197" && i % 2 === 0 ? "gần Đại học Bách khoa" : "ở khu dân cư";
    addToWordStats(stats, textEvidence(`báo cáo ${kind} số ${i} ${place}`), kind, ward);
  }
  return stats;
}

describe("words of the place are not the rare word (ADR 0076)", () => {
  const stats = history();
  const a = tip("a", "Tiệm điện thoại gần Đại học Bách khoa bị trộm vào, mất 3 cây vàng");
  const b = tip("b", "Quán nhậu cạnh Đại học Bách khoa có người lấy xe máy");

  it("a landmark rare in the province and the kind but common in the ward gives little rarity within the ward", () => {
    const province = sharedWordRarity(a.features, b.features, stats, "theft");
    const inWard = sharedWordRarity(a.features, b.features, stats, "theft", { wardCode: "20197" });
    expect(inWard).toBeLessThan(province);
    expect(inWard).toBeLessThan(Math.log(12 / 0.3)); // not enough to pass 12 neighbours' chance bar
  });

  it("two thefts a day apart at the ward's campus are not one event; the same words in a quiet ward still are", () => {
    const later = { ...b, occurredAt: "2026-09-19T21:00:00+07:00", receivedAt: "2026-09-19T21:30:00+07:00" };
    expect(scorePair(a, later, { adjacency, wordStats: stats, neighbours: 12 }).duplicate).toBe(false);
    const quiet = (t: DedupeTip) => ({ ...t, wardCode: "20999" });
    expect(scorePair(quiet(a), quiet(b), { adjacency, wordStats: stats, neighbours: 1 }).duplicate).toBe(true);
  });
});

describe("words other incidents around hold are the neighbourhood's (ADR 0076)", () => {
  const stats = createWordStats();
  const a = tip("a", "Thanh niên xăm kín tay đứng trước cổng chợ Hàn");
  const b = tip("b", "Hai thanh niên xăm kín tay ở chợ Hàn", { clusterId: "1" });
  const other = tip("c", "Nhóm thanh niên xăm kín tay đánh nhau trong chợ Hàn", { clusterId: "2", category: "violence", occurredAt: "2026-09-18T19:00:00+07:00" });
  const sameGroup = tip("d", "Người xăm kín tay chạy vào chợ Hàn", { clusterId: "1" });

  it("nearbyWordsOf gathers the groups that hold each word, in the tip's ward and window, of a compatible kind", () => {
    const far = tip("e", "xăm kín tay", { clusterId: "3", occurredAt: "2026-09-25T21:00:00+07:00" });
    const elsewhere = tip("f", "xăm kín tay", { clusterId: "4", wardCode: "20209" });
    const nearby = nearbyWordsOf(a, [b, other, sameGroup, far, elsewhere]);
    expect([...nearby.get("xam")!].sort()).toEqual(["c1", "c2"]);
  });

  it("a word another incident around holds is common; the pair's own group does not count", () => {
    expect(commonNearby(nearbyWordsOf(a, [b, other]), "xam", [a, b])).toBe(true);
    expect(commonNearby(nearbyWordsOf(a, [b, sameGroup]), "xam", [a, b])).toBe(false);
  });

  it("the venue and the rare words shared with another incident around do not make a pair one event", () => {
    const alone = scorePair(a, b, { adjacency, wordStats: stats, neighbours: 2, nearby: nearbyWordsOf(a, [b]) });
    const crowded = scorePair(a, b, { adjacency, wordStats: stats, neighbours: 2, nearby: nearbyWordsOf(a, [b, other]) });
    expect(alone.duplicate).toBe(true);
    expect(crowded.score).toBeLessThan(alone.score);
    expect(crowded.evidence.map((e) => e.code)).toContain("only-chance-overlap");
  });
});
