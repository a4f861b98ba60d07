/**
 * A /giam-sat page put together: the signed-in supervisor or administrator
 * (anyone else gets 403), their unit scope and the query in the URL
 * (oversight.server.ts), the figures (core/oversight.ts), and the names, tables
 * and paging to show them with (oversight-view.server.ts).
 */
import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import { staffView } from "~/components/staff/staff-view";
import type { FilterOptions, FilterState } from "~/components/oversight/FilterForm";
import { i18next } from "~/i18n/i18next.server";
import type { Locale } from "~/components/oversight/report";
import type { Database } from "../../db/schema";
import { listScopeUnits } from "../../db/queries/stats";
import type { UnitScope } from "../../db/queries/scope";
import { findUnit, findUnits } from "../../db/queries/units";
import { getUnitScope, requireRole, type StaffUser } from "./auth.server";
import { computeOversight, type OversightFigures } from "../../core/oversight";
import { CHANNELS, type OversightQuery, parseOversightQuery, querySearch, UNIT_SORT_KEYS } from "./oversight.server";
import {
  buildCharts, buildKpis, buildTables, forPage, loadNames, periodLabels, scopeLabel, unitHrefFor, type ViewContext, type ViewTable,
} from "./oversight-view.server";
import { foldVietnamese } from "../../domain/text";

export async function requireOverseer(request: Request, context: AppLoadContext) {
  return requireRole(request, context, "supervisor", "admin");
}

export async function loadOversightPage(request: Request, context: AppLoadContext, now = new Date()) {
  const user = await requireOverseer(request, context);
  const query = parseOversightQuery(new URL(request.url).searchParams, now);
  const locale = ((await i18next.getLocale(request)) === "en" ? "en" : "vi") as Locale;
  const t = await i18next.getFixedT(request, "oversight");
  const scope = await getUnitScope(context.db, user);
  const figures = await computeOversight(context.db, scope, query, now);
  return presentOversight(context.db, { user, scope, query, figures, t, locale });
}

/** Everything needed to show a user's figures for a query (the benchmark times it after computeOversight). */
export async function presentOversight(
  db: Kysely<Database>,
  { user, scope, query, figures, t, locale }: { user: StaffUser; scope: UnitScope; query: OversightQuery; figures: OversightFigures; t: TFunction; locale: Locale },
) {
  const scopeUnits = await listScopeUnits(db, scope);
  const known = new Set(scopeUnits.map((u) => u.code));
  const others = await findUnits(db, figures.units.map((u) => u.unit).filter((code) => code && !known.has(code)));
  const names = await loadNames(db, t, locale, [...scopeUnits, ...others]);
  const ctx: ViewContext = { t, locale, names, query, unitHref: unitHrefFor(query) };

  const options: FilterOptions = {
    units: scopeUnits.map((u) => ({ code: u.code, name: u.name })),
    categories: names.categories,
    channels: CHANNELS.map((c) => ({ code: c, label: names.channel(c) })),
    orgs: names.orgs,
  };
  const province = user.role === "supervisor" && user.provinceCode ? await findUnit(db, user.provinceCode) : undefined;
  const scopeText = scopeLabel(scope, t, province?.name ?? null);
  return { user, staff: staffView(user), query, scope, figures, ctx, t, locale, options, scopeText, formState: formState(query) };
}

export type OversightPage = Awaited<ReturnType<typeof presentOversight>>;

/** Rows of the unit table per page: 20 rows keep the dashboard a few screens long whatever the province. */
export const UNIT_PAGE_SIZE = 20;

/**
 * The unit table as the dashboard shows it: the rows whose name or code
 * matches the search (diacritics folded: "an hai" finds "Phường An Hải"),
 * one page of them, and the links to the other pages.
 */
export function unitTablePage(table: ViewTable, query: OversightQuery, pageSize = UNIT_PAGE_SIZE) {
  const needle = foldVietnamese(query.q).trim();
  const matching = needle
    ? table.rows.filter((r) => foldVietnamese(`${r.cells[1]} ${r.raw[0] ?? ""}`).includes(needle))
    : table.rows;
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(query.page, pages);
  const start = (page - 1) * pageSize;
  const rows = matching.slice(start, start + pageSize);
  const href = (p: number) => `${querySearch(query, { page: p > 1 ? String(p) : null })}#units`;
  return {
    table: { ...table, rows },
    paging: {
      page, pages, total: matching.length, from: matching.length ? start + 1 : 0, to: start + rows.length,
      previous: page > 1 ? href(page - 1) : null,
      next: page < pages ? href(page + 1) : null,
      links: pageNumbers(page, pages).map((p) => (p === null ? null : { page: p, href: href(p), current: p === page })),
    },
  };
}

/** 1 … 4 5 [6] 7 8 … 20: every page when there are few, else the ends and two either side (null = a gap). */
export function pageNumbers(page: number, pages: number): Array<number | null> {
  if (pages <= 9) return Array.from({ length: pages }, (_, i) => i + 1);
  const out: Array<number | null> = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

/** What the dashboard (/giam-sat) sends to the browser: finished words, tables and chart shapes. */
export function dashboardData(page: OversightPage) {
  const { query, figures, ctx, t } = page;
  const tables = buildTables(figures, ctx);
  // Sorting and searching start again from the first page.
  const sortHrefs = Object.fromEntries(
    UNIT_SORT_KEYS.flatMap((key) => (["asc", "desc"] as const).map((dir) => [`${key}:${dir}`, `${querySearch(query, { sort: key, dir, page: null })}#units`])),
  );
  const units = unitTablePage(tables.units, query);
  return {
    user: page.staff,
    title: t("title"),
    scope: page.scopeText,
    period: periodLabels(query, ctx, figures),
    periodError: query.periodError,
    form: page.formState,
    options: page.options,
    search: sharedSearch(query),
    kpis: buildKpis(figures, ctx),
    charts: buildCharts(figures, ctx),
    unitSearch: { q: query.q, hidden: hiddenFields(query) },
    unitPaging: units.paging,
    tables: { units: forPage(units.table), backlog: forPage(tables.backlog), channels: forPage(tables.channels), orgs: forPage(tables.orgs) },
    sort: { key: query.sort, dir: query.dir, hrefs: sortHrefs },
    empty: figures.current.tips === 0 && figures.current.cases === 0,
  };
}

export function formState(query: OversightQuery): FilterState {
  const custom = query.preset === "custom";
  return {
    period: query.preset,
    from: custom ? query.period.from : query.from,
    to: custom ? query.period.to : query.to,
    unit: query.filters.unit ?? "",
    category: query.filters.category ?? "",
    channel: query.filters.channel ?? "",
    org: query.filters.org ?? "",
    sort: query.sort !== "tips" || query.dir !== "desc" ? query.sort : null,
    dir: query.sort !== "tips" || query.dir !== "desc" ? query.dir : null,
  };
}

/** The query string shared by the tabs and the exports (no sort, search or page: those are the unit table's alone). */
export function sharedSearch(query: OversightQuery): string {
  return querySearch(query, { sort: null, dir: null, q: null, page: null });
}

/** The period, filters and sort as hidden fields of the unit search form (a GET form, so it works without JavaScript). */
export function hiddenFields(query: OversightQuery): Array<[string, string]> {
  return [...new URLSearchParams(querySearch(query, { q: null, page: null })).entries()];
}
