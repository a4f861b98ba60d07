import { describe, expect, it } from "vitest";
import { DUPLICATE_THRESHOLD } from "../../../domain/dedupe";
import { evaluateTriage } from "../../../domain/triage-eval";
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
