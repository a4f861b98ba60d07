/**
 * ADR 0082: a report's words name its kind (KIND_WORDS), so a general or neighbouring category agrees with the
 * specific one when the words say so; two groups merge only when nothing says they are two; between equal scores the
 * closer wording wins.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseCluster, groupsHoldTogether, kindDescribed, kindsDescribed, scorePair, textEvidence, type DedupeTip, type PairScore,
} from "../../../domain/dedupe";
import { KIND_WORDS } from "../../../domain/incident-words";
import { categoryRelation } from "../../../domain/category-relations";

const tip = (id: string, category: string, text: string, occurredAt = "2026-11-04T11:20:00+07:00", over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category, wardCode: "20275", occurredAt, receivedAt: occurredAt, features: textEvidence(text), ...over,
});
const adjacency = new Map<string, Set<string>>();

describe("the kind a report's words name", () => {
  it("reads it in careful Vietnamese, without marks and in teen-code, through the synonym concepts", () => {
    expect([...kindsDescribed(textEvidence("Tên cướp rút dao bấm dọa nhân viên rồi bỏ chạy"))].sort()).toEqual(["robbery", "weapons"]);
    expect([...kindsDescribed(textEvidence("nghe ns co me hoc sinh bi cuop dt"))]).toEqual(["robbery"]);
    expect([...kindsDescribed(textEvidence("mấy đứa xăm trổ tạt sơn vô tiệm may"))]).toEqual(["usury"]);
    // "nẹt pô", "bốc đầu" are the racing concept's words
    expect([...kindsDescribed(textEvidence("tui nó nẹt pô bốc đầu cả đêm"))]).toEqual(["racing"]);
    expect([...kindsDescribed(textEvidence("soi ga an tien moi chieu"))]).toEqual(["gambling"]);
  });

  it("names nothing for words that fold onto others: đảo, kiểm tra, bao vây, nó, ga tàu", () => {
    for (const text of ["Người dân trên đảo kiểm tra", "bao vây cả xóm, nó chạy ra ga"]) expect([...kindsDescribed(textEvidence(text))]).toEqual([]);
  });

  it("every kind in the table is a category the scorer knows", () => {
    for (const kind of Object.keys(KIND_WORDS)) expect(categoryRelation(kind, "other")).not.toBeNull();
  });

  it("agrees when one report names the other's kind, or both name one kind that fits both", () => {
    const robbery = tip("a", "robbery", "Trưa nay trước cổng trường một phụ huynh bị giật điện thoại");
    const violence = tip("b", "violence", "Có chị bị giật đồ té xuống đường, trầy hết tay chân");
    expect(kindDescribed(violence, robbery)).toBe("robbery");
    const security = tip("c", "security", "nghe noi co vu cuop luc trua");
    const weapons = tip("d", "weapons", "Tên cướp rút dao bấm dọa nhân viên");
    expect(kindDescribed(security, weapons)).toBe("robbery");
    // Words of no kind, or of the same category: nothing to agree on.
    expect(kindDescribed(tip("e", "security", "đông người đứng xem"), robbery)).toBeNull();
    expect(kindDescribed(robbery, tip("f", "robbery", "bị giật túi"))).toBeNull();
  });

  it("raises a general ↔ specific pair as if one category, and says why in the audit trail", () => {
    const robbery = tip("a", "robbery", "Trước cổng trường Nguyễn Văn Cừ phụ huynh bị hai đứa đi Wave giật điện thoại");
    const told = tip("b", "violence", "Có chị bị giật đồ té xuống đường trước cổng trường, học sinh đứng xem", "2026-11-04T11:40:00+07:00");
    const untold = tip("c", "violence", "Có chị té xuống đường trước cổng trường, học sinh đứng xem", "2026-11-04T11:40:00+07:00");
    const withKind = scorePair(told, robbery, { adjacency });
    const without = scorePair(untold, robbery, { adjacency });
    expect(withKind.evidence).toContainEqual({ code: "kind-described", params: { category: "robbery" } });
    expect(without.evidence.map((e) => e.code)).not.toContain("kind-described");
    expect(withKind.score).toBeGreaterThan(without.score);
  });

  it("gives nothing past the hours of one incident (6 h): the same kind in other words is probably another incident", () => {
    const theft = tip("a", "theft", "Bãi giữ xe mất xe, kẻ trộm dùng đoản phá khóa", "2026-11-21T02:53:00+07:00");
    const codes = (at: string) => scorePair(tip("b", "other", "khối phố 1 bị trộm xe, kẻ trộm dùng đoản phá khóa", at), theft, { adjacency }).evidence.map((e) => e.code);
    expect(codes("2026-11-21T07:53:00+07:00")).toContain("kind-described");
    expect(codes("2026-11-21T12:53:00+07:00")).not.toContain("kind-described");
    expect(codes("2026-11-23T07:32:00+07:00")).not.toContain("kind-described");
  });

  it("never throws, and reading a text twice names the same kinds (fast-check)", () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const once = [...kindsDescribed(textEvidence(text))];
      expect([...kindsDescribed(textEvidence(text))]).toEqual(once);
    }));
  });
});

describe("two groups merge only when nothing says they are two", () => {
  const at = (h: number) => `2026-08-22T${String(h).padStart(2, "0")}:30:00+07:00`;
  it("keeps apart two racing crowds on two named places a quarter-hour apart", () => {
    const onStreet = tip("a", "racing", "Hàng chục xe máy tụ tập trên đường Võ Chí Công đoạn gần cầu Nguyễn Tri Phương, rú ga, bốc đầu", at(23), { wardCode: "20314" });
    const onBridge = tip("b", "racing", "Trên cầu Hòa Xuân có khoảng 20 xe máy đua nhau, rú ga, bốc đầu, chạy ngược chiều", at(23), { wardCode: "20314" });
    expect(scorePair(onBridge, onStreet, { adjacency }).placesDiffer).toBe(true);
    expect(groupsHoldTogether([onStreet], [onBridge], { adjacency })).toBe(false);
  });

  it("lets two groups of one incident come together, even when their shared words fail the chance bar among many neighbours", () => {
    const base = { wardCode: "20305" };
    const a = tip("a", "theft", "Trộm bẻ khóa lấy xe Exciter trong nhà trọ trên đường Tôn Đức Thắng lúc 2 giờ sáng.", at(2), base);
    const b = tip("b", "theft", "Camera nhà trọ quay được hai thanh niên dắt xe Exciter ra khỏi cổng lúc 3h, đội mũ lưỡi trai.", at(3), base);
    // Around the new tip, many reports of the kind: a ~ b is "chance overlap" by itself, and still not two incidents.
    expect(scorePair(a, b, { adjacency, neighbours: 30 }).score).toBeLessThan(0.45);
    expect(groupsHoldTogether([a], [b], { adjacency, neighbours: 30 })).toBe(true);
  });

  it("refuses kinds that never go together", () => {
    const robbery = tip("a", "robbery", "Trước quán karaoke Hoa Hồng một chị bị giật dây chuyền");
    const drugs = tip("b", "drugs", "Quán karaoke Ánh Trăng có phòng VIP mở nhạc sàn, nhân viên mang kẹo vào");
    expect(groupsHoldTogether([robbery], [drugs], { adjacency })).toBe(false);
  });

  it("refuses when a member contradicts the other group (another caller's phone)", () => {
    const one = tip("a", "fraud", "Bố tôi nhận cuộc gọi từ số 0912 345 670 tự xưng công an quận, bắt chuyển tiền");
    const other = tip("b", "fraud", "Mẹ tôi bị số 0988 765 432 gọi tự xưng công an quận, bắt chuyển tiền");
    expect(groupsHoldTogether([one], [other], { adjacency })).toBe(false);
  });
});

describe("between equal scores the closer wording wins", () => {
  it("chooses the group whose member's words are closer", () => {
    const score = (similarity: number): PairScore => ({ score: 0.89, duplicate: true, reasons: [], evidence: [], similarity });
    const choice = chooseCluster({ id: "new" }, [
      { tipId: "street", clusterId: "1", score: score(0.13) },
      { tipId: "venue", clusterId: "2", score: score(0.21) },
    ]);
    expect(choice?.clusterId).toBe("2");
  });
});
