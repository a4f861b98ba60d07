/**
 * `npx tsx scripts/eval-triage-sweep.ts FILE.jsonl [FILE2.jsonl …]`
 *
 * Tries a grid of the scorer's constants (SCORE_PARAMS) on labelled files, in
 * memory, and prints precision/recall/F1 per file for each: how the defaults in
 * domain/dedupe.ts were chosen (dev sample + tuning set, never the test set).
 */
import { DUPLICATE_THRESHOLD, SCORE_PARAMS } from "../domain/dedupe";
import { evaluateTriage } from "../domain/triage-eval";
import { loadReference, readTips, sharedDataDir } from "./eval-triage-domain";

const files = process.argv.slice(2);
const reference = loadReference(sharedDataDir());
const sets = files.map((file) => readTips(file));
const rows: string[] = [];
for (const saturation of [0.12, 0.16, 0.2, 0.25]) {
  for (const floor of [0, 0.02, 0.04]) {
    for (const generalCategory of [0.3, 0.45, 0.6]) {
      for (const time of [0.35, 0.3, 0.25]) {
        Object.assign(SCORE_PARAMS, { textSaturation: saturation, textFloor: floor, generalCategory });
        SCORE_PARAMS.weights.time = time;
        SCORE_PARAMS.weights.text = 0.8 - time;
        const results = sets.map((tips) => evaluateTriage(tips, reference, [DUPLICATE_THRESHOLD]).duplicates[0]!);
        const worstF1 = Math.min(...results.map((r) => (r.precision >= 0.98 ? r.f1 : r.f1 - 1)));
        rows.push(`${worstF1.toFixed(3)}  sat ${saturation} floor ${floor} general ${generalCategory} time ${time}  ` +
          results.map((r) => `P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}`).join("  |  "));
      }
    }
  }
}
for (const row of rows.sort().reverse().slice(0, 25)) console.log(row);
