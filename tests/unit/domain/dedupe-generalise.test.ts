import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addToWordStats, chooseCluster, contentWords, createWordStats, namedPlaces, placesConflict, scorePair, sharedNamedPlace,
  textEvidence, wordWeight, type DedupeTip,
} from "../../../domain/dedupe";
import { categoryRelation } from "../../../domain/category-relations";

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

  it("reads the words of one incident concept as one phrase", () => {
    const read = (text: string) => contentWords(text).join(" ");
    expect(read("hai nhóm ẩu đả")).toBe(read("hai nhóm rượt chém"));
    expect(read("thanh niên lao vào đánh")).toContain("danh nhau");
    expect(read("nhóm siết nợ tới chợ")).toContain("doi no");
    expect(read("nhóm đòi nợ thuê")).toContain("doi no");
    expect(read("dắt theo con nít")).toBe(read("dắt theo đứa bé"));
    expect(read("cầm mã tấu")).toBe(read("cầm tuýp sắt"));
    // Words that fold onto others are not concepts on their own.
    expect(read("đề nghị kiểm tra")).not.toContain("hung khi");
    expect(read("đánh bắt cá")).not.toContain("danh nhau");
    expect(read("bán đảo Sơn Trà")).not.toContain("hung khi");
  });

  it("reads its own output unchanged, and never throws", () => {
    // Found by this property once: short digit words that make a phone-like run only once spaced.
    expect(contentWords("00 000!0")).toEqual(contentWords(contentWords("00 000!0").join(" ")));
    const words = ["ko", "dc", "k", "tiệc", "cưới", "ẩu", "đả", "đánh", "nhau", "cho", "vay", "góp", "siết", "nợ", "ca", "phê", "quán",
      "cafe", "hát", "karaoke", "ql1a", "đồ", "ăn", "trộm", "sân", "bóng", "đá", "mini", "0905123456", "43A-123.45", "!", "Đ", "\n"];
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string()), { maxLength: 12 }), (parts) => {
      const once = contentWords(parts.join(" "));
      expect(contentWords(once.join(" "))).toEqual(once);
      expect(() => textEvidence(parts.join(" "), parts.join(", "))).not.toThrow();
    }));
  });

  it("finds the venue both texts name, in capitals or as a phrase in lower case", () => {
    const capital = textEvidence("Nhóm đòi nợ vào chợ Hàn đập phá sạp");
    expect(sharedNamedPlace(capital, textEvidence("Trong chợ Hàn có người bị đánh"))).toBe("han");
    expect(sharedNamedPlace(textEvidence("đua xe trên đường Võ Chí Công"), textEvidence("duong vo chi cong dem nao cx dua xe"))).toBe("vo chi cong");
    // A one-word name counts after a place word only: "hàn" alone in lower case may be "hạn".
    expect(sharedNamedPlace(capital, textEvidence("o cho han sang nay co nguoi bi danh"))).toBe("han");
    expect(sharedNamedPlace(capital, textEvidence("tre han 2 ky bi danh"))).toBeNull();
    expect(sharedNamedPlace(textEvidence("Quán nước ven quốc lộ, gần Km 925"), textEvidence("quan nuoc ql1a km 925"))).toBe("925");
    expect(sharedNamedPlace(capital, textEvidence("Giật túi ở đường Trần Cao Vân"))).toBeNull();
    const market = (text: string, category: string, over: Partial<DedupeTip> = {}) => tip(text, text, { category, ...over });
    const a = market("Sáng nay nhóm cho vay góp vào chợ Hàn đòi tiền một cô bán vải", "usury");
    const b = market("Ba thanh niên xăm trổ đánh một người bán vải trong chợ Hàn", "violence", { occurredAt: "2026-09-18T21:40:00+07:00" });
    const venue = scorePair(a, b, context);
    expect(venue.evidence).toContainEqual({ code: "same-named-place", params: { place: "han" } });
  });

  it("treats violence as compatible with street crimes only; security, corruption and other with every category (ADR 0085)", () => {
    expect(categoryRelation("security", "drugs")).toBe("general");
    expect(categoryRelation("violence", "theft")).toBe("general");
    expect(categoryRelation("robbery", "weapons")).toBe("related");
    expect(categoryRelation("security", "fraud")).toBe("general");
    expect(categoryRelation("corruption", "gambling")).toBe("general");
    expect(categoryRelation("violence", "fraud")).toBeNull();
    expect(categoryRelation("racing", "drugs")).toBeNull();
  });

  it("tells two snatchings on different named streets apart, but not one street in two spellings", () => {
    const a = textEvidence("Bị giật điện thoại ở ngã tư Điện Biên Phủ – Lê Độ, 2 thanh niên đi xe Wave");
    const b = textEvidence("Tôi đi bộ trên đường Trần Cao Vân gần chợ Hà Thân thì bị giật túi xách");
    const c = textEvidence("vua bi giat dien thoai o nga tu dien bien phu le do, 2 thang chay wave");
    expect(namedPlaces("đi trên đường Trần Cao Vân gần chợ Hà Thân")).toEqual(["ha than", "tran cao van"]);
    expect(namedPlaces("Sáng nay ở Chợ Hàn, gần Km 925 và Trường Sa")).toEqual(["925", "han"]);
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
