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
import { unitsScope, type UnitScope } from "../../db/queries/scope";
import { findUnit, findUnits, listAllProvinces, listUnitCodesOfProvince } from "../../db/queries/units";
import { getUnitScope, notFound, requireRole, type StaffUser } from "./auth.server";
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
  const { scope, province } = await pageScope(context.db, user, query);
  // Every province and no unit chosen: the provinces side by side, from the province totals (0078).
  const byProvince = scope.kind === "all" && query.filters.unit === null;
  const figures = await computeOversight(context.db, scope, query, now, { byProvince });
  return presentOversight(context.db, { user, scope, query, figures, t, locale, province });
}

/**
 * The scope a page shows (docs/decisions/0078-national-scope-and-operations.md): the user's,
 * or — for a national supervisor or an administrator, whose scope is every unit — the
 * units of the province in `?province=`. Anyone else may name only their own province;
 * another, or one that does not exist, is not found.
 */
export async function pageScope(db: Kysely<Database>, user: StaffUser, query: Pick<OversightQuery, "province">): Promise<{ scope: UnitScope; province: { code: string; name: string } | null }> {
  const scope = await getUnitScope(db, user);
  if (query.province === null) return { scope, province: null };
  const unit = await findUnit(db, query.province);
  if (!unit || unit.level !== "province") notFound();
  if (scope.kind === "all") return { scope: unitsScope(await listUnitCodesOfProvince(db, unit.code)), province: { code: unit.code, name: unit.name } };
  if (user.provinceCode !== unit.code) notFound();
  return { scope, province: { code: unit.code, name: unit.name } };
}

/** Everything needed to show a user's figures for a query (the benchmark times it after computeOversight). */
export async function presentOversight(
  db: Kysely<Database>,
  { user, scope, query, figures, t, locale, province = null }: {
    user: StaffUser; scope: UnitScope; query: OversightQuery; figures: OversightFigures; t: TFunction; locale: Locale;
    province?: { code: string; name: string } | null;
  },
) {
  const scopeUnits = await listScopeUnits(db, scope);
  const known = new Set(scopeUnits.map((u) => u.code));
  const others = await findUnits(db, figures.units.map((u) => u.unit).filter((code) => code && !known.has(code)));
  const names = await loadNames(db, t, locale, [...scopeUnits, ...others]);
  const ctx: ViewContext = { t, locale, names, query, unitHref: figures.byProvince ? provinceHrefFor(query) : unitHrefFor(query) };

  const options: FilterOptions = {
    units: scopeUnits.map((u) => ({ code: u.code, name: u.name })),
    categories: names.categories,
    channels: CHANNELS.map((c) => ({ code: c, label: names.channel(c) })),
    orgs: names.orgs,
  };
  const shown = province ?? (user.role === "supervisor" && user.provinceCode ? await findUnit(db, user.provinceCode) : null);
  const scopeText = scopeLabel(scope, t, shown?.name ?? null);
  // Who sees every province chooses one (the map is per province) and comes back to all of them.
  const allProvinces = user.role === "admin" || (user.role === "supervisor" && user.national === true);
  const provinces = allProvinces ? provinceChooser(await listAllProvinces(db), query, t) : null;
  return { user, staff: staffView(user), query, scope, figures, ctx, t, locale, options, scopeText, formState: formState(query), provinces };
}

export type OversightPage = Awaited<ReturnType<typeof presentOversight>>;

/** The province chooser of the national view: a GET form keeping the period and filters, and the way back to every province. */
function provinceChooser(provinces: Array<{ code: string; name: string }>, query: OversightQuery, t: TFunction) {
  return {
    label: t("provinces.choose"),
    submit: t("provinces.show"),
    current: query.province ?? "",
    options: [{ code: "", name: t("provinces.all") }, ...provinces],
    hidden: [...new URLSearchParams(querySearch(query, { province: null, unit: null, q: null, page: null })).entries()],
    national: query.province === null ? null : { label: t("provinces.back"), href: `${querySearch(query, { province: null, unit: null, q: null, page: null })}` },
  };
}

/** Links of the national view's province rows: the same page, for that province. */
export function provinceHrefFor(query: OversightQuery): (code: string) => string {
  return (code) => `/giam-sat${querySearch(query, { province: code, sort: null, dir: null, q: null, page: null })}`;
}

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
    provinces: page.provinces,
    byProvince: figures.byProvince,
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
    province: query.province,
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
