/**
 * The ward map as a page shows it: the geometry (app/components/oversight/ward-choropleth.ts)
 * with every ward's name, link and value in the page's language, the legend's
 * words and the table's headings, so the components only draw.
 */
import type { TFunction } from "i18next";
import { formatNumber, formatPercent, type Locale } from "~/components/oversight/report";
import { shadeWards, shortWardName, type ChoroplethGeometry, type ChoroplethWard, type ProjectedWards, type WardFigure } from "~/components/oversight/ward-choropleth";

/**
 * The shaded map as a page sends it: every ward's fill but not its outline, which the page takes
 * from `outlines` (the province's outlines file, fetched once and kept by the browser;
 * docs/decisions/0083-lighter-ward-map.md).
 */
export type ChoroplethView = Omit<ChoroplethGeometry, "wards"> & { wards: Array<Omit<ChoroplethWard, "d">>; outlines: string };

export interface WardMapWard {
  code: string;
  name: string;
  href: string;
  /** The figure in words ("12", "32,5%", or "no tips"). */
  value: string;
  /** For sorting the table: the raw figure, or null. */
  raw: number | null;
}

export interface WardMapView {
  id: string;
  figure: WardFigure;
  title: string;
  description: string;
  geometry: ChoroplethView;
  /** Every ward, by name (the order keyboard users and the table meet them). */
  wards: WardMapWard[];
  legend: { title: string; items: Array<{ fill: string; label: string }> };
  insetLabel: string | null;
  table: { caption: string; wardColumn: string; figureColumn: string; toggle: string };
}

export interface WardMapInput {
  id: string;
  figure: WardFigure;
  /** The province's wards projected (projectWards; pages cache it per province). */
  projected: ProjectedWards;
  /** Every ward of the map with its full name ("Phường Hải Châu"). */
  wards: ReadonlyArray<{ code: string; name: string }>;
  /** The figure per ward code; absent or null = no data (a ratio without tips). */
  values: ReadonlyMap<string, number | null>;
  /** The link to a ward's tips for the page's period and filters. */
  hrefOf: (wardCode: string) => string;
  /** Where the province's outlines are (app/routes/giam-sat.ban-do[.svg].ts). */
  outlines: string;
  t: TFunction;
  locale: Locale;
}

export function buildWardMapView({ id, figure, projected, wards, values, hrefOf, outlines, t, locale }: WardMapInput): WardMapView {
  const format = (v: number) => (figure === "valuableRatio" ? formatPercent(v, locale) : formatNumber(v, locale));
  const figureWords = t(`wardMap.figures.${figure}`);
  const shortNames = new Map(wards.map((w) => [w.code, shortWardName(w.name)]));
  const geometry = shadeWards(projected, values, figure, shortNames);
  const noData = t("wardMap.noData");
  const items = geometry.classes.map((c) => ({ fill: c.fill, label: c.from === c.to ? format(c.from) : `${format(c.from)}–${format(c.to)}` }));
  if (geometry.wards.some((w) => w.classIndex === null)) items.push({ fill: geometry.noDataFill, label: noData });
  const far = geometry.wards.find((w) => w.inInset);
  const farName = far ? wards.find((w) => w.code === far.code)?.name : undefined;
  return {
    id,
    figure,
    title: t("wardMap.title", { figure: figureWords }),
    description: t(figure === "pastDeadline" ? "wardMap.descriptionNow" : "wardMap.description", { figure: figureWords }),
    geometry: { ...geometry, wards: geometry.wards.map(({ d: _outline, ...ward }) => ward), outlines },
    wards: [...wards]
      .sort((a, b) => a.name.localeCompare(b.name, "vi"))
      .map((w) => {
        const raw = values.get(w.code) ?? null;
        return { code: w.code, name: w.name, href: hrefOf(w.code), value: raw === null ? noData : format(raw), raw };
      }),
    legend: { title: t("wardMap.legend"), items },
    insetLabel: farName ? t("wardMap.inset", { name: farName }) : null,
    table: {
      caption: t("wardMap.tableCaption", { figure: figureWords }),
      wardColumn: t("wardMap.ward"),
      figureColumn: t(`wardMap.columns.${figure}`),
      toggle: t("wardMap.tableToggle"),
    },
  };
}
