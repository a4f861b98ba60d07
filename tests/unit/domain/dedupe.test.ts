import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseCluster,
  DUPLICATE_THRESHOLD,
  LSH_BANDS,
  scorePair,
  textFeatures,
  textSimilarity,
  type DedupeContext,
  type DedupeTip,
} from "../../../domain/dedupe";
import { categoriesCompatible } from "../../../domain/category-relations";
import { wardAdjacency } from "../../../domain/geo";
import { foldVietnamese } from "../../../domain/text";
import { devTips, reference } from "../../setup/domain-reference";

const context: DedupeContext = { adjacency: wardAdjacency(reference.boundaries) };
const sample = new Map(devTips().map((tip) => [tip.externalRef, tip]));

/** A dev-sample tip as the pipeline would see it, placed in its labelled ward. */
function tip(ref: string, overrides: Partial<DedupeTip> = {}): DedupeTip {
  const source = sample.get(ref)!;
  const location = source.location;
  return {
    id: ref,
    category: source.category,
    wardCode: source.label.wardCode,
    point: "lat" in location ? { lat: location.lat, lng: location.lng } : null,
    occurredAt: source.occurredAt,
    receivedAt: source.occurredAt!,
    features: textFeatures(source.description, "address" in location ? location.address : null),
    ...overrides,
  };
}

describe("textFeatures", () => {
  it("folds diacritics and common chat spellings onto the same shingles", () => {
    const standard = textFeatures("2 thanh niên đi xe không biển số, tôi thấy được");
    const chat = textFeatures("2 thanh nien di xe ko bien so, tui thay dc");
    expect(chat.shingles).toEqual(standard.shingles);
    expect(chat.bandKeys).toEqual(standard.bandKeys);
  });

  it("keeps phrases that start with a function word ('đá gà')", () => {
    expect(textFeatures("Tổ chức đá gà ăn tiền").shingles).toContain("da ga");
  });

  it("is deterministic and gives one LSH key per band", () => {
    const a = textFeatures(sample.get("D-0028")!.description);
    const b = textFeatures(sample.get("D-0028")!.description);
    expect(a).toEqual(b);
    expect(a.bandKeys).toHaveLength(LSH_BANDS);
    for (const key of a.bandKeys) expect(key).toMatch(/^b\d+:[0-9a-f]{8}$/);
  });

  it("gives no band keys to a text without evidence", () => {
    expect(textFeatures("").bandKeys).toEqual([]);
    expect(textFeatures("tôi thấy, đề nghị công an kiểm tra").bandKeys).toEqual([]);
  });

  it("finds the same text with and without diacritics identical", () => {
    const text = sample.get("D-0031")!.description;
    expect(textSimilarity(textFeatures(text), textFeatures(foldVietnamese(text)))).toBe(1);
  });

  it("scores every pair as the plain definition does: weighted Jaccard over shingle sets, phrases ×2, names ×2", () => {
    const PAIR = 2;
    const NAME = 2;
    const plain = (a: { shingles: string[]; names: string[] }, b: { shingles: string[]; names: string[] }) => {
      const names = new Set([...a.names, ...b.names]);
      const weight = (s: string) => (s.includes(" ") ? PAIR : 1) * (s.split(" ").some((w) => names.has(w)) ? NAME : 1);
      const union = new Set([...a.shingles, ...b.shingles]);
      const shared = [...union].filter((s) => a.shingles.includes(s) && b.shingles.includes(s));
      const total = [...union].reduce((sum, s) => sum + weight(s), 0);
      return total ? shared.reduce((sum, s) => sum + weight(s), 0) / total : 0;
    };
    const texts = devTips().map((t) => t.description);
    // Real tips against each other, and made-up ones built from their words (shared names, repeats, numbers).
    for (let i = 0; i < texts.length; i += 3) {
      for (let j = i + 1; j < texts.length; j += 7) {
        const [a, b] = [textFeatures(texts[i]!), textFeatures(texts[j]!)];
        expect(textSimilarity(a, b)).toBeCloseTo(plain(a, b), 12);
      }
    }
    const words = [...new Set(texts.join(" ").split(/\s+/))].slice(0, 400);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.array(fc.constantFrom(...words), { maxLength: 40 }), (x, y) => {
        const [a, b] = [textFeatures(x.join(" ")), textFeatures(y.join(" "))];
        expect(textSimilarity(a, b)).toBeCloseTo(plain(a, b), 12);
        expect(textSimilarity(b, a)).toBeCloseTo(textSimilarity(a, b), 12);
      }),
      { numRuns: 300 },
    );
  });
});

describe("scorePair", () => {
  it("matches paraphrases of one incident, with and without diacritics", () => {
    // Drug house at the end of kiệt 78 Hồ Nghinh: accented vs unaccented tip, two days apart.
    expect(scorePair(tip("D-0028"), tip("D-0030"), context).duplicate).toBe(true);
    // Boarding-house motorbike theft, an accented ward pick and an unaccented address.
    const theft = scorePair(tip("D-0033"), tip("D-0034"), context);
    expect(theft.duplicate).toBe(true);
    expect(theft.reasons).toContain("same ward 20197");
  });

  it("matches one incident reported under related categories", () => {
    expect(scorePair(tip("D-0077"), tip("D-0078"), context).duplicate).toBe(true); // violence / weapons
    expect(scorePair(tip("D-0089"), tip("D-0090"), context).duplicate).toBe(true); // fraud / cybercrime
  });

  it("keeps apart two incidents in the same ward a day apart", () => {
    // A drug house in a kiệt vs a karaoke bar on Ngô Quyền, both in An Hải.
    const pair = scorePair(tip("D-0030"), tip("D-0031"), context);
    expect(pair.score).toBeGreaterThan(0);
    expect(pair.duplicate).toBe(false);
  });

  it("does not merge the same generic wording from another ward, even at the same hour", () => {
    const racing = tip("D-0052");
    const copyNextWard = { ...tip("D-0057"), occurredAt: racing.occurredAt, features: racing.features };
    const pair = scorePair(racing, copyNextWard, context);
    expect(pair.reasons[0]).toBe("neighbouring wards 20285/20314");
    expect(pair.score).toBeLessThan(DUPLICATE_THRESHOLD);
    // Dog theft the same night, near-identical words, wards that do not touch.
    expect(scorePair(tip("D-0061"), tip("D-0062"), context)).toEqual({
      score: 0,
      duplicate: false,
      reasons: ["not the same or a neighbouring place"],
      evidence: [{ code: "places-differ" }],
    });
  });

  it("does not merge the same place months apart", () => {
    // Racing on Trường Sa in March and again in May, by the same reporter.
    const pair = scorePair(tip("D-0004"), tip("D-0052"), context);
    expect(pair.duplicate).toBe(false);
    expect(pair.reasons[0]).toMatch(/beyond the 30-day window/);
  });

  it("fades with time inside the window", () => {
    const early = tip("D-0084");
    const scores = [0, 48, 96, 240].map((hours) => {
      const later = new Date(Date.parse(early.occurredAt!) + hours * 3_600_000).toISOString();
      return scorePair(early, tip("D-0085", { occurredAt: later }), context).score;
    });
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[3]!);
  });

  it("rejects incompatible categories", () => {
    const pair = scorePair(tip("D-0057"), tip("D-0059", { occurredAt: tip("D-0057").occurredAt }), context);
    expect(pair).toMatchObject({ duplicate: false, reasons: ["categories racing and drugs do not match"] });
  });

  it("accepts nearby map points across a ward boundary, but not distant ones", () => {
    const here = { lat: 16.0712, lng: 108.2411 };
    const a = tip("D-0056", { wardCode: "20275", point: here });
    const near = { ...a, id: "near", wardCode: "20263", point: { lat: here.lat + 0.001, lng: here.lng } };
    const far = { ...a, id: "far", wardCode: "20410", point: { lat: here.lat + 0.05, lng: here.lng } };
    expect(scorePair(a, near, context).duplicate).toBe(true);
    expect(scorePair(a, near, context).reasons[0]).toMatch(/^\d+ m apart$/);
    expect(scorePair(a, far, context).duplicate).toBe(false);
  });

  it("compares receipt times when an incident time is unknown", () => {
    const a = tip("D-0063", { occurredAt: null, receivedAt: "2026-06-03T06:00:00+07:00" });
    const b = tip("D-0064", { receivedAt: "2026-06-03T09:30:00+07:00" });
    expect(scorePair(a, b, context).reasons[1]).toBe("4 h apart");
  });

  it("is symmetric and stays within 0..1", () => {
    const refs = ["D-0016", "D-0017", "D-0018", "D-0028", "D-0031", "D-0052", "D-0057", "D-0077", "D-0079"];
    for (const x of refs) {
      for (const y of refs) {
        const forward = scorePair(tip(x), tip(y), context);
        expect(scorePair(tip(y), tip(x), context).score).toBe(forward.score);
        expect(forward.score).toBeGreaterThanOrEqual(0);
        expect(forward.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("categoriesCompatible", () => {
  it("pairs categories residents confuse, both ways", () => {
    expect(categoriesCompatible("fraud", "cybercrime")).toBe(true);
    expect(categoriesCompatible("weapons", "violence")).toBe(true);
    expect(categoriesCompatible("theft", "robbery")).toBe(true);
    expect(categoriesCompatible("other", "drugs")).toBe(true);
    expect(categoriesCompatible("racing", "drugs")).toBe(false);
    expect(categoriesCompatible("environment", "fraud")).toBe(false);
  });
});

describe("chooseCluster", () => {
  const yes = (score: number) => ({ score, duplicate: true, reasons: [], evidence: [] });
  const no = (score: number) => ({ score, duplicate: false, reasons: [], evidence: [] });

  it("joins the cluster of the best duplicate", () => {
    const choice = chooseCluster({ id: "t9" }, [
      { tipId: "t1", clusterId: "c1", score: yes(0.7) },
      { tipId: "t2", clusterId: "c2", score: yes(0.9) },
      { tipId: "t3", clusterId: "c3", score: no(0.95) },
    ]);
    expect(choice).toEqual({ clusterId: "c2", matchedTipId: "t2", score: 0.9, support: { count: 1, total: 1 } });
  });

  it("starts a new cluster when nothing is a duplicate", () => {
    expect(chooseCluster({ id: "t9" }, [{ tipId: "t1", clusterId: "c1", score: no(0.5) }])).toBeNull();
    expect(chooseCluster({ id: "t9" }, [])).toBeNull();
  });

  it("never puts a tip back into a cluster an officer split it from", () => {
    const candidates = [
      { tipId: "t1", clusterId: "c1", score: yes(0.9) },
      { tipId: "t2", clusterId: "c2", score: yes(0.7) },
    ];
    const neverJoin = [
      { tipId: "t9", clusterId: "c1" },
      { tipId: "t8", clusterId: "c2" },
    ];
    expect(chooseCluster({ id: "t9" }, candidates, neverJoin)?.clusterId).toBe("c2");
  });

  it("ignores the tip itself among the candidates", () => {
    expect(chooseCluster({ id: "t1" }, [{ tipId: "t1", clusterId: "c1", score: yes(1) }])).toBeNull();
  });
});
