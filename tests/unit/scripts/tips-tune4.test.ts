/**
 * tips-tune4.jsonl (ADR 0082): the fourth tuning set passes check-labelled-tips, holds what it was written for
 * (≥ 120 tips, cross-category incidents, every location form) and shares no reference, incident id or text with
 * the dev sample or the other tuning sets. Reads only tuning files, never the held-out test sets.
 */
import { describe, expect, it } from "vitest";
import { categoryRelation } from "../../../domain/category-relations";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { reference } from "../../setup/domain-reference";
import { itSharesNothingWith, labelledTips, triageFixture, tuningFilesUpTo } from "../../setup/tuning-sets";

const tune4 = triageFixture("tips-tune4.jsonl");

describe("tips-tune4.jsonl", () => {
  it("passes check-labelled-tips, with ≥ 120 tips in every location form", () => {
    const { errors, summary } = checkLabelledTips(tune4, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(120);
    expect(Object.keys(summary.forms).sort()).toEqual(["address, current names", "address, no diacritics", "address, old names", "point", "ward code"]);
  });

  it("holds one-incident pairs of a general and a specific category, and hard negatives of one ward and night", () => {
    const tips = labelledTips(tune4);
    let generalPairs = 0;
    let sameNightOthers = 0;
    for (const [i, a] of tips.entries()) {
      for (const b of tips.slice(i + 1)) {
        const hours = Math.abs(Date.parse(a.occurredAt) - Date.parse(b.occurredAt)) / 3_600_000;
        if (a.label.incident === b.label.incident && categoryRelation(a.category, b.category) === "general") generalPairs++;
        if (a.label.incident !== b.label.incident && a.label.wardCode === b.label.wardCode && a.category === b.category && hours < 6) sameNightOthers++;
      }
    }
    expect(generalPairs).toBeGreaterThanOrEqual(30);
    expect(sameNightOthers).toBeGreaterThanOrEqual(6);
  });

  itSharesNothingWith(tune4, tuningFilesUpTo(3));
});
