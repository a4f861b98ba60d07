import { describe, expect, it } from "vitest";
import { addToWordStats, categoryRelation, chooseCluster, createWordStats, namedPlaces, placesConflict, scorePair, textEvidence, wordWeight, type DedupeTip } from "../../../domain/dedupe";

const tip = (id: string, text: string, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category: "robbery", wardCode: "20209", occurredAt: "2026-09-18T21:00:00+07:00", receivedAt: "2026-09-18T23:00:00+07:00",
  features: textEvidence(text), ...over,
});
const context = { adjacency: new Map<string, Set<string>>() };

describe("paraphrase evidence (issue 13)", () => {
  it("weighs rare words above common ones once there is history", () => {
    const stats = createWordStats();
    for (let i = 0; i < 50; i++) addToWordStats(stats, textEvidence(`thanh niên tụ tập lần ${i}`));
    expect(wordWeight(stats, "homestay")).toBeGreaterThan(3 * wordWeight(stats, "thanh"));
    expect(wordWeight(undefined, "homestay")).toBe(wordWeight(undefined, "thanh"));
  });

  it("reads teen-code and synonyms as the careful words", () => {
    const a = textEvidence("tiệc cưới ở thôn có đánh nhau, không ai can được");
    const b = textEvidence("dam cuoi trong xom hon chien ko ai can dc");
    for (const word of ["dam", "cuoi", "danh", "nhau"]) {
      expect(a.words).toContain(word);
      expect(b.words).toContain(word);
    }
    // "ko", "dc" are read as "không", "được": function words, kept in phrases.
    expect(b.shingles).toContain("khong ai");
    expect(a.shingles).toContain("khong ai");
  });

  it("treats general categories as compatible with street crimes only", () => {
    expect(categoryRelation("security", "drugs")).toBe("general");
    expect(categoryRelation("violence", "theft")).toBe("general");
    expect(categoryRelation("robbery", "weapons")).toBe("related");
    expect(categoryRelation("security", "fraud")).toBeNull();
    expect(categoryRelation("racing", "drugs")).toBeNull();
  });

  it("tells two snatchings on different named streets apart, but not one street in two spellings", () => {
    const a = textEvidence("Bị giật điện thoại ở ngã tư Điện Biên Phủ – Lê Độ, 2 thanh niên đi xe Wave");
    const b = textEvidence("Tôi đi bộ trên đường Trần Cao Vân gần chợ Hà Thân thì bị giật túi xách");
    const c = textEvidence("vua bi giat dien thoai o nga tu dien bien phu le do, 2 thang chay wave");
    expect(namedPlaces("đi trên đường Trần Cao Vân gần chợ Hà Thân")).toEqual(["ha than", "tran cao van"]);
    expect(placesConflict(a, b)).toBe(true);
    expect(placesConflict(a, c)).toBe(false); // c names no place in capitals: nothing concluded
    expect(placesConflict(a, textEvidence("giật ở đường Điện Biên Phủ"))).toBe(false);
    const apart = scorePair(tip("1", "Bị giật điện thoại ở ngã tư Điện Biên Phủ, 2 thanh niên đi xe máy"), tip("2", "Bị giật điện thoại trên đường Trần Cao Vân, 2 thanh niên đi xe máy"), context);
    expect(apart.duplicate).toBe(false);
  });

  it("never makes one incident of one account on different days, however alike the words", () => {
    const text = "Bị lừa cọc homestay qua Facebook giả, chuyển vào STK 0071004567891 Vietcombank";
    const a = tip("1", text, { category: "fraud", occurredAt: "2026-08-15T10:00:00+07:00", receivedAt: "2026-08-15T12:00:00+07:00" });
    const sameDay = tip("2", text, { category: "fraud", occurredAt: "2026-08-15T15:00:00+07:00", receivedAt: "2026-08-15T17:00:00+07:00" });
    const later = tip("3", text, { category: "fraud", occurredAt: "2026-08-27T09:00:00+07:00", receivedAt: "2026-08-27T11:00:00+07:00" });
    expect(scorePair(a, sameDay, context)).toMatchObject({ duplicate: true, linked: true });
    expect(scorePair(a, later, context)).toMatchObject({ duplicate: false, linked: true });
  });

  it("joins a group only when most of its members agree", () => {
    const yes = (score: number) => ({ score, duplicate: score >= 0.6, reasons: [], evidence: [] });
    const candidates = [{ tipId: "t1", clusterId: "c1", score: yes(0.7) }];
    expect(chooseCluster({ id: "n" }, candidates, [], new Map([["c1", [0.7, 0.2, 0.3]]]))).toBeNull();
    expect(chooseCluster({ id: "n" }, candidates, [], new Map([["c1", [0.7, 0.5, 0.3]]]))?.support).toEqual({ count: 2, total: 3 });
  });
});
