/**
 * `npx tsx scripts/bench/triage-mixed.ts RUN.db [--top 15]` — diagnostics for bench:triage: after a run kept
 * with `--keep`, lists the clusters holding new tips that mix the generator's incidents, worst first (wrong
 * pairs), with each member's incident, ward, kind, time and text, and for the new ones why the pipeline put
 * them there (the `clustered` event: score, reasons, matched tip, merged clusters). Reads only.
 */
import SQLite from "better-sqlite3";
import { parseArgs } from "node:util";
import { INCIDENT_TABLE } from "./synthetic-history";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string" } } });
const file = positionals[0];
if (!file) throw new Error("usage: triage-mixed.ts RUN.db [--top N]");
const top = Number(values.top ?? 15);
const sqlite = new SQLite(file, { readonly: true });
const fresh = sqlite.prepare("select tip_id from tip_events where type in ('clustered', 'cluster_started')").all() as Array<{ tip_id: number }>;
const freshIds = new Set(fresh.map((r) => r.tip_id));
const clusters = sqlite.prepare(`select distinct cluster_id from tips where id in (select value from json_each(?))`).all(JSON.stringify([...freshIds])) as Array<{ cluster_id: number }>;
const memberQuery = sqlite.prepare(`select t.id, t.category, t.ward_code, t.dedupe_at, t.description, t.location_address, i.incident_id
  from tips t join ${INCIDENT_TABLE} i on i.tip_id = t.id where t.cluster_id = ? order by t.dedupe_at`);
const eventQuery = sqlite.prepare("select data from tip_events where tip_id = ? and type = 'clustered'");
type Member = { id: number; category: string; ward_code: string; dedupe_at: string; description: string; location_address: string | null; incident_id: number };
const mixed = clusters.map(({ cluster_id }) => ({ cluster_id, members: memberQuery.all(cluster_id) as Member[] }))
  .map((c) => {
    const byIncident = new Map<number, number>();
    for (const m of c.members) byIncident.set(m.incident_id, (byIncident.get(m.incident_id) ?? 0) + 1);
    const pairs = (n: number) => (n * (n - 1)) / 2;
    const wrong = pairs(c.members.length) - [...byIncident.values()].reduce((s, n) => s + pairs(n), 0);
    return { ...c, incidents: byIncident.size, wrong };
  })
  .filter((c) => c.incidents > 1)
  .sort((a, b) => b.wrong - a.wrong);
console.log(`${mixed.length} mixed clusters holding new tips; wrong pairs in all: ${mixed.reduce((s, c) => s + c.wrong, 0)}`);
for (const c of mixed.slice(0, top)) {
  console.log(`\n== cluster ${c.cluster_id}: ${c.members.length} tips, ${c.incidents} incidents, ${c.wrong} wrong pairs`);
  for (const m of c.members) {
    console.log(`  ${freshIds.has(m.id) ? "NEW" : "   "} #${m.id} inc ${m.incident_id} ${m.ward_code} ${m.category} ${m.dedupe_at.slice(0, 16)} | ${m.description.replace(/\s+/g, " ").slice(0, 220)}${m.location_address ? ` [addr: ${m.location_address}]` : ""}`);
    const event = eventQuery.get(m.id) as { data: string } | undefined;
    if (event) {
      const d = JSON.parse(event.data) as { matchedTipId: number; score: number; reasons: string[]; mergedClusters: number[]; support: unknown };
      console.log(`        joined via #${d.matchedTipId} score ${d.score}; merged ${JSON.stringify(d.mergedClusters)}; support ${JSON.stringify(d.support)}; ${d.reasons.join("; ")}`);
    }
  }
}
