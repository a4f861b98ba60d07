// arch15: the triage bench's measuring child (identical in every compared commit), with a start signal so the
// driver can give this process real-time priority after it has loaded; CPU time per tip as well as wall time.
import { existsSync } from "node:fs";
import { openDatabase } from "../../db/client";
import { primeEvidenceCache, processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
const file = process.argv[2];
const WARM_UP_TIPS = 40;
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
const database = openDatabase(`file:${file}`, { durability: "normal", checkpoints: "background" });
const db = database.db;
const triage = createTriageContextCache(db);
await triage.get();
await primeEvidenceCache(db);
const received = (await db.selectFrom("tips").select("id").where("status", "=", "received").orderBy("id").execute()).map((t) => t.id);
for (const tipId of received.slice(0, WARM_UP_TIPS)) await processIntake({ db, triage }, tipId);
const tipIds = received.slice(WARM_UP_TIPS);
console.log(`READY ${process.pid}`);
while (!existsSync(`${file}.go`)) await new Promise((r) => setTimeout(r, 50));
const wall: number[] = [];
const cpu: number[] = [];
const c0 = process.cpuUsage();
const w0 = performance.now();
for (const tipId of tipIds) {
  const started = performance.now();
  const before = process.cpuUsage();
  await processIntake({ db, triage }, tipId);
  const used = process.cpuUsage(before);
  wall.push(performance.now() - started);
  cpu.push((used.user + used.system) / 1000);
}
const totalCpu = process.cpuUsage(c0);
const totalWall = performance.now() - w0;
const clustered = (await db.selectFrom("tip_events").select("data").where("tip_id", "in", tipIds).where("type", "=", "clustered").execute()).length;
await database.close();
wall.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log("RESULT " + JSON.stringify({
  n: tipIds.length, p50: pct(wall, 50), p99: pct(wall, 99), cpuP50: pct(cpu, 50), cpuP99: pct(cpu, 99),
  cpuMean: (totalCpu.user + totalCpu.system) / 1000 / tipIds.length, wallMean: totalWall / tipIds.length, clustered,
}));
process.exit(0);
