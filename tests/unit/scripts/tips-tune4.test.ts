/**
 * tips-tune4.jsonl (ADR 0082): the fourth tuning set passes check-labelled-tips, holds what it was written for
 * (≥ 120 tips, cross-category incidents, every location form) and shares no reference, incident id or text with
 * the dev sample or the other tuning sets. Reads only tuning files, never the held-out test sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { categoryRelation } from "../../../domain/category-relations";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { dataDir, reference } from "../../setup/domain-reference";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/triage", name), "utf8");
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
const tune4 = fixture("tips-tune4.jsonl");

describe("tips-tune4.jsonl", () => {
  it("passes check-labelled-tips, with ≥ 120 tips in every location form", () => {
    const { errors, summary } = checkLabelledTips(tune4, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(120);
    expect(Object.keys(summary.forms).sort()).toEqual(["address, current names", "address, no diacritics", "address, old names", "point", "ward code"]);
  });

  it("holds one-incident pairs of a general and a specific category, and hard negatives of one ward and night", () => {
    const tips = lines(tune4);
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

  it("shares no externalRef, incident id or text with the dev sample or the other tuning sets, nor within itself", () => {
    const others = [
      readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8"),
      ...["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl"].map(fixture),
    ].flatMap(lines);
    const refs = new Set(others.map((tip) => tip.externalRef));
    const incidents = new Set(others.map((tip) => tip.label.incident));
    const texts = new Set(others.map((tip) => tip.description));
    const tips = lines(tune4);
    expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
    expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
  });
});
