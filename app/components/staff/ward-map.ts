/**
 * Draws a ward from its stored GeoJSON boundary as SVG path data, with no map
 * tiles and nothing fetched: longitude and latitude are projected onto the
 * viewBox equirectangularly, longitude scaled by cos(latitude) so the shape is
 * not stretched (exact enough at ward scale), north up.
 */

export interface WardMapGeometry {
  width: number;
  height: number;
  /** SVG path data of every ring (holes drawn with the even-odd rule). */
  path: string;
  point: { x: number; y: number } | null;
}

type Position = [number, number];

function ringsOf(geometry: unknown): Position[][] {
  if (!geometry || typeof geometry !== "object") return [];
  const g = geometry as { type?: string; coordinates?: unknown; geometry?: unknown };
  if (g.type === "Feature") return ringsOf(g.geometry);
  if (g.type === "Polygon") return (g.coordinates as Position[][]) ?? [];
  if (g.type === "MultiPolygon") return ((g.coordinates as Position[][][]) ?? []).flat();
  return [];
}

export function projectWard(
  boundaryJson: string | null,
  point: { lat: number; lng: number } | null,
  size = { width: 320, padding: 12 },
): WardMapGeometry | null {
  let rings: Position[][] = [];
  if (boundaryJson) {
    try {
      rings = ringsOf(JSON.parse(boundaryJson)).filter((r) => r.length >= 3);
    } catch {
      rings = [];
    }
  }
  const positions = rings.flat();
  if (point) positions.push([point.lng, point.lat]);
  if (positions.length === 0 || rings.length === 0) return null;

  const lngs = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  const minLng = Math.min(...lngs), maxLng = Math.max(...lngs);
  const minLat = Math.min(...lats), maxLat = Math.max(...lats);
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLng - minLng) * kx, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const inner = size.width - 2 * size.padding;
  const scale = inner / Math.max(spanX, spanY);
  const width = Math.round(spanX * scale + 2 * size.padding);
  const height = Math.round(spanY * scale + 2 * size.padding);
  const project = ([lng, lat]: Position) => ({
    x: size.padding + (lng - minLng) * kx * scale,
    y: size.padding + (maxLat - lat) * scale,
  });
  const fmt = (n: number) => n.toFixed(1);
  const path = rings
    .map((ring) => ring.map((p, i) => {
      const { x, y } = project(p);
      return `${i === 0 ? "M" : "L"}${fmt(x)} ${fmt(y)}`;
    }).join("") + "Z")
    .join("");
  const projected = point ? project([point.lng, point.lat]) : null;
  return { width, height, path, point: projected ? { x: Number(fmt(projected.x)), y: Number(fmt(projected.y)) } : null };
}
