/**
 * tips-tune7.jsonl (ADR 0092): the seventh tuning set passes check-labelled-tips, holds what it was written for (a map
 * point whose words name no place against a typed address of the same incident; the same shape between two incidents
 * of one ward and evening) and shares no reference, incident id or text with the dev sample or the other tuning sets.
 * Reads only tuning files, never the held-out sets.
 */
import { describe, expect, it } from "vitest";
import { itPassesTheCheck, itSharesNothingWith, labelledTips, triageFixture, tuningFilesUpTo } from "../../setup/tuning-sets";

const tune7 = triageFixture("tips-tune7.jsonl");

describe("tips-tune7.jsonl", () => {
  itPassesTheCheck(tune7, { minTips: 30, prefix: "P", month: "2026-11" });

  it("holds point ↔ address pairs of one incident within 3 h, and as many of two incidents", () => {
    const tips = labelledTips(tune7);
    const isPoint = (tip: Record<string, any>) => "lat" in tip.location;
    const isAddress = (tip: Record<string, any>) => "address" in tip.location;
    let sameIncident = 0;
    let otherIncident = 0;
    for (const [i, a] of tips.entries()) {
      for (const b of tips.slice(i + 1)) {
        const hours = Math.abs(Date.parse(a.occurredAt) - Date.parse(b.occurredAt)) / 3_600_000;
        if (a.label.wardCode !== b.label.wardCode || hours > 3) continue;
        if (!((isPoint(a) && isAddress(b)) || (isPoint(b) && isAddress(a)))) continue;
        if (a.label.incident === b.label.incident) sameIncident++;
        else otherIncident++;
      }
    }
    expect(sameIncident).toBeGreaterThanOrEqual(8);
    expect(otherIncident).toBeGreaterThanOrEqual(8);
  });

  itSharesNothingWith(tune7, tuningFilesUpTo(6));
});
