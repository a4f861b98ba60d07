/**
 * ADR 0088: a report that gives only a ward, against a report that gives an address or a map point in that ward,
 * is credited for closeness in time — bounded by the chance that another report of the ward falls that close.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kindsDescribed, SCORE_PARAMS, scorePair, textEvidence, wardTimeCredit, type DedupeTip } from "../../../domain/dedupe";

const at = (hours: number) => new Date(Date.parse("2026-12-06T21:00:00+07:00") + hours * 3_600_000).toISOString();
const tip = (id: string, category: string, text: string, hours: number, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category, wardCode: "20314", occurredAt: at(hours), receivedAt: at(hours + 0.5), features: textEvidence(text), ...over,
});
const context = { adjacency: new Map<string, Set<string>>() };

// One incident: a sawmill's smoke, told by its address and by a neighbour who gives only the ward (tips-tune6 RI-040's shape).
const sawmill = tip("1", "environment", "Xưởng gỗ trên đường Nguyễn Phước Lan tối nào cũng đốt mùn cưa, khói đen phủ kín khu dân cư.", 0, {
  features: textEvidence("Xưởng gỗ tối nào cũng đốt mùn cưa, khói đen phủ kín khu dân cư.", "Xưởng gỗ đường Nguyễn Phước Lan, phường Hòa Xuân"),
});
const neighbour = tip("2", "other", "Cả tuần nay cứ tối là nhà tôi phải đóng cửa vì mùi khét, con nhỏ ho suốt.", 1, { wardOnly: true });

describe("ward-time credit", () => {
  it("links a ward-only report to an address report of the ward an hour apart, and says why in the audit trail", () => {
    const without = scorePair(sawmill, { ...neighbour, wardOnly: false }, context);
    const score = scorePair(sawmill, neighbour, context);
    expect(without.duplicate).toBe(false);
    expect(score.duplicate).toBe(true);
    expect(score.evidence).toContainEqual({ code: "ward-time-credit", params: { hours: 1, count: 1 } });
  });

  it("credits nothing between two ward-only reports, between two wards, or past wardTimeHours", () => {
    expect(wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardOnly: true, wardCode: "20314" }, 1)).toBe(0);
    expect(wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardCode: "20305" }, 1)).toBe(0);
    expect(wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardCode: "20314" }, SCORE_PARAMS.wardTimeHours + 0.1)).toBe(0);
    expect(wardTimeCredit({ wardCode: "20314" }, { wardCode: "20314" }, 1)).toBe(0);
    expect(wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardCode: "20314" }, 1)).toBeGreaterThan(0);
  });

  it("must NOT link in a busy ward: with many reports of the ward around, an hour apart is a coincidence", () => {
    // 15 reports of a compatible kind within 48 h: 15 · 1 h / 48 h ≈ 0.31, past wardTimeChance (0.2).
    expect(wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardCode: "20314" }, 1, 15)).toBe(0);
    const busy = scorePair(sawmill, neighbour, { ...context, neighbours: 15 });
    expect(busy.duplicate).toBe(false);
    expect(busy.evidence.map((e) => e.code)).not.toContain("ward-time-credit");
    // And the credit shrinks as the chance grows.
    const credit = (n: number) => wardTimeCredit({ wardOnly: true, wardCode: "20314" }, { wardCode: "20314" }, 1, n);
    expect(credit(1)).toBeGreaterThan(credit(5));
    expect(credit(5)).toBeGreaterThan(credit(10));
  });

  it("must NOT link what contradicts: two thefts of different things stay apart however close", () => {
    const shop = tip("3", "theft", "Tiệm điện thoại bị cạy cửa, trộm lấy hơn chục chiếc điện thoại iPhone.", 0, {
      features: textEvidence("Tiệm bị cạy cửa, trộm lấy hơn chục chiếc điện thoại iPhone.", "Đường Hồ Nghinh, phường An Hải"),
    });
    const wallet = tip("4", "theft", "Mẹ tôi đi chợ bị móc túi mất ví tiền có 2 triệu.", 1, { wardOnly: true });
    const score = scorePair(shop, wallet, context);
    expect(score.duplicate).toBe(false);
    expect(score.evidence.map((e) => e.code)).not.toContain("ward-time-credit");
  });

  it("is symmetric and never throws (property)", () => {
    const texts = ["khói đen mùi khét", "xe tải bốc thùng các tông lúc nửa đêm", "giật dây chuyền vàng", "nhạc xập xình tới 3 giờ sáng", ""];
    fc.assert(
      fc.property(
        fc.constantFrom(...texts), fc.constantFrom(...texts), fc.double({ min: -10, max: 10, noNaN: true }),
        fc.boolean(), fc.boolean(), fc.constantFrom("other", "theft", "security", "smuggling", "environment"), fc.integer({ min: 0, max: 40 }),
        (x, y, hours, onlyX, onlyY, category, neighbours) => {
          const a = tip("a", category, x, 0, { wardOnly: onlyX });
          const b = tip("b", "other", y, hours, { wardOnly: onlyY });
          const ab = scorePair(a, b, { ...context, neighbours });
          const ba = scorePair(b, a, { ...context, neighbours });
          expect(ab.score).toBe(ba.score);
          expect(ab.score).toBeGreaterThanOrEqual(0);
          expect(ab.score).toBeLessThanOrEqual(1);
          const credit = wardTimeCredit(a, b, Math.abs(hours), neighbours);
          expect(credit).toBeGreaterThanOrEqual(0);
          expect(credit).toBeLessThanOrEqual(SCORE_PARAMS.wardTimeText);
        },
      ),
    );
  });
});

describe("kinds named by environment, smuggling and corruption words (ADR 0088)", () => {
  it("reads what neighbours smell, goods with no stamp or origin, and money to an official by its euphemisms", () => {
    expect([...kindsDescribed(textEvidence("bai dat canh nha boc mui hoi thoi ca tuan nay"))]).toContain("environment");
    expect([...kindsDescribed(textEvidence("Hai sạp bày rượu ngoại không có hóa đơn, không rõ nguồn gốc"))]).toEqual(["smuggling"]);
    expect([...kindsDescribed(textEvidence("đòi 5 triệu tiền bồi dưỡng mới xếp lịch"))]).toEqual(["corruption"]);
  });

  it("an 'other' report naming the environment's kind joins the environment report; the same words without it do not", () => {
    const canal = tip("c1", "environment", "Kênh thoát nước sau khu công nghiệp sáng nay cá nổi chết dọc bờ, mùi hóa chất nồng nặc.", 0, {
      features: textEvidence("Kênh thoát nước sau khu công nghiệp sáng nay cá nổi chết dọc bờ, mùi hóa chất nồng nặc.", "Tổ 35, phường Liên Chiểu"),
    });
    const told = tip("c2", "other", "sang nay ra bo muong sau nha thay nuoc den thui, ngui hoi dau dau lam", 1, { point: { lat: 16.07, lng: 108.15 } });
    const untold = tip("c3", "other", "sang nay ra bo muong sau nha, ngui dau dau lam", 1, { point: { lat: 16.07, lng: 108.15 } });
    const withKind = scorePair(canal, told, context);
    expect(withKind.evidence).toContainEqual({ code: "kind-described", params: { category: "environment" } });
    expect(scorePair(canal, untold, context).evidence.map((e) => e.code)).not.toContain("kind-described");
    // "mua" (buy), "nhận" (receive) alone name no kind: a market report is not smuggling, a parcel is not a bribe.
    expect([...kindsDescribed(textEvidence("sáng nay đi chợ mua cá, nhận hàng ở bưu điện"))]).toEqual([]);
  });
});
