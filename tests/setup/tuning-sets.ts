/**
 * What every tuning set's test checks the same way: it passes check-labelled-tips with its own identifiers and month,
 * and it shares no reference, incident id or text with the dev sample or the tuning sets written before it.
 * Reads only tuning files and the dev sample, never the held-out sets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { checkLabelledTips, prepareReference } from "../../scripts/check-labelled-tips";
import { dataDir, reference } from "./domain-reference";

export type LabelledTip = Record<string, any>;

export const triageFixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../fixtures/triage", name), "utf8");
export const labelledTips = (text: string): LabelledTip[] => text.trim().split("\n").map((line) => JSON.parse(line) as LabelledTip);

/** The set passes check-labelled-tips with at least `minTips` tips; with `prefix`, its refs are PREFIX-nnnn and its incidents PREFIXI-nnn in `month` ("2026-10"). */
export function itPassesTheCheck(text: string, { minTips, prefix, month }: { minTips: number; prefix?: string; month?: string }) {
  const naming = prefix ? `, with ${prefix}-/${prefix}I- identifiers in ${month}` : "";
  it(`passes check-labelled-tips${naming}`, () => {
    const { errors, summary } = checkLabelledTips(text, prepareReference(reference));
    expect(errors).toEqual([]);
    expect(summary.tips).toBeGreaterThanOrEqual(minTips);
    if (!prefix) return;
    const tips = labelledTips(text);
    const ref = new RegExp(`^${prefix}-\\d{4}$`);
    const incident = new RegExp(`^${prefix}I-\\d{3}$`);
    expect(tips.every((tip) => ref.test(tip.externalRef) && incident.test(tip.label.incident))).toBe(true);
    expect(tips.every((tip) => tip.occurredAt.startsWith(`${month}-`) && tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });
}

/** No externalRef, incident id or text of the set is in the dev sample or in `earlier` (tuning files), nor twice in the set. */
export function itSharesNothingWith(text: string, earlier: readonly string[]) {
  it("shares no externalRef, incident id or text with the dev sample or the other tuning sets, nor within itself", () => {
    const others = [readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8"), ...earlier.map(triageFixture)].flatMap(labelledTips);
    const refs = new Set(others.map((tip) => tip.externalRef));
    const incidents = new Set(others.map((tip) => tip.label.incident));
    const texts = new Set(others.map((tip) => tip.description));
    const tips = labelledTips(text);
    expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
    expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
  });
}

/** The tuning files tips-tune.jsonl … tips-tuneN.jsonl. */
export const tuningFilesUpTo = (n: number) => Array.from({ length: n }, (_, i) => `tips-tune${i === 0 ? "" : i + 1}.jsonl`);
