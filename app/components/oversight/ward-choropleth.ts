/**
 * A province's wards shaded by a figure, as SVG geometry computed on the
 * server (no tiles, nothing fetched): d3-geo projects the stored boundaries
 * (Mercator, fitted to a 360-unit-wide view box so labels stay legible on a
 * 360 px phone, like the charts — app/components/oversight/charts.ts), the values fall into at
 * most five classes of a colour-blind-safe sequential palette (ColorBrewer
 * YlOrBr), and the wards with the highest figures are named on the map. A
 * ward far from the rest (Đặc khu Hoàng Sa, ~300 km out at sea) is drawn in
 * an inset in the emptiest corner, as Vietnamese maps do. Colours travel as
 * SVG presentation attributes, which the pages' CSP (no inline style) allows,
 * so the same SVG prints and saves on its own. Drawn by
 * app/components/oversight/WardChoropleth.tsx.
 */
import { geoArea, geoBounds, geoContains, geoMercator, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { feature as topoFeature } from "topojson-client";
import { topology } from "topojson-server";
import { planarTriangleArea, presimplify, simplify } from "topojson-simplify";
import { textWidth } from "./charts";
import { outlineId } from "./ward-outline-id";
import type { WardFeature } from "../../../domain/geo";

export const WARD_FIGURES = ["incidents", "tips", "valuableRatio", "pastDeadline"] as const;
export type WardFigure = (typeof WARD_FIGURES)[number];

export interface ChoroplethClass {
  /** Inclusive bounds, in the figure's units (a count, or a ratio 0..1). */
  from: number;
  to: number;
  fill: string;
}

export interface ChoroplethWard {
  code: string;
  d: string;
  fill: string;
  /** Index into `classes`, or null when the ward has no value ("no data"). */
  classIndex: number | null;
  inInset: boolean;
}

export interface ChoroplethLabel {
  code: string;
  x: number;
  y: number;
  text: string;
}

export interface ChoroplethGeometry {
  width: number;
  height: number;
  wards: ChoroplethWard[];
  labels: ChoroplethLabel[];
  /** The frame of the inset for far-away wards, if any. */
  inset: { x: number; y: number; width: number; height: number } | null;
  classes: ChoroplethClass[];
  /** The fill of wards without a value. */
  noDataFill: string;
  /** The names' font size, in view-box units. */
  labelSize: number;
}

export const CHOROPLETH_WIDTH = 360;
const LABEL_SIZE = 13;
/** ColorBrewer YlOrBr, 5 classes: sequential, safe for colour-blind readers and in greyscale print. */
export const PALETTE = ["#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"] as const;
const NO_DATA_FILL = "#d5dade";
/** Which palette entries n classes use, spread so neighbours differ. */
const SPREAD: Record<number, number[]> = { 1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] };
const PADDING = 6;
const MAX_LABELS = 8;
const INSET_SIZE = 84;
/** A ward whose box is this far from every other ward's goes to the inset. */
const REMOTE_KM = 100;
const KM_PER_DEGREE = 111.32;

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The outlines are simplified for the screen (docs/decisions/0083-lighter-ward-map.md): a point
 * whose triangle with its neighbours (Visvalingam's effective area) is below this many square
 * view-box units goes. The map is drawn at most 36rem (576 px) wide, 1.6 px a unit: measured there
 * on Đà Nẵng's 94 wards, no point of the full outlines is 1.4 px from the simplified ones, 99 % are
 * within 0.5 px, and the path data is a third smaller (tests/unit/ward-outlines.test.ts).
 */
export const SIMPLIFY_AREA = 0.15;

/** Counts step by 1; the valuable ratio by one percent. */
function stepOf(figure: WardFigure): number {
  return figure === "valuableRatio" ? 0.01 : 1;
}

/**
 * At most five classes: every distinct value its own class when there are five
 * or fewer; else a class for zero (where there are zeros) and quantile classes
 * of the rest, bounds rounded to the figure's step so a legend reads "4–9", not
 * "3.6–8.8".
 */
export function choroplethClasses(values: readonly number[], figure: WardFigure): ChoroplethClass[] {
  const step = stepOf(figure);
  const units = values.filter(Number.isFinite).map((v) => Math.round(v / step)).sort((a, b) => a - b);
  const distinct = [...new Set(units)];
  let ranges: Array<[number, number]>;
  if (distinct.length <= PALETTE.length) {
    ranges = distinct.map((u) => [u, u]);
  } else {
    const hasZero = distinct[0] === 0;
    const rest = units.filter((u) => u > 0 || !hasZero);
    const k = PALETTE.length - (hasZero ? 1 : 0);
    ranges = hasZero ? [[0, 0]] : [];
    let from = rest[0]!;
    for (let i = 1; i <= k; i++) {
      const to = i === k ? rest[rest.length - 1]! : rest[Math.min(rest.length - 1, Math.ceil((i / k) * rest.length) - 1)]!;
      if (to < from) continue;
      ranges.push([from, to]);
      from = to + 1;
    }
  }
  const fills = SPREAD[ranges.length] ?? [];
  return ranges.map(([from, to], i) => ({ from: from * step, to: to * step, fill: PALETTE[fills[i]!]! }));
}

/** The class a value falls in (after rounding to the figure's step), or null. */
export function classOf(value: number | null | undefined, classes: readonly ChoroplethClass[], figure: WardFigure): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const step = stepOf(figure);
  const u = Math.round(value / step);
  const i = classes.findIndex((c) => u <= Math.round(c.to / step));
  return i < 0 ? (classes.length ? classes.length - 1 : null) : i;
}

/**
 * d3-geo follows the sphere: an exterior ring must run clockwise, the opposite
 * of GeoJSON's right-hand rule. A polygon that would cover more than half the
 * globe has its rings reversed.
 */
function d3Winding(feature: WardFeature): Feature<Polygon | MultiPolygon> {
  const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const fixed = polygons.map((rings) => (geoArea({ type: "Polygon", coordinates: rings }) > 2 * Math.PI ? rings.map((ring) => [...ring].reverse()) : rings));
  const geometry: Polygon | MultiPolygon = feature.geometry.type === "Polygon" ? { type: "Polygon", coordinates: fixed[0]! } : { type: "MultiPolygon", coordinates: fixed };
  return { type: "Feature", properties: { code: feature.code }, geometry };
}

type Box = [number, number, number, number];

/** Wards whose box lies more than REMOTE_KM from every other ward's box. */
function remoteWards(features: ReadonlyArray<Feature<Polygon | MultiPolygon>>): Set<number> {
  const boxes: Box[] = features.map((f) => {
    const [[minX, minY], [maxX, maxY]] = geoBounds(f);
    return [minX, minY, maxX, maxY];
  });
  const remote = new Set<number>();
  boxes.forEach((a, i) => {
    const near = boxes.some((b, j) => {
      if (i === j) return false;
      const latitude = ((a[1] + a[3]) / 2) * (Math.PI / 180);
      const dx = Math.max(0, b[0] - a[2], a[0] - b[2]) * KM_PER_DEGREE * Math.cos(latitude);
      const dy = Math.max(0, b[1] - a[3], a[1] - b[3]) * KM_PER_DEGREE;
      return Math.hypot(dx, dy) <= REMOTE_KM;
    });
    if (!near && boxes.length > 1) remote.add(i);
  });
  return remote;
}

/**
 * Where the inset goes: a corner whose inset-sized square covers none of the
 * main wards, the corners on the far wards' side first (Hoàng Sa lies east, so
 * to the right); if every corner covers some, the one covering least.
 */
function insetCorner(points: ReadonlyArray<[number, number]>, width: number, height: number, farToTheEast: boolean): { x: number; y: number } {
  const right = width - PADDING - INSET_SIZE;
  const bottom = height - PADDING - INSET_SIZE;
  const sides = farToTheEast ? [right, PADDING] : [PADDING, right];
  const corners = sides.flatMap((x) => [{ x, y: PADDING }, { x, y: bottom }]);
  const covered = (c: { x: number; y: number }) => points.filter(([x, y]) => x >= c.x && x <= c.x + INSET_SIZE && y >= c.y && y <= c.y + INSET_SIZE).length;
  return corners.reduce((best, c) => (covered(c) < covered(best) ? c : best));
}

function projectedPoints(collection: FeatureCollection<Polygon | MultiPolygon>, projection: GeoProjection): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const feature of collection.features) {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const rings of polygons) for (const [lng, lat] of rings[0] ?? []) {
      const p = projection([lng!, lat!]);
      if (p) points.push(p);
    }
  }
  return points;
}

/**
 * A province's wards projected once: every ward's path, where its name would
 * sit (its centroid, or its box's centre when the centroid falls outside, as
 * in a crescent; null when neither lies inside it) and its area, and the inset
 * frame. Nothing here depends on the figures, so a page caches it per province
 * and only shades it per request (shadeWards).
 */
export interface ProjectedWards {
  width: number;
  height: number;
  wards: Array<{ code: string; d: string; inInset: boolean; anchor: [number, number] | null; area: number }>;
  inset: ChoroplethGeometry["inset"];
}

function labelAnchor(feature: Feature<Polygon | MultiPolygon>, path: ReturnType<typeof geoPath>, projection: GeoProjection): [number, number] | null {
  const [[minX, minY], [maxX, maxY]] = path.bounds(feature);
  const anchor = [path.centroid(feature), [(minX + maxX) / 2, (minY + maxY) / 2]].find(([x, y]) => {
    const point = projection.invert?.([x!, y!]);
    return point !== undefined && point !== null && geoContains(feature, point);
  });
  return anchor ? [anchor[0]!, anchor[1]!] : null;
}

/** A ward's rings in view-box units (each point projected; wards are small enough to need no resampling). */
function planarFeature(feature: Feature<Polygon | MultiPolygon>, projection: GeoProjection): Feature<Polygon | MultiPolygon> {
  const ring = (points: Position[]) => points.map(([lng, lat]) => projection([lng!, lat!]) ?? [0, 0]);
  const geometry: Polygon | MultiPolygon = feature.geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: feature.geometry.coordinates.map(ring) }
    : { type: "MultiPolygon", coordinates: feature.geometry.coordinates.map((rings) => rings.map(ring)) };
  return { type: "Feature", properties: feature.properties, geometry };
}

/**
 * The projected outlines simplified together as a topology (topojson-server, topojson-simplify):
 * a border two wards share is one line, simplified once, so neighbours still meet with no gap or
 * overlap. `area` 0 keeps every point.
 */
export function simplifiedOutlines(features: ReadonlyArray<Feature<Polygon | MultiPolygon>>, area: number): Array<Feature<Polygon | MultiPolygon>> {
  if (area <= 0 || features.length === 0) return [...features];
  const collection: FeatureCollection<Polygon | MultiPolygon> = { type: "FeatureCollection", features: [...features] };
  const topo = topology({ wards: collection } as Parameters<typeof topology>[0]) as Parameters<typeof presimplify>[0];
  const simple = simplify(presimplify(topo, planarTriangleArea), area);
  const back = topoFeature(simple, simple.objects.wards!) as FeatureCollection<Polygon | MultiPolygon>;
  return back.features;
}

export function projectWards(features: readonly WardFeature[], width = CHOROPLETH_WIDTH, simplifyArea = SIMPLIFY_AREA): ProjectedWards {
  const shaped = features.filter((f) => f.geometry.coordinates.length > 0).map(d3Winding);
  if (shaped.length === 0) return { width, height: 0, wards: [], inset: null };
  const remote = remoteWards(shaped);
  const main: FeatureCollection<Polygon | MultiPolygon> = { type: "FeatureCollection", features: shaped.filter((_, i) => !remote.has(i)) };
  const far: FeatureCollection<Polygon | MultiPolygon> = { type: "FeatureCollection", features: shaped.filter((_, i) => remote.has(i)) };

  const projection = geoMercator().fitWidth(width - 2 * PADDING, main);
  const [tx, ty] = projection.translate();
  projection.translate([tx + PADDING, ty + PADDING]);
  const path = geoPath(projection).digits(1);
  const height = Math.ceil(path.bounds(main)[1][1] + PADDING);

  let inset: ChoroplethGeometry["inset"] = null;
  let insetProjection: GeoProjection | null = null;
  if (far.features.length) {
    const farToTheEast = geoBounds(far)[0][0] > geoBounds(main)[1][0];
    const corner = insetCorner(projectedPoints(main, projection), width, height, farToTheEast);
    inset = { ...corner, width: INSET_SIZE, height: INSET_SIZE };
    insetProjection = geoMercator().fitExtent([[corner.x + 8, corner.y + 8], [corner.x + INSET_SIZE - 8, corner.y + INSET_SIZE - 8]], far);
  }

  const outlines = simplifiedOutlines(shaped.map((feature, i) => planarFeature(feature, remote.has(i) ? insetProjection! : projection)), simplifyArea);
  const outlinePath = geoPath().digits(1);
  const wards = shaped.map((feature, i) => {
    const inInset = remote.has(i);
    return {
      code: String(feature.properties!.code),
      d: outlinePath(outlines[i]!) ?? "",
      inInset,
      // The inset's wards are named together along its lower edge, not one by one.
      anchor: inInset ? null : labelAnchor(feature, path, projection),
      area: inInset ? 0 : path.area(feature),
    };
  });
  return { width, height, wards, inset };
}

/**
 * Names for the wards with the highest figures (the ones a reader looks for),
 * at most MAX_LABELS: each at its ward's anchor, haloed so it reads over any
 * fill, skipped where it would leave the map, cover the inset or touch a name
 * already placed. Every ward's name is also in its link's title and in the
 * table, so nothing depends on a label.
 */
function placeLabels(projected: ProjectedWards, names: ReadonlyMap<string, string>, values: ReadonlyMap<string, number | null>): ChoroplethLabel[] {
  const { width, height, inset } = projected;
  const valueOf = (code: string) => values.get(code) ?? 0;
  const ranked = projected.wards
    .filter((w) => !w.inInset && w.anchor && valueOf(w.code) > 0 && names.has(w.code))
    .sort((a, b) => valueOf(b.code) - valueOf(a.code) || b.area - a.area);
  const taken: Box[] = inset ? [[inset.x, inset.y, inset.x + inset.width, inset.y + inset.height]] : [];
  const labels: ChoroplethLabel[] = [];
  for (const ward of ranked) {
    if (labels.length === MAX_LABELS) break;
    const text = names.get(ward.code)!;
    const half = textWidth(text, LABEL_SIZE) / 2 + 2;
    const [x, y] = ward.anchor!;
    const box: Box = [x - half, y - LABEL_SIZE * 0.65, x + half, y + LABEL_SIZE * 0.65];
    const onMap = box[0] >= 0 && box[1] >= 0 && box[2] <= width && box[3] <= height;
    const clear = taken.every((b) => box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3]);
    if (!onMap || !clear) continue;
    taken.push(box);
    labels.push({ code: ward.code, x: round(x), y: round(y + LABEL_SIZE * 0.35), text });
  }
  // The inset's wards are named along its lower edge.
  const far = projected.wards.filter((w) => w.inInset);
  const farText = far.map((w) => names.get(w.code)).filter(Boolean).join(", ");
  if (inset && farText) labels.push({ code: far[0]!.code, x: round(inset.x + inset.width / 2), y: round(inset.y + inset.height - 5), text: farText });
  return labels;
}

/**
 * The projected wards shaded by a figure: every ward's fill, the names of the
 * highest, and the legend's classes. `values` has a number (or null: no data)
 * per ward code; wards missing from it count as no data. `names` are the short
 * names to write.
 */
export function shadeWards(
  projected: ProjectedWards,
  values: ReadonlyMap<string, number | null>,
  figure: WardFigure,
  names: ReadonlyMap<string, string>,
): ChoroplethGeometry {
  const classes = choroplethClasses([...values.values()].filter((v): v is number => v !== null), figure);
  const wards = projected.wards.map(({ code, d, inInset }): ChoroplethWard => {
    const classIndex = classOf(values.get(code), classes, figure);
    return { code, d, fill: classIndex === null ? NO_DATA_FILL : classes[classIndex]!.fill, classIndex, inInset };
  });
  const labels = projected.wards.length ? placeLabels(projected, names, values) : [];
  return { width: projected.width, height: projected.height, wards, labels, inset: projected.inset, classes, noDataFill: NO_DATA_FILL, labelSize: LABEL_SIZE };
}

/** The map in one go (projection and shading); pages that draw it often cache projectWards' result. */
export function wardChoropleth(
  features: readonly WardFeature[],
  values: ReadonlyMap<string, number | null>,
  figure: WardFigure,
  names: ReadonlyMap<string, string>,
  width = CHOROPLETH_WIDTH,
): ChoroplethGeometry {
  return shadeWards(projectWards(features, width), values, figure, names);
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The province's outlines as one SVG document, each ward's path under <defs> with its id
 * (outlineId): the pages draw each ward as `<use href="…#w-CODE">` with its fill, so the outlines
 * travel once, in a file the browser keeps, instead of in every page twice (its HTML and the
 * loader data that hydrates it). Opened on its own it draws nothing.
 */
export function outlineDocument(projected: ProjectedWards): string {
  const paths = projected.wards.map((w) => `<path id="${escapeXml(outlineId(w.code))}" d="${escapeXml(w.d)}"/>`).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${projected.width} ${projected.height}"><defs>\n${paths}\n</defs></svg>\n`;
}

/** "Phường Hải Châu" → "Hải Châu": the kind of unit goes, the name stays. */
export function shortWardName(name: string): string {
  return name.replace(/^(Phường|Xã|Thị trấn|Đặc khu)\s+/u, "");
}
