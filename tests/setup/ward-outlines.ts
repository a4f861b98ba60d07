/**
 * How far simplified ward outlines stray from the full ones (docs/decisions/0083-lighter-ward-map.md):
 * every point of a ward's full outline against the nearest segment of the same ward's simplified
 * outline, in view-box units (SVG path data as d3-geo writes it: M x,y L x,y … Z).
 */
import type { ProjectedWards } from "../../app/components/oversight/ward-choropleth";

type Point = [number, number];

/** The rings of an SVG path of straight segments. */
export function pathRings(d: string): Point[][] {
  return d.split("M").filter(Boolean).map((ring) =>
    ring.replace(/Z/g, "").split("L").map((p) => p.split(",").map(Number) as Point));
}

function segmentDistance([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The largest and the 99th-percentile distance, over every ward's full points, to its simplified outline. */
export function outlineDeviation(full: ProjectedWards, simplified: ProjectedWards): { max: number; p99: number; points: number } {
  const simple = new Map(simplified.wards.map((w) => [w.code, pathRings(w.d)]));
  const distances: number[] = [];
  for (const ward of full.wards) {
    const rings = simple.get(ward.code) ?? [];
    for (const ring of pathRings(ward.d)) {
      for (const point of ring) {
        let best = Infinity;
        for (const other of rings) {
          for (let i = 0; i < other.length; i++) best = Math.min(best, segmentDistance(point, other[i]!, other[(i + 1) % other.length]!));
        }
        distances.push(best);
      }
    }
  }
  distances.sort((a, b) => a - b);
  return { max: distances.at(-1) ?? 0, p99: distances[Math.floor(distances.length * 0.99)] ?? 0, points: distances.length };
}
