/**
 * The supervisors' figures as the pages show them and the exports write them:
 * one definition per table (columns, raw values, words), the key-figure cards,
 * the charts' geometry and the period sentences — all in the page's language,
 * computed on the server so the browser receives finished text and SVG shapes.
 */
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import { categoryChart, type ChartGeometry, ratioChart, volumeChart } from "../../domain/charts";
import {
  formatBucket, formatBucketShort, formatChange, formatDay, formatNumber, formatPercent, formatWithin, type Locale, organisationSentence,
  periodSentence, SEIZURE_ORDER, seizureWords,
} from "../../domain/report";
import { BACKLOG_AGE_BANDS, bucketSizeFor, change, ratio } from "../../domain/stats";
import { listCategoryLabels, listSourceOrgNames, type UnitScope } from "../../db/queries/stats";
import type { Database } from "../../db/schema";
import {
  type BreakdownFigures, CHANNELS, type FigureSet, type OversightFigures, type OversightQuery, querySearch,
  type SortDirection, type UnitFigures, type UnitSortKey,
} from "./oversight.server";

export const TABLE_KEYS = ["summary", "units", "categories", "channels", "orgs", "series", "backlog", "seizures"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export type RawValue = string | number | null;

export interface TableColumn {
  key: string;
  label: string;
  numeric: boolean;
  /** The units table sorts by this key when the heading is followed. */
  sort?: UnitSortKey;
}

export interface TableRow {
  cells: string[];
  raw: RawValue[];
  /** Where the row's first cell links to (a unit's tips). */
  href?: string;
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
  rows: Array<Omit<TableRow, "raw">>;
  total?: Omit<TableRow, "raw">;
};

export function forPage(table: ViewTable): PageTable {
  const strip = ({ cells, href }: TableRow) => (href ? { cells, href } : { cells });
  return { ...table, rows: table.rows.map(strip), total: table.total ? strip(table.total) : undefined };
}

export interface Names {
  /** Every category and organisation, in their order, for the filters. */
  categories: Array<{ code: string; label: string }>;
  orgs: Array<{ code: string; label: string }>;
  unit(code: string): string;
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
export async function loadNames(db: Kysely<Database>, t: TFunction, locale: Locale, units: Array<{ code: string; name: string }>): Promise<Names> {
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const categories = new Map((await listCategoryLabels(db)).map((c) => [c.code, locale === "en" ? c.label_en : c.label_vi]));
  const orgs = new Map((await listSourceOrgNames(db)).map((o) => [o.code, locale === "en" ? o.name_en : o.name_vi]));
  return {
    categories: [...categories].map(([code, label]) => ({ code, label })),
    orgs: [...orgs].map(([code, label]) => ({ code, label })),
    unit: (code) => (code === "" ? t("noUnit") : unitNames.get(code) ?? code),
    category: (code) => categories.get(code) ?? code,
    channel: (code) => t(`channels.${code}`, { defaultValue: code }),
    org: (code) => (code === "" ? t("noOrg") : orgs.get(code) ?? code),
  };
}

const fraction = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);
const withinRaw = (minutes: number | null): RawValue => (minutes === null ? null : Number.isFinite(minutes) ? minutes : `>${129_600}`);

interface ColumnDef<R> {
  key: string;
  label: string;
  numeric?: boolean;
  sort?: UnitSortKey;
  raw: (row: R) => RawValue;
  text?: (row: R) => string;
}

function buildTable<R>(key: TableKey, title: string, defs: Array<ColumnDef<R>>, rows: R[], options: { href?: (row: R) => string | undefined; total?: R } = {}): ViewTable {
  const toRow = (r: R): TableRow => ({
    raw: defs.map((d) => d.raw(r)),
    cells: defs.map((d) => (d.text ? d.text(r) : String(d.raw(r) ?? ""))),
    href: options.href?.(r),
  });
  return {
    key, title,
    columns: defs.map((d) => ({ key: d.key, label: d.label, numeric: !!d.numeric, sort: d.sort })),
    rows: rows.map(toRow),
    total: options.total ? toRow(options.total) : undefined,
  };
}

type Counted = Pick<FigureSet, "tips" | "incidents" | "valuable" | "valuableIncidents" | "cases" | "arrests">;

function countColumns<R extends Counted>(ctx: ViewContext): Array<ColumnDef<R>> {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  return [
    { key: "tips", label: t("columns.tips"), numeric: true, sort: "tips", raw: (r) => r.tips, text: (r) => n(r.tips) },
    { key: "incidents", label: t("columns.incidents"), numeric: true, sort: "incidents", raw: (r) => r.incidents, text: (r) => n(r.incidents) },
    { key: "valuable", label: t("columns.valuable"), numeric: true, sort: "valuable", raw: (r) => r.valuable, text: (r) => n(r.valuable) },
    { key: "valuableRatio", label: t("columns.ratio"), numeric: true, sort: "ratio", raw: (r) => fraction(ratio(r.valuable, r.tips)), text: (r) => formatPercent(ratio(r.valuable, r.tips), locale) },
    {
      key: "valuableIncidentRatio", label: t("columns.incidentRatio"), numeric: true, sort: "incidentRatio",
      raw: (r) => fraction(ratio(r.valuableIncidents, r.incidents)), text: (r) => formatPercent(ratio(r.valuableIncidents, r.incidents), locale),
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
  ratio: (u) => ratio(u.valuable, u.tips),
  incidentRatio: (u) => ratio(u.valuableIncidents, u.incidents),
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
    { key: "code", label: ctx.t("columns.code"), raw: (r) => r.key },
    { key: "name", label, raw: (r) => (r.key === "*" ? ctx.t("breakdowns.total") : nameOf(r.key)) },
    ...countColumns<BreakdownFigures | (Counted & { key: string })>(ctx),
  ];
  return buildTable(key, title, defs, sorted, { total: { ...total, key: "*", seized: {} } as BreakdownFigures });
}

/** Every table of the dashboard and the report, in the page's language. */
export function buildTables(figures: OversightFigures, ctx: ViewContext): Record<TableKey, ViewTable> {
  const { t, locale, names, query } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const cur = figures.current;
  const prev = figures.previous;

  const metric = (key: string, label: string, now: number, before: number) => ({ key, label, now, before });
  const summaryRows = [
    metric("tips", t("kpi.tips"), cur.tips, prev.tips),
    metric("incidents", t("kpi.incidents"), cur.incidents, prev.incidents),
    metric("valuable", t("kpi.valuable"), cur.valuable, prev.valuable),
    metric("valuableIncidents", t("kpi.incidentRatio"), cur.valuableIncidents, prev.valuableIncidents),
    metric("cases", t("kpi.cases"), cur.cases, prev.cases),
    metric("arrests", t("kpi.arrests"), cur.arrests, prev.arrests),
    metric("triaged", t("columns.triage"), cur.triaged, prev.triaged),
  ];
  const ratioRows = [
    { key: "valuableRatio", label: t("kpi.ratio"), now: ratio(cur.valuable, cur.tips), before: ratio(prev.valuable, prev.tips) },
    { key: "valuableIncidentRatio", label: t("kpi.incidentRatio"), now: ratio(cur.valuableIncidents, cur.incidents), before: ratio(prev.valuableIncidents, prev.incidents) },
  ];
  const withinRows = [
    { key: "triageMedianWithinMinutes", label: t("kpi.triageMedian"), now: cur.medianWithin, before: prev.medianWithin },
    { key: "triageP90WithinMinutes", label: t("kpi.triageP90"), now: cur.p90Within, before: prev.p90Within },
  ];
  type SummaryRow = { key: string; label: string; raw: [RawValue, RawValue, RawValue]; text: [string, string, string] };
  const summary: SummaryRow[] = [
    ...summaryRows.map((m) => ({
      key: m.key, label: m.label, raw: [m.now, m.before, fraction(change(m.now, m.before))] as [RawValue, RawValue, RawValue],
      text: [n(m.now), n(m.before), formatChange(change(m.now, m.before), locale)] as [string, string, string],
    })),
    ...ratioRows.map((m) => ({
      key: m.key, label: m.label, raw: [fraction(m.now), fraction(m.before), null] as [RawValue, RawValue, RawValue],
      text: [formatPercent(m.now, locale), formatPercent(m.before, locale), ""] as [string, string, string],
    })),
    ...withinRows.map((m) => ({
      key: m.key, label: m.label, raw: [withinRaw(m.now), withinRaw(m.before), null] as [RawValue, RawValue, RawValue],
      text: [formatWithin(m.now, locale), formatWithin(m.before, locale), ""] as [string, string, string],
    })),
  ];

  const units = sortUnits(figures.units, query.sort, query.dir, names.unit);
  const unitDefs: Array<ColumnDef<UnitFigures>> = [
    { key: "code", label: t("columns.code"), raw: (u) => u.unit },
    { key: "name", label: t("columns.unit"), raw: (u) => (u.unit === "*" ? t("breakdowns.total") : names.unit(u.unit)), sort: "name" },
    ...countColumns<UnitFigures>(ctx),
    { key: "triageMedianWithinMinutes", label: t("columns.triage"), numeric: true, sort: "triage", raw: (u) => withinRaw(u.medianWithin), text: (u) => formatWithin(u.medianWithin, locale) },
    { key: "open", label: t("columns.open"), numeric: true, sort: "open", raw: (u) => u.open, text: (u) => n(u.open) },
    { key: "overdue", label: t("columns.overdue"), numeric: true, sort: "overdue", raw: (u) => u.overdue, text: (u) => n(u.overdue) },
  ];

  const series = figures.series.map((s) => ({ ...s, label: formatBucket(s.bucket, locale) }));
  const seizures = SEIZURE_ORDER.filter((kind) => (cur.seized[kind] ?? 0) > 0).map((kind) => ({ kind, quantity: cur.seized[kind] }));

  return {
    summary: buildTable<SummaryRow>("summary", t("exports.tables.summary"), [
      { key: "metric", label: t("columns.metric"), raw: (r) => r.key, text: (r) => r.label },
      { key: "current", label: t("columns.current"), numeric: true, raw: (r) => r.raw[0], text: (r) => r.text[0] },
      { key: "previous", label: t("columns.previous"), numeric: true, raw: (r) => r.raw[1], text: (r) => r.text[1] },
      { key: "change", label: t("columns.change"), numeric: true, raw: (r) => r.raw[2], text: (r) => r.text[2] },
    ], summary),
    units: buildTable("units", t("units.heading"), unitDefs, units, {
      href: (u) => (u.unit && u.unit !== "*" && ctx.unitHref ? ctx.unitHref(u.unit) : undefined),
      total: { ...figures.current, unit: "*", open: figures.backlog.open, overdue: figures.backlog.overdue },
    }),
    categories: breakdownTable("categories", t("breakdowns.categories"), t("columns.category"), figures.categories, names.category, ctx, cur),
    channels: breakdownTable("channels", t("breakdowns.channels"), t("columns.channel"),
      [...figures.channels, ...CHANNELS.filter((c) => !figures.channels.some((r) => r.key === c)).map((key) => ({ key, tips: 0, incidents: 0, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0, seized: {} }))],
      names.channel, ctx, cur),
    orgs: breakdownTable("orgs", t("breakdowns.orgs"), t("columns.org"), figures.orgs, names.org, ctx, cur),
    series: buildTable("series", t("exports.tables.series"), [
      { key: "from", label: t("columns.from"), raw: (s) => s.bucket.from, text: (s) => formatDay(s.bucket.from, locale) },
      { key: "to", label: t("columns.to"), raw: (s) => s.bucket.to, text: (s) => formatDay(s.bucket.to, locale) },
      { key: "tips", label: t("columns.tips"), numeric: true, raw: (s) => s.tips, text: (s) => n(s.tips) },
      { key: "valuable", label: t("columns.valuable"), numeric: true, raw: (s) => s.valuable, text: (s) => n(s.valuable) },
      { key: "valuableRatio", label: t("columns.ratio"), numeric: true, raw: (s) => fraction(ratio(s.valuable, s.tips)), text: (s) => formatPercent(ratio(s.valuable, s.tips), locale) },
    ], series),
    backlog: buildTable("backlog", t("backlog.heading"), [
      { key: "band", label: t("columns.band"), raw: (b) => b.key, text: (b) => b.label },
      { key: "open", label: t("columns.count"), numeric: true, raw: (b) => b.open, text: (b) => n(b.open) },
      { key: "overdue", label: t("columns.overdueOfWhich"), numeric: true, raw: (b) => b.overdue, text: (b) => n(b.overdue) },
    ], BACKLOG_AGE_BANDS.map((b) => ({
      key: b.key, label: t(`backlog.bands.${b.key}`), open: figures.backlog.bands[b.key], overdue: figures.backlog.overdueBands[b.key],
    })), { total: { key: "*", label: t("breakdowns.total"), open: figures.backlog.open, overdue: figures.backlog.overdue } }),
    seizures: buildTable("seizures", t("exports.tables.seizures"), [
      { key: "kind", label: t("columns.kind"), raw: (s) => s.kind, text: (s) => t(`seizures.${s.kind}`) },
      { key: "quantity", label: t("columns.quantity"), numeric: true, raw: (s) => s.quantity, text: (s) => formatNumber(s.quantity, locale, 2) },
    ], seizures),
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
    key, label, value: n(cur[key] as number), previous: n(prev[key] as number), change: formatChange(change(cur[key] as number, prev[key] as number), locale),
  });
  const words = seizureWords(cur.seized, locale);
  return [
    count("tips", t("kpi.tips")),
    count("incidents", t("kpi.incidents")),
    count("valuable", t("kpi.valuable")),
    {
      key: "ratio", label: t("kpi.ratio"), value: formatPercent(ratio(cur.valuable, cur.tips), locale), hint: t("kpi.ratioHint"),
      previous: formatPercent(ratio(prev.valuable, prev.tips), locale),
    },
    {
      key: "incidentRatio", label: t("kpi.incidentRatio"), value: formatPercent(ratio(cur.valuableIncidents, cur.incidents), locale),
      hint: t("kpi.incidentRatioHint", { valuable: n(cur.valuableIncidents), incidents: n(cur.incidents) }),
      previous: formatPercent(ratio(prev.valuableIncidents, prev.incidents), locale),
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
      description: t("charts.ratioDesc", { size, ratio: formatPercent(ratio(cur.valuable, cur.tips), locale) }),
      geometry: ratioChart(figures.series.map((s, i) => ({ label: axisLabels[i], value: ratio(s.valuable, s.tips) })), (v) => formatPercent(v, locale)),
      legend: false,
      table: {
        columns: [t("charts.bucket"), t("columns.ratio")],
        rows: figures.series.map((s, i) => [labels[i], formatPercent(ratio(s.valuable, s.tips), locale)]),
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
  const credited = figures.orgs.filter((o) => o.key !== "");
  return {
    period: periodSentence(figures.current, locale),
    organisations: organisationSentence({
      tips: credited.reduce((s, o) => s + o.tips, 0),
      valuable: credited.reduce((s, o) => s + o.valuable, 0),
    }, locale),
  };
}

/** "Kỳ: 01/11/2026 – 22/11/2026" and the comparison period, for headings. */
export function periodLabels(query: OversightQuery, ctx: Pick<ViewContext, "t" | "locale">) {
  const d = (day: string) => formatDay(day, ctx.locale);
  return {
    current: ctx.t("period.current", { from: d(query.period.from), to: d(query.period.to) }),
    previous: ctx.t("period.previous", { from: d(query.previous.from), to: d(query.previous.to) }),
    from: d(query.period.from),
    to: d(query.period.to),
  };
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

