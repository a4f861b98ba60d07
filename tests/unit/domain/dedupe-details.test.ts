/**
 * ADR 0085: the details that tell two incidents of one kind apart — what was taken, which vehicle, what sum — and
 * the categories that fit every other (security, corruption).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compatibleCategories } from "../../../domain/category-relations";
import { chooseCluster, scorePair, textEvidence, type DedupeTip } from "../../../domain/dedupe";
import { detailConflict, incidentDetails } from "../../../domain/incident-details";

const tip = (id: string, category: string, text: string, hour: number): DedupeTip => ({
  id, category, wardCode: "20200", occurredAt: `2026-09-26T0${hour}:00:00+07:00`, receivedAt: `2026-09-26T0${hour}:30:00+07:00`,
  features: textEvidence(text),
});
const context = { adjacency: new Map<string, Set<string>>() };

describe("incident details", () => {
  it("reads what was taken, not the vehicle the thieves rode", () => {
    expect(incidentDetails("hai thanh niên đi xe Exciter giật sợi dây chuyền vàng trên cổ bà cụ")).toMatchObject({ loot: ["jewellery"], vehicles: ["exciter"] });
    expect(incidentDetails("Em đang đi xe đạp về thì bị giật chiếc điện thoại").loot).toEqual(["phone"]);
    expect(incidentDetails("Đêm qua kẻ gian dắt mất chiếc xe Vision màu trắng").loot).toEqual(["motorbike"]);
    // "túi" is read as "tôi" by the teen-code table; "xe máy giật" is not a washing machine.
    expect(incidentDetails("bị hai thanh niên đi xe máy giật túi xách").loot).toEqual(["bag"]);
    expect(incidentDetails("mất chìa khóa xe và ví tiền").loot).toEqual(["wallet"]);
  });

  it("reads sums in the ways residents write them", () => {
    expect(incidentDetails("chuyển 180 triệu vào tài khoản").amounts).toEqual([180_000_000]);
    expect(incidentDetails("nhà bên cạnh đưa 3tr r").amounts).toEqual([3_000_000]);
    expect(incidentDetails("giá 300k một vé, 1.500.000 đồng cả đoàn").amounts).toEqual([300_000, 1_500_000]);
    expect(incidentDetails("trong ví có 300 đô").amounts).toEqual([7_500_000]);
  });

  it("contradicts on disjoint things taken, models or sums; a bag holds the phone in it", () => {
    const of = (category: string, text: string) => ({ category, details: incidentDetails(text) });
    expect(detailConflict(of("theft", "mất một xe Exciter"), of("theft", "bị trộm dắt mất xe Sirius"))?.vehicles).toEqual([["exciter"], ["sirius"]]);
    expect(detailConflict(of("theft", "lấy mất laptop và ví tiền"), of("theft", "dắt mất chiếc xe Vision"))?.loot).toEqual([["computer", "wallet"], ["motorbike"]]);
    expect(detailConflict(of("robbery", "giật túi xách rồi chạy"), of("theft", "bi giut mat tui, trong tui co dt"))).toBeNull();
    expect(detailConflict(of("fraud", "chuyển 180 triệu"), of("fraud", "chuyển 12 triệu"))?.amounts).toEqual([[180_000_000], [12_000_000]]);
    expect(detailConflict(of("fraud", "nộp phạt 3 triệu"), of("fraud", "mỗi nhà 2 đến 3 triệu"))).toBeNull();
    // Racing crowds and loans: the details are not what the incident is about.
    expect(detailConflict(of("racing", "mấy chiếc Exciter"), of("racing", "xe Wave độ"))).toBeNull();
    expect(detailConflict(of("usury", "vay 30 triệu"), of("usury", "lãi 600 nghìn mỗi ngày"))).toBeNull();
  });

  it("never throws, and gives sorted, unique details (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const { loot, vehicles, amounts } = incidentDetails(text);
      expect(loot).toEqual([...new Set(loot)].sort());
      expect(vehicles).toEqual([...new Set(vehicles)].sort());
      expect(amounts.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    }));
  });
});

describe("details in the pair score", () => {
  it("keeps two boarding-house thefts of one night apart, and says why", () => {
    const exciter = tip("a", "theft", "Đêm qua dãy trọ của tôi gần khu công nghiệp bị bẻ khóa mất một xe Exciter, camera thấy một người mặc áo mưa.", 3);
    const sirius = tip("b", "theft", "Rạng sáng nhà trọ chỗ em ở bị trộm dắt mất xe Sirius, ổ khóa bị phá, chủ trọ nói tháng này mất lần thứ hai.", 4);
    const score = scorePair(sirius, exciter, context);
    expect(score.contradicts).toBe(true);
    expect(score.duplicate).toBe(false);
    expect(score.evidence).toContainEqual({ code: "different-vehicles", params: { vehicles: ["sirius", "exciter"] } });
    // The group holding the other theft is not this tip's incident, whatever else matches.
    expect(chooseCluster(sirius, [{ tipId: "a", clusterId: "1", score: { ...score, score: 0.9, duplicate: true } }])).toBeNull();
  });

  it("lets the same loss told twice stand", () => {
    const victim = tip("a", "theft", "Sáng nay ở chợ Hàn một khách du lịch bị rạch túi xách mất ví, trong ví có hộ chiếu.", 3);
    const witness = tip("b", "theft", "o cho han co ba ba chen lan khach, con gai toi thay ba do rut vi tien cua mot chi nguoi nuoc ngoai", 4);
    expect(scorePair(witness, victim, context).contradicts).toBeUndefined();
  });
});

describe("categories that fit every other (ADR 0085)", () => {
  it("compares security and corruption reports with every category, and every category with them", () => {
    expect(compatibleCategories("security")).toBeNull();
    expect(compatibleCategories("corruption")).toBeNull();
    expect(compatibleCategories("fraud")).toEqual(expect.arrayContaining(["security", "corruption", "other", "cybercrime"]));
    const fake = tip("a", "fraud", "Có người mặc áo giống công an tới từng nhà, tự xưng cán bộ, thu tiền phạt tạm trú 3 triệu.", 3);
    const stranger = tip("b", "security", "Một thanh niên lạ mặc áo xanh như cán bộ gõ cửa từng nhà hỏi giấy tờ.", 4);
    expect(scorePair(stranger, fake, context).score).toBeGreaterThan(0);
  });
});
