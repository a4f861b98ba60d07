/**
 * ADR 0092: the kind of report a text's words name, learned from the history's own per-category word counts, and
 * two texts whose words name kinds that never go together.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  addToWordStats, createWordStats, kindsDiffer, kindsOfText, learnedKinds, LEARNED_KIND_MIN_REPORTS, SCORE_PARAMS, scorePair, textEvidence,
  type DedupeTip,
} from "../../../domain/dedupe";

const saved = { ...SCORE_PARAMS };
afterEach(() => Object.assign(SCORE_PARAMS, saved));

/** A history where racing reports say "bốc đầu" and "rú ga", drug reports "kim tiêm" and "chích hút", and everyone says "thanh niên". */
function history(n = 60) {
  const stats = createWordStats();
  for (let i = 0; i < n; i++) {
    addToWordStats(stats, textEvidence(`thanh niên bốc đầu rú ga lần ${i}`), "racing");
    addToWordStats(stats, textEvidence(`thanh niên chích hút vứt kim tiêm lần ${i}`), "drugs");
    addToWordStats(stats, textEvidence(`thanh niên tụ tập lần ${i}`), "other");
  }
  return stats;
}

describe("kinds learned from the history's word counts (learnedKinds)", () => {
  it("names the category most reports holding the words are of, and none for words every kind uses", () => {
    const stats = history();
    expect([...learnedKinds(textEvidence("tối nay mấy đứa bốc đầu rú ga inh ỏi"), stats)]).toEqual(["racing"]);
    expect([...learnedKinds(textEvidence("sáng ra thấy kim tiêm, chắc có người chích hút"), stats)]).toEqual(["drugs"]);
    expect([...learnedKinds(textEvidence("thanh niên tụ tập"), stats)]).toEqual([]);
  });

  it("names nothing from one word alone, or before the history holds enough reports of the words", () => {
    expect([...learnedKinds(textEvidence("mấy đứa rú lên"), history())]).toEqual([]);
    expect([...learnedKinds(textEvidence("bốc đầu rú ga"), history(Math.floor(LEARNED_KIND_MIN_REPORTS / 2)))]).toEqual([]);
    expect([...learnedKinds(textEvidence("bốc đầu rú ga"), undefined)]).toEqual([]);
  });

  it("joins KIND_WORDS' kinds only when switched on", () => {
    const text = textEvidence("sáng ra thấy kim tiêm, chắc có người chích hút");
    SCORE_PARAMS.learnedKinds = false;
    expect([...kindsOfText(text, history())]).toEqual([]);
    SCORE_PARAMS.learnedKinds = true;
    expect([...kindsOfText(text, history())]).toEqual(["drugs"]);
  });
});

describe("words that name kinds which never go together (kindsDiffer)", () => {
  const at = (hours: number) => new Date(Date.parse("2026-12-10T20:00:00+07:00") + hours * 3_600_000).toISOString();
  const tip = (id: string, category: string, text: string, hours: number): DedupeTip => ({
    id, category, wardCode: "20257", occurredAt: at(hours), receivedAt: at(hours), features: textEvidence(text, "Đường Nguyễn Văn Linh, phường Thanh Khê"),
  });

  it("must NOT link a drug den and a racing crowd on one street because one reporter chose a general category", () => {
    SCORE_PARAMS.learnedKinds = true;
    SCORE_PARAMS.kindConflict = true;
    const stats = history();
    const den = tip("1", "drugs", "Thanh niên chích hút trong nhà hoang, vứt kim tiêm ra đường.", 0);
    const crowd = tip("2", "security", "Thanh niên bốc đầu rú ga inh ỏi cả đoạn đường.", 1);
    expect(kindsDiffer(den, crowd, stats)).toEqual([["drugs"], ["racing"]]);
    const score = scorePair(den, crowd, { adjacency: new Map(), wordStats: stats });
    expect(score.evidence.map((e) => e.code)).toContain("different-kinds");
    SCORE_PARAMS.kindConflict = false;
    expect(scorePair(den, crowd, { adjacency: new Map(), wordStats: stats }).score).toBeGreaterThan(score.score);
  });

  it("finds no conflict when the kinds fit each other or one text names none", () => {
    SCORE_PARAMS.learnedKinds = true;
    SCORE_PARAMS.kindConflict = true;
    const stats = history();
    const racing = tip("1", "racing", "bốc đầu rú ga", 0);
    expect(kindsDiffer(racing, tip("2", "other", "bốc đầu rú ga cả đêm", 1), stats)).toBeNull();
    expect(kindsDiffer(racing, tip("3", "other", "ồn ào cả đêm", 1), stats)).toBeNull();
  });
});
