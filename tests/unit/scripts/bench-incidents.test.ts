/**
 * bench:triage's generator and its scoring: reports of one incident differ in
 * their words but carry its identifiers in a form the pipeline reads; points
 * fall in the incident's ward; the same seed gives the same reports; and the
 * pairwise counts are those of a small case worked by hand.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractEntities } from "../../../domain/entities";
import { createWardLocator } from "../../../domain/geo";
import { seededRandom } from "../../../scripts/bench/synthetic-history";
import { firstClause, newIncident, wardInfoOf, writeReport, WARD_STREETS } from "../../../scripts/bench/synthetic-incidents";
import { pairwiseScore } from "../../../scripts/bench/pairwise";
import { readBoundaries } from "../../../scripts/eval-triage-domain";

const boundaries = readBoundaries(path.resolve(import.meta.dirname, "../../../db/seed/danang-wards.geojson"));
const locator = createWardLocator(boundaries);
const anHai = boundaries.find((b) => b.code === "20275")!;
const corners = (anHai.geometry.type === "Polygon" ? anHai.geometry.coordinates : anHai.geometry.coordinates.flat()).flat();
const ward = wardInfoOf(
  {
    code: "20275", name: "Phường An Hải",
    min_lng: Math.min(...corners.map((c) => c[0]!)), min_lat: Math.min(...corners.map((c) => c[1]!)),
    max_lng: Math.max(...corners.map((c) => c[0]!)), max_lat: Math.max(...corners.map((c) => c[1]!)),
  },
  [{ new_ward_code: "20275", old_ward_name: "Phường Phước Mỹ", old_district_name: "Quận Sơn Trà" }],
  [{ name: "Cầu Rồng", kind: "bridge", ward_codes: '["20242","20275"]' }, { name: "Phạm Văn Đồng", kind: "street", ward_codes: '["20275"]' }],
);
const AT = Date.parse("2026-11-20T14:30:00Z");

describe("the incident generator", () => {
  it("takes the ward's streets from the gazetteer and the hand list, and its other places as landmarks", () => {
    expect(ward.streets).toEqual(["Phạm Văn Đồng", ...WARD_STREETS["20275"]!.filter((s) => s !== "Phạm Văn Đồng")]);
    expect(ward.landmarks).toEqual(["Cầu Rồng"]);
  });

  it("writes one incident's reports in different words, with its own plate or phone when they give one", () => {
    const random = seededRandom(5);
    for (const category of ["theft", "fraud", "racing", "drugs"]) {
      const incident = newIncident(random, 1, ward, category, AT, locator);
      const reports = Array.from({ length: 12 }, () => writeReport(random, incident, locator));
      expect(new Set(reports.map((r) => r.description)).size).toBeGreaterThan(9);
      const expected = new Set([
        `phone:${incident.phone}`, `account:${incident.account}`,
        ...extractEntities(incident.plate).map((e) => `${e.kind}:${e.value}`),
      ]);
      for (const report of reports.filter((r) => r.identifiers)) {
        const found = extractEntities(report.description).map((e) => `${e.kind}:${e.value}`);
        expect(found.length).toBeGreaterThan(0);
        for (const key of found) expect(expected).toContain(key);
      }
      for (const report of reports) {
        expect(report.incident).toBe(1);
        if (report.occurredAt) expect(Math.abs(Date.parse(report.occurredAt) - AT)).toBeLessThanOrEqual(1.5 * 3_600_000 + 60_000);
        if (report.location.kind === "point") expect(locator.locate(report.location.lat, report.location.lng)).toBe("20275");
      }
    }
  });

  it("leaves none of its \"[a|b]\" choices in the texts, a look's comma inside a choice included", () => {
    expect(firstClause("[hai thanh niên|hai đứa] [đi dép tổ ong, mặc quần đùi|quần short], đội mũ")).toBe("[hai thanh niên|hai đứa] [đi dép tổ ong, mặc quần đùi|quần short]");
    expect(firstClause("một ông, tóc bạc")).toBe("một ông");
    const random = seededRandom(11);
    for (const category of ["theft", "fraud", "racing", "drugs", "violence", "prostitution"]) {
      for (let i = 0; i < 30; i++) {
        const incident = newIncident(random, i, ward, category, AT, locator);
        for (let r = 0; r < 4; r++) expect(writeReport(random, incident, locator).description).not.toMatch(/[[\]|]/);
      }
    }
  });

  it("gives two incidents of one kind in one ward different venues or details", () => {
    const random = seededRandom(8);
    let differ = 0;
    for (let i = 0; i < 200; i++) {
      const a = newIncident(random, 1, ward, "drugs", AT, locator);
      const b = newIncident(random, 2, ward, "drugs", AT, locator);
      const venue = (x: typeof a) => `${x.venue.spot}|${x.venue.sign}|${x.venue.street}|${x.venue.number}|${x.venue.lane}|${x.venue.landmark}|${x.venue.village}`;
      if (venue(a) !== venue(b) || a.people !== b.people || a.vehicle !== b.vehicle) differ++;
    }
    expect(differ).toBe(200);
  });

  it("is deterministic for a seed", () => {
    const write = (seed: number) => {
      const random = seededRandom(seed);
      const incident = newIncident(random, 1, ward, "robbery", AT, locator);
      return Array.from({ length: 5 }, () => writeReport(random, incident, locator));
    };
    expect(write(3)).toEqual(write(3));
    expect(write(3)).not.toEqual(write(4));
  });
});

describe("pairwise scoring against the incidents", () => {
  it("counts pairs with a new tip, among new tips and between new tips and history", () => {
    // Incident 1: history h1, new n1, n2. Incident 2: new n3. The pipeline put h1, n1, n3 in cluster A and n2 alone in B.
    const score = pairwiseScore([
      { cluster: 1, incident: 1, isNew: false },
      { cluster: 1, incident: 1, isNew: true },
      { cluster: 2, incident: 1, isNew: true },
      { cluster: 1, incident: 2, isNew: true },
      // History only: its pairs are not counted.
      { cluster: 3, incident: 3, isNew: false },
      { cluster: 3, incident: 3, isNew: false },
    ]);
    // True pairs: h1-n1, h1-n2, n1-n2. Clustered: h1-n1, h1-n3, n1-n3. Right: h1-n1.
    expect(score.all).toMatchObject({ truePairs: 3, predictedPairs: 3, correctPairs: 1 });
    expect(score.all.precision).toBeCloseTo(1 / 3);
    expect(score.amongNew).toMatchObject({ truePairs: 1, predictedPairs: 1, correctPairs: 0, precision: 0, recall: 0 });
    expect(score.newToHistory).toMatchObject({ truePairs: 2, predictedPairs: 2, correctPairs: 1, precision: 0.5, recall: 0.5 });
  });
});
