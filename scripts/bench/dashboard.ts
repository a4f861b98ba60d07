/**
 * `npm run bench:dashboard [-- --tips 1000000 --db FILE --rounds 30 --no-http]`
 *
 * The supervisors' dashboard on a large history: a SQLite database with
 * `--tips` tips over the last year (scripts/bench/synthetic-history.ts;
 * `--db FILE` keeps it between runs), the oversight rollup rebuilt once
 * (rebuildSummaries: the generator writes in bulk), then
 *
 *  1. the dashboard loader's server work in process (refresh check, figures
 *     from the rollup and open tips, names, tables, cards, chart geometry) for
 *     the province supervisor and an administrator, this year and this
 *     quarter, without filters and with one or two filters; the ward map
 *     included (its first drawing, which projects the province, is timed
 *     apart: later ones reuse the projection and only shade it);
 *  2. the whole page over HTTP from the real web process (sign-in, then GET
 *     /giam-sat for the year and the quarter, and the period report).
 *
 * Prints p50/p95 (goal: p95 ≤ 200 ms for a year and a quarter) and the size
 * of the rollup.
 */
import { parseArgs } from "node:util";
import { hashPassword } from "../../core/platform/crypto";
import { getUnitScope, type StaffUser } from "../../app/utils/auth.server";
import { parseOversightQuery } from "../../app/utils/oversight.server";
import { dashboardData, presentOversight } from "../../app/utils/oversight-page.server";
import { loadWardMapSection, projectedProvince } from "../../app/utils/ward-map-page.server";
import { listMappedWards } from "../../db/queries/units";
import { computeOversight } from "../../core/oversight";
import { i18next } from "../../app/i18n/i18next.server";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { refreshSummaries } from "../../db/queries/summaries";
import { readBacklog, readBacklogFromMonths } from "../../db/queries/stats";
import { vietnamDay } from "../../domain/vietnam-time";
import { createUser } from "../../db/queries/users";
import { summarise } from "./common";
import { startStaffWeb } from "./staff-web";
import { DATABASE_OPTIONS, explainAll, prepareBenchDatabase } from "./bench-database";

const { values } = parseArgs({
  options: { ...DATABASE_OPTIONS, rounds: { type: "string" }, "no-http": { type: "boolean" } },
});
const TIPS = Number(values.tips ?? 1_000_000);
const ROUNDS = Number(values.rounds ?? 30);
const PROVINCE = "48";
const BENCH_EMAIL = "bench.supervisor@bench.tinbao.vn";
const BENCH_PASSWORD = "bench supervisor password 0123";

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const say = (line: string) => process.stdout.write(line + "\n");

interface Scenario {
  name: string;
  user: StaffUser;
  search: string;
  /** The supervisor's province, for the ward map (default 48). */
  province?: string;
}

async function benchInProcess(url: string, scenarios: Scenario[]) {
  const handle = openDatabase(url);
  const t = await i18next.getFixedT("vi", "oversight");
  const byScenario = new Map<string, { wall: number[]; cpu: number[] }>();
  const mapMs: number[] = [];
  try {
    const wards = await listMappedWards(handle.db, PROVINCE);
    const started = performance.now();
    await projectedProvince(handle.db, PROVINCE, wards);
    say(`ward map: ${wards.length} wards projected in ${fmt(performance.now() - started)} (once per province and process; then cached)`);
    // One warm-up round, not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const s of scenarios) {
        const now = new Date();
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        const query = parseOversightQuery(new URLSearchParams(s.search), now);
        const scope = await getUnitScope(handle.db, s.user);
        // As the page does: every province and no unit chosen gives the provinces side by side (ADR 0078).
        const figures = await computeOversight(handle.db, scope, query, now, { byProvince: scope.kind === "all" && query.filters.unit === null });
        const page = await presentOversight(handle.db, { user: s.user, scope, query, figures, t, locale: "vi" });
        const mapStarted = performance.now();
        const wardMap = await loadWardMapSection(handle.db, page, new URL(`http://bench/giam-sat?${s.search}`), [s.province ?? PROVINCE]);
        if (round > 0) mapMs.push(performance.now() - mapStarted);
        const data = { ...dashboardData(page), wardMap };
        JSON.stringify(data);
        const cpu = process.cpuUsage(cpuBefore);
        const ms = performance.now() - started;
        if (round > 0) {
          const samples = byScenario.get(s.name) ?? { wall: [], cpu: [] };
          samples.wall.push(ms);
          samples.cpu.push((cpu.user + cpu.system) / 1000);
          byScenario.set(s.name, samples);
        }
      }
    }
  } finally {
    await handle.close();
  }
  const map = summarise(mapMs);
  say(`ward map's share of the loader (shading, names, links; every scenario): p50 ${fmt(map.p50)}, p95 ${fmt(map.p95)} (n=${map.n})`);
  return [...byScenario].map(([name, samples]) => ({ name, ...summarise(samples.wall), cpuP50: summarise(samples.cpu).p50 }));
}

async function benchHttp(url: string, pages: Array<{ name: string; path: string }>) {
  const web = await startStaffWeb(url, { label: "dashboard", email: BENCH_EMAIL, password: BENCH_PASSWORD });
  try {
    const byPage = new Map<string, number[]>();
    for (let round = 0; round <= ROUNDS; round++) {
      for (const page of pages) {
        const { ms } = await web.get(page.path);
        if (round > 0) byPage.set(page.name, [...(byPage.get(page.name) ?? []), ms]);
      }
    }
    say(`web process RSS after the pages: ${web.rssMb().toFixed(0)} MB (goal ≤ 250 MB)`);
    return [...byPage].map(([name, samples]) => ({ name, ...summarise(samples) }));
  } finally {
    await web.stop();
  }
}

function printTable(title: string, rows: Array<{ name: string; p50: number; p95: number; n: number; cpuP50?: number }>) {
  say(`\n${title}`);
  for (const r of rows) {
    const cpu = r.cpuP50 === undefined ? "" : `  cpu p50 ${fmt(r.cpuP50).padStart(9)}`;
    say(`  ${r.name.padEnd(44)} p50 ${fmt(r.p50).padStart(9)}  p95 ${fmt(r.p95).padStart(9)}${cpu}  (n=${r.n})`);
  }
}

async function main() {
  const database = await prepareBenchDatabase({ label: "dashboard", databaseUrl: values["database-url"], db: values.db, tips: TIPS, seed: 7, keep: values.keep });
  try {
    const handle = openDatabase(database.url);
    await migrateToLatest(handle.db);
    const started = Date.now();
    const refreshed = await refreshSummaries(handle.db);
    say(`rollup ${refreshed.rebuilt ? "rebuilt" : "refreshed"}: ${refreshed.days} days in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const total = Number((await handle.db.selectFrom("tips").select(handle.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const rollup = await handle.db.selectFrom("oversight_rollup").select(["res", handle.db.fn.countAll<number>().as("n")]).groupBy("res").execute();
    if (!(await handle.db.selectFrom("users").select("id").where("email", "=", BENCH_EMAIL).executeTakeFirst())) {
      await createUser(handle.db, {
        email: BENCH_EMAIL, name: "Giám sát đo hiệu năng", role: "supervisor", provinceCode: PROVINCE,
        passwordHash: await hashPassword(BENCH_PASSWORD), createdAt: new Date().toISOString(),
      });
    }
    const benchUser = await handle.db.selectFrom("users").select(["id", "email", "name"]).where("email", "=", BENCH_EMAIL).executeTakeFirstOrThrow();
    await handle.close();
    say(`${total.toLocaleString("en")} tips; rollup rows: ${rollup.map((r) => `${r.res === "d" ? "daily" : "monthly"} ${Number(r.n).toLocaleString("en")}`).join(", ")}`);

    const supervisor: StaffUser = { ...benchUser, role: "supervisor", provinceCode: PROVINCE, unitCodes: [], mustChangePassword: false };
    const admin: StaffUser = { ...benchUser, role: "admin", provinceCode: null, unitCodes: [], mustChangePassword: false };
    const scenarios: Scenario[] = [
      { name: "supervisor, this year", user: supervisor, search: "period=year" },
      { name: "supervisor, this quarter", user: supervisor, search: "period=quarter" },
      { name: "supervisor, this month", user: supervisor, search: "period=month" },
      { name: "supervisor, last year (whole months)", user: supervisor, search: "period=last_year" },
      { name: "supervisor, year, category drugs", user: supervisor, search: "period=year&category=drugs" },
      { name: "supervisor, year, Veterans on the web", user: supervisor, search: "period=year&org=HCCB&channel=web" },
      { name: "supervisor, quarter, one ward", user: supervisor, search: "period=quarter&unit=20194" },
      { name: "administrator, this year", user: admin, search: "period=year" },
      { name: "administrator, this quarter", user: admin, search: "period=quarter" },
    ];
    if (database.dialect === "postgres") {
      // The national history: the busiest province's supervisor too (Hồ Chí Minh City), and the plans of the national year.
      const busiest: StaffUser = { ...supervisor, provinceCode: "79" };
      const national: StaffUser = { ...supervisor, provinceCode: null, national: true };
      scenarios.push(
        { name: "national supervisor, this year", user: national, search: "period=year" },
        { name: "national supervisor, this quarter", user: national, search: "period=quarter" },
        { name: "supervisor 79, this year", user: busiest, search: "period=year", province: "79" },
        { name: "supervisor 79, this quarter", user: busiest, search: "period=quarter", province: "79" },
      );
      const now = new Date();
      const plans = await explainAll(database.url, async (db) => {
        const scope = await getUnitScope(db, admin);
        await computeOversight(db, scope, parseOversightQuery(new URLSearchParams("period=year"), now), now, { byProvince: true });
      });
      say(`\nplans of the national dashboard's figures for the year (administrator, EXPLAIN ANALYZE):\n${plans.join("\n")}`);
      // The open tips both ways (ADR 0084): from the open tips now, and from every month of the history.
      const today = vietnamDay(now.toISOString());
      for (const [name, rows] of [["national, provinces side by side", { kind: "totals" }], ["every unit", { kind: "units" }]] as const) {
        const options = { grain: "unit" as const, rows, filters: { category: null, channel: null, org: null }, today };
        const now_ = await explainAll(database.url, (db) => readBacklog(db, options), (q) => /oversight_(open|rollup)/.test(q));
        const months = await explainAll(database.url, (db) => readBacklogFromMonths(db, options), (q) => /oversight_rollup/.test(q));
        say(`\nopen tips, ${name} — from the open tips now (EXPLAIN ANALYZE):\n${now_.join("\n")}`);
        say(`\nopen tips, ${name} — from every month of the history, as before ADR 0084 (EXPLAIN ANALYZE):\n${months.join("\n")}`);
      }
    }
    const inProcess = await benchInProcess(database.url, scenarios);
    printTable(`dashboard loader, server work in process (${ROUNDS} rounds; cpu = this process's CPU time, which other load on the machine does not inflate):`, inProcess);

    const yearQuarter = inProcess.filter((r) => /this (year|quarter)$/.test(r.name));
    const worst = Math.max(...yearQuarter.map((r) => r.p95));
    if (!values["no-http"]) {
      const http = await benchHttp(database.url, [
        { name: "GET /giam-sat?period=year", path: "/giam-sat?period=year" },
        { name: "GET /giam-sat?period=quarter", path: "/giam-sat?period=quarter" },
        { name: "GET /giam-sat/bao-cao?period=year", path: "/giam-sat/bao-cao?period=year" },
      ]);
      printTable("whole page over HTTP (signed-in supervisor, server render, one request at a time):", http);
      const httpWorst = Math.max(...http.slice(0, 2).map((r) => r.p95));
      say(`\ndashboard server time, year: p50 ${fmt(http[0].p50)} / p95 ${fmt(http[0].p95)}; quarter: p50 ${fmt(http[1].p50)} / p95 ${fmt(http[1].p95)} (HTTP)`);
      say(`goal p95 ≤ 200 ms: ${httpWorst <= 200 && worst <= 200 ? "met" : "NOT met"}`);
    } else {
      say(`\ndashboard server work p95 (year and quarter, both scopes): ${fmt(worst)} — goal p95 ≤ 200 ms: ${worst <= 200 ? "met" : "NOT met"}`);
    }
  } finally {
    database.cleanup();
  }
}

await main();
