import { loadReference, readTips } from "./scripts/eval-triage-domain";
import { evaluateTriage } from "./domain/triage-eval";
import { addToWordStats, createWordStats, textOverlap } from "./domain/dedupe";
const ref = loadReference("/work/shared/data");
for (const f of [process.argv[2]!]) {
  const ev = evaluateTriage(readTips(f), ref, [0.6]);
  const ws = createWordStats(); for (const t of ev.dedupeTips) addToWordStats(ws, t.features);
  const tips = ev.located.map(l => l.tip); const dt = ev.dedupeTips;
  for (let i = 0; i < dt.length; i++) for (let j = i + 1; j < dt.length; j++) {
    const a = dt[i]!, b = dt[j]!;
    if (a.wardCode !== b.wardCode) continue;
    const h = Math.abs(Date.parse(a.occurredAt!) - Date.parse(b.occurredAt!)) / 3.6e6; if (h > 48) continue;
    const same = tips[i]!.label.incident === tips[j]!.label.incident;
    const o = textOverlap(a.features, b.features, ws);
    const sharedNames = a.features.names.filter(n => b.features.names.includes(n));
    console.log(same ? "SAME" : "diff", a.id, b.id, tips[i]!.category, tips[j]!.category, h.toFixed(0) + "h", o.similarity.toFixed(3), o.sharedWords.join(","), "|", a.features.names.join(","), "|", b.features.names.join(","), "| shared:", sharedNames.join(","));
  }
}
