/**
 * tips-tune7.jsonl (ADR 0092): the seventh tuning set passes check-labelled-tips, holds what it was written for (a map
 * point whose words name no place against a typed address of the same incident; the same shape between two incidents
 * of one ward and evening) and shares no reference, incident id or text with the dev sample or the other tuning sets.
 * Reads only tuning files, never the held-out sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { dataDir, reference } from "../../setup/domain-reference";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/triage", name), "utf8");
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
const tune7 = fixture("tips-tune7.jsonl");

describe("tips-tune7.jsonl", () => {
  it("passes check-labelled-tips, with P-/PI- identifiers in November 2026", () => {
    const { errors, summary } = checkLabelledTips(tune7, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(30);
    const tips = lines(tune7);
    expect(tips.every((tip) => /^P-\d{4}$/.test(tip.externalRef) && /^PI-\d{3}$/.test(tip.label.incident))).toBe(true);
    expect(tips.every((tip) => tip.occurredAt.startsWith("2026-11-") && tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });

  it("holds point ↔ address pairs of one incident within 3 h, and as many of two incidents", () => {
    const tips = lines(tune7);
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

  it("shares no externalRef, incident id or text with the dev sample or the other tuning sets, nor within itself", () => {
    const others = [
      readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8"),
      ...["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-tune4.jsonl", "tips-tune5.jsonl", "tips-tune6.jsonl"].map(fixture),
    ].flatMap(lines);
    const refs = new Set(others.map((tip) => tip.externalRef));
    const incidents = new Set(others.map((tip) => tip.label.incident));
    const texts = new Set(others.map((tip) => tip.description));
    const tips = lines(tune7);
    expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
    expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
  });
});
