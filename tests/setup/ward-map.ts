/**
 * The ward map of the demo province (../shared/data) as a page would show it,
 * for the unit and browser tests: real boundaries, real ward names, real
 * translations; incidents per ward from the labelled dev sample (44 of 94
 * wards have some), the valuable ratio made up (null where a ward had no tips).
 */
import i18next from "i18next";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { WardChoropleth } from "../../app/components/oversight/WardChoropleth";
import { WardFigureTable } from "../../app/components/oversight/WardFigureTable";
import { i18nConfig } from "../../app/i18n/config";
import { resources } from "../../app/i18n/resources";
import { buildWardMapView, type WardMapView } from "../../app/utils/ward-map-view.server";
import type { Locale } from "../../app/components/oversight/report";
import { projectWards, type WardFigure } from "../../app/components/oversight/ward-choropleth";
import { loadReference, readTips, sharedDataDir } from "../../scripts/eval-triage-domain";
import path from "node:path";

const reference = loadReference(sharedDataDir());

/** Incidents per ward in the dev sample (duplicates once); every other ward 0. */
export function devSampleIncidents(): Map<string, number> {
  const incidents = new Map<string, Set<string>>();
  for (const tip of readTips(path.join(sharedDataDir(), "tips-dev.jsonl"))) {
    incidents.set(tip.label.wardCode, (incidents.get(tip.label.wardCode) ?? new Set()).add(tip.label.incident));
  }
  return new Map(reference.gazetteer.wards.map((w) => [w.code, incidents.get(w.code)?.size ?? 0]));
}

function madeUpRatios(): Map<string, number | null> {
  return new Map(reference.gazetteer.wards.map((w, i) => [w.code, i % 7 === 3 ? null : ((i * 37) % 100) / 100]));
}

/** Where the unit tests' map takes its outlines from (the file is written next to test-results/ward-map.svg). */
export const OUTLINES = "ward-map-outlines.svg";

export async function danangWardMap(figure: WardFigure, locale: Locale): Promise<WardMapView> {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nConfig, resources, lng: locale, ns: ["oversight"] });
  return buildWardMapView({
    id: "ward-map",
    figure,
    projected: projectWards(reference.boundaries),
    wards: reference.gazetteer.wards,
    values: figure === "valuableRatio" ? madeUpRatios() : devSampleIncidents(),
    hrefOf: (code) => `/giam-sat/don-vi/${code}?period=month`,
    outlines: OUTLINES,
    t: instance.getFixedT(locale, "oversight"),
    locale,
  });
}

/** The map and its table as server-rendered HTML. */
export function wardMapMarkup(view: WardMapView): { map: string; table: string } {
  return {
    map: renderToStaticMarkup(createElement(WardChoropleth, { map: view })),
    table: renderToStaticMarkup(createElement(WardFigureTable, { map: view })),
  };
}

export const wardCount = () => reference.gazetteer.wards.length;
