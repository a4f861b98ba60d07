import { describe, expect, it } from "vitest";
import { createWardLocator, distanceMeters, wardAdjacency, type WardFeature } from "../../../domain/geo";
import { devTips, reference } from "../../setup/domain-reference";

const locator = createWardLocator(reference.boundaries);

describe("createWardLocator", () => {
  it("puts every map point of the dev sample in its labelled ward", () => {
    const pointTips = devTips().flatMap((tip) =>
      "lat" in tip.location ? [{ ...tip.location, ward: tip.label.wardCode }] : [],
    );
    expect(pointTips.length).toBeGreaterThan(10);
    for (const { lat, lng, ward } of pointTips) expect(locator.locate(lat, lng)).toBe(ward);
  });

  it("finds every ward of the boundary file from points inside its own polygon", () => {
    for (const feature of reference.boundaries) {
      const found = chordMidpoints(feature).some((p) => locator.locate(p.lat, p.lng) === feature.code);
      expect(found, feature.code).toBe(true);
    }
  });

  it("answers null at sea, far away, and for non-finite input", () => {
    expect(locator.locate(16.2, 109.5)).toBeNull();
    expect(locator.locate(21.03, 105.85)).toBeNull();
    expect(locator.locate(Number.NaN, 108.2)).toBeNull();
    expect(createWardLocator([]).locate(16, 108)).toBeNull();
  });

  it("respects holes", () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const hole = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ];
    const donut = createWardLocator([
      { code: "ring", geometry: { type: "Polygon", coordinates: [outer, hole] } },
      { code: "core", geometry: { type: "Polygon", coordinates: [hole] } },
    ]);
    expect(donut.locate(2, 2)).toBe("ring");
    expect(donut.locate(5, 5)).toBe("core");
  });
});

describe("distanceMeters", () => {
  it("measures great-circle distances", () => {
    expect(distanceMeters({ lat: 16, lng: 108 }, { lat: 16, lng: 108 })).toBe(0);
    // One degree of latitude is about 111 km.
    expect(distanceMeters({ lat: 16, lng: 108 }, { lat: 17, lng: 108 })).toBeCloseTo(111_195, -2);
    // Đà Nẵng (Hải Châu) to Hội An, roughly 25 km.
    const km = distanceMeters({ lat: 16.0678, lng: 108.2208 }, { lat: 15.8801, lng: 108.338 }) / 1000;
    expect(km).toBeGreaterThan(23);
    expect(km).toBeLessThan(25);
  });
});

describe("wardAdjacency", () => {
  const adjacency = wardAdjacency(reference.boundaries);

  it("links wards that share a boundary, symmetrically", () => {
    expect(adjacency.get("20197")!.has("20200")).toBe(true); // Liên Chiểu – Hòa Khánh
    expect(adjacency.get("20500")!.has("20539")).toBe(true); // Đại Lộc – Vu Gia
    for (const [code, neighbours] of adjacency) {
      expect(neighbours.has(code)).toBe(false);
      for (const other of neighbours) expect(adjacency.get(other)!.has(code)).toBe(true);
    }
  });

  it("does not link wards far apart", () => {
    expect(adjacency.get("20641")!.has("20794")).toBe(false);
    expect(adjacency.get("20275")!.has("20410")).toBe(false);
  });

  it("uses the tolerance for boundaries that do not share vertices", () => {
    const square = (x: number): WardFeature => ({
      code: `sq${x}`,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [x, 0],
            [x + 0.01, 0],
            [x + 0.01, 0.01],
            [x, 0.01],
            [x, 0],
          ],
        ],
      },
    });
    // A gap of 0.0002° of longitude at the equator is about 22 m.
    const pair = [square(0), square(0.0102)];
    expect(wardAdjacency(pair, 10).get("sq0")!.size).toBe(0);
    expect(wardAdjacency(pair, 50).get("sq0")!.has("sq0.0102")).toBe(true);
  });
});

/** Midpoints of chords across the outer ring: for any reasonable shape some lie inside. */
function chordMidpoints(feature: WardFeature) {
  const polygon = feature.geometry.type === "Polygon" ? feature.geometry.coordinates : feature.geometry.coordinates[0]!;
  const ring = polygon[0]!;
  const half = Math.floor(ring.length / 2);
  return ring.map(([lng, lat], i) => {
    const [oppositeLng, oppositeLat] = ring[(i + half) % ring.length]!;
    return { lat: (lat! + oppositeLat!) / 2, lng: (lng! + oppositeLng!) / 2 };
  });
}
