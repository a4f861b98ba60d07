/**
 * `npx tsx scripts/bench/cpu-profile-summary.ts FILE.cpuprofile [--tips N] [--top 30]`
 *
 * A V8 CPU profile in figures: busy time (not idle), the top functions by self time, the
 * innermost known category of each sample (SQLite, Kysely, zod, express, http, ioredis, …),
 * and the time with each of the project's own files on the stack (inclusive). With --tips,
 * every figure is also given in ms a tip.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { tips: { type: "string" }, top: { type: "string" } } });
const profile = JSON.parse(readFileSync(positionals[0], "utf8")) as Profile;
const TIPS = values.tips ? Number(values.tips) : null;
const TOP = Number(values.top ?? 30);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const CATEGORIES: Array<[string, (f: Node["callFrame"]) => boolean]> = [
  ["GC", (f) => f.functionName === "(garbage collector)"],
  ["SQLite (better-sqlite3)", (f) => f.url.includes("better-sqlite3")],
  ["argon2 (main-thread part)", (f) => f.url.includes("/argon2/")],
  ["Kysely", (f) => f.url.includes("/kysely/")],
  ["zod", (f) => f.url.includes("/zod/")],
  ["ioredis / BullMQ", (f) => /\/(ioredis|bullmq|redis-parser|msgpackr)\//.test(f.url)],
  ["pino (logging)", (f) => /\/(pino|sonic-boom|thread-stream|fast-redact)/.test(f.url)],
  ["express / router", (f) => /\/(express|router|body-parser|finalhandler|send|serve-static|on-finished|parseurl|qs|depd|proxy-addr|accepts|type-is|content-type|fresh|etag)\//.test(f.url)],
  ["tsx / source maps", (f) => /\/(tsx|source-map|esbuild)\//.test(f.url) || f.url.includes("source_map")],
  ["node http / net", (f) => /^node:(_http|http|net|stream|internal\/(streams|http|net|stream_base))/.test(f.url) || f.functionName === "writev" || f.functionName === "writeUtf8String" || f.functionName === "writeBuffer"],
  ["node crypto", (f) => f.url.startsWith("node:crypto") || f.url.startsWith("node:internal/crypto")],
  ["other node_modules", (f) => f.url.includes("node_modules")],
  ["the project's code", (f) => f.url.startsWith("file://") && !f.url.includes("node_modules")],
  ["node internals", (f) => f.url.startsWith("node:")],
];

const dt = profile.timeDeltas;
let idle = 0;
let busy = 0;
const self = new Map<string, number>();
const category = new Map<string, number>();
const files = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (dt[i + 1] ?? dt[i]) / 1000;
  const leaf = byId.get(profile.samples[i])!;
  const name = leaf.callFrame.functionName;
  if (name === "(idle)") { idle += ms; continue; }
  busy += ms;
  const f = leaf.callFrame;
  const key = `${name || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "~").replace(/^file:\/\/.*?\/wt-[^/]+\//, "").replace(/^file:\/\/\/work\/main\//, "")}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + ms);
  let cat = name === "(program)" ? "(program): V8/native outside JS" : "unknown";
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id)!.callFrame;
    if (cat === "unknown") for (const [label, test] of CATEGORIES) if (test(frame)) { cat = label; break; }
    if (frame.url.startsWith("file://") && !frame.url.includes("node_modules")) {
      const file = frame.url.replace(/^file:\/\/.*?\/(wt-[^/]+|main)\//, "");
      if (!seen.has(file)) { seen.add(file); files.set(file, (files.get(file) ?? 0) + ms); }
    }
  }
  category.set(cat, (category.get(cat) ?? 0) + ms);
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %${TIPS ? `  ${(ms / TIPS).toFixed(3).padStart(7)} ms a tip` : ""}`;
const list = (title: string, m: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${fmt(v)}  ${k}`);
};
console.log(`${positionals[0]}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, busy ${fmt(busy)}, idle ${idle.toFixed(0)} ms`);
list("by category (innermost known frame of each sample)", category, 30);
list(`top ${TOP} functions by self time`, self, TOP);
list("the project's files on the stack (inclusive)", files, TOP);
