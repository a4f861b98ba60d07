/**
 * The ward map of a /giam-sat page (docs/decisions/0071-ward-map-on-the-pages.md):
 * which province it shows, the chosen figure (`?map=`, links that work without
 * JavaScript), each ward's value taken from the page's own figures
 * (core/oversight.ts: a ward's figures are its police station's, the units
 * table's row of the same code), each ward's link to its tips, and the
 * projected geometry, cached per province so a request only shades it; the
 * outlines themselves go in a file of their own, sent once (outlinesHref; 0083).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { CHOROPLETH_WIDTH, projectWards, SIMPLIFY_AREA, WARD_FIGURES, type ProjectedWards, type WardFigure } from "~/components/oversight/ward-choropleth";
import type { WardFeature } from "../../domain/geo";
import { ratio } from "../../domain/stats";
import type { Database } from "../../db/schema";
import type { UnitScope } from "../../db/queries/scope";
import { findUnit, listMappedWards, listWardBoundaries } from "../../db/queries/units";
import type { OversightFigures } from "../../core/oversight";
import type { OversightPage } from "./oversight-page.server";
import { querySearch } from "./oversight.server";
import { buildWardMapView, type WardMapView } from "./ward-map-view.server";

/** The URL parameter that chooses the map's figure. */
export const WARD_MAP_PARAM = "map";
const DEFAULT_FIGURE: WardFigure = "incidents";

export function parseWardFigure(params: URLSearchParams): WardFigure {
  const value = params.get(WARD_MAP_PARAM);
  return (WARD_FIGURES as readonly string[]).includes(value ?? "") ? (value as WardFigure) : DEFAULT_FIGURE;
}

export interface WardMapSectionData {
  heading: string;
  /** Why a ward's figures are its police station's, and what the map leaves out. */
  note: string;
  chooser: { label: string; choices: Array<{ figure: WardFigure; label: string; href: string; current: boolean }> };
  /** Null when the province has no stored boundaries (`units import-boundaries`). */
  map: WardMapView | null;
  empty: string;
}

/**
 * The province the map shows: the filtered unit's, else the chosen one (`?province=`),
 * else the supervisor's, else the deployment's first home province. The national
 * view (provinces side by side) has none: its figures are not per ward (0078).
 */
async function mapProvince(db: Kysely<Database>, page: OversightPage, homeProvinces: readonly string[]): Promise<string | null> {
  const unit = page.query.filters.unit;
  if (unit !== null) return (await findUnit(db, unit))?.provinceCode ?? null;
  if (page.figures.byProvince) return null;
  if (page.query.province !== null) return page.query.province;
  return page.user.provinceCode ?? homeProvinces[0] ?? null;
}

/**
 * Projected geometry per province, kept while the province's wards and their
 * boxes stay the same (a new boundary changes its box): the projection is the
 * map's only costly part, and it does not depend on the figures.
 */
const projectedByProvince = new Map<string, { key: string; projected: ProjectedWards }>();

export async function projectedProvince(db: Kysely<Database>, province: string, wards: ReadonlyArray<{ code: string; box: string }>): Promise<ProjectedWards> {
  const key = wardsKey(wards);
  const cached = projectedByProvince.get(province);
  if (cached?.key === key) return cached.projected;
  const features: WardFeature[] = (await listWardBoundaries(db, wards.map((w) => w.code)))
    .map((r) => ({ code: r.code, geometry: JSON.parse(r.boundary) as WardFeature["geometry"] }));
  const projected = projectWards(features);
  projectedByProvince.set(province, { key, projected });
  return projected;
}

const wardsKey = (wards: ReadonlyArray<{ code: string; box: string }>) => wards.map((w) => `${w.code}:${w.box}`).join(";");

/** Bump when the outlines' drawing changes without a boundary changing: their address changes with it. */
const OUTLINE_FORMAT = 1;

/**
 * The address of the province's outlines for these wards (app/routes/giam-sat.ban-do[.svg].ts):
 * versioned by the wards, their boxes and how they are drawn, the same in every web process,
 * so the browser keeps the file until a boundary changes (docs/decisions/0083-lighter-ward-map.md).
 */
export function outlinesHref(province: string, wards: ReadonlyArray<{ code: string; box: string }>): string {
  const version = outlinesVersion(wards);
  return `/giam-sat/ban-do.svg?${new URLSearchParams({ province, v: version })}`;
}

export function outlinesVersion(wards: ReadonlyArray<{ code: string; box: string }>): string {
  return createHash("sha256").update(`${OUTLINE_FORMAT}|${CHOROPLETH_WIDTH}|${SIMPLIFY_AREA}|${wardsKey(wards)}`).digest("base64url").slice(0, 16);
}

/** The wards of the province the map shows to a user of this scope: those with a boundary, in the scope. */
export async function mapWards(db: Kysely<Database>, province: string, scope: UnitScope) {
  return (await listMappedWards(db, province)).filter((w) => inScope(scope, w.code));
}

/** Each ward's value for the figure: its station's row of the page's figures (the units table's numbers). */
export function wardValues(figures: OversightFigures, wardCodes: readonly string[], figure: WardFigure): Map<string, number | null> {
  const byUnit = new Map(figures.units.map((u) => [u.unit, u]));
  return new Map(wardCodes.map((code) => {
    const u = byUnit.get(code);
    switch (figure) {
      case "incidents": return [code, u?.incidents ?? 0];
      case "tips": return [code, u?.tips ?? 0];
      case "valuableRatio": return [code, u ? ratio(u.valuable, u.assessed) : null];
      case "pastDeadline": return [code, u?.overdue ?? 0];
    }
  }));
}

const inScope = (scope: UnitScope, code: string) => scope.kind === "all" || scope.units.includes(code);

/** The map section of a /giam-sat page (`url` is the page's own address, for the figure chooser's links). */
export async function loadWardMapSection(db: Kysely<Database>, page: OversightPage, url: URL, homeProvinces: readonly string[]): Promise<WardMapSectionData> {
  const { t, locale, query, figures, scope, ctx } = page;
  const figure = parseWardFigure(url.searchParams);
  const chooserHref = (f: WardFigure) => {
    const params = new URLSearchParams(url.search);
    if (f === DEFAULT_FIGURE) params.delete(WARD_MAP_PARAM);
    else params.set(WARD_MAP_PARAM, f);
    const search = params.toString();
    return `${url.pathname}${search ? `?${search}` : ""}#ward-map`;
  };
  const section = {
    heading: t("wardMap.heading"),
    note: t("wardMap.note"),
    chooser: {
      label: t("wardMap.choose"),
      choices: WARD_FIGURES.map((f) => ({ figure: f, label: t(`wardMap.columns.${f}`), href: chooserHref(f), current: f === figure })),
    },
    empty: t("wardMap.noBoundaries"),
  };
  if (figures.byProvince) return { ...section, map: null, empty: t("provinces.mapHint") };
  const province = await mapProvince(db, page, homeProvinces);
  const wards = province ? await mapWards(db, province, scope) : [];
  if (!province || wards.length === 0) return { ...section, map: null };

  const projected = await projectedProvince(db, province, wards);
  const tipsHref = ctx.unitHref ?? ((code: string) => `/giam-sat/don-vi/${encodeURIComponent(code)}${querySearch(query)}`);
  const map = buildWardMapView({
    id: "ward-map-figure",
    figure,
    projected,
    wards,
    values: wardValues(figures, wards.map((w) => w.code), figure),
    hrefOf: (code) => (figure === "pastDeadline" ? overdueHref(tipsHref(code)) : tipsHref(code)),
    outlines: outlinesHref(province, wards),
    t,
    locale,
  });
  return { ...section, map };
}

/** A unit's tip list showing only its open tips past the deadline (what the pastDeadline figure counts). */
function overdueHref(unitHref: string): string {
  return `${unitHref}${unitHref.includes("?") ? "&" : "?"}han=qua-han`;
}
