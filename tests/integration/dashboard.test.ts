/**
 * Every oversight figure against values worked out by hand from the fixture
 * (dashboard-fixture.ts), on SQLite and PostgreSQL: the counting rules
 * (duplicates once as incidents, outcomes for the owning unit only, a case
 * once however many tips), Vietnam days, scope, filters and the period
 * sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisationSentence, periodSentence } from "../../app/components/oversight/report";
import { parseOversightQuery } from "../../app/utils/oversight.server";
import { computeOversight, type OversightFigures } from "../../core/oversight";
import type { UnitScope } from "../../db/queries/scope";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { insertFixture, NOW, SUPERVISOR_UNITS, UNITS } from "../setup/dashboard-fixture";

const supervisor: UnitScope = { kind: "units", units: SUPERVISOR_UNITS };
const admin: UnitScope = { kind: "all" };
const query = (params: Record<string, string> = {}) => parseOversightQuery(new URLSearchParams(params), NOW);

const pick = <T extends object, K extends keyof T>(rows: T[], keyOf: (r: T) => string, fields: K[]) =>
  Object.fromEntries(rows.map((r) => [keyOf(r), Object.fromEntries(fields.map((f) => [f, r[f]]))]));

describe.each(DIALECTS)("oversight figures on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let month: OversightFigures;

  beforeAll(async () => {
    database = await createDatabase();
    await insertFixture(database.db);
    month = await computeOversight(database.db, supervisor, query(), NOW);
  });
  afterAll(async () => database?.destroy());

  it("counts this month's tips, incidents and valuable tips, duplicates once as incidents", () => {
    // T1–T8 and P2 (00:05 on 1 November in Vietnam); not T9 (other province) or T10 (no unit).
    expect(month.current).toMatchObject({ tips: 9, incidents: 6, valuable: 4, valuableIncidents: 3 });
  });

  it("counts cases once however many tips led to them, only with a linked tip, with their arrests and seizures", () => {
    // K1 (three tips), K2, K5; not K4 (no tip) or K6 (other province).
    expect(month.current).toMatchObject({ cases: 3, arrests: 5, seized: { drugs_g: 1250.5, money_vnd: 350_000_000, vehicles: 2, other: 3 } });
  });

  it("reports the time to first triage as the bounds within which half and 90 % were handled", () => {
    // 5, 10, 20, 30, 45, 120, 3000 minutes: the 4th is 30 min, the 7th 3000 min (within 3 days).
    expect(month.current).toMatchObject({ triaged: 7, medianWithin: 30, p90Within: 4320 });
  });

  it("compares with the same period last year (1–22 November 2025), not the days just before", () => {
    expect(month.previous).toMatchObject({
      tips: 2, incidents: 2, valuable: 1, valuableIncidents: 1, assessed: 2, assessedIncidents: 2, cases: 0, arrests: 0, triaged: 2, medianWithin: 30, p90Within: 60,
    });
  });

  it("counts assessed and pending tips, and incidents assessed (a valuable tip, or every tip assessed)", () => {
    // T4 and T8 are not assessed: 7 of 9. Incidents: c1 (T1), T4 (pending), c5 (T5), T6, c7 (T8 pending, T7 valuable), P2 → 5 of 6.
    expect(month.current).toMatchObject({ tips: 9, assessed: 7, incidents: 6, assessedIncidents: 5 });
    expect(pick(month.units, (u) => u.unit, ["tips", "assessed"])).toEqual({
      [UNITS.anHai]: { tips: 4, assessed: 3 },
      [UNITS.haiChau]: { tips: 3, assessed: 2 },
      [UNITS.haiVan]: { tips: 1, assessed: 1 },
      [UNITS.cyber]: { tips: 1, assessed: 1 },
    });
    expect(month.series.map((s) => [s.tips, s.assessed])).toEqual([[1, 1], [3, 3], [1, 0], [4, 3]]);
  });

  it("attributes outcomes to the unit that owns the tip: not the unit it was rerouted from, not a copy, not twice", () => {
    const fields = ["tips", "incidents", "valuable", "valuableIncidents", "cases", "arrests", "medianWithin", "open", "overdue"] as const;
    expect(pick(month.units, (u) => u.unit, [...fields])).toEqual({
      [UNITS.anHai]: { tips: 4, incidents: 2, valuable: 2, valuableIncidents: 2, cases: 1, arrests: 3, medianWithin: 120, open: 1, overdue: 0 },
      [UNITS.haiChau]: { tips: 3, incidents: 3, valuable: 1, valuableIncidents: 1, cases: 2, arrests: 2, medianWithin: 20, open: 3, overdue: 1 },
      [UNITS.haiVan]: { tips: 1, incidents: 1, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0, medianWithin: 10, open: 1, overdue: 0 },
      // T7 is valuable, but its incident was opened by T8 at An Hải.
      [UNITS.cyber]: { tips: 1, incidents: 0, valuable: 1, valuableIncidents: 0, cases: 0, arrests: 0, medianWithin: 5, open: 1, overdue: 0 },
    });
  });

  it("counts open tips by age in Vietnam days, and those past their (extended) deadline", () => {
    // T7 (2 days), T8, T5 (3, 6), T4 (12), Z1 (28, deadline extended), P3 (43, overdue).
    expect(month.backlog).toEqual({
      open: 6, overdue: 1,
      bands: { d0_2: 1, d3_7: 2, d8_14: 1, d15_20: 0, d21_plus: 2 },
      overdueBands: { d0_2: 0, d3_7: 0, d8_14: 0, d15_20: 0, d21_plus: 1 },
    });
  });

  it("draws the weeks of the month, cut to the period", () => {
    expect(month.series.map((s) => [s.bucket.from, s.bucket.to, s.tips, s.valuable])).toEqual([
      ["2026-11-01", "2026-11-01", 1, 0],
      ["2026-11-02", "2026-11-08", 3, 2],
      ["2026-11-09", "2026-11-15", 1, 0],
      ["2026-11-16", "2026-11-22", 4, 2],
    ]);
  });

  it("breaks down by category (cases by the case's own category)", () => {
    expect(pick(month.categories, (r) => r.key, ["tips", "incidents", "valuable", "valuableIncidents", "cases", "arrests"])).toEqual({
      drugs: { tips: 3, incidents: 1, valuable: 2, valuableIncidents: 1, cases: 1, arrests: 3 },
      theft: { tips: 2, incidents: 2, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0 },
      fraud: { tips: 2, incidents: 2, valuable: 1, valuableIncidents: 2, cases: 1, arrests: 1 },
      violence: { tips: 1, incidents: 1, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0 },
      cybercrime: { tips: 1, incidents: 0, valuable: 1, valuableIncidents: 0, cases: 0, arrests: 0 },
      robbery: { tips: 0, incidents: 0, valuable: 0, valuableIncidents: 0, cases: 1, arrests: 1 },
    });
  });

  it("breaks down by channel and organisation, a case once on each row its tips reach", () => {
    expect(pick(month.channels, (r) => r.key, ["tips", "incidents", "valuable", "valuableIncidents", "cases", "arrests"])).toEqual({
      web: { tips: 5, incidents: 3, valuable: 2, valuableIncidents: 2, cases: 2, arrests: 4 },
      hotline: { tips: 2, incidents: 1, valuable: 1, valuableIncidents: 0, cases: 1, arrests: 3 },
      in_person: { tips: 1, incidents: 1, valuable: 1, valuableIncidents: 1, cases: 1, arrests: 1 },
      partner: { tips: 1, incidents: 1, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0 },
    });
    expect(pick(month.orgs, (r) => r.key, ["tips", "incidents", "valuable", "valuableIncidents", "cases", "arrests"])).toEqual({
      HCCB: { tips: 2, incidents: 1, valuable: 2, valuableIncidents: 1, cases: 2, arrests: 4 },
      HND: { tips: 1, incidents: 0, valuable: 0, valuableIncidents: 0, cases: 1, arrests: 3 },
      HLHPN: { tips: 1, incidents: 1, valuable: 1, valuableIncidents: 1, cases: 1, arrests: 1 },
      "CLB-PCTP": { tips: 1, incidents: 1, valuable: 0, valuableIncidents: 0, cases: 0, arrests: 0 },
      "": { tips: 4, incidents: 3, valuable: 1, valuableIncidents: 1, cases: 1, arrests: 3 },
    });
  });

  it("writes the period sentence with these figures, in Vietnamese and in English", () => {
    expect(periodSentence(month.current, "vi")).toBe(
      "Trong kỳ, quần chúng nhân dân đã cung cấp 9 tin báo, trong đó 4 tin có giá trị (57,1% trong 7 tin đã đánh giá; 2 tin chưa đánh giá), giúp lực lượng công an điều tra, khám phá 3 vụ, bắt 5 đối tượng; thu giữ 1,25 kg ma túy, 350 triệu đồng, 2 phương tiện, 3 tang vật khác.",
    );
    expect(periodSentence(month.current, "en")).toBe(
      "During the period, the public provided 9 tips, of which 4 were valuable (57.1% of the 7 assessed; 2 not yet assessed), helping the police investigate and solve 3 cases and arrest 5 suspects; items seized: 1.25 kg of drugs, VND 350 million, 2 vehicles, 3 other items.",
    );
    const credited = month.orgs.filter((o) => o.key !== "").reduce((s, o) => ({ tips: s.tips + o.tips, valuable: s.valuable + o.valuable }), { tips: 0, valuable: 0 });
    expect(organisationSentence(credited, "vi")).toBe("Hội viên các tổ chức và mô hình tự phòng, tự quản đã cung cấp 5 tin báo, trong đó 3 tin có giá trị.");
  });

  it("reads a year from whole-month rows plus the days of the current month", async () => {
    const year = await computeOversight(database.db, supervisor, query({ period: "year" }), NOW);
    expect(year.current).toMatchObject({
      tips: 13, incidents: 10, valuable: 6, valuableIncidents: 5, cases: 4, arrests: 7,
      seized: { guns: 2, primitive_weapons: 10, drugs_g: 1250.5, money_vnd: 350_000_000, vehicles: 2, other: 3 },
      triaged: 10, medianWithin: 45, p90Within: 1440,
    });
    // 1 January – 22 November 2025: L1 and L2 (not Y2, received on 20 December).
    expect(year.previous).toMatchObject({ tips: 2, incidents: 2, valuable: 1, cases: 0 });
    expect(year.series.filter((s) => s.tips > 0).map((s) => [s.bucket.key, s.tips, s.valuable])).toEqual([
      ["2026-03", 1, 1], ["2026-10", 3, 1], ["2026-11", 9, 4],
    ]);
    expect(periodSentence(year.current, "vi")).toBe(
      "Trong kỳ, quần chúng nhân dân đã cung cấp 13 tin báo, trong đó 6 tin có giá trị (66,7% trong 9 tin đã đánh giá; 4 tin chưa đánh giá), giúp lực lượng công an điều tra, khám phá 4 vụ, bắt 7 đối tượng; thu giữ 2 khẩu súng, 10 vũ khí thô sơ, 1,25 kg ma túy, 350 triệu đồng, 2 phương tiện, 3 tang vật khác.",
    );
  });

  it("filters by category, channel, organisation and unit, alone or together", async () => {
    const drugs = await computeOversight(database.db, supervisor, query({ category: "drugs" }), NOW);
    expect(drugs.current).toMatchObject({ tips: 3, incidents: 1, valuable: 2, valuableIncidents: 1, cases: 1, arrests: 3 });
    expect(drugs.backlog.open).toBe(0);

    const hotline = await computeOversight(database.db, supervisor, query({ channel: "hotline" }), NOW);
    expect(hotline.current).toMatchObject({ tips: 2, incidents: 1, valuable: 1, valuableIncidents: 0, cases: 1, arrests: 3 });

    const veteransOnline = await computeOversight(database.db, supervisor, query({ org: "HCCB", channel: "web" }), NOW);
    expect(veteransOnline.current).toMatchObject({ tips: 2, incidents: 1, valuable: 2, valuableIncidents: 1, cases: 2, arrests: 4 });

    const haiChau = await computeOversight(database.db, supervisor, query({ unit: UNITS.haiChau }), NOW);
    expect(haiChau.current).toMatchObject({ tips: 3, incidents: 3, valuable: 1, cases: 2, arrests: 2 });
    expect(haiChau.backlog).toMatchObject({ open: 3, overdue: 1 });
    expect(haiChau.units.map((u) => u.unit)).toEqual([UNITS.haiChau]);
  });

  it("never shows a supervisor another province's tips, even when asked for its unit", async () => {
    const elsewhere = await computeOversight(database.db, supervisor, query({ unit: UNITS.elsewhere }), NOW);
    expect(elsewhere.current).toMatchObject({ tips: 0, cases: 0 });
    expect(elsewhere.units).toEqual([]);
    expect(elsewhere.backlog.open).toBe(0);
    const none = await computeOversight(database.db, { kind: "units", units: [] }, query(), NOW);
    expect(none.current.tips).toBe(0);
  });

  it("adds up the same whether a scope covers whole provinces (province rows) or part of one (unit rows)", async () => {
    const twoWards = await computeOversight(database.db, { kind: "units", units: [UNITS.anHai, UNITS.haiChau] }, query(), NOW);
    expect(twoWards.current).toMatchObject({ tips: 7, incidents: 5, valuable: 3, valuableIncidents: 3, cases: 3, arrests: 5 });
    expect(Object.fromEntries(twoWards.categories.map((c) => [c.key, c.tips]))).toEqual({ drugs: 3, theft: 2, fraud: 2, robbery: 0 });
    expect(twoWards.series.map((w) => w.tips)).toEqual([1, 3, 1, 2]);
    const provincePlusOne = await computeOversight(database.db, { kind: "units", units: [...SUPERVISOR_UNITS, UNITS.elsewhere] }, query(), NOW);
    expect(provincePlusOne.current).toMatchObject({ tips: 10, incidents: 7, valuable: 5, cases: 4, arrests: 9 });
    expect(provincePlusOne.orgs.reduce((sum, o) => sum + o.tips, 0)).toBe(10);
  });

  it("shows an administrator everything, including tips no unit owns yet", async () => {
    const all = await computeOversight(database.db, admin, query(), NOW);
    expect(all.current).toMatchObject({ tips: 11, incidents: 8, valuable: 5, valuableIncidents: 4, cases: 4, arrests: 9 });
    expect(all.units.map((u) => u.unit).sort()).toEqual(["", UNITS.haiVan, UNITS.haiChau, UNITS.anHai, UNITS.elsewhere, UNITS.cyber].sort());
    expect(all.backlog).toMatchObject({ open: 7, overdue: 1 });
  });

  it("takes custom periods, and falls back to this month on a bad one", async () => {
    const custom = await computeOversight(database.db, supervisor, query({ period: "custom", from: "2026-11-03", to: "2026-11-04" }), NOW);
    expect(custom.current).toMatchObject({ tips: 3, incidents: 1, valuable: 2 });
    // The same dates a year earlier, 3–4 November 2025: L1 only.
    expect(custom.previous).toMatchObject({ tips: 1, valuable: 1 });
    const bad = query({ period: "custom", from: "2026-11-30", to: "2026-11-01" });
    expect(bad).toMatchObject({ periodError: true, preset: "month", period: { from: "2026-11-01", to: "2026-11-22" } });
  });
});
