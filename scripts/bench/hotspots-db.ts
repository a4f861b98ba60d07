/**
 * The database half of `npm run bench:hotspots` (docs/decisions/0070): the same synthetic
 * year of one province written into a SQLite file as tips (routed, placed, duplicates in
 * clusters) and its oversight rollup rebuilt once, as after a bulk load (which fills the
 * daily incident counts per ward and type, docs/decisions/0077); then timed through the
 * operations the worker and the command line call — reading the stored daily counts
 * (core/hotspots.ts countProvinceIncidents) and detecting from scratch; the worker's first
 * run (catching up: the year recorded day by day); and the worker's next days, one at a
 * time, from the detector it keeps in memory; and the refresher recomputing one day (what
 * keeping the counts costs when a day's tips change).
 */
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import SQLite from "better-sqlite3";
import { createHotspotMemory, detectProvinceHotspots, runHotspotDetection } from "../../core/hotspots";
import { openDatabase } from "../../db/client";
import { rebuildSummaries, refreshSummaries } from "../../db/queries/summaries";
import { migrateToLatest } from "../../db/migrate";
import type { IncidentReport } from "../../domain/hotspots";
import { addDays, type Day } from "../../domain/stats";
import { foldVietnamese } from "../../domain/text";
import { vietnamDayStart } from "../../domain/vietnam-time";

export interface Timing {
  wall: number;
  cpu: number;
}

export function now(): Timing {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

export function since(a: Timing, b: Timing): Timing {
  return { wall: b.wall - a.wall, cpu: b.cpu - a.cpu };
}

/** A new migrated SQLite file in a temporary folder, open for a bulk load. */
async function migratedBenchFile(): Promise<{ dir: string; file: string; sqlite: SQLite.Database }> {
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-bench-hotspots-"));
  const file = path.join(dir, "bench.db");
  const handle = openDatabase(`file:${file}`);
  await migrateToLatest(handle.db);
  await handle.close();
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  return { dir, file, sqlite };
}

/** A SQLite file holding the province's wards and `reports` as tips; returns its URL and a clean-up. */
export async function writeHistoryDatabase(
  wards: ReadonlyArray<{ code: string; name: string; geometry: unknown }>, reports: readonly IncidentReport[],
): Promise<{ url: string; remove(): void }> {
  const { dir, file, sqlite } = await migratedBenchFile();
  // Indexes are built once after the load (a sorted build) instead of row by row.
  const indexes = sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'tips' and sql is not null").all() as Array<{ name: string; sql: string }>;
  for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
  // A bench file: the rollup's and cluster-size triggers would only slow the load down.
  for (const { name } of sqlite.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'tips'").all() as Array<{ name: string }>) {
    sqlite.exec(`drop trigger "${name}"`);
  }
  const unit = sqlite.prepare("insert into units (code, name, name_folded, level, parent_code, province_code, boundary) values (?, ?, ?, ?, ?, '48', ?)");
  const cluster = sqlite.prepare("insert into clusters (id, created_at, size, merged_into) values (?, ?, ?, null)");
  const tip = sqlite.prepare(`insert into tips (receipt_hash, channel, category, description, description_folded, occurred_precision, location_kind,
    status, ward_code, unit_code, cluster_id, deadline_at, created_at, updated_at) values (?, 'web', ?, '', '', 'unknown', 'ward', 'routed', ?, ?, ?, ?, ?, ?)`);
  sqlite.transaction(() => {
    unit.run("48", "Thành phố Đà Nẵng", "thanh pho da nang", "province", null, null);
    for (const w of wards) unit.run(w.code, w.name, foldVietnamese(w.name), "ward", "48", JSON.stringify(w.geometry));
    const sizes = new Map<string, number>();
    for (const r of reports) sizes.set(String(r.clusterId), (sizes.get(String(r.clusterId)) ?? 0) + 1);
    const ids = new Map<string, number>();
    let n = 0;
    for (const r of reports) {
      const key = String(r.clusterId);
      // Receipt times spread over the day, in the order given (a cluster's first report first).
      const at = new Date(Date.parse(vietnamDayStart(r.day)) + (n % 1380) * 60_000).toISOString();
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(key, id);
        cluster.run(id, at, sizes.get(key)!);
      }
      n += 1;
      tip.run(`bench-${n}`, r.category, r.wardCode, r.wardCode, id, at, at, at);
    }
  })();
  for (const { sql } of indexes) sqlite.exec(sql);
  sqlite.close();
  return { url: `file:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A SQLite file holding the province's wards and only the daily incident counts of `reports`
 * (hotspot_day_counts, as the refresher would have left them; no tips): a quick way to time
 * detection through the database at a size whose tips take too long to write on a busy machine.
 */
export async function writeCountsDatabase(
  wards: ReadonlyArray<{ code: string; name: string; geometry: unknown }>, cells: ReadonlyArray<{ day: Day; wardCode: string; category: string; incidents: number }>,
): Promise<{ url: string; remove(): void }> {
  const { dir, file, sqlite } = await migratedBenchFile();
  const unit = sqlite.prepare("insert into units (code, name, name_folded, level, parent_code, province_code, boundary) values (?, ?, ?, ?, ?, '48', ?)");
  const count = sqlite.prepare("insert into hotspot_day_counts (province_code, day, ward_code, category, incidents) values ('48', ?, ?, ?, ?)");
  // A tip so the province is watched; the rollup marked built, so no refresh rebuilds it from this one tip.
  const tip = sqlite.prepare(`insert into tips (receipt_hash, channel, category, description, description_folded, occurred_precision, location_kind,
    status, ward_code, unit_code, deadline_at, created_at, updated_at) values ('bench-1', 'web', 'theft', '', '', 'unknown', 'ward', 'routed', ?, ?, ?, ?, ?)`);
  sqlite.transaction(() => {
    unit.run("48", "Thành phố Đà Nẵng", "thanh pho da nang", "province", null, null);
    for (const w of wards) unit.run(w.code, w.name, foldVietnamese(w.name), "ward", "48", JSON.stringify(w.geometry));
    for (const c of cells) count.run(c.day, c.wardCode, c.category, c.incidents);
    const at = vietnamDayStart(cells[0]!.day);
    tip.run(wards[0]!.code, wards[0]!.code, at, at, at);
    sqlite.exec("delete from oversight_dirty; update oversight_state set rebuilt_at = '2000-01-01T00:00:00.000Z'");
  })();
  sqlite.close();
  return { url: `file:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DatabaseTimings {
  rebuild: Timing;
  fromScratch: Timing[];
  catchUp: Timing;
  catchUpDays: number;
  nextDays: Timing[];
  dayRefreshes: Timing[];
  alerts: number;
}

/**
 * Rebuilds the rollup once (the bulk load skipped the triggers), then times detection from
 * scratch `runs` times, the worker's catching-up first run, `extraDays` next days one at a
 * time, and the refresher recomputing each of those days.
 */
export async function timeThroughDatabase(url: string, lastOfYear: Day, runs: number, extraDays: number, options: { rebuild: boolean }): Promise<DatabaseTimings> {
  const handle = openDatabase(url);
  try {
    let started = now();
    if (options.rebuild) await rebuildSummaries(handle.db);
    const rebuild = since(started, now());
    const fromScratch: Timing[] = [];
    let alerts = 0;
    for (let run = 0; run < runs; run++) {
      started = now();
      alerts = (await detectProvinceHotspots(handle.db, "48", lastOfYear)).length;
      fromScratch.push(since(started, now()));
    }
    // The worker: 01:00 in Vietnam the day after the year, then each next day.
    const oneAm = (day: Day) => new Date(Date.parse(vietnamDayStart(addDays(day, 1))) + 3_600_000);
    const memory = createHotspotMemory();
    started = now();
    const first = await runHotspotDetection(handle.db, memory, oneAm(lastOfYear));
    const catchUp = since(started, now());
    const nextDays: Timing[] = [];
    const dayRefreshes: Timing[] = [];
    for (let d = 1; d <= extraDays; d++) {
      const day = addDays(lastOfYear, d);
      let before = now();
      await runHotspotDetection(handle.db, memory, oneAm(day));
      nextDays.push(since(before, now()));
      // As if one of the day's tips had changed: the refresher recomputes the whole day (from tips: not with counts only).
      if (!options.rebuild) continue;
      await handle.db.insertInto("oversight_dirty").values({ at: new Date(Date.parse(vietnamDayStart(day)) + 43_200_000).toISOString(), tip_id: null, cluster_id: null, case_id: null }).execute();
      before = now();
      await refreshSummaries(handle.db);
      dayRefreshes.push(since(before, now()));
    }
    return { rebuild, fromScratch, catchUp, catchUpDays: first.daysRecorded, nextDays, dayRefreshes, alerts };
  } finally {
    await handle.close();
  }
}
