/**
 * tips-tune6.jsonl (ADR 0088): the sixth tuning set passes check-labelled-tips, holds what it was written for
 * (ward-code reports of one incident against an address or a point; the same shape between two incidents of one ward
 * and day; other + smuggling, environment + other, corruption with another category) and shares no reference,
 * incident id or text with the dev sample or the other tuning sets. Reads only tuning files, never the held-out sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { dataDir, reference } from "../../setup/domain-reference";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/triage", name), "utf8");
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
const tune6 = fixture("tips-tune6.jsonl");

describe("tips-tune6.jsonl", () => {
  it("passes check-labelled-tips, with R-/RI- identifiers in December 2026", () => {
    const { errors, summary } = checkLabelledTips(tune6, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(60);
    const tips = lines(tune6);
    expect(tips.every((tip) => /^R-\d{4}$/.test(tip.externalRef) && /^RI-\d{3}$/.test(tip.label.incident))).toBe(true);
    expect(tips.every((tip) => tip.occurredAt.startsWith("2026-12-") && tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });

  it("holds ward-code pairs of one incident, the same shape between two incidents, and the categories it was written for", () => {
    const tips = lines(tune6);
    const wardOnly = (tip: Record<string, any>) => "wardCode" in tip.location;
    let sameIncident = 0;
    let otherIncident = 0;
    const categoryPairs = new Set<string>();
    for (const [i, a] of tips.entries()) {
      for (const b of tips.slice(i + 1)) {
        const hours = Math.abs(Date.parse(a.occurredAt) - Date.parse(b.occurredAt)) / 3_600_000;
        if (a.label.wardCode !== b.label.wardCode || hours > 3 || wardOnly(a) === wardOnly(b)) continue;
        if (a.label.incident === b.label.incident) {
          sameIncident++;
          categoryPairs.add([a.category, b.category].sort().join("+"));
        } else otherIncident++;
      }
    }
    expect(sameIncident).toBeGreaterThanOrEqual(15);
    expect(otherIncident).toBeGreaterThanOrEqual(10);
    for (const pair of ["other+smuggling", "environment+other", "corruption+other"]) expect(categoryPairs).toContain(pair);
  });

  it("shares no externalRef, incident id or text with the dev sample or the other tuning sets, nor within itself", () => {
    const others = [
      readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8"),
      ...["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-tune4.jsonl", "tips-tune5.jsonl"].map(fixture),
    ].flatMap(lines);
    const refs = new Set(others.map((tip) => tip.externalRef));
    const incidents = new Set(others.map((tip) => tip.label.incident));
    const texts = new Set(others.map((tip) => tip.description));
    const tips = lines(tune6);
    expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
    expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
  });
});
