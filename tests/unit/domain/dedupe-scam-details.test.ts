/**
 * ADR 0093: what two accounts of one loss keep when they share few words — the sum lost and the scam's story. A sum
 * both give, rarer among the kind's reports than chance, counts like a venue both name; two scam stories that share
 * nothing (a fake electricity bill, a fake teacher calling about an accident) are two scams.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  addToWordStats, createWordStats, DETAIL_TOKENS, SCORE_PARAMS, scorePair, sharedDetailCredit, textEvidence, textFeatures, type DedupeTip,
} from "../../../domain/dedupe";
import { incidentDetails, SCORE_DETAILS } from "../../../domain/incident-details";

const start = Date.parse("2026-10-03T09:00:00+07:00");
const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString();
const tip = (id: string, category: string, text: string, hours: number, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category, wardCode: "20242", occurredAt: at(hours), receivedAt: at(hours + 0.5), features: textEvidence(text), ...over,
});
/**
 * A province's history: scam reports in other wards, in the words every such report uses, with sums of their own —
 * so the shared ordinary words ("gọi", "chuyển", "công an", "sợ") weigh little, as in the pipeline.
 */
const history = createWordStats();
const ORDINARY = [
  "có người gọi điện xưng là công an dọa liên quan vụ án bắt chuyển tiền", "tôi sợ quá nên chuyển tiền vào tài khoản họ đưa",
  "bố tôi nhận cuộc gọi lạ, người gọi bảo chuyển tiền để chứng minh", "mẹ tôi già ở một mình bị gọi điện lừa ra ngân hàng chuyển",
  "nghe nói là cán bộ, dọa bắt, không được kể với ai", "kẻ gian gọi bảo sắp bị bắt, phải chuyển tiền",
];
for (let i = 0; i < 60; i++) {
  addToWordStats(history, textEvidence(`${ORDINARY[i % ORDINARY.length]} ${10 + i * 7} triệu`), "fraud", { wardCode: `20${300 + (i % 9)}`, at: at(-i * 12) });
}
const context = { adjacency: new Map<string, Set<string>>(), wordStats: history };
const codes = (score: { evidence: Array<{ code: string }> }) => score.evidence.map((e) => e.code);

// One scam told twice: by the victim's son (an address, the caller's phone) and by the victim (the ward), 13 h apart.
const SON = "Bố tôi 74 tuổi nhận cuộc gọi từ số 0932 418 576, người gọi xưng là cán bộ công an, bảo bố có tên trong đường dây rửa tiền, phải chuyển 86 triệu vào tài khoản để chứng minh trong sạch.";
const VICTIM = "Tôi là người già ở một mình, sáng nay có người gọi nói là công an, dọa tôi sắp bị bắt, không được kể với ai. Tôi sợ quá nên ra ngân hàng chuyển 86tr cho họ.";
const son = tip("1", "fraud", "Bố tôi 74 tuổi nhận cuộc gọi từ số 0932 418 576, người gọi xưng là cán bộ công an, bảo bố có tên trong đường dây rửa tiền, phải chuyển 86 triệu vào tài khoản để chứng minh trong sạch.", 13, {
  features: textEvidence("Bố tôi 74 tuổi nhận cuộc gọi từ số 0932 418 576, người gọi xưng là cán bộ công an, bảo bố có tên trong đường dây rửa tiền, phải chuyển 86 triệu vào tài khoản để chứng minh trong sạch.", "Kiệt 34 Trần Phú, phường Hải Châu"),
});
const victim = tip("2", "fraud", "Tôi là người già ở một mình, sáng nay có người gọi nói là công an, dọa tôi sắp bị bắt, không được kể với ai. Tôi sợ quá nên ra ngân hàng chuyển 86tr cho họ.", 0, { wardOnly: true });

afterEach(() => {
  SCORE_PARAMS.detailText = 0.35;
  SCORE_DETAILS.pretextConflict = true;
  DETAIL_TOKENS.sums = true;
  DETAIL_TOKENS.pretexts = true;
});

describe("scam stories and sums read from the text (incidentDetails, textEvidence)", () => {
  it("reads who the caller claimed to be, in careful Vietnamese, without marks and in teen-code", () => {
    expect(incidentDetails("người gọi xưng là cán bộ công an, nói liên quan rửa tiền").pretexts).toEqual(["police"]);
    expect(incidentDetails("ba noi toi bi goi dien gia danh cong an phuong").pretexts).toEqual(["police"]);
    expect(incidentDetails("Có người giả nhân viên điện lực gọi bảo nợ tiền điện").pretexts).toEqual(["utility"]);
    expect(incidentDetails("em lam ctv online, lam nhiem vu like video").pretexts).toEqual(["online-task"]);
  });

  it("must NOT read a plea to the police, or a number out of service, as a story", () => {
    expect(incidentDetails("Mong công an giúp lấy lại tiền, số đó giờ thuê bao không liên lạc được.").pretexts).toEqual([]);
  });

  it("gives one sum written two ways the same tokens, and different sums none", () => {
    const sums = (text: string) => textEvidence(text).words.filter((w) => w.startsWith("#sum"));
    expect(sums("chuyển 86tr")).toEqual(sums("mất 86 triệu"));
    expect(sums("bị trừ 15.800.000 đồng").some((token) => sums("mất gần 16 triệu").includes(token))).toBe(true);
    expect(sums("mất 86 triệu").some((token) => sums("mất 50 triệu").includes(token))).toBe(false);
  });

  it("leaves the MinHash band keys as they were without the tokens (stored keys keep their meaning)", () => {
    const text = "Mẹ tôi bị người xưng công an lừa chuyển 86 triệu";
    const withTokens = textFeatures(text).bandKeys;
    DETAIL_TOKENS.sums = false;
    DETAIL_TOKENS.pretexts = false;
    expect(textFeatures(text).bandKeys).toEqual(withTokens);
  });
});

describe("a shared sum as evidence of one loss (sharedDetailCredit)", () => {
  it("joins the victim's and the relative's accounts of one scam 13 h apart, and says why", () => {
    const score = scorePair(son, victim, context);
    expect(score.duplicate).toBe(true);
    expect(score.evidence).toContainEqual({ code: "same-sum", params: { amounts: ["86000000"] } });
    // Without the sum (as words and as evidence) the two share only what every scam report says.
    SCORE_PARAMS.detailText = 0;
    expect(scorePair(son, victim, context).score).toBeLessThan(score.score);
    DETAIL_TOKENS.sums = false;
    const plain = (tip: DedupeTip) => ({ ...tip, features: textEvidence(tip === son ? SON : VICTIM, tip === son ? "Kiệt 34 Trần Phú, phường Hải Châu" : null) });
    const without = scorePair(plain(son), plain(victim), context);
    expect(without.duplicate).toBe(false);
  });

  it("must NOT credit a sum every report of the kind gives in a busy ward", () => {
    const stats = createWordStats();
    for (let i = 0; i < 40; i++) addToWordStats(stats, textEvidence(`bị lừa chuyển 86 triệu lần ${i}`), "fraud", { wardCode: "20242", at: at(-i * 24) });
    for (let i = 0; i < 40; i++) addToWordStats(stats, textEvidence(`bị lừa lần khác ${i}`), "fraud", { wardCode: "20242", at: at(-i * 24) });
    expect(sharedDetailCredit(son, victim, { wordStats: stats }, 20)).toBe(0);
    expect(sharedDetailCredit(son, victim, { wordStats: stats }, 1)).toBe(0); // one report in two of the kind gives it
    expect(sharedDetailCredit(son, victim, context, 1)).toBe(SCORE_PARAMS.detailText);
  });

  it("must NOT credit a sum outside reports of a loss (a loan's sum, a fine)", () => {
    const loan = tip("3", "usury", "Bị ép vay 86 triệu lãi ngày", 0);
    const other = tip("4", "usury", "Nhóm cho vay đòi 86 triệu", 5);
    expect(sharedDetailCredit(loan, other, {}, 1)).toBe(0);
  });
});

describe("two scam stories that share nothing (detailConflict)", () => {
  // Two households of one ward on one evening: a fake teacher about an accident, a fake electricity bill.
  const teacher = tip("5", "fraud", "Người xưng là thầy giáo chủ nhiệm gọi nói con tôi bị ngã cầu thang đang cấp cứu, bảo chuyển gấp tiền mổ.", 0);
  const power = tip("6", "fraud", "Có người gọi tự xưng nhân viên điện lực nói nhà tôi nợ tiền điện, đòi chuyển tiền ngay không thì cắt điện, nghi lừa đảo chuyển tiền.", 2);

  it("keeps them apart and says why", () => {
    const score = scorePair(teacher, power, context);
    expect(score.contradicts).toBe(true);
    expect(codes(score)).toContain("different-stories");
    SCORE_DETAILS.pretextConflict = false;
    expect(scorePair(teacher, power, context).contradicts).toBeUndefined();
  });

  it("must NOT split one story told as two steps (a post office's parcel handed to a fake police officer)", () => {
    const worker = tip("7", "fraud", "Cuộc gọi nói là nhân viên bưu điện, bưu phẩm của tôi có ma túy, rồi chuyển máy cho người xưng công an bắt chuyển 18 triệu.", 0);
    const roommate = tip("8", "fraud", "Bạn cùng phòng bị lừa chuyển khoản 18 triệu, bọn nó gọi bảo gửi hàng cấm qua bưu điện.", 4);
    const score = scorePair(worker, roommate, context);
    expect(codes(score)).not.toContain("different-stories");
    expect(score.duplicate).toBe(true);
  });

  it("is symmetric and never throws, whatever the sums and stories (property)", () => {
    const story = fc.constantFrom("xưng công an", "nhân viên điện lực", "làm nhiệm vụ online", "trúng thưởng", "", "đặt cọc phòng");
    fc.assert(fc.property(story, story, fc.integer({ min: 1, max: 900 }), fc.integer({ min: 1, max: 900 }), fc.double({ min: 0, max: 47, noNaN: true }), (s1, s2, m1, m2, h) => {
      const x = tip("x", "fraud", `bị ${s1} lừa mất ${m1} triệu`, 0);
      const y = tip("y", "cybercrime", `người ${s2} lấy ${m2}tr`, h);
      const forward = scorePair(x, y, context);
      const backward = scorePair(y, x, context);
      expect(forward.score).toBe(backward.score);
      expect(forward.score).toBeGreaterThanOrEqual(0);
      expect(forward.score).toBeLessThanOrEqual(1);
    }), { numRuns: 200 });
  });
});

describe("the writer's own number beside the scammer's (ADR 0093, domain/entities.ts OWN_CONTACT)", () => {
  it("is not another caller's phone: the relative who leaves a number to call back is not contradicted", () => {
    const relative = tip("9", "fraud", "Mẹ tôi bị kẻ xưng công an gọi dọa, đã chuyển 86 triệu. Cần thì gọi tôi 0912 345 678.", 3, { wardOnly: true });
    const score = scorePair(son, relative, context);
    expect(score.contradicts).toBeUndefined();
    expect(codes(score)).not.toContain("different-identifiers");
    expect(score.duplicate).toBe(true);
    // Written so that it reads as a second caller ("số kia"), the two numbers still contradict.
    const other = tip("10", "fraud", "Mẹ tôi bị kẻ xưng công an gọi dọa, đã chuyển 86 triệu. Số kia 0912 345 678.", 3, { wardOnly: true });
    expect(scorePair(son, other, context).contradicts).toBe(true);
  });
});
