/**
 * tips-tune8.jsonl (ADR 0093): the eighth tuning set passes check-labelled-tips, holds what it was written for (one
 * scam told by two people of one ward hours apart, one of them often giving the caller's phone or the account paid and
 * the other not; and beside them, in the same ward and days, other scams of the same or another story) and shares no
 * reference, incident id or text with the dev sample or the other tuning sets. Reads only tuning files, never the
 * held-out sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { tipEntityKeys } from "../../../domain/triage-eval";
import { dataDir, reference } from "../../setup/domain-reference";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/triage", name), "utf8");
const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
const tune8 = fixture("tips-tune8.jsonl");
const SCAMS = ["fraud", "cybercrime"];

describe("tips-tune8.jsonl", () => {
  it("passes check-labelled-tips, with G-/GI- identifiers in October 2026", () => {
    const { errors, summary } = checkLabelledTips(tune8, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(36);
    const tips = lines(tune8);
    expect(tips.every((tip) => /^G-\d{4}$/.test(tip.externalRef) && /^GI-\d{3}$/.test(tip.label.incident))).toBe(true);
    expect(tips.every((tip) => tip.occurredAt.startsWith("2026-10-") && tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });

  it("holds scams told twice in one ward hours apart, often one with an identifier and one without, and other scams beside them", () => {
    const tips = lines(tune8);
    let sameScam = 0;
    let oneIdentifier = 0;
    let apartHours = 0;
    let otherScam = 0;
    for (const [i, a] of tips.entries()) {
      for (const b of tips.slice(i + 1)) {
        if (!SCAMS.includes(a.category) || !SCAMS.includes(b.category) || a.label.wardCode !== b.label.wardCode) continue;
        const hours = Math.abs(Date.parse(a.occurredAt) - Date.parse(b.occurredAt)) / 3_600_000;
        if (a.label.incident === b.label.incident) {
          sameScam++;
          if ((tipEntityKeys(a.description, null).length === 0) !== (tipEntityKeys(b.description, null).length === 0)) oneIdentifier++;
          if (hours >= 6) apartHours++;
        } else if (hours <= 48) otherScam++;
      }
    }
    expect(sameScam).toBeGreaterThanOrEqual(12);
    expect(oneIdentifier).toBeGreaterThanOrEqual(8);
    expect(apartHours).toBeGreaterThanOrEqual(6);
    expect(otherScam).toBeGreaterThanOrEqual(8);
  });

  it("shares no externalRef, incident id or text with the dev sample or the other tuning sets, nor within itself", () => {
    const others = [
      readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8"),
      ...["", "2", "3", "4", "5", "6", "7"].map((n) => fixture(`tips-tune${n}.jsonl`)),
    ].flatMap(lines);
    const refs = new Set(others.map((tip) => tip.externalRef));
    const incidents = new Set(others.map((tip) => tip.label.incident));
    const texts = new Set(others.map((tip) => tip.description));
    const tips = lines(tune8);
    expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
    expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
  });
});
