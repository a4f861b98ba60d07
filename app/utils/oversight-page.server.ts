/**
 * What every /giam-sat page loads first: the signed-in supervisor or
 * administrator (anyone else gets 403), their unit scope, the query in the
 * URL, the figures and the names to show them with.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import { staffView } from "~/components/staff/staff-view";
import type { FilterOptions, FilterState } from "~/components/oversight/FilterForm";
import { i18next } from "~/i18n/i18next.server";
import type { Locale } from "../../domain/report";
import type { Database } from "../../db/schema";
import { findUnitsByCodes, listScopeUnits } from "../../db/queries/stats";
import { requireRole, type StaffUser } from "./auth.server";
import {
  CHANNELS, computeOversight, type OversightQuery, parseOversightQuery, querySearch, scopeOf, UNIT_SORT_KEYS,
} from "./oversight.server";
import {
  buildCharts, buildKpis, buildTables, forPage, loadNames, periodLabels, scopeLabel, unitHrefFor, type ViewContext,
} from "./oversight-view.server";

export async function requireOverseer(request: Request, context: AppLoadContext) {
  return requireRole(request, context, "supervisor", "admin");
}

export async function loadOversightPage(request: Request, context: AppLoadContext, now = new Date()) {
  const user = await requireOverseer(request, context);
  const query = parseOversightQuery(new URL(request.url).searchParams, now);
  const locale = ((await i18next.getLocale(request)) === "en" ? "en" : "vi") as Locale;
  const t = await i18next.getFixedT(request, "oversight");
  return assembleOversight(context.db, { user, query, now, t, locale });
}

/** The figures and everything needed to show them, for a user and a query (also what the benchmark times). */
export async function assembleOversight(
  db: Kysely<Database>,
  { user, query, now, t, locale }: { user: StaffUser; query: OversightQuery; now: Date; t: TFunction; locale: Locale },
) {
  const scope = await scopeOf(db, user);
  const figures = await computeOversight(db, scope, query, now);
  const scopeUnits = await listScopeUnits(db, scope);
  const known = new Set(scopeUnits.map((u) => u.code));
  const others = await findUnitsByCodes(db, figures.units.map((u) => u.unit).filter((code) => code && !known.has(code)));
  const names = await loadNames(db, t, locale, [...scopeUnits, ...others]);
  const ctx: ViewContext = { t, locale, names, query, unitHref: unitHrefFor(query) };

  const options: FilterOptions = {
    units: scopeUnits.map((u) => ({ code: u.code, name: u.name })),
    categories: names.categories,
    channels: CHANNELS.map((c) => ({ code: c, label: names.channel(c) })),
    orgs: names.orgs,
  };
  const province = user.role === "supervisor" && user.provinceCode ? (await findUnitsByCodes(db, [user.provinceCode]))[0] : undefined;
  const scopeText = scopeLabel(scope, t, province?.name ?? null);
  return { user, staff: staffView(user), query, scope, figures, ctx, t, locale, options, scopeText, formState: formState(query) };
}

export type OversightPage = Awaited<ReturnType<typeof assembleOversight>>;

/** What the dashboard (/giam-sat) sends to the browser: finished words, tables and chart shapes. */
export function dashboardData(page: OversightPage) {
  const { query, figures, ctx, t } = page;
  const tables = buildTables(figures, ctx);
  const sortHrefs = Object.fromEntries(
    UNIT_SORT_KEYS.flatMap((key) => (["asc", "desc"] as const).map((dir) => [`${key}:${dir}`, `${querySearch(query, { sort: key, dir })}#units`])),
  );
  return {
    user: page.staff,
    title: t("title"),
    scope: page.scopeText,
    period: periodLabels(query, ctx),
    periodError: query.periodError,
    form: page.formState,
    options: page.options,
    search: sharedSearch(query),
    kpis: buildKpis(figures, ctx),
    charts: buildCharts(figures, ctx),
    tables: { units: forPage(tables.units), backlog: forPage(tables.backlog), channels: forPage(tables.channels), orgs: forPage(tables.orgs) },
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

/** The query string shared by the tabs and the exports (no sort: that is the unit table's alone). */
export function sharedSearch(query: OversightQuery): string {
  return querySearch(query, { sort: null, dir: null });
}
