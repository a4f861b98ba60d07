/**
 * ADR 0092: a map point against a typed address of the ward has no distance to measure, like a ward-only report
 * (ADR 0088): closeness in time is credited, bounded the same way — unless the pin's own words name a place.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placesIncomparable, SCORE_PARAMS, scorePair, textEvidence, wardTimeCredit, type DedupeTip } from "../../../domain/dedupe";

const at = (hours: number) => new Date(Date.parse("2026-12-10T22:00:00+07:00") + hours * 3_600_000).toISOString();
const tip = (id: string, category: string, text: string, hours: number, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category, wardCode: "20242", occurredAt: at(hours), receivedAt: at(hours + 0.3), features: textEvidence(text), ...over,
});
const context = { adjacency: new Map<string, Set<string>>() };
const pin = { lat: 16.068, lng: 108.221 };

// One incident: a brawl at a beer place told by an address, and by a passer-by who dropped a pin and names no street.
const brawlText = "Tối nay hai thanh niên say rượu đánh nhau trước quán nhậu, một người bị vỡ đầu phải chở đi viện.";
const brawl = tip("1", "violence", brawlText, 0, { features: textEvidence(brawlText, "Đường Trần Phú, phường Hải Châu, Đà Nẵng") });
const passerBy = tip("2", "other", "Trước cửa quán có người nằm dưới đất chảy máu, ai cũng đứng xem, chưa thấy xe cấp cứu tới.", 0.5, { point: pin });

describe("a map point against an address (point-address time credit)", () => {
  it("links them when close in time, and says why in the officers' words", () => {
    const score = scorePair(brawl, passerBy, context);
    expect(placesIncomparable(brawl, passerBy)).toBe("point-address");
    expect(score.duplicate).toBe(true);
    expect(score.evidence.map((e) => e.code)).toContain("point-address-time-credit");
    expect(score.evidence.map((e) => e.code)).not.toContain("ward-time-credit");
  });

  it("must NOT credit two addresses or two points: their places are compared as they are", () => {
    const typed = { ...passerBy, point: null };
    expect(placesIncomparable(brawl, typed)).toBeNull();
    expect(scorePair(brawl, typed, context).duplicate).toBe(false);
    expect(placesIncomparable({ ...brawl, point: { lat: 16.07, lng: 108.22 } }, passerBy)).toBeNull();
  });

  it("must NOT credit a pin whose own words name a place: that place is what it gives", () => {
    const named = tip("3", "other", "Trước số 45 Lê Lợi có người nằm dưới đất chảy máu, ai cũng đứng xem.", 0.5, { point: pin });
    const ward = tip("4", "other", "Ở tổ 6 có người nằm dưới đất chảy máu, ai cũng đứng xem.", 0.5, { point: pin });
    for (const other of [named, ward]) {
      expect(placesIncomparable(brawl, other)).toBeNull();
      expect(scorePair(brawl, other, context).evidence.map((e) => e.code)).not.toContain("point-address-time-credit");
    }
  });

  it("must NOT link in a busy ward, or hours apart", () => {
    expect(scorePair(brawl, passerBy, { ...context, neighbours: 20 }).duplicate).toBe(false);
    expect(scorePair(brawl, { ...passerBy, occurredAt: at(5), receivedAt: at(5.3) }, context).duplicate).toBe(false);
  });

  it("is symmetric and bounded whatever the places given (property)", () => {
    const texts = [brawlText, "có người nằm dưới đất chảy máu", "trộm xe máy ở số 12 Lê Lợi", ""];
    fc.assert(
      fc.property(
        fc.constantFrom(...texts), fc.constantFrom(...texts), fc.double({ min: -6, max: 6, noNaN: true }),
        fc.constantFrom("ward", "point", "address"), fc.constantFrom("ward", "point", "address"), fc.integer({ min: 0, max: 30 }),
        (x, y, hours, formX, formY, neighbours) => {
          const form = (f: string) => ({ wardOnly: f === "ward", point: f === "point" ? pin : null });
          const a = tip("a", "violence", x, 0, form(formX));
          const b = tip("b", "other", y, hours, form(formY));
          expect(placesIncomparable(a, b)).toBe(placesIncomparable(b, a));
          const ab = scorePair(a, b, { ...context, neighbours });
          expect(ab.score).toBe(scorePair(b, a, { ...context, neighbours }).score);
          const credit = wardTimeCredit(a, b, Math.abs(hours), neighbours);
          expect(credit).toBeGreaterThanOrEqual(0);
          expect(credit).toBeLessThanOrEqual(SCORE_PARAMS.wardTimeText);
          if (formX === formY) expect(credit).toBe(0);
        },
      ),
    );
  });
});
