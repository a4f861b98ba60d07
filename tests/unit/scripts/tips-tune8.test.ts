/**
 * tips-tune8.jsonl (ADR 0093): the eighth tuning set passes check-labelled-tips, holds what it was written for (one
 * scam told by two people of one ward hours apart, one of them often giving the caller's phone or the account paid and
 * the other not; and beside them, in the same ward and days, other scams of the same or another story) and shares no
 * reference, incident id or text with the dev sample or the other tuning sets. Reads only tuning files, never the
 * held-out sets.
 */
import { describe, expect, it } from "vitest";
import { tipEntityKeys } from "../../../domain/triage-eval";
import { itPassesTheCheck, itSharesNothingWith, labelledTips, triageFixture, tuningFilesUpTo } from "../../setup/tuning-sets";

const tune8 = triageFixture("tips-tune8.jsonl");
const SCAMS = ["fraud", "cybercrime"];

describe("tips-tune8.jsonl", () => {
  itPassesTheCheck(tune8, { minTips: 36, prefix: "G", month: "2026-10" });

  it("holds scams told twice in one ward hours apart, often one with an identifier and one without, and other scams beside them", () => {
    const tips = labelledTips(tune8);
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

  itSharesNothingWith(tune8, tuningFilesUpTo(7));
});
