/**
 * ADR 0092: the ward-time credit (ADR 0088) bounded by the ward's long-run rate of reports, from the history's own
 * counts, not only by the candidates the worker read.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addToWordStats, createWordStats, chanceNeighbours, longRunNeighbours, MIN_RATE_SPAN_HOURS, scorePair, textEvidence, type DedupeTip,
} from "../../../domain/dedupe";

const start = Date.parse("2026-11-01T00:00:00+07:00");
const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString();
const tip = (id: string, category: string, text: string, hours: number, over: Partial<DedupeTip> = {}): DedupeTip => ({
  id, category, wardCode: "20314", occurredAt: at(hours), receivedAt: at(hours + 0.5), features: textEvidence(text), ...over,
});
const context = { adjacency: new Map<string, Set<string>>() };

/** A history of `perDay` reports a day of `category` in ward 20314, over `days` days, and one report a day elsewhere. */
function history(perDay: number, days: number, category = "theft") {
  const stats = createWordStats();
  for (let i = 0; i < perDay * days; i++) {
    addToWordStats(stats, textEvidence(`tin số ${i}`), category, { wardCode: "20314", at: at((i * 24) / perDay) });
  }
  for (let d = 0; d < days; d++) addToWordStats(stats, textEvidence(`tin khác ${d}`), category, { wardCode: "20305", at: at(d * 24) });
  return stats;
}

// One incident: a sawmill's smoke by its address, and a neighbour who gives only the ward, an hour later (ADR 0088's test).
const sawmill = tip("1", "environment", "Xưởng gỗ tối nào cũng đốt mùn cưa, khói đen phủ kín khu dân cư.", 24 * 60, {
  features: textEvidence("Xưởng gỗ tối nào cũng đốt mùn cưa, khói đen phủ kín khu dân cư.", "Xưởng gỗ đường Nguyễn Phước Lan, phường Hòa Xuân"),
});
const neighbour = tip("2", "other", "Cả tuần nay cứ tối là nhà tôi phải đóng cửa vì mùi khét, con nhỏ ho suốt.", 24 * 60 + 1, { wardOnly: true });

describe("a ward's long-run rate of reports (longRunNeighbours)", () => {
  it("is the ward's reports of compatible kinds in 48 h at its own rate", () => {
    const stats = history(3, 60);
    // 3 a day over ~60 days: about 6 within 48 h.
    expect(longRunNeighbours(stats, "20314", "theft")).toBeCloseTo(6, 0);
    // "other" fits theft; drugs does not (categoryRelation): a drugs report has no such neighbours.
    expect(longRunNeighbours(stats, "20314", "other")).toBeCloseTo(6, 0);
    expect(longRunNeighbours(stats, "20314", "drugs")).toBe(0);
    expect(longRunNeighbours(stats, "20305", "theft")).toBeCloseTo(2, 0);
    expect(longRunNeighbours(stats, "20999", "theft")).toBe(0);
    expect(longRunNeighbours(undefined, "20314", "theft")).toBe(0);
  });

  it("reads a short history as MIN_RATE_SPAN_HOURS long, so a first busy afternoon does not make a ward busy", () => {
    const stats = createWordStats();
    for (let i = 0; i < 10; i++) addToWordStats(stats, textEvidence(`tin ${i}`), "theft", { wardCode: "20314", at: at(i / 10) });
    expect(longRunNeighbours(stats, "20314", "theft")).toBeCloseTo((10 * 48) / MIN_RATE_SPAN_HOURS, 5);
  });

  it("counts nothing for a tip without a ward or a time", () => {
    const stats = createWordStats();
    addToWordStats(stats, textEvidence("tin"), "theft", { wardCode: null, at: at(0) });
    addToWordStats(stats, textEvidence("tin"), "theft", { wardCode: "20314", at: null });
    addToWordStats(stats, textEvidence("tin"), "theft");
    expect(stats.wards.byWard.size).toBe(0);
    expect(stats.documents).toBe(3);
  });
});

describe("the ward-time credit bounded by the long-run rate (ADR 0092)", () => {
  it("keeps the credit in a quiet ward, as before", () => {
    const stats = history(0.2, 60, "environment");
    const score = scorePair(sawmill, neighbour, { ...context, wordStats: stats, neighbours: 1 });
    expect(score.duplicate).toBe(true);
    expect(score.evidence.map((e) => e.code)).toContain("ward-time-credit");
  });

  it("must NOT credit closeness in time in a ward that is busy in the long run, even when the candidates read saw one report", () => {
    // 6 reports a day of a compatible kind: ~12 within 48 h; 12 · 1 h / 48 h = 0.25, past wardTimeChance (0.2).
    const stats = history(6, 60, "environment");
    const score = scorePair(sawmill, neighbour, { ...context, wordStats: stats, neighbours: 1 });
    expect(score.evidence.map((e) => e.code)).not.toContain("ward-time-credit");
    expect(score.duplicate).toBe(false);
    expect(chanceNeighbours(sawmill, neighbour, { wordStats: stats, neighbours: 1 })).toBeGreaterThan(11);
  });

  it("takes the candidates' count when it says more, and says in the audit trail how many reports the chance was counted over", () => {
    const stats = history(0.25, 60, "environment");
    expect(chanceNeighbours(sawmill, neighbour, { wordStats: stats, neighbours: 3 })).toBe(3);
    const score = scorePair(sawmill, neighbour, { ...context, wordStats: stats, neighbours: 1 });
    const credit = score.evidence.find((e) => e.code === "ward-time-credit");
    expect(credit?.params).toEqual({ hours: 1, count: 1 });
  });

  it("is the same both ways and never below the candidates' count (property)", () => {
    const stats = history(2, 30, "theft");
    const categories = ["theft", "other", "drugs", "environment", "security"];
    fc.assert(
      fc.property(fc.constantFrom(...categories), fc.constantFrom(...categories), fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 0, max: 30 }),
        (x, y, hours, neighbours) => {
          const a = tip("a", x, "a", 0);
          const b = tip("b", y, "b", hours, { wardOnly: true });
          const ab = chanceNeighbours(a, b, { wordStats: stats, neighbours });
          expect(ab).toBe(chanceNeighbours(b, a, { wordStats: stats, neighbours }));
          expect(ab).toBeGreaterThanOrEqual(neighbours);
          expect(scorePair(a, b, { ...context, wordStats: stats, neighbours }).score).toBe(scorePair(b, a, { ...context, wordStats: stats, neighbours }).score);
        }),
    );
  });
});

describe("the rare-word bar counts the long-run neighbours too (ADR 0092)", () => {
  it("must NOT take a word one report in twenty holds as evidence of one event in a ward busy in the long run", () => {
    // Theft reports, one in twenty mentioning a "cửa cuốn" (roller shutter).
    const build = (perDay: number) => {
      const stats = createWordStats();
      for (let i = 0; i < perDay * 60; i++) {
        const text = i % 20 === 0 ? `nhà bị cạy cửa cuốn lần ${i}` : `tin số ${i}`;
        addToWordStats(stats, textEvidence(text), "theft", { wardCode: "20314", at: at((i * 24) / perDay) });
      }
      return stats;
    };
    const first = tip("t1", "theft", "Đêm qua tiệm tạp hóa bị cạy cửa cuốn, mất tiền trong ngăn kéo.", 24 * 60, { point: { lat: 16.0, lng: 108.2 } });
    const second = tip("t2", "theft", "Sáng nay thấy cửa cuốn nhà bên cạnh bị bẻ cong.", 24 * 60 + 8, { point: { lat: 16.01, lng: 108.2 } });
    const quiet = scorePair(first, second, { ...context, wordStats: build(0.3), neighbours: 1 });
    const busy = scorePair(first, second, { ...context, wordStats: build(8), neighbours: 1 });
    expect(quiet.evidence.map((e) => e.code)).not.toContain("only-chance-overlap");
    expect(busy.evidence.map((e) => e.code)).toContain("only-chance-overlap");
    expect(busy.score).toBeLessThanOrEqual(0.4);
  });
});

