import path from "node:path";
import { describe, expect, it } from "vitest";
import { DUPLICATE_THRESHOLD } from "../../../domain/dedupe";
import { wardAdjacency } from "../../../domain/geo";
import { clusterInOrder, evaluateTriage, pairReport } from "../../../domain/triage-eval";
import { readTips } from "../../../scripts/eval-triage-domain";
import { devTips, reference } from "../../setup/domain-reference";

describe("triage quality on the dev sample", () => {
  const evaluation = evaluateTriage(devTips(), reference, [DUPLICATE_THRESHOLD]);

  it("resolves at least 95% of wards, in every location form", () => {
    expect(evaluation.wards.misses).toEqual([]);
    expect(evaluation.wards.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(Object.keys(evaluation.wards.byForm).sort()).toEqual([
      "address, current names",
      "address, no diacritics",
      "address, old names",
      "point",
      "ward code",
    ]);
    for (const bucket of Object.values(evaluation.wards.byForm)) expect(bucket.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("finds duplicate pairs with F1 ≥ 0.90 at the default threshold", () => {
    const [metrics] = evaluation.duplicates;
    expect(metrics!.f1).toBeGreaterThanOrEqual(0.9);
  });
});

describe("duplicates on the tuning sets (issue 13; never the held-out test set)", () => {
  for (const name of ["tips-tune.jsonl", "tips-tune2.jsonl"]) {
    it(`${name}: precision ≥ 0.98 and F1 ≥ 0.95, with the cost of each category relation reported`, () => {
      const tips = readTips(path.resolve(import.meta.dirname, "../../fixtures/triage", name));
      const evaluation = evaluateTriage(tips, reference, [DUPLICATE_THRESHOLD]);
      const [metrics] = evaluation.duplicates;
      expect(metrics!.precision).toBeGreaterThanOrEqual(0.98);
      expect(metrics!.f1).toBeGreaterThanOrEqual(0.95);
      const clusterOf = clusterInOrder(evaluation.dedupeTips, { adjacency: wardAdjacency(reference.boundaries) });
      const report = pairReport(tips, clusterOf, new Map(), () => null);
      // Both sets hold general ↔ specific and related-category reports of one incident; none is a false merge.
      for (const relation of ["general", "related"]) {
        expect(report.byRelation[relation]!.truePositives).toBeGreaterThan(0);
        expect(report.byRelation[relation]!.falsePositives).toBe(0);
      }
    });
  }
});
