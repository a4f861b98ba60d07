/**
 * Ward geometry: which ward a map point falls in, distances, and which wards touch.
 * Pure: callers pass the polygons (from the database or a GeoJSON file).
 */
import Flatbush from "flatbush";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon, Position } from "geojson";

export interface WardFeature {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface WardLocator {
  /** The ward containing the point, or null outside every ward (or for a non-finite point). */
  locate(lat: number, lng: number): string | null;
}

const EARTH_RADIUS_M = 6_371_008.8;
const METERS_PER_DEGREE_LAT = 111_320;
/** Simplified boundaries of neighbouring wards do not share vertices exactly. */
const DEFAULT_ADJACENCY_TOLERANCE_M = 100;

/**
 * Indexes ward bounding boxes in a packed R-tree (Flatbush) so a lookup only tests
 * the few polygons whose box holds the point, however many wards there are.
 */
export function createWardLocator(features: readonly WardFeature[]): WardLocator {
  const usable = features.filter((feature) => ringsOf(feature.geometry).length > 0);
  if (!usable.length) return { locate: () => null };
  const index = new Flatbush(usable.length);
  for (const feature of usable) {
    const [minX, minY, maxX, maxY] = boundingBox(ringsOf(feature.geometry).flat());
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();

  return {
    locate(lat, lng) {
      if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
      const hits = index.search(lng, lat, lng, lat).sort((a, b) => a - b);
      const inside = hits.find((i) => booleanPointInPolygon([lng, lat], usable[i]!.geometry));
      return inside === undefined ? null : usable[inside]!.code;
    },
  };
}

/** Great-circle distance (haversine), in metres. */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const toRad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Wards that share a boundary: some vertex of one lies within `toleranceMeters` of an
 * edge of the other. All edges go into one R-tree, so each vertex only meets the few
 * edges near it and the cost grows with the number of vertices, not wards squared.
 */
export function wardAdjacency(
  features: readonly WardFeature[],
  toleranceMeters = DEFAULT_ADJACENCY_TOLERANCE_M,
): Map<string, Set<string>> {
  const adjacency = new Map<string, Set<string>>(features.map((feature) => [feature.code, new Set<string>()]));
  const edges = collectEdges(features);
  if (!edges.length) return adjacency;

  const index = new Flatbush(edges.length);
  for (const { a, b } of edges) {
    index.add(Math.min(a[0]!, b[0]!), Math.min(a[1]!, b[1]!), Math.max(a[0]!, b[0]!), Math.max(a[1]!, b[1]!));
  }
  index.finish();

  for (const edge of edges) {
    const vertex = edge.a;
    const dLat = toleranceMeters / METERS_PER_DEGREE_LAT;
    const dLng = dLat / Math.max(0.01, Math.cos((vertex[1]! * Math.PI) / 180));
    for (const i of index.search(vertex[0]! - dLng, vertex[1]! - dLat, vertex[0]! + dLng, vertex[1]! + dLat)) {
      const other = edges[i]!;
      if (other.code === edge.code || adjacency.get(edge.code)!.has(other.code)) continue;
      if (pointToSegmentMeters(vertex, other.a, other.b) <= toleranceMeters) {
        adjacency.get(edge.code)!.add(other.code);
        adjacency.get(other.code)!.add(edge.code);
      }
    }
  }
  return adjacency;
}

interface Edge {
  code: string;
  a: Position;
  b: Position;
}

function collectEdges(features: readonly WardFeature[]): Edge[] {
  return features.flatMap((feature) =>
    ringsOf(feature.geometry).flatMap((ring) => ring.slice(1).map((b, i) => ({ code: feature.code, a: ring[i]!, b }))),
  );
}

function ringsOf(geometry: Polygon | MultiPolygon): Position[][] {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flat().filter((ring) => ring.length >= 3);
}

function boundingBox(points: Position[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x!);
    minY = Math.min(minY, y!);
    maxX = Math.max(maxX, x!);
    maxY = Math.max(maxY, y!);
  }
  return [minX, minY, maxX, maxY];
}

/** Distance from p to segment ab on a local flat projection; exact enough at boundary scale. */
function pointToSegmentMeters(p: Position, a: Position, b: Position): number {
  const scaleX = METERS_PER_DEGREE_LAT * Math.cos((p[1]! * Math.PI) / 180);
  const [px, py] = [p[0]! * scaleX, p[1]! * METERS_PER_DEGREE_LAT];
  const [ax, ay] = [a[0]! * scaleX, a[1]! * METERS_PER_DEGREE_LAT];
  const [bx, by] = [b[0]! * scaleX, b[1]! * METERS_PER_DEGREE_LAT];
  const [dx, dy] = [bx - ax, by - ay];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
