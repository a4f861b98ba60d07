/**
 * tips-tune6.jsonl (ADR 0088): the sixth tuning set passes check-labelled-tips, holds what it was written for
 * (ward-code reports of one incident against an address or a point; the same shape between two incidents of one ward
 * and day; other + smuggling, environment + other, corruption with another category) and shares no reference,
 * incident id or text with the dev sample or the other tuning sets. Reads only tuning files, never the held-out sets.
 */
import { describe, expect, it } from "vitest";
import { itPassesTheCheck, itSharesNothingWith, labelledTips, triageFixture, tuningFilesUpTo } from "../../setup/tuning-sets";

const tune6 = triageFixture("tips-tune6.jsonl");

describe("tips-tune6.jsonl", () => {
  itPassesTheCheck(tune6, { minTips: 60, prefix: "R", month: "2026-12" });

  it("holds ward-code pairs of one incident, the same shape between two incidents, and the categories it was written for", () => {
    const tips = labelledTips(tune6);
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

  itSharesNothingWith(tune6, tuningFilesUpTo(5));
});
