/**
 * The supervisors' figures (core/oversight.ts) as the pages show them and the exports write them:
 * one definition per table (columns, raw values, words), the key-figure cards,
 * the charts' geometry and the period sentences — all in the page's language,
 * computed on the server so the browser receives finished text and SVG shapes.
 */
import { SEIZURE_KINDS } from "../../domain/seizures";
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import { categoryChart, type ChartGeometry, ratioChart, volumeChart } from "~/components/oversight/charts";
import {
  formatBucket, formatBucketShort, formatChange, formatDay, formatNumber, formatPercent, formatPlainNumber, formatWithin, type Locale,
  organisationSentence, periodSentence, seizureWords,
} from "~/components/oversight/report";
import { assessmentOf, BACKLOG_AGE_BANDS, bucketSizeFor, compare, type Comparison, periodUnfinished, ratio } from "../../domain/stats";
import type { UnitScope } from "../../db/queries/scope";
import { listCategoryLabels, listSourceOrgNames } from "../../db/queries/stats";
import type { Database } from "../../db/schema";
import type { BreakdownFigures, FigureSet, OversightFigures, UnitFigures } from "../../core/oversight";
import { CHANNELS, type OversightQuery, querySearch, type SortDirection, type UnitSortKey } from "./oversight.server";

export const TABLE_KEYS = ["summary", "units", "categories", "channels", "orgs", "series", "backlog", "seizures"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export type RawValue = string | number | null;

export interface TableColumn {
  key: string;
  label: string;
  numeric: boolean;
  /** The units table sorts by this key when the heading is followed. */
  sort?: UnitSortKey;
  /** The CSV heading: the label with its unit ("Tỷ lệ tin có giá trị (%)"); null = not in the CSV (machine codes). */
  csvLabel: string | null;
}

export interface TableRow {
  cells: string[];
  raw: RawValue[];
  /** The cells as a spreadsheet of the page's language reads them (vi 31,2; en 31.2), one per column. */
  csv: string[];
  /** Where the row's first cell links to (a unit's tips). */
  href?: string;
  /** The row's group (units: province, special units, wards), shown as a heading row above the group's first row. */
  group?: string;
}

export interface ViewTable {
  key: TableKey;
  title: string;
  columns: TableColumn[];
  rows: TableRow[];
  total?: TableRow;
}

/** What a page needs of a table: words and links, not the raw values the exports write. */
export type PageTable = Omit<ViewTable, "rows" | "total"> & {
  rows: Array<Omit<TableRow, "raw" | "csv">>;
  total?: Omit<TableRow, "raw" | "csv">;
};

export function forPage(table: ViewTable): PageTable {
  const strip = ({ cells, href, group }: TableRow) => ({ cells, ...(href ? { href } : {}), ...(group ? { group } : {}) });
  return { ...table, rows: table.rows.map(strip), total: table.total ? strip(table.total) : undefined };
}

export interface Names {
  /** Every category and organisation, in their order, for the filters. */
  categories: Array<{ code: string; label: string }>;
  orgs: Array<{ code: string; label: string }>;
  unit(code: string): string;
  /** The unit's level (province, special, ward); "" when unknown or for tips no unit owns. */
  level(code: string): string;
  category(code: string): string;
  channel(code: string): string;
  org(code: string): string;
}

export interface ViewContext {
  t: TFunction;
  locale: Locale;
  names: Names;
  query: OversightQuery;
  /** Base path of a unit's tip list; the code and the query are appended. */
  unitHref?: (code: string) => string;
}

/** Names of units, categories, channels and organisations in the page's language. */
export async function loadNames(db: Kysely<Database>, t: TFunction, locale: Locale, units: Array<{ code: string; name: string; level?: string }>): Promise<Names> {
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const unitLevels = new Map(units.map((u) => [u.code, u.level ?? ""]));
  const categories = new Map((await listCategoryLabels(db)).map((c) => [c.code, locale === "en" ? c.label_en : c.label_vi]));
  const orgs = new Map((await listSourceOrgNames(db)).map((o) => [o.code, locale === "en" ? o.name_en : o.name_vi]));
  return {
    categories: [...categories].map(([code, label]) => ({ code, label })),
    orgs: [...orgs].map(([code, label]) => ({ code, label })),
    unit: (code) => (code === "" ? t("noUnit") : unitNames.get(code) ?? code),
    level: (code) => unitLevels.get(code) ?? "",
    category: (code) => categories.get(code) ?? code,
    channel: (code) => t(`channels.${code}`, { defaultValue: code }),
    org: (code) => (code === "" ? t("noOrg") : orgs.get(code) ?? code),
  };
}

const fraction = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);
const withinRaw = (minutes: number | null): RawValue => (minutes === null ? null : Number.isFinite(minutes) ? minutes : `>${129_600}`);

/**
 * How a column's raw value is written in a CSV file for a spreadsheet of the
 * page's language: counts as plain integers, ratios and changes as percent
 * with one decimal (the heading says "%"), minutes as whole numbers (the
 * heading says which unit), quantities with up to three decimals, days as
 * dd/mm/yyyy (vi) or yyyy-mm-dd (en), text as shown on the page.
 */
type CsvFormat = "text" | "count" | "percent" | "minutes" | "quantity" | "day";

interface ColumnDef<R> {
  key: string;
  label: string;
  numeric?: boolean;
  sort?: UnitSortKey;
  raw: (row: R) => RawValue;
  text?: (row: R) => string;
  /** Default: "count" for numeric columns, "text" otherwise. */
  csv?: CsvFormat | ((row: R) => CsvFormat);
  /** The CSV heading when it differs from the label (units); null leaves the column out of the CSV. */
  csvLabel?: string | null;
  /** The CSV cell when it is not the raw value written by format. */
  csvText?: (row: R) => string | null;
}

function csvCell(format: CsvFormat, raw: RawValue, text: string, locale: Locale): string {
  if (format === "text") return text;
  if (raw === null || raw === "") return "";
  if (typeof raw === "string") {
    if (format === "day") return locale === "vi" ? raw.split("-").reverse().join("/") : raw;
    if (format === "minutes" && raw.startsWith(">")) return `> ${raw.slice(1)}`;
    return raw;
  }
  switch (format) {
    case "percent": return formatPlainNumber(raw * 100, locale, 1);
    case "quantity": return formatPlainNumber(raw, locale, 3);
    default: return formatPlainNumber(raw, locale, 0);
  }
}

function buildTable<R>(
  key: TableKey, title: string, defs: Array<ColumnDef<R>>, rows: R[],
  options: { locale: Locale; href?: (row: R) => string | undefined; group?: (row: R) => string | undefined; total?: R },
): ViewTable {
  const toRow = (r: R): TableRow => {
    const raw = defs.map((d) => d.raw(r));
    const cells = defs.map((d, i) => (d.text ? d.text(r) : String(raw[i] ?? "")));
    const csv = defs.map((d, i) => {
      const override = d.csvText?.(r);
      if (override !== undefined && override !== null) return override;
      const format = typeof d.csv === "function" ? d.csv(r) : d.csv ?? (d.numeric ? "count" : "text");
      return csvCell(format, raw[i], cells[i], options.locale);
    });
    return { raw, cells, csv, href: options.href?.(r), group: options.group?.(r) };
  };
  return {
    key, title,
    columns: defs.map((d) => ({ key: d.key, label: d.label, numeric: !!d.numeric, sort: d.sort, csvLabel: d.csvLabel === undefined ? d.label : d.csvLabel })),
    rows: rows.map(toRow),
    total: options.total ? toRow(options.total) : undefined,
  };
}

/** "31,2%", "31,2% (tạm tính)" when most tips are not assessed yet, "—" when none is. */
export function ratioText(valuable: number, assessed: number, tips: number, ctx: Pick<ViewContext, "t" | "locale">): string {
  const value = formatPercent(ratio(valuable, assessed), ctx.locale);
  if (tips > 0 && assessed === 0) return ctx.t("assessment.noneYet");
  return assessmentOf(tips, assessed).mostlyPending ? `${value} ${ctx.t("assessment.provisionalMark")}` : value;
}

/** A change against the comparison period in words: "+12,5%", "quá ít để so sánh", "—". */
export function comparisonText(c: Comparison, ctx: Pick<ViewContext, "t" | "locale">): string {
  if (c.kind === "change") return formatChange(c.value, ctx.locale);
  return c.kind === "small" ? ctx.t("comparison.tooFew") : "—";
}

type Counted = Pick<FigureSet, "tips" | "incidents" | "valuable" | "valuableIncidents" | "assessed" | "assessedIncidents" | "cases" | "arrests">;

function countColumns<R extends Counted>(ctx: ViewContext): Array<ColumnDef<R>> {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const pct = (label: string) => `${label} (%)`;
  return [
    { key: "tips", label: t("columns.tips"), numeric: true, sort: "tips", raw: (r) => r.tips, text: (r) => n(r.tips) },
    { key: "incidents", label: t("columns.incidents"), numeric: true, sort: "incidents", raw: (r) => r.incidents, text: (r) => n(r.incidents) },
    { key: "assessed", label: t("columns.assessed"), numeric: true, raw: (r) => r.assessed, text: (r) => n(r.assessed) },
    { key: "pending", label: t("columns.pending"), numeric: true, sort: "pending", raw: (r) => r.tips - r.assessed, text: (r) => n(r.tips - r.assessed) },
    { key: "valuable", label: t("columns.valuable"), numeric: true, sort: "valuable", raw: (r) => r.valuable, text: (r) => n(r.valuable) },
    {
      key: "valuableRatio", label: t("columns.ratio"), csvLabel: pct(t("columns.ratio")), numeric: true, sort: "ratio", csv: "percent",
      raw: (r) => fraction(ratio(r.valuable, r.assessed)), text: (r) => ratioText(r.valuable, r.assessed, r.tips, ctx),
    },
    {
      key: "valuableIncidentRatio", label: t("columns.incidentRatio"), csvLabel: pct(t("columns.incidentRatio")), numeric: true, sort: "incidentRatio", csv: "percent",
      raw: (r) => fraction(ratio(r.valuableIncidents, r.assessedIncidents)), text: (r) => ratioText(r.valuableIncidents, r.assessedIncidents, r.incidents, ctx),
    },
    { key: "cases", label: t("columns.cases"), numeric: true, sort: "cases", raw: (r) => r.cases, text: (r) => n(r.cases) },
    { key: "arrests", label: t("columns.arrests"), numeric: true, sort: "arrests", raw: (r) => r.arrests, text: (r) => n(r.arrests) },
  ];
}

const SORT_VALUE: Record<UnitSortKey, (u: UnitFigures, name: string) => number | string | null> = {
  name: (_u, name) => name,
  tips: (u) => u.tips,
  incidents: (u) => u.incidents,
  valuable: (u) => u.valuable,
  ratio: (u) => ratio(u.valuable, u.assessed),
  incidentRatio: (u) => ratio(u.valuableIncidents, u.assessedIncidents),
  pending: (u) => u.tips - u.assessed,
  cases: (u) => u.cases,
  arrests: (u) => u.arrests,
  triage: (u) => u.medianWithin,
  open: (u) => u.open,
  overdue: (u) => u.overdue,
};

/** Sorted by the chosen column; rows without a value (no ratio, no triage) always last; ties by name. */
export function sortUnits(units: UnitFigures[], key: UnitSortKey, dir: SortDirection, nameOf: (code: string) => string): UnitFigures[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...units].sort((a, b) => {
    const nameA = nameOf(a.unit);
    const nameB = nameOf(b.unit);
    const va = SORT_VALUE[key](a, nameA);
    const vb = SORT_VALUE[key](b, nameB);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      const cmp = typeof va === "string" ? va.localeCompare(String(vb), "vi") : (va as number) - (vb as number);
      if (cmp !== 0) return sign * cmp;
    }
    return nameA.localeCompare(nameB, "vi");
  });
}

function breakdownTable(key: "categories" | "channels" | "orgs", title: string, label: string, rows: BreakdownFigures[], nameOf: (code: string) => string, ctx: ViewContext, total: Counted): ViewTable {
  const sorted = [...rows].sort((a, b) => b.tips - a.tips || b.cases - a.cases || nameOf(a.key).localeCompare(nameOf(b.key), "vi"));
  const defs: Array<ColumnDef<BreakdownFigures | (Counted & { key: string })>> = [
    // Codes are for machines (JSON); the CSV names the row.
    { key: "code", label: ctx.t("columns.code"), csvLabel: null, raw: (r) => r.key },
    { key: "name", label, raw: (r) => (r.key === "*" ? ctx.t("breakdowns.total") : nameOf(r.key)) },
    ...countColumns<BreakdownFigures | (Counted & { key: string })>(ctx),
  ];
  return buildTable(key, title, defs, sorted, { locale: ctx.locale, total: { ...total, key: "*", seized: {} } as BreakdownFigures });
}

/** The unit table's groups, in their order: the province's own unit, special units, then wards. */
export const UNIT_GROUP_ORDER = ["province", "special", "ward", ""] as const;

/** Every table of the dashboard and the report, in the page's language. */
export function buildTables(figures: OversightFigures, ctx: ViewContext): Record<TableKey, ViewTable> {
  const { t, locale, names, query } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const cur = figures.current;
  const prev = figures.previous;
  const minutes = t("exports.minutesUnit");

  type SummaryRow = { key: string; label: string; csvLabel: string; raw: [RawValue, RawValue, RawValue]; text: [string, string, string]; csv: CsvFormat };
  const count = (key: string, label: string, now: number, before: number): SummaryRow => {
    const c = compare(now, before);
    return {
      key, label, csvLabel: label, csv: "count",
      raw: [now, before, c.kind === "change" ? fraction(c.value) : null],
      text: [n(now), n(before), comparisonText(c, ctx)],
    };
  };
  const share = (key: string, label: string, now: number | null, before: number | null): SummaryRow => ({
    key, label, csvLabel: `${label} (%)`, csv: "percent",
    raw: [fraction(now), fraction(before), null],
    text: [formatPercent(now, locale), formatPercent(before, locale), ""],
  });
  const within = (key: string, label: string, now: number | null, before: number | null): SummaryRow => ({
    key, label, csvLabel: `${label} (${minutes})`, csv: "minutes",
    raw: [withinRaw(now), withinRaw(before), null],
    text: [formatWithin(now, locale), formatWithin(before, locale), ""],
  });
  const summary: SummaryRow[] = [
    count("tips", t("kpi.tips"), cur.tips, prev.tips),
    count("assessed", t("kpi.assessed"), cur.assessed, prev.assessed),
    count("pending", t("kpi.pending"), cur.tips - cur.assessed, prev.tips - prev.assessed),
    count("incidents", t("kpi.incidents"), cur.incidents, prev.incidents),
    count("valuable", t("kpi.valuable"), cur.valuable, prev.valuable),
    count("valuableIncidents", t("kpi.valuableIncidents"), cur.valuableIncidents, prev.valuableIncidents),
    count("cases", t("kpi.cases"), cur.cases, prev.cases),
    count("arrests", t("kpi.arrests"), cur.arrests, prev.arrests),
    count("triaged", t("columns.triaged"), cur.triaged, prev.triaged),
    share("valuableRatio", t("kpi.ratio"), ratio(cur.valuable, cur.assessed), ratio(prev.valuable, prev.assessed)),
    share("valuableIncidentRatio", t("kpi.incidentRatio"), ratio(cur.valuableIncidents, cur.assessedIncidents), ratio(prev.valuableIncidents, prev.assessedIncidents)),
    within("triageMedianWithinMinutes", t("kpi.triageMedian"), cur.medianWithin, prev.medianWithin),
    within("triageP90WithinMinutes", t("kpi.triageP90"), cur.p90Within, prev.p90Within),
  ];

  const units = sortUnits(figures.units, query.sort, query.dir, names.unit);
  const unitDefs: Array<ColumnDef<UnitFigures>> = [
    { key: "code", label: t("columns.code"), csvLabel: t("columns.unitCode"), raw: (u) => u.unit, csvText: (u) => (u.unit === "*" ? "" : u.unit) },
    { key: "name", label: t("columns.unit"), raw: (u) => (u.unit === "*" ? t("breakdowns.total") : names.unit(u.unit)), sort: "name" },
    ...countColumns<UnitFigures>(ctx),
    {
      key: "triageMedianWithinMinutes", label: t("columns.triage"), csvLabel: `${t("columns.triage")} (${minutes})`, numeric: true, sort: "triage", csv: "minutes",
      raw: (u) => withinRaw(u.medianWithin), text: (u) => formatWithin(u.medianWithin, locale),
    },
    { key: "open", label: t("columns.open"), numeric: true, sort: "open", raw: (u) => u.open, text: (u) => n(u.open) },
    { key: "overdue", label: t("columns.overdue"), numeric: true, sort: "overdue", raw: (u) => u.overdue, text: (u) => n(u.overdue) },
  ];
  // Grouped: the province's own unit, then special units, then wards; sorted within each group.
  const groupRank = (u: UnitFigures) => UNIT_GROUP_ORDER.indexOf((names.level(u.unit) || "") as (typeof UNIT_GROUP_ORDER)[number]);
  const groupedUnits = units.map((u, i) => ({ u, i })).sort((a, b) => groupRank(a.u) - groupRank(b.u) || a.i - b.i).map(({ u }) => u);

  const series = figures.series.map((s) => ({ ...s, label: formatBucket(s.bucket, locale) }));
  const seizures = SEIZURE_KINDS.filter((kind) => (cur.seized[kind] ?? 0) > 0).map((kind) => ({ kind, quantity: cur.seized[kind] }));
  const emptyRow = { tips: 0, incidents: 0, valuable: 0, valuableIncidents: 0, assessed: 0, assessedIncidents: 0, cases: 0, arrests: 0, seized: {} };

  return {
    summary: buildTable<SummaryRow>("summary", t("exports.tables.summary"), [
      { key: "metric", label: t("columns.metric"), raw: (r) => r.key, text: (r) => r.label, csvText: (r) => r.csvLabel },
      { key: "current", label: t("columns.current"), numeric: true, csv: (r) => r.csv, raw: (r) => r.raw[0], text: (r) => r.text[0] },
      { key: "previous", label: t("columns.previous"), numeric: true, csv: (r) => r.csv, raw: (r) => r.raw[1], text: (r) => r.text[1] },
      {
        key: "change", label: t("columns.change"), csvLabel: `${t("columns.change")} (%)`, numeric: true, csv: "percent", raw: (r) => r.raw[2], text: (r) => r.text[2],
        // A base too small for a percentage says so in words, as on the page.
        csvText: (r) => (r.raw[2] === null && r.text[2] !== "—" && r.text[2] !== "" ? r.text[2] : null),
      },
    ], summary, { locale }),
    // The national view's rows are provinces (figures.byProvince), ungrouped, each leading to that province's page.
    units: buildTable("units", t(figures.byProvince ? "provinces.heading" : "units.heading"), figures.byProvince ? provinceDefs(unitDefs, t) : unitDefs, groupedUnits, {
      locale,
      href: (u) => (u.unit && u.unit !== "*" && ctx.unitHref ? ctx.unitHref(u.unit) : undefined),
      group: figures.byProvince ? undefined : (u) => t(`units.groups.${names.level(u.unit) || "none"}`),
      total: { ...figures.current, unit: "*", open: figures.backlog.open, overdue: figures.backlog.overdue },
    }),
    categories: breakdownTable("categories", t("breakdowns.categories"), t("columns.category"), figures.categories, names.category, ctx, cur),
    channels: breakdownTable("channels", t("breakdowns.channels"), t("columns.channel"),
      [...figures.channels, ...CHANNELS.filter((c) => !figures.channels.some((r) => r.key === c)).map((key) => ({ key, ...emptyRow }))],
      names.channel, ctx, cur),
    orgs: breakdownTable("orgs", t("breakdowns.orgs"), t("columns.org"), figures.orgs, names.org, ctx, cur),
    series: buildTable("series", t("exports.tables.series"), [
      { key: "from", label: t("columns.from"), csv: "day", raw: (s) => s.bucket.from, text: (s) => formatDay(s.bucket.from, locale) },
      { key: "to", label: t("columns.to"), csv: "day", raw: (s) => s.bucket.to, text: (s) => formatDay(s.bucket.to, locale) },
      { key: "tips", label: t("columns.tips"), numeric: true, raw: (s) => s.tips, text: (s) => n(s.tips) },
      { key: "assessed", label: t("columns.assessed"), numeric: true, raw: (s) => s.assessed, text: (s) => n(s.assessed) },
      { key: "pending", label: t("columns.pending"), numeric: true, raw: (s) => s.tips - s.assessed, text: (s) => n(s.tips - s.assessed) },
      { key: "valuable", label: t("columns.valuable"), numeric: true, raw: (s) => s.valuable, text: (s) => n(s.valuable) },
      {
        key: "valuableRatio", label: t("columns.ratio"), csvLabel: `${t("columns.ratio")} (%)`, numeric: true, csv: "percent",
        raw: (s) => fraction(ratio(s.valuable, s.assessed)), text: (s) => ratioText(s.valuable, s.assessed, s.tips, ctx),
      },
    ], series, { locale }),
    backlog: buildTable("backlog", t("backlog.heading"), [
      { key: "band", label: t("columns.band"), raw: (b) => b.key, text: (b) => b.label },
      { key: "open", label: t("columns.count"), numeric: true, raw: (b) => b.open, text: (b) => n(b.open) },
      { key: "overdue", label: t("columns.overdueOfWhich"), numeric: true, raw: (b) => b.overdue, text: (b) => n(b.overdue) },
    ], BACKLOG_AGE_BANDS.map((b) => ({
      key: b.key, label: t(`backlog.bands.${b.key}`), open: figures.backlog.bands[b.key], overdue: figures.backlog.overdueBands[b.key],
    })), { locale, total: { key: "*", label: t("breakdowns.total"), open: figures.backlog.open, overdue: figures.backlog.overdue } }),
    seizures: buildTable("seizures", t("exports.tables.seizures"), [
      { key: "kind", label: t("columns.kind"), raw: (s) => s.kind, text: (s) => t(`seizures.${s.kind}`) },
      { key: "quantity", label: t("columns.quantity"), numeric: true, csv: "quantity", raw: (s) => s.quantity, text: (s) => formatNumber(s.quantity, locale, 2) },
    ], seizures, { locale }),
  };
}

// ---------------------------------------------------------------------------
// Cards, charts, sentences

export interface Kpi {
  key: string;
  label: string;
  value: string;
  hint?: string;
  previous?: string;
  change?: string;
  tone?: "warn" | "danger";
}

export function buildKpis(figures: OversightFigures, ctx: ViewContext): Kpi[] {
  const { t, locale } = ctx;
  const cur = figures.current;
  const prev = figures.previous;
  const n = (v: number) => formatNumber(v, locale);
  const count = (key: keyof FigureSet & string, label: string) => ({
    key, label, value: n(cur[key] as number), previous: n(prev[key] as number),
    change: comparisonText(compare(cur[key] as number, prev[key] as number), ctx),
  });
  const words = seizureWords(cur.seized, locale);
  const now = assessmentOf(cur.tips, cur.assessed);
  const before = assessmentOf(prev.tips, prev.assessed);
  const nowIncidents = assessmentOf(cur.incidents, cur.assessedIncidents);
  return [
    count("tips", t("kpi.tips")),
    {
      key: "assessment", label: t("kpi.assessment"),
      value: t("kpi.assessmentValue", { assessed: n(now.assessed), pending: n(now.pending) }),
      hint: now.mostlyPending ? t("assessment.mostlyPending") : undefined,
      previous: t("kpi.assessmentValue", { assessed: n(before.assessed), pending: n(before.pending) }),
      tone: now.mostlyPending ? "warn" : undefined,
    },
    count("incidents", t("kpi.incidents")),
    count("valuable", t("kpi.valuable")),
    {
      key: "ratio", label: t("kpi.ratio"), value: ratioText(cur.valuable, cur.assessed, cur.tips, ctx),
      hint: t("kpi.ratioHint", { valuable: n(cur.valuable), assessed: n(cur.assessed) }),
      previous: ratioText(prev.valuable, prev.assessed, prev.tips, ctx),
    },
    {
      key: "incidentRatio", label: t("kpi.incidentRatio"), value: ratioText(cur.valuableIncidents, cur.assessedIncidents, cur.incidents, ctx),
      hint: t("kpi.incidentRatioHint", { valuable: n(cur.valuableIncidents), incidents: n(nowIncidents.assessed) }),
      previous: ratioText(prev.valuableIncidents, prev.assessedIncidents, prev.incidents, ctx),
    },
    count("cases", t("kpi.cases")),
    count("arrests", t("kpi.arrests")),
    { key: "seized", label: t("kpi.seized"), value: words.length ? words.join(", ") : t("kpi.seizedNone") },
    {
      key: "triageMedian", label: t("kpi.triageMedian"), value: formatWithin(cur.medianWithin, locale), hint: t("kpi.triageHint", { count: cur.triaged }),
      previous: formatWithin(prev.medianWithin, locale),
    },
    { key: "triageP90", label: t("kpi.triageP90"), value: formatWithin(cur.p90Within, locale), previous: formatWithin(prev.p90Within, locale) },
    { key: "open", label: t("kpi.open"), value: n(figures.backlog.open), hint: t("period.now") },
    { key: "overdue", label: t("kpi.overdue"), value: n(figures.backlog.overdue), tone: figures.backlog.overdue > 0 ? "danger" : undefined },
  ];
}

/**
 * Why a period's figures are not final, in words (never colour alone): the
 * period has not ended, and/or most of its tips are not assessed yet. Null
 * when they are final.
 */
export function partialNote(figures: FigureSet, period: { from: string; to: string }, today: string, ctx: Pick<ViewContext, "t" | "locale">): string | null {
  const a = assessmentOf(figures.tips, figures.assessed);
  const n = (v: number) => formatNumber(v, ctx.locale);
  const reasons: string[] = [];
  if (periodUnfinished(period, today)) reasons.push(ctx.t("assessment.unfinished"));
  if (a.mostlyPending) reasons.push(ctx.t("assessment.mostlyPendingCount", { pending: n(a.pending), tips: n(figures.tips) }));
  else if (a.pending > 0) reasons.push(ctx.t("assessment.somePending", { pending: n(a.pending), tips: n(figures.tips) }));
  if (reasons.length === 0) return null;
  const provisional = periodUnfinished(period, today) || a.mostlyPending;
  return ctx.t(provisional ? "assessment.provisional" : "assessment.note", { reasons: reasons.join("; ") });
}

export interface ChartView {
  id: string;
  title: string;
  description: string;
  geometry: ChartGeometry;
  legend: boolean;
  table: { columns: string[]; rows: string[][] };
}

export function buildCharts(figures: OversightFigures, ctx: ViewContext): ChartView[] {
  const { t, locale, names, query } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const size = t(`charts.${bucketSizeFor(query.period)}`);
  const labels = figures.series.map((s) => formatBucket(s.bucket, locale));
  const axisLabels = figures.series.map((s) => formatBucketShort(s.bucket, locale));
  const cur = figures.current;
  const categories = [...figures.categories].filter((c) => c.tips > 0 || c.cases > 0).sort((a, b) => b.tips - a.tips || b.cases - a.cases);
  return [
    {
      id: "chart-volume",
      title: t("charts.volumeTitle", { size }),
      description: t("charts.volumeDesc", { size, tips: n(cur.tips), valuable: n(cur.valuable) }),
      geometry: volumeChart(figures.series.map((s, i) => ({ label: axisLabels[i], tips: s.tips, valuable: s.valuable })), n),
      legend: true,
      table: {
        columns: [t("charts.bucket"), t("columns.tips"), t("columns.valuable")],
        rows: figures.series.map((s, i) => [labels[i], n(s.tips), n(s.valuable)]),
      },
    },
    {
      id: "chart-ratio",
      title: t("charts.ratioTitle", { size }),
      description: t("charts.ratioDesc", { size, ratio: ratioText(cur.valuable, cur.assessed, cur.tips, ctx) }),
      geometry: ratioChart(figures.series.map((s, i) => ({ label: axisLabels[i], value: ratio(s.valuable, s.assessed) })), (v) => formatPercent(v, locale)),
      legend: false,
      table: {
        columns: [t("charts.bucket"), t("columns.ratio"), t("columns.assessed"), t("columns.pending")],
        rows: figures.series.map((s, i) => [labels[i], ratioText(s.valuable, s.assessed, s.tips, ctx), n(s.assessed), n(s.tips - s.assessed)]),
      },
    },
    {
      id: "chart-categories",
      title: t("charts.categoryTitle"),
      description: t("charts.categoryDesc"),
      geometry: categoryChart(categories.map((c) => ({
        label: names.category(c.key), tips: c.tips, valuable: c.valuable,
        note: t("charts.categoryNote", { valuable: n(c.valuable), tips: n(c.tips), cases: n(c.cases) }),
      }))),
      legend: true,
      table: {
        columns: [t("columns.category"), t("columns.tips"), t("columns.valuable"), t("columns.cases"), t("columns.arrests")],
        rows: categories.map((c) => [names.category(c.key), n(c.tips), n(c.valuable), n(c.cases), n(c.arrests)]),
      },
    },
  ];
}

export function buildSentences(figures: OversightFigures, locale: Locale): { period: string; organisations: string | null } {
  // The share of valuable tips is of the assessed ones (0033).
  const credited = figures.orgs.filter((o) => o.key !== "");
  return {
    period: periodSentence(figures.current, locale),
    organisations: organisationSentence({
      tips: credited.reduce((s, o) => s + o.tips, 0),
      valuable: credited.reduce((s, o) => s + o.valuable, 0),
    }, locale),
  };
}

/**
 * "Kỳ: 01/11/2026 – 22/11/2026" and the comparison period (the same period
 * last year), for headings, with what makes either provisional.
 */
export function periodLabels(query: OversightQuery, ctx: Pick<ViewContext, "t" | "locale">, figures?: OversightFigures) {
  const d = (day: string) => formatDay(day, ctx.locale);
  return {
    current: ctx.t("period.current", { from: d(query.period.from), to: d(query.period.to) }),
    previous: ctx.t("period.previous", { from: d(query.previous.from), to: d(query.previous.to) }),
    from: d(query.period.from),
    to: d(query.period.to),
    currentNote: figures ? partialNote(figures.current, query.period, figures.today, ctx) : null,
    previousNote: figures ? partialNote(figures.previous, query.previous, figures.today, ctx) : null,
  };
}

/** The unit columns headed for provinces: the national view's table (docs/decisions/0078). */
function provinceDefs<T>(defs: Array<ColumnDef<T>>, t: TFunction): Array<ColumnDef<T>> {
  return defs.map((d) =>
    d.key === "code" ? { ...d, label: t("columns.provinceCode"), csvLabel: t("columns.provinceCode") }
      : d.key === "name" ? { ...d, label: t("columns.province") }
        : d);
}

/** "Thành phố Đà Nẵng (96 đơn vị)", "3 đơn vị" or "toàn bộ đơn vị". */
export function scopeLabel(scope: UnitScope, t: TFunction, provinceName: string | null): string {
  if (scope.kind === "all") return t("scope.all");
  return provinceName ? t("scope.province", { name: provinceName, count: scope.units.length }) : t("scope.units", { count: scope.units.length });
}

/** Links of the unit table and the exports keep the period and filters. */
export function unitHrefFor(query: OversightQuery): (code: string) => string {
  return (code) => `/giam-sat/don-vi/${encodeURIComponent(code)}${querySearch(query, { sort: null, dir: null })}`;
}

