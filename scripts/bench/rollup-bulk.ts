/**
 * The oversight rollup, `hotspot_day_counts` and `oversight_open` rebuilt in bulk on PostgreSQL,
 * for a generated national history (docs/decisions/0089-national-history-at-10m.md).
 *
 * The product's rebuild (db/queries/summaries.ts `rebuildSummaries`) walks the history a day at a
 * time: per day a read of its tips, one of their clusters per 400, its cases, and upserts of its
 * cells 200 at a time — right for a refresh, 25 min for 200 k tips under load and hours for
 * 10 M. This does the same arithmetic with the same functions (`rollupDay`, `countWardIncidents`,
 * `cellToRow`, the open-tips fold) over two streams:
 *
 *  - one `COPY (select …) TO STDOUT` of every tip in receipt order, each with what its incident
 *    says (first tip by receipt time then id, some tip valuable, every tip assessed) from one
 *    window over its cluster — the reads `incidentsOf` makes per batch of clusters;
 *  - the cases with their links' channel and organisation and their seizures, held by day (a
 *    few hundred thousand).
 *
 * and writes with `COPY … FROM STDIN` into the emptied tables, their primary keys dropped for
 * the load and built after (one sort instead of tens of millions of inserts into a b-tree).
 * Same rows as `rebuildSummaries` (tests/integration/national-history.test.ts compares them, PostgreSQL pass).
 */
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { accumulate, addOpen, cellToRow, foldDayAt, isEmptyOpen, SEIZED_COLUMNS, type OpenCell } from "../../db/queries/summaries";
import { countWardIncidents } from "../../domain/hotspots";
import { SEIZURE_KINDS } from "../../domain/seizures";
import { type CaseFact, type Cell, type Day, encodeDeadlines, foldDeadlines, isEmptyMeasures, monthOf, rollupDay, type TipFact, triageMinutes } from "../../domain/stats";
import { vietnamDay } from "../../domain/vietnam-time";

/** A value in COPY's text format: \N for null, backslash escapes for the characters the format reserves. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  return String(value).replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}

const KNOWN_KINDS = new Set<string>(SEIZURE_KINDS);

const ROLLUP_COLUMNS = [
  "grain", "res", "bucket", "unit_code", "category", "channel", "source_org", "tips", "incidents", "valuable", "valuable_incidents",
  "assessed", "assessed_incidents", "triaged", "triage_histogram", "open", "open_deadlines", "cases", "arrests", ...Object.values(SEIZED_COLUMNS),
] as const;

/** A COPY … FROM STDIN on its own connection, written in chunks, waiting when the stream is full. */
class CopyIn {
  private chunk: string[] = [];
  private size = 0;
  rows = 0;
  private constructor(private readonly client: pg.Client, private readonly stream: ReturnType<typeof copyFrom>, private readonly done: Promise<void>) {}

  static async open(url: string, table: string, columns: readonly string[]): Promise<CopyIn> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("set synchronous_commit = off");
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", reject);
    });
    done.catch(() => {});
    return new CopyIn(client, stream, done);
  }

  async add(values: readonly unknown[]): Promise<void> {
    const line = values.map(copyText).join("\t") + "\n";
    this.chunk.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= 256_000) await this.send();
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join("");
    this.chunk = [];
    this.size = 0;
    if (!this.stream.write(text)) await Promise.race([new Promise((resolve) => this.stream.once("drain", resolve)), this.done]);
  }

  async finish(): Promise<void> {
    await this.send();
    this.stream.end();
    try {
      await this.done;
    } finally {
      await this.client.end();
    }
  }
}

/** Reads `COPY (query) TO STDOUT` line by line (text format: tab-separated, \N for null). */
async function* copyOut(client: pg.Client, query: string): AsyncGenerator<Array<string | null>> {
  const stream = client.query(copyTo(`copy (${query}) to stdout`));
  let rest = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + chunk.toString("utf8");
    const lines = text.split("\n");
    rest = lines.pop()!;
    for (const line of lines) yield line.split("\t").map(unescapeCopy);
  }
  if (rest) yield rest.split("\t").map(unescapeCopy);
}

function unescapeCopy(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c));
}

type PlacedTipFact = TipFact & { ward: string | null };

export interface BulkRebuildResult {
  days: number;
  dayRows: number;
  monthRows: number;
  hotspotRows: number;
  openRows: number;
  seconds: { read: number; keys: number; analyse: number };
}

/** Rebuilds the rollup, hotspot counts and open tips now of the PostgreSQL database at `url` (nothing else may write meanwhile). */
export async function rebuildSummariesBulk(url: string, now = new Date(), log: (line: string) => void = () => {}): Promise<BulkRebuildResult> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set work_mem = '512MB'");
    await client.query("set maintenance_work_mem = '1GB'");
    await client.query("truncate oversight_rollup, hotspot_day_counts, oversight_open, oversight_dirty");
    await client.query("alter table oversight_rollup drop constraint if exists oversight_rollup_pk");
    await client.query("alter table hotspot_day_counts drop constraint if exists hotspot_day_counts_pk");

    const provinces = new Map<string, string | null>((await client.query("select code, province_code from units")).rows.map((r: { code: string; province_code: string | null }) => [r.code, r.province_code]));
    const provinceOf = (unit: string) => provinces.get(unit) ?? null;

    // Cases by day, each with its linked tips' channel and organisation and its seizures.
    const casesByDay = new Map<Day, CaseFact[]>();
    const caseRows = await client.query(`select c.created_at, c.unit_code, c.category, c.arrests,
        coalesce((select json_agg(json_build_array(t.channel, coalesce(t.source_org_code, ''))) from case_tips ct join tips t on t.id = ct.tip_id where ct.case_id = c.id), '[]') as links,
        coalesce((select json_agg(json_build_array(s.kind, s.quantity)) from case_seizures s where s.case_id = c.id), '[]') as seizures
      from cases c`);
    for (const c of caseRows.rows as Array<{ created_at: string; unit_code: string; category: string; arrests: number; links: Array<[string, string]>; seizures: Array<[string, string | number]> }>) {
      const day = vietnamDay(c.created_at);
      const list = casesByDay.get(day) ?? casesByDay.set(day, []).get(day)!;
      list.push({
        unit: c.unit_code, category: c.category, arrests: c.arrests,
        links: c.links.map(([channel, org]) => ({ channel, org })),
        seizures: c.seizures.map(([kind, quantity]) => ({ kind: KNOWN_KINDS.has(kind) ? kind : "other", quantity: Number(quantity) })),
      });
    }
    const caseDays = [...casesByDay.keys()].sort();
    let nextCaseDay = 0;
    log(`  ${caseRows.rowCount} cases on ${caseDays.length} days read in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const rollup = await CopyIn.open(url, "oversight_rollup", ROLLUP_COLUMNS);
    const hotspots = await CopyIn.open(url, "hotspot_day_counts", ["province_code", "day", "ward_code", "category", "incidents"]);
    const writeCells = async (res: "d" | "m", bucket: string, cells: Iterable<Cell>) => {
      for (const cell of cells) {
        const row = cellToRow(res, bucket, cell) as Record<string, unknown>;
        await rollup.add(ROLLUP_COLUMNS.map((column) => row[column]));
      }
    };

    let days = 0;
    let dayRows = 0;
    let monthRows = 0;
    let month: string | null = null;
    let monthCells = new Map<string, Cell>();
    const openCells = new Map<string, OpenCell>();
    const flushMonth = async () => {
      if (month === null) return;
      const kept = [...monthCells.values()].filter((c) => !isEmptyMeasures(c.measures));
      for (const c of kept) if (c.measures.open !== 0) addOpen(openCells, c, c.measures.open, c.measures.openDeadlines);
      await writeCells("m", month, kept);
      monthRows += kept.length;
    };
    /** One day, as computeDayCells and rebuildLocked do it. */
    const finishDay = async (day: Day, tips: PlacedTipFact[]) => {
      const cases = casesByDay.get(day) ?? [];
      const wardIncidents = countWardIncidents(tips.filter((t) => t.opensIncident && t.ward !== null).map((t) => ({ wardCode: t.ward!, category: t.category })));
      for (const cell of wardIncidents) {
        const provinceCode = provinceOf(cell.wardCode);
        if (provinceCode !== null) await hotspots.add([provinceCode, day, cell.wardCode, cell.category, cell.incidents]);
      }
      const cells = rollupDay(tips, cases, provinceOf);
      if (cells.size === 0) return;
      if (monthOf(day) !== month) {
        await flushMonth();
        month = monthOf(day);
        monthCells = new Map();
      }
      await writeCells("d", day, cells.values());
      dayRows += cells.size;
      accumulate(monthCells, cells);
      days++;
    };
    /** Days with cases and no tip, before `day` (or all that are left). */
    const caseOnlyDaysBefore = async (day: Day | null) => {
      while (nextCaseDay < caseDays.length && (day === null || caseDays[nextCaseDay]! < day)) await finishDay(caseDays[nextCaseDay++]!, []);
      if (day !== null && caseDays[nextCaseDay] === day) nextCaseDay++;
    };

    // Every tip in receipt order with its incident's summary (incidentsOf: first by created_at then id; any valuable; all assessed).
    const query = `select t.unit_code, t.category, t.channel, t.source_org_code, t.valuable, t.first_triaged_at, t.created_at, t.status, t.deadline_at, t.ward_code,
        t.cluster_id is null or first_value(t.id) over w = t.id,
        case when t.cluster_id is null then t.valuable = 1 else coalesce(bool_or(t.valuable = 1) over w, false) end,
        case when t.cluster_id is null then t.valuable is not null else bool_and(t.valuable is not null) over w end
      from tips t
      window w as (partition by t.cluster_id order by t.created_at, t.id rows between unbounded preceding and unbounded following)
      order by t.created_at`;
    let day: Day | null = null;
    let tips: PlacedTipFact[] = [];
    let read = 0;
    for await (const f of copyOut(client, query)) {
      const createdAt = f[6]!;
      const tipDay = vietnamDay(createdAt);
      if (tipDay !== day) {
        if (day !== null) await finishDay(day, tips);
        await caseOnlyDaysBefore(tipDay);
        day = tipDay;
        tips = [];
      }
      const valuable = f[4] === null ? null : Number(f[4]);
      const incidentValuable = f[11] === "t";
      tips.push({
        unit: f[0] ?? "", category: f[1]!, channel: f[2]!, org: f[3] ?? "",
        valuable: valuable === 1, assessed: valuable !== null,
        opensIncident: f[10] === "t", incidentValuable, incidentAssessed: incidentValuable || f[12] === "t",
        triageMinutes: f[5] ? triageMinutes(createdAt, f[5]) : null,
        open: f[7] !== "closed", deadlineDay: vietnamDay(f[8]!), ward: f[9],
      });
      if (++read % 1_000_000 === 0) log(`  ${read.toLocaleString("en")} tips rolled up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (day !== null) await finishDay(day, tips);
    await caseOnlyDaysBefore(null);
    await flushMonth();
    await rollup.finish();
    await hotspots.finish();
    const readSeconds = (Date.now() - started) / 1000;
    log(`  ${read.toLocaleString("en")} tips, ${dayRows.toLocaleString("en")} day and ${monthRows.toLocaleString("en")} month rows, ${hotspots.rows.toLocaleString("en")} hotspot rows in ${readSeconds.toFixed(0)} s`);

    // Open tips now, folded as writeOpen folds them; the state as rebuildLocked leaves it.
    const fold = foldDayAt(now);
    let openRows = 0;
    await client.query("begin");
    for (const c of openCells.values()) {
      if (isEmptyOpen(c)) continue;
      await client.query("insert into oversight_open (grain, unit_code, source_org, channel, category, open, open_deadlines) values ($1, $2, $3, $4, $5, $6, $7)",
        [c.key.grain, c.key.unit, c.key.org, c.key.channel, c.key.category, c.open, encodeDeadlines(foldDeadlines(c.deadlines, fold))]);
      openRows++;
    }
    await client.query("update oversight_state set rebuilt_at = $1, refreshed_at = $1, open_folded_before = $2 where id = 1", [now.toISOString(), fold]);
    await client.query("commit");

    const keysStarted = Date.now();
    await client.query("alter table oversight_rollup add constraint oversight_rollup_pk primary key (grain, res, bucket, unit_code, source_org, channel, category)");
    await client.query("alter table hotspot_day_counts add constraint hotspot_day_counts_pk primary key (province_code, day, ward_code, category)");
    const keysSeconds = (Date.now() - keysStarted) / 1000;
    const analyseStarted = Date.now();
    for (const table of ["oversight_rollup", "hotspot_day_counts", "oversight_open", "oversight_state"]) await client.query(`vacuum (analyze) ${table}`);
    const analyseSeconds = (Date.now() - analyseStarted) / 1000;
    log(`  keys built in ${keysSeconds.toFixed(0)} s, analysed in ${analyseSeconds.toFixed(0)} s`);
    return { days, dayRows, monthRows, hotspotRows: hotspots.rows, openRows, seconds: { read: readSeconds, keys: keysSeconds, analyse: analyseSeconds } };
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, nowArg] = process.argv.slice(2);
  if (!url?.startsWith("postgres")) {
    process.stderr.write("usage: tsx scripts/bench/rollup-bulk.ts postgres://…/DB [NOW]\n");
    process.exit(1);
  }
  const started = Date.now();
  const result = await rebuildSummariesBulk(url, nowArg ? new Date(nowArg) : new Date(), (l) => process.stdout.write(l + "\n"));
  process.stdout.write(`${JSON.stringify(result)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
