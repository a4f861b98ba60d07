/**
 * The tip's ward among its neighbours, as SVG path data drawn on the server from
 * the stored GeoJSON boundaries: no map tiles, nothing fetched. The view is the
 * ward (and the reported point) with a margin around it, so the wards around it
 * show, cut at the frame, each named where enough of it is in view. Longitude and
 * latitude are projected equirectangularly, longitude scaled by cos(latitude) so
 * shapes are not stretched (exact enough at ward scale), north up.
 */

export interface MapWard {
  code: string;
  name: string;
  /** GeoJSON geometry (Polygon or MultiPolygon) as text. */
  boundary: string | null;
}

export interface MapLabel {
  x: number;
  y: number;
  text: string;
}

export interface WardMapGeometry {
  width: number;
  height: number;
  /** The tip's ward: every ring, holes drawn with the even-odd rule. */
  ward: { path: string; label: MapLabel | null };
  /** Wards in view around it, with a label where one fits. */
  around: Array<{ code: string; name: string; path: string; label: MapLabel | null }>;
  point: { x: number; y: number } | null;
}

type Position = [number, number];
type Ring = Position[];

const SIZE = { width: 360, padding: 4 };
/** The margin around the ward, as a share of its larger side. */
const MARGIN = 0.35;
/** Rough width of a label character at the map's font size (.ward-map-label), for keeping labels apart. */
const CHAR_WIDTH = 6.2;
const LABEL_HEIGHT = 13;
/** A neighbour with less than this share of the view in sight gets no label. */
const MIN_LABEL_AREA = 0.012;

function ringsOf(geometry: unknown): Ring[] {
  if (!geometry || typeof geometry !== "object") return [];
  const g = geometry as { type?: string; coordinates?: unknown; geometry?: unknown };
  if (g.type === "Feature") return ringsOf(g.geometry);
  if (g.type === "Polygon") return (g.coordinates as Ring[]) ?? [];
  if (g.type === "MultiPolygon") return ((g.coordinates as Ring[][]) ?? []).flat();
  return [];
}

function parseRings(boundary: string | null): Ring[] {
  if (!boundary) return [];
  try {
    return ringsOf(JSON.parse(boundary)).filter((r) => r.length >= 3);
  } catch {
    return [];
  }
}

/** "Phường Hòa Khánh" → "Hòa Khánh": the map names places, the legend says what they are. */
export function shortPlaceName(name: string): string {
  return name.replace(/^(Phường|Xã|Đặc khu|Thị trấn)\s+/u, "");
}

export interface MapBounds {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** What the map shows: the ward and the point, with a margin of ground around them. Null without a boundary. */
export function mapBounds(boundary: string | null, point: { lat: number; lng: number } | null): MapBounds | null {
  const focus = parseRings(boundary).flat();
  if (focus.length === 0) return null;
  if (point) focus.push([point.lng, point.lat]);
  const lngs = focus.map((p) => p[0]);
  const lats = focus.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const margin = Math.max((maxLng - minLng) * kx, maxLat - minLat, 1e-6) * MARGIN;
  return { minLng: minLng - margin / kx, maxLng: maxLng + margin / kx, minLat: minLat - margin, maxLat: maxLat + margin };
}

export function projectWardMap(
  ward: MapWard,
  around: readonly MapWard[],
  point: { lat: number; lng: number } | null,
): WardMapGeometry | null {
  const rings = parseRings(ward.boundary);
  const bounds = mapBounds(ward.boundary, point);
  if (!bounds) return null;
  const { minLng, maxLng, minLat, maxLat } = bounds;
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);

  const spanX = (maxLng - minLng) * kx;
  const spanY = maxLat - minLat;
  const inner = SIZE.width - 2 * SIZE.padding;
  const scale = inner / Math.max(spanX, spanY);
  const width = Math.round(spanX * scale + 2 * SIZE.padding);
  const height = Math.round(spanY * scale + 2 * SIZE.padding);
  const project = ([lng, lat]: Position): Position => [SIZE.padding + (lng - minLng) * kx * scale, SIZE.padding + (maxLat - lat) * scale];
  const pathOf = (projected: Ring[]) => projected.map((ring) => ring.map((p, i) => `${i === 0 ? "M" : "L"}${fmt(p[0])} ${fmt(p[1])}`).join("") + "Z").join("");
  const view = { minX: 0, minY: 0, maxX: width, maxY: height };

  const placed: Array<{ x0: number; y0: number; x1: number; y1: number }> = [];
  const label = (projected: Ring[], name: string, minArea: number): MapLabel | null => {
    let best: { x: number; y: number; area: number } | null = null;
    for (const ring of projected) {
      const visible = clipToRect(ring, view);
      const c = centroid(visible);
      if (c && (!best || c.area > best.area)) best = c;
    }
    if (!best || best.area < minArea * width * height) return null;
    const text = shortPlaceName(name);
    const half = (text.length * CHAR_WIDTH) / 2;
    const x = Math.min(Math.max(best.x, half + 2), width - half - 2);
    const box = { x0: x - half, y0: best.y - LABEL_HEIGHT / 2, x1: x + half, y1: best.y + LABEL_HEIGHT / 2 };
    if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) return null;
    placed.push(box);
    return { x: Number(fmt(x)), y: Number(fmt(best.y)), text };
  };

  const wardRings = rings.map((r) => r.map(project));
  const projectedPoint = point ? project([point.lng, point.lat]) : null;
  const result: WardMapGeometry = {
    width,
    height,
    ward: { path: pathOf(wardRings), label: label(wardRings, ward.name, 0) },
    around: [],
    point: projectedPoint ? { x: Number(fmt(projectedPoint[0])), y: Number(fmt(projectedPoint[1])) } : null,
  };
  // Larger visible neighbours are named first; smaller ones only where a label still fits.
  const neighbours = around
    .filter((w) => w.code !== ward.code)
    .map((w) => ({ ...w, rings: parseRings(w.boundary).map((r) => r.map(project)) }))
    .filter((w) => w.rings.some((r) => clipToRect(r, view).length >= 3))
    .map((w) => ({ ...w, visible: Math.max(0, ...w.rings.map((r) => centroid(clipToRect(r, view))?.area ?? 0)) }))
    .sort((a, b) => b.visible - a.visible);
  for (const w of neighbours) {
    result.around.push({ code: w.code, name: w.name, path: pathOf(w.rings), label: label(w.rings, w.name, MIN_LABEL_AREA) });
  }
  return result;
}

const fmt = (n: number) => n.toFixed(1);

/** Sutherland–Hodgman: the part of a ring inside an axis-aligned rectangle. */
function clipToRect(ring: Ring, r: { minX: number; minY: number; maxX: number; maxY: number }): Ring {
  const edges: Array<[(p: Position) => boolean, (a: Position, b: Position) => Position]> = [
    [(p) => p[0] >= r.minX, (a, b) => at(a, b, (r.minX - a[0]) / (b[0] - a[0]))],
    [(p) => p[0] <= r.maxX, (a, b) => at(a, b, (r.maxX - a[0]) / (b[0] - a[0]))],
    [(p) => p[1] >= r.minY, (a, b) => at(a, b, (r.minY - a[1]) / (b[1] - a[1]))],
    [(p) => p[1] <= r.maxY, (a, b) => at(a, b, (r.maxY - a[1]) / (b[1] - a[1]))],
  ];
  let output = ring;
  for (const [inside, cross] of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      if (inside(current)) {
        if (!inside(previous)) output.push(cross(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(cross(previous, current));
      }
    }
    if (output.length === 0) break;
  }
  return output;
}

function at(a: Position, b: Position, t: number): Position {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** Area-weighted centroid of a ring (shoelace), with its area; null for a degenerate ring. */
function centroid(ring: Ring): { x: number; y: number; area: number } | null {
  if (ring.length < 3) return null;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(area) < 1e-9) return null;
  return { x: cx / (3 * area), y: cy / (3 * area), area: Math.abs(area) / 2 };
}
