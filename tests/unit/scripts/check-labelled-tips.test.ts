/**
 * check-labelled-tips: both labelled files pass, and each kind of bad line is caught with its own message.
 * Real reference data (the shared Đà Nẵng wards, mappings and polygons) and the application's own
 * address resolver and ward locator; bad lines are made by changing one field of a real dev line.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createWardLocator } from "../../../domain/geo";
import { checkLabelledTips, prepareReference } from "../../../scripts/check-labelled-tips";
import { dataDir, reference } from "../../setup/domain-reference";

const checker = prepareReference(reference);
const root = path.resolve(import.meta.dirname, "../../..");
const devText = readFileSync(path.join(dataDir, "tips-dev.jsonl"), "utf8");
const triageFixture = (name: string) => readFileSync(path.join(root, "tests/fixtures/triage", name), "utf8");
const testText = triageFixture("tips-test.jsonl");
const test2Text = triageFixture("tips-test2.jsonl");
const test3Text = triageFixture("tips-test3.jsonl");
const test4Text = triageFixture("tips-test4.jsonl");
const test5Text = triageFixture("tips-test5.jsonl");
const test6Text = triageFixture("tips-test6.jsonl");
const test7Text = triageFixture("tips-test7.jsonl");
const parseLines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
/** The labelled files written before test4, test5, test6 and test7 (each later held-out set must share nothing with them). */
const beforeTest4 = ["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-tune4.jsonl", "tips-tune5.jsonl", "tips-test.jsonl", "tips-test2.jsonl", "tips-test3.jsonl"];
const beforeTest5 = [...beforeTest4, "tips-test4.jsonl"];
const beforeTest6 = [...beforeTest5, "tips-tune6.jsonl", "tips-test5.jsonl"];
const beforeTest7 = [...beforeTest6, "tips-tune7.jsonl", "tips-test6.jsonl"];
const devLines = devText.trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
const byRef = (ref: string) => structuredClone(devLines.find((tip) => tip.externalRef === ref)!);

/** Checks the given tips (objects or raw lines) as one file. */
function check(...tips: (Record<string, any> | string)[]) {
  return checkLabelledTips(tips.map((tip) => (typeof tip === "string" ? tip : JSON.stringify(tip))).join("\n") + "\n", checker);
}

describe("check-labelled-tips on the real files", () => {
  it("passes the dev sample and reports its published composition", () => {
    const { errors, summary } = checkLabelledTips(devText, checker);
    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ tips: 92, incidents: 63, sizes: { 1: 41, 2: 15, 3: 7 }, tipsInMultiReport: 51, wards: 44, identifiedReporters: 28 });
    expect(summary.forms).toEqual({
      "ward code": 18, point: 18, "address, current names": 19, "address, old names": 19, "address, no diacritics": 18,
    });
  });

  for (const [name, text, minTips] of [["tips-test.jsonl", testText, 260], ["tips-test2.jsonl", test2Text, 250], ["tips-test3.jsonl", test3Text, 260], ["tips-test4.jsonl", test4Text, 260], ["tips-test5.jsonl", test5Text, 260], ["tips-test6.jsonl", test6Text, 270], ["tips-test7.jsonl", test7Text, 270]] as const) {
    it(`passes the held-out test set ${name}, which meets the size its brief asks for`, () => {
      const { errors, summary } = checkLabelledTips(text, checker);
      expect(errors).toEqual([]);
      expect(summary.tips).toBeGreaterThanOrEqual(minTips);
      expect(summary.incidents).toBeGreaterThanOrEqual(150);
      const multi = Object.entries(summary.sizes).filter(([size]) => Number(size) >= 2);
      expect(multi.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(70);
      expect(Math.max(...multi.map(([size]) => Number(size)))).toBe(5);
      // every location form, each between 15 % and 25 % of the tips (the dev sample's ≈ 20 %)
      expect(Object.keys(summary.forms).sort()).toEqual(["address, current names", "address, no diacritics", "address, old names", "point", "ward code"]);
      for (const count of Object.values(summary.forms)) expect(count / summary.tips).toBeGreaterThan(0.15);
      for (const count of Object.values(summary.forms)) expect(count / summary.tips).toBeLessThan(0.25);
      expect(summary.mixedCategoryIncidents).toBeGreaterThanOrEqual(30);
      expect(summary.mixedFormIncidents).toBe(multi.reduce((sum, [, count]) => sum + count, 0));
    });
  }

  it("shares no externalRef, incident id or text with the dev sample", () => {
    const test = parseLines(testText);
    const devRefs = new Set(devLines.map((tip) => tip.externalRef));
    const devIncidents = new Set(devLines.map((tip) => tip.label.incident));
    const devTexts = new Set(devLines.map((tip) => tip.description));
    expect(test.filter((tip) => devRefs.has(tip.externalRef) || devIncidents.has(tip.label.incident) || devTexts.has(tip.description))).toEqual([]);
  });

  // each later test set against every labelled file written before it (and the dev sample), and within itself
  const heldOut = [
    { name: "tips-test2.jsonl", text: test2Text, earlier: ["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-test.jsonl"], minOthers: 500 },
    { name: "tips-test3.jsonl", text: test3Text, earlier: ["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-test.jsonl", "tips-test2.jsonl"], minOthers: 800 },
    {
      name: "tips-test4.jsonl", text: test4Text,
      earlier: beforeTest4,
      minOthers: 1200,
    },
    {
      name: "tips-test5.jsonl", text: test5Text,
      earlier: beforeTest5,
      minOthers: 1400,
    },
    {
      name: "tips-test6.jsonl", text: test6Text,
      earlier: beforeTest6,
      minOthers: 1700,
    },
    {
      name: "tips-test7.jsonl", text: test7Text,
      earlier: beforeTest7,
      minOthers: 2000,
    },
  ];
  for (const { name, text, earlier, minOthers } of heldOut) {
    it(`${name} shares no externalRef, incident id or text with any other labelled file, nor within itself`, () => {
      const others = [devLines, ...earlier.map((other) => parseLines(triageFixture(other)))].flat();
      expect(others.length).toBeGreaterThan(minOthers);
      const refs = new Set(others.map((tip) => tip.externalRef));
      const incidents = new Set(others.map((tip) => tip.label.incident));
      const texts = new Set(others.map((tip) => tip.description));
      const tips = parseLines(text);
      expect(tips.filter((tip) => refs.has(tip.externalRef) || incidents.has(tip.label.incident) || texts.has(tip.description))).toEqual([]);
      expect(new Set(tips.map((tip) => tip.description)).size).toBe(tips.length);
    });
  }

  it("tips-test3.jsonl keeps to its brief's identifiers and dates (X-0001…, XI-001…, 2026-08-03 – 2026-11-27, +07:00)", () => {
    const test3 = parseLines(test3Text);
    expect(test3.every((tip) => /^X-\d{4}$/.test(tip.externalRef) && /^XI-\d{3}$/.test(tip.label.incident))).toBe(true);
    const days = test3.map((tip) => tip.occurredAt.slice(0, 10)).sort();
    expect(days[0] >= "2026-08-03" && days[days.length - 1] <= "2026-11-27").toBe(true);
    expect(test3.every((tip) => tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });

  it("tips-test4.jsonl keeps to its own identifiers (Z-0001…, ZI-001…, used by no other labelled file) and dates (January – July 2026, +07:00)", () => {
    const test4 = parseLines(test4Text);
    expect(test4.every((tip) => /^Z-\d{4}$/.test(tip.externalRef) && /^ZI-\d{3}$/.test(tip.label.incident))).toBe(true);
    const others = [devLines, ...beforeTest4.map((other) => parseLines(triageFixture(other)))].flat();
    expect(others.filter((tip) => /^Z-/.test(tip.externalRef) || /^ZI-/.test(tip.label.incident))).toEqual([]);
    const days = test4.map((tip) => tip.occurredAt.slice(0, 10)).sort();
    expect(days[0] >= "2026-01-01" && days[days.length - 1] <= "2026-07-31").toBe(true);
    expect(test4.every((tip) => tip.occurredAt.endsWith("+07:00"))).toBe(true);
  });

  it("tips-test5.jsonl keeps to its own identifiers (Q-0001…, QI-001…, used by no other labelled file), dates (August – November 2026, +07:00) and mix (about half the true pairs share a category)", () => {
    const test5 = parseLines(test5Text);
    expect(test5.every((tip) => /^Q-\d{4}$/.test(tip.externalRef) && /^QI-\d{3}$/.test(tip.label.incident))).toBe(true);
    expect(test5.map((tip) => tip.externalRef)).toEqual(test5.map((_, i) => `Q-${String(i + 1).padStart(4, "0")}`));
    const others = [devLines, ...beforeTest5.map((other) => parseLines(triageFixture(other)))].flat();
    expect(others.filter((tip) => /^Q-/.test(tip.externalRef) || /^QI-/.test(tip.label.incident))).toEqual([]);
    const days = test5.map((tip) => tip.occurredAt.slice(0, 10)).sort();
    expect(days[0] >= "2026-08-01" && days[days.length - 1] <= "2026-11-30").toBe(true);
    expect(test5.every((tip) => tip.occurredAt.endsWith("+07:00"))).toBe(true);
    const byIncident = new Map<string, string[]>();
    for (const tip of test5) byIncident.set(tip.label.incident, [...(byIncident.get(tip.label.incident) ?? []), tip.category]);
    let pairs = 0;
    let sameCategory = 0;
    for (const categories of byIncident.values()) {
      for (let i = 0; i < categories.length; i++) {
        for (let j = i + 1; j < categories.length; j++) {
          pairs += 1;
          if (categories[i] === categories[j]) sameCategory += 1;
        }
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(160);
    expect(pairs).toBeLessThanOrEqual(180);
    expect(sameCategory / pairs).toBeGreaterThan(0.4);
    expect(sameCategory / pairs).toBeLessThan(0.6);
  });
});

describe("tips-test6.jsonl keeps to its brief", () => {
  it("its own identifiers (N-0001…, NI-001…, used by no other labelled file), dates (1 September – 30 November 2026, +07:00), size and mix", () => {
    const test6 = parseLines(test6Text);
    expect(test6.map((tip) => tip.externalRef)).toEqual(test6.map((_, i) => `N-${String(i + 1).padStart(4, "0")}`));
    expect(test6.every((tip) => /^NI-\d{3}$/.test(tip.label.incident))).toBe(true);
    const others = [devLines, ...beforeTest6.map((other) => parseLines(triageFixture(other)))].flat();
    expect(others.filter((tip) => /^N-/.test(tip.externalRef) || /^NI-/.test(tip.label.incident))).toEqual([]);
    const days = test6.map((tip) => tip.occurredAt.slice(0, 10)).sort();
    expect(days[0] >= "2026-09-01" && days[days.length - 1] <= "2026-11-30").toBe(true);
    expect(test6.every((tip) => tip.occurredAt.endsWith("+07:00"))).toBe(true);
    const byIncident = new Map<string, string[]>();
    for (const tip of test6) byIncident.set(tip.label.incident, [...(byIncident.get(tip.label.incident) ?? []), tip.category]);
    const multi = [...byIncident.values()].filter((categories) => categories.length >= 2);
    expect(byIncident.size).toBeGreaterThanOrEqual(160);
    expect(multi.length).toBeGreaterThanOrEqual(70);
    expect(Math.max(...multi.map((categories) => categories.length))).toBeLessThanOrEqual(5);
    const pairs = multi.reduce((sum, categories) => sum + (categories.length * (categories.length - 1)) / 2, 0);
    expect(pairs).toBeGreaterThanOrEqual(150);
    // roughly half of the multi-report incidents have every reporter pick one category
    const oneCategory = multi.filter((categories) => new Set(categories).size === 1).length;
    expect(oneCategory / multi.length).toBeGreaterThan(0.4);
    expect(oneCategory / multi.length).toBeLessThan(0.6);
    // every phone-like number written into a text (ten digits from a leading 0, grouped by spaces or dots) is 09 + 8 digits
    const phoneLike = test6.flatMap((tip) => (tip.description.match(/\d[\d .]*\d/g) ?? []).map((run: string) => run.replace(/[ .]/g, "")))
      .filter((digits: string) => digits.length === 10 && digits.startsWith("0"));
    expect(phoneLike.length).toBeGreaterThanOrEqual(8);
    for (const phone of phoneLike) expect(phone).toMatch(/^09\d{8}$/);
  });
});

describe("tips-test7.jsonl keeps to its brief", () => {
  const test7 = parseLines(test7Text);
  const byIncident = new Map<string, Record<string, any>[]>();
  for (const tip of test7) byIncident.set(tip.label.incident, [...(byIncident.get(tip.label.incident) ?? []), tip]);

  it("its own identifiers (M-0001…, MI-001…, used by no other labelled file), dates (2026, +07:00, none after 5 December), size and mix", () => {
    expect(test7.map((tip) => tip.externalRef)).toEqual(test7.map((_, i) => `M-${String(i + 1).padStart(4, "0")}`));
    expect(test7.every((tip) => /^MI-\d{3}$/.test(tip.label.incident))).toBe(true);
    const others = [devLines, ...beforeTest7.map((other) => parseLines(triageFixture(other)))].flat();
    expect(others.filter((tip) => /^M-/.test(tip.externalRef) || /^MI-/.test(tip.label.incident))).toEqual([]);
    const days = test7.map((tip) => tip.occurredAt.slice(0, 10)).sort();
    expect(days[0] >= "2026-01-01" && days[days.length - 1] <= "2026-12-05").toBe(true);
    expect(test7.every((tip) => tip.occurredAt.endsWith("+07:00"))).toBe(true);
    const multi = [...byIncident.values()].filter((tips) => tips.length >= 2);
    expect(test7.length).toBeGreaterThanOrEqual(260);
    expect(byIncident.size).toBeGreaterThanOrEqual(150);
    expect(multi.length).toBeGreaterThanOrEqual(60);
    expect(Math.max(...multi.map((tips) => tips.length))).toBe(5);
    expect(Math.min(...multi.map((tips) => tips.length))).toBe(2);
    // every category of the contract; about 30 % named reporters
    expect(new Set(test7.map((tip) => tip.category)).size).toBe(17);
    const named = test7.filter((tip) => tip.reporter).length / test7.length;
    expect(named).toBeGreaterThan(0.25);
    expect(named).toBeLessThan(0.35);
    // roughly half of the multi-report incidents have every reporter pick one category
    const oneCategory = multi.filter((tips) => new Set(tips.map((tip) => tip.category)).size === 1).length;
    expect(oneCategory / multi.length).toBeGreaterThan(0.4);
    expect(oneCategory / multi.length).toBeLessThan(0.6);
    // a good share of fraud and cybercrime, with multi-report incidents among them
    const scams = new Set(["fraud", "cybercrime"]);
    expect(test7.filter((tip) => scams.has(tip.category)).length).toBeGreaterThanOrEqual(45);
    expect(multi.filter((tips) => tips.some((tip) => scams.has(tip.category))).length).toBeGreaterThanOrEqual(8);
  });

  it("writes phone numbers as 09 + 8 digits and links different incidents by one number, account or plate (never one incident)", () => {
    const digitRuns = (text: string) => (text.match(/\d[\d .-]*\d/g) ?? []).map((run: string) => run.replace(/[ .-]/g, ""));
    const phoneLike = test7.flatMap((tip) => digitRuns(tip.description)).filter((digits: string) => digits.length === 10 && digits.startsWith("0"));
    expect(phoneLike.length).toBeGreaterThanOrEqual(8);
    for (const phone of phoneLike) expect(phone).toMatch(/^09\d{8}$/);
    // identifiers (phones, accounts of 10+ digits, plates folded to letters and digits) written into texts, by incident
    const identifiers = new Map<string, Set<string>>();
    for (const tip of test7) {
      const plates = (tip.description.match(/\b\d{2}[A-Z]\d?[ -]?\d{3}\.?\d{2}\b/gi) ?? []).map((plate: string) => plate.replace(/[ .-]/g, "").toUpperCase());
      for (const id of [...digitRuns(tip.description).filter((digits: string) => digits.length >= 10), ...plates]) {
        identifiers.set(id, new Set([...(identifiers.get(id) ?? []), tip.label.incident]));
      }
    }
    const linking = [...identifiers.values()].filter((incidents) => incidents.size >= 2);
    expect(linking.length).toBeGreaterThanOrEqual(7);
    // the incidents an identifier links are told apart by ward or by day (two victims, two days), not merged
    for (const incidents of linking) {
      const tips = [...incidents].map((incident) => byIncident.get(incident)![0]);
      const keys = new Set(tips.map((tip) => `${tip.label.wardCode} ${tip.occurredAt.slice(0, 10)}`));
      expect(keys.size).toBe(tips.length);
    }
  });
});

describe("the third to seventh test sets' builder", () => {
  for (const [set, text, modules] of [["test3", test3Text, "test3/incidents_k*.py"], ["test4", test4Text, "test4/incidents_z*.py"], ["test5", test5Text, "test5/incidents_q*.py"], ["test6", test6Text, "test6/incidents_n*.py"], ["test7", test7Text, "test7/incidents_m*.py"]] as const) {
    it(`rewrites tips-${set}.jsonl byte for byte from ${modules} (fixed seed)`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), `tinbao-build-${set}-`));
      try {
        const out = path.join(dir, `tips-${set}.jsonl`);
        const printed = execFileSync("python3", ["tests/fixtures/triage/build_tips_test.py", "--set", set, "--shared", dataDir, "--out", out], { cwd: root, encoding: "utf8" });
        expect(printed).toMatch(/^tips \d+, incidents \d+/);
        expect(readFileSync(out, "utf8")).toBe(text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

describe("check-labelled-tips catches each kind of bad line", () => {
  const ok = () => byRef("D-0006"); // a map point in Tây Giang, reported with D-0005 (DI-020)

  it("accepts a good line", () => {
    expect(check(ok()).errors).toEqual([]);
  });

  it.each<[string, (tip: Record<string, any>) => Record<string, any> | string, RegExp]>([
    ["not JSON", () => '{"externalRef": "D-0006",', /line 1: not JSON/],
    ["not an object", () => "[1, 2]", /not a JSON object/],
    ["a missing field", (tip) => { delete tip.reporter; return tip; }, /fields .* expected/],
    ["an extra field", (tip) => ({ ...tip, receivedAt: "2026-03-10T08:00:00+07:00" }), /fields .* expected/],
    ["an unknown category", (tip) => ({ ...tip, category: "logging" }), /unknown category "logging"/],
    ["a description too short", (tip) => ({ ...tip, description: "cây bị chặt" }), /description missing or shorter/],
    ["a description not in NFC", (tip) => ({ ...tip, description: tip.description.normalize("NFD") }), /not NFC/],
    ["a time without offset", (tip) => ({ ...tip, occurredAt: "2026-03-10T07:30:00" }), /not ISO 8601 with an offset/],
    ["a UTC time", (tip) => ({ ...tip, occurredAt: "2026-03-10T00:30:00+00:00" }), /must carry the offset \+07:00/],
    ["a date that does not exist", (tip) => ({ ...tip, occurredAt: "2026-02-30T07:30:00+07:00" }), /not a real date/],
    ["a year outside 2026", (tip) => ({ ...tip, occurredAt: "2025-03-10T07:30:00+07:00" }), /outside 2026–2026/],
    ["a malformed reporter", (tip) => ({ ...tip, reporter: { name: "Lê Văn A", phone: "0123" } }), /reporter must be null/],
    ["a bad externalRef", (tip) => ({ ...tip, externalRef: "6" }), /externalRef "6" is not like/],
    ["a label without incident", (tip) => ({ ...tip, label: { wardCode: "20455" } }), /label must be \{wardCode, incident\}/],
    ["an unknown label ward", (tip) => ({ ...tip, label: { ...tip.label, wardCode: "99999" } }), /label.wardCode "99999" does not exist/],
    ["two location forms", (tip) => ({ ...tip, location: { ...tip.location, wardCode: "20455" } }), /exactly one of/],
    ["a point given as strings", (tip) => ({ ...tip, location: { lat: "15.87", lng: "107.5" } }), /finite numbers/],
    ["a ward code other than the label", (tip) => ({ ...tip, location: { wardCode: "20443" } }), /location.wardCode "20443" differs from the label 20455/],
    ["a point in another ward", (tip) => ({ ...tip, location: byRef("D-0008").location }), /is not inside ward 20455/],
    ["an address of another ward", (tip) => ({ ...tip, location: { address: "Kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà" } }), /resolves to 20275 .* label is 20455/],
    ["an address that resolves nowhere", (tip) => ({ ...tip, location: { address: "gần suối, trên rẫy" } }), /resolves to no ward/],
  ])("%s", (_name, mutate, message) => {
    const { errors } = check(mutate(ok()));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toMatch(message);
  });

  it("a point inside its ward but within the margin of another ward", () => {
    // Walk from a Thanh Khê point (D-0023) towards an An Hải point (D-0056) to the last step still in Thanh
    // Khê: inside the labelled ward, yet 0.002° east of it lies another ward.
    const locator = createWardLocator(reference.boundaries);
    const from = byRef("D-0023").location;
    const to = byRef("D-0056").location;
    let inside = 0;
    for (let step = 1; step <= 1000; step += 1) {
      const t = step / 1000;
      if (locator.locate(from.lat + (to.lat - from.lat) * t, from.lng + (to.lng - from.lng) * t) !== "20209") break;
      inside = t;
    }
    const tip = byRef("D-0023");
    tip.location = { lat: from.lat + (to.lat - from.lat) * inside, lng: from.lng + (to.lng - from.lng) * inside };
    expect(locator.locate(tip.location.lat, tip.location.lng)).toBe("20209");
    const { errors } = check(tip);
    expect(errors.join("\n")).toMatch(/the point moved .* (is not inside ward 20209|lies in ward)/);
    expect(errors.join("\n")).not.toMatch(/the point \(/);
  });

  it("a reused externalRef", () => {
    const other = byRef("D-0005");
    other.externalRef = "D-0006";
    expect(check(ok(), other).errors).toEqual([expect.stringMatching(/line 2: externalRef D-0006 already used on line 1/)]);
  });

  it("an incident labelled with two wards", () => {
    const other = byRef("D-0003"); // Duy Châu, 20611
    other.label.incident = "DI-020";
    other.occurredAt = "2026-03-10T09:00:00+07:00";
    expect(check(ok(), other).errors).toEqual([expect.stringMatching(/incident DI-020 \(lines 1, 2\): several wards 20455, 20611/)]);
  });

  it("an incident whose reports are more than 48 h apart", () => {
    const later = byRef("D-0005");
    later.occurredAt = "2026-03-12T08:00:00+07:00"; // D-0006 is 03-10 07:30: 48.5 h
    expect(check(ok(), later).errors).toEqual([expect.stringMatching(/incident DI-020 .* span 48.5 h, more than 48 h/)]);
    later.occurredAt = "2026-03-12T07:30:00+07:00"; // exactly 48 h is allowed
    expect(check(ok(), later).errors).toEqual([]);
  });

  it("the same identified reporter twice in one incident", () => {
    const first = byRef("D-0005");
    const second = ok();
    second.reporter = { ...first.reporter };
    expect(check(first, second).errors).toEqual([expect.stringMatching(/incident DI-020 .* the same reporter twice/)]);
  });

  it("an empty line in the middle", () => {
    const text = `${JSON.stringify(ok())}\n\n${JSON.stringify(byRef("D-0005"))}\n`;
    expect(checkLabelledTips(text, checker).errors).toEqual(["line 2: empty line"]);
  });
});

describe("the command", () => {
  it("exits 0 on good files and 1, naming the line, on a bad one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tinbao-check-"));
    try {
      const bad = path.join(dir, "bad.jsonl");
      writeFileSync(bad, `${JSON.stringify({ ...byRef("D-0006"), category: "logging" })}\n`);
      const run = (...files: string[]) => {
        try {
          return { code: 0, out: execFileSync("npx", ["tsx", "scripts/check-labelled-tips.ts", ...files], { cwd: root, encoding: "utf8", env: { ...process.env, TINBAO_SHARED_DATA: dataDir } }) };
        } catch (error) {
          const failure = error as { status: number; stdout: string };
          return { code: failure.status, out: failure.stdout };
        }
      };
      const good = run();
      expect(good.code).toBe(0);
      expect(good.out).toMatch(/tips-dev\.jsonl\ntips 92, incidents 63/);
      expect(good.out).toMatch(/tips-test\.jsonl\ntips \d+/);
      expect(good.out).toMatch(/tips-test2\.jsonl\ntips \d+/);
      expect(good.out).toMatch(/tips-test3\.jsonl\ntips \d+/);
      expect(good.out).toMatch(/tips-test4\.jsonl\ntips \d+/);
      expect(good.out).toMatch(/tips-test6\.jsonl\ntips \d+/);
      expect(good.out).toMatch(/tips-test7\.jsonl\ntips \d+/);
      const failed = run(bad);
      expect(failed.code).toBe(1);
      expect(failed.out).toMatch(/FAILED: 1 error\(s\)\n {2}line 1: unknown category "logging"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
