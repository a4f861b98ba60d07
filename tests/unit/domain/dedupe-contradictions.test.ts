/**
 * ADR 0075: what tells two incidents apart at density — another house on the street, another caller's
 * phone, a ward's name that is an area rather than a venue — and what keeps one incident together — the
 * same house written three ways, reports already grouped counting once among the neighbours.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addToWordStats, areaNamesOf, areaWordsIn, chooseCluster, compareAddresses, contentWords, contradictedClusters, createWordStats,
  differentIdentifiers, neighboursOf, numberedAddresses, scorePair, sharedNamedPlace, sharedWordRarity, textEvidence, SUPPORT_THRESHOLD,
  type DedupeTip,
} from "../../../domain/dedupe";

const tip = (id: string, text: string, over: Partial<DedupeTip> = {}, address?: string): DedupeTip => ({
  id, category: "theft", wardCode: "20209", occurredAt: "2026-10-02T03:00:00+07:00", receivedAt: "2026-10-02T06:00:00+07:00",
  features: textEvidence(text, address), ...over,
});
const adjacency = new Map<string, Set<string>>();

describe("numbered addresses", () => {
  it("reads a house or lane number and its street in any case, marks or abbreviation", () => {
    expect(numberedAddresses("Rạng sáng nhà tôi ở kiệt 45 Hà Huy Tập bị cắt khóa")).toEqual(["ha huy#45"]);
    expect(numberedAddresses("k45 ha huy tap dem qua bi trom")).toEqual(["ha huy#45"]);
    expect(numberedAddresses("Hàng xóm số 45 đường Hà Huy Tập mất xe")).toEqual(["ha huy#45"]);
    expect(numberedAddresses("Khu trọ 18 Hoàng Văn Thái giờ này vẫn mở nhạc")).toEqual(["hoang van#18"]);
    expect(numberedAddresses("xưởng ở số 310 QL40B")).toEqual(["quoc lo#310"]);
    expect(numberedAddresses("hẻm 12/4 Lê Duẩn")).toEqual(["le duan#12/4"]);
  });

  it("does not take counts, times or amounts for houses", () => {
    for (const text of ["Khoảng 30 xe máy tụ tập, 2 thanh niên cầm dao", "lúc 11 giờ trưa", "mất 5 triệu", "số 2 thanh niên", "Có chừng 23 người."]) {
      expect(numberedAddresses(text)).toEqual([]);
    }
  });

  it("compares as one spot, two houses of one street, or nothing said", () => {
    const at = (text: string) => textEvidence(text);
    expect(compareAddresses(at("kiệt 45 Hà Huy Tập"), at("k45 ha huy tap"))).toEqual({ same: "45 ha huy…" });
    expect(compareAddresses(at("kiệt 45 Hà Huy Tập"), at("kiệt 112 Hà Huy Tập"))).toEqual({ different: ["45 ha huy…", "112 ha huy…"] });
    expect(compareAddresses(at("kiệt 45 Hà Huy Tập"), at("kiệt 45 Lê Độ"))).toBeNull();
    expect(compareAddresses(at("kiệt 45 Hà Huy Tập"), at("trên đường Hà Huy Tập"))).toBeNull();
  });

  it("never throws and reads its own output unchanged (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const found = numberedAddresses(text);
      expect(Array.isArray(found)).toBe(true);
      expect(found).toEqual([...new Set(found)].sort());
    }));
  });
});

describe("contradictions keep incidents apart", () => {
  const stats = createWordStats();
  const texts = [
    "Rạng sáng nhà tôi ở kiệt 45 Hà Huy Tập bị cắt khóa cổng, mất xe Vision trắng và hai điện thoại.",
    "Đêm qua nhà ở kiệt 112 Hà Huy Tập bị trộm bẻ khóa cửa sau, lấy két tiền và điện thoại.",
  ];
  for (const text of texts) addToWordStats(stats, textEvidence(text), "theft");
  const first = tip("a", texts[0]!);
  const other = tip("b", texts[1]!, { occurredAt: "2026-10-02T02:30:00+07:00" });
  const same = tip("c", "k45 ha huy tap dem qua bi trom vo nha, lay xe vs dt", { category: "other" });

  it("two houses of one street on one night: below support, and the pair contradicts", () => {
    const score = scorePair(first, other, { adjacency, wordStats: stats });
    expect(score.score).toBeLessThan(SUPPORT_THRESHOLD);
    expect(score.contradicts).toBe(true);
    expect(score.evidence.map((e) => e.code)).toContain("different-places");
  });

  it("the same house written another way is one spot", () => {
    const score = scorePair(same, first, { adjacency, wordStats: stats, neighbours: 5 });
    expect(score.duplicate).toBe(true);
    expect(score.reasons.join("; ")).toContain("both give 45 ha huy");
  });

  it("a group holding a member the tip contradicts is not its incident, however well another member matches", () => {
    const good = { tipId: "c", clusterId: "k", score: { ...scorePair(first, same, { adjacency, wordStats: stats }), duplicate: true, score: 0.9 } };
    const clash = { tipId: "b", clusterId: "k", score: scorePair(first, other, { adjacency, wordStats: stats }) };
    expect(contradictedClusters([good, clash])).toEqual(new Set(["k"]));
    expect(chooseCluster(first, [good, clash])).toBeNull();
    expect(chooseCluster(first, [good])).not.toBeNull();
  });

  it("two callers' phones in two fraud reports: scaled down and contradicting; one shared phone links them", () => {
    const call = (id: string, phone: string) => tip(id, `Mẹ tôi nhận cuộc gọi từ số ${phone} tự xưng công an, bắt chuyển 200 triệu vào tài khoản tạm giữ.`, { category: "fraud" });
    expect(differentIdentifiers(["phone:0912345670"], ["phone:0988765432"])).toEqual(["phone"]);
    expect(differentIdentifiers(["plate:43A12345"], ["plate:43B99999"])).toEqual([]);
    const apart = scorePair(call("x", "0912 345 670"), call("y", "0988 765 432"), { adjacency });
    const together = scorePair(call("x", "0912 345 670"), call("z", "0912345670"), { adjacency });
    expect(apart.contradicts).toBe(true);
    expect(apart.evidence.map((e) => e.code)).toContain("different-identifiers");
    expect(together.contradicts).toBeUndefined();
    expect(together.score).toBeGreaterThan(apart.score);
  });
});

describe("a ward's name is an area, not a venue", () => {
  const areas = areaNamesOf({
    wards: [{ code: "20194", name: "Phường Hải Vân", provinceCode: "48" }],
    mappings: [{ oldWardName: "Phường Hòa Hiệp Bắc", oldDistrictName: "Quận Liên Chiểu", oldProvinceName: null, newWardCode: "20194" }],
  });
  const fight = textEvidence("Chiều nay ở quán nhậu khu Hòa Hiệp Bắc cũ hai bàn đánh nhau");
  const theft = textEvidence("Chiều nay ở khu Hòa Hiệp Bắc cũ có người dắt mất xe đạp điện");

  it("finds the names a text holds whole", () => {
    expect([...areaWordsIn(fight, areas)].sort()).toEqual(["bac", "hiep", "hoa"]);
    expect(areaWordsIn(textEvidence("chợ Hòa Khánh"), areas).size).toBe(0);
  });

  it("is no shared venue and no rare word", () => {
    expect(sharedNamedPlace(fight, theft)).toBe("hoa hiep bac");
    expect(sharedNamedPlace(fight, theft, areas)).toBeNull();
    const stats = createWordStats();
    for (let i = 0; i < 50; i++) addToWordStats(stats, textEvidence(`báo cáo số ${i} về trộm cắp xe`), "theft");
    addToWordStats(stats, fight, "theft");
    addToWordStats(stats, theft, "theft");
    const withNames = sharedWordRarity(fight, theft, stats, "theft");
    const withoutNames = sharedWordRarity(fight, theft, stats, "theft", { areas });
    expect(withoutNames).toBeLessThan(withNames);
  });
});

describe("reading", () => {
  it("reads reports' closing pleas as nothing", () => {
    expect(contentWords("Mong cơ quan chức năng sớm vào cuộc. Bà con rất bức xúc. Xin giấu tên người báo.")).toEqual([]);
    expect(contentWords("đánh nhau ở chợ, mong cơ quan chức năng sớm vào cuộc")).toEqual(["danh", "nhau", "o", "cho"]);
  });

  it("counts reports already grouped as one neighbour", () => {
    const at = (id: string, clusterId?: string) => tip(id, "đua xe", { category: "racing", ...(clusterId ? { clusterId } : {}) });
    expect(neighboursOf(at("n"), [at("a", "1"), at("b", "1"), at("c", "2")])).toBe(2);
    expect(neighboursOf(at("n"), [at("a"), at("b"), at("c")])).toBe(3);
  });
});
