/**
 * The supervisors' walk-through (issue 14, docs/decisions/0033): comparison
 * with the same period last year (month and year boundaries, 29 February),
 * no percentage on small bases, the valuable ratio over assessed tips, the
 * unit table's search and pages. Every date is passed in: nothing here reads
 * the clock.
 */
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { i18nConfig } from "../../../app/i18n/config";
import { resources } from "../../../app/i18n/resources";
import { parseOversightQuery } from "../../../app/utils/oversight.server";
import { pageNumbers, unitTablePage } from "../../../app/utils/oversight-page.server";
import { comparisonText, partialNote, ratioText, type ViewTable } from "../../../app/utils/oversight-view.server";
import { periodSentence, type Locale } from "../../../app/components/oversight/report";
import {
  assessmentOf, cellKeyString, compare, incidentSummary, MIN_COMPARISON_BASE, periodUnfinished, rollupDay, sameDayLastYear,
  samePeriodLastYear, type TipFact,
} from "../../../domain/stats";

/** An instant given as Vietnam wall-clock time. */
const vn = (local: string) => new Date(`${local}+07:00`);
const periods = (params: Record<string, string>, now: Date) => {
  const q = parseOversightQuery(new URLSearchParams(params), now);
  return { period: q.period, previous: q.previous };
};

describe("the same period last year (cùng kỳ)", () => {
  it("compares “this year” with 1 January – the same day last year, not the days just before", () => {
    expect(periods({ period: "year" }, vn("2026-12-07T09:00:00"))).toEqual({
      period: { from: "2026-01-01", to: "2026-12-07" },
      previous: { from: "2025-01-01", to: "2025-12-07" },
    });
  });

  it("compares this month to date with the same days of last year's month", () => {
    expect(periods({ period: "month" }, vn("2026-11-22T12:00:00"))).toEqual({
      period: { from: "2026-11-01", to: "2026-11-22" },
      previous: { from: "2025-11-01", to: "2025-11-22" },
    });
    // A quarter to date likewise.
    expect(periods({ period: "quarter" }, vn("2026-11-22T12:00:00")).previous).toEqual({ from: "2025-10-01", to: "2025-11-22" });
  });

  it("takes the Vietnam day at a month boundary: 00:30 on 1 December is December in Vietnam, still 30 November in UTC", () => {
    const now = vn("2026-12-01T00:30:00");
    expect(now.toISOString().slice(0, 10)).toBe("2026-11-30");
    expect(periods({ period: "month" }, now)).toEqual({
      period: { from: "2026-12-01", to: "2026-12-01" },
      previous: { from: "2025-12-01", to: "2025-12-01" },
    });
    expect(periods({ period: "last_month" }, now)).toEqual({
      period: { from: "2026-11-01", to: "2026-11-30" },
      previous: { from: "2025-11-01", to: "2025-11-30" },
    });
  });

  it("at a year boundary: the first minutes of 2027 in Vietnam start a new year, compared with 1 January 2026", () => {
    const now = vn("2027-01-01T00:10:00");
    expect(periods({ period: "year" }, now)).toEqual({
      period: { from: "2027-01-01", to: "2027-01-01" },
      previous: { from: "2026-01-01", to: "2026-01-01" },
    });
    expect(periods({ period: "last_year" }, now)).toEqual({
      period: { from: "2026-01-01", to: "2026-12-31" },
      previous: { from: "2025-01-01", to: "2025-12-31" },
    });
    // Just before midnight it is still 2026.
    expect(periods({ period: "year" }, vn("2026-12-31T23:59:00")).previous).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(periods({ period: "last_quarter" }, now).previous).toEqual({ from: "2025-10-01", to: "2025-12-31" });
  });

  it("reads 29 February as 28 February a year earlier, and compares whole months with whole months", () => {
    expect(sameDayLastYear("2028-02-29")).toBe("2027-02-28");
    expect(sameDayLastYear("2027-02-28")).toBe("2026-02-28");
    expect(sameDayLastYear("2026-03-01")).toBe("2025-03-01");
    // This month on a leap day: the same days of February last year, which ends on the 28th.
    expect(periods({ period: "month" }, vn("2028-02-29T08:00:00")).previous).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(periods({ period: "year" }, vn("2028-02-29T08:00:00")).previous).toEqual({ from: "2027-01-01", to: "2027-02-28" });
    // Last month = February 2029 (28 days) against the whole February 2028, 29th included.
    expect(periods({ period: "last_month" }, vn("2029-03-10T08:00:00"))).toEqual({
      period: { from: "2029-02-01", to: "2029-02-28" },
      previous: { from: "2028-02-01", to: "2028-02-29" },
    });
    // A custom range: the same dates a year earlier.
    expect(periods({ period: "custom", from: "2028-02-29", to: "2028-03-05" }, vn("2028-06-01T08:00:00")).previous)
      .toEqual({ from: "2027-02-28", to: "2027-03-05" });
    expect(samePeriodLastYear({ from: "2026-11-01", to: "2026-11-22" }, "custom")).toEqual({ from: "2025-11-01", to: "2025-11-22" });
  });

  it("knows a period that has not ended", () => {
    expect(periodUnfinished({ from: "2026-11-01", to: "2026-11-22" }, "2026-11-22")).toBe(true);
    expect(periodUnfinished({ from: "2026-10-01", to: "2026-10-31" }, "2026-11-22")).toBe(false);
  });
});

async function fixedT(locale: Locale): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nConfig, resources, lng: locale, ns: ["oversight"] });
  return instance.getFixedT(locale, "oversight");
}

describe("no percentage on small bases", () => {
  let vi: { t: TFunction; locale: Locale };
  let en: { t: TFunction; locale: Locale };
  beforeAll(async () => {
    vi = { t: await fixedT("vi"), locale: "vi" };
    en = { t: await fixedT("en"), locale: "en" };
  });

  it("compares only from a base of MIN_COMPARISON_BASE", () => {
    expect(MIN_COMPARISON_BASE).toBe(20);
    // The "+39.840 %": 1,997 tips against 5.
    expect(compare(1997, 5)).toEqual({ kind: "small" });
    expect(compare(30, 19)).toEqual({ kind: "small" });
    expect(compare(30, 20)).toEqual({ kind: "change", value: 0.5 });
    expect(compare(12, 0)).toEqual({ kind: "none" });
    expect(compare(0, 0)).toEqual({ kind: "none" });
  });

  it("says so in words in both languages", () => {
    expect(comparisonText(compare(1997, 5), vi)).toBe("quá ít để so sánh");
    expect(comparisonText(compare(1997, 5), en)).toBe("too few to compare");
    expect(comparisonText(compare(25, 20), vi)).toBe("+25%");
    expect(comparisonText(compare(15, 20), en)).toBe("-25%");
    expect(comparisonText(compare(3, 0), vi)).toBe("—");
  });

  it("writes the valuable ratio over assessed tips, provisional when most are pending", () => {
    // 4 valuable of 7 assessed, 2 pending: 57.1 %, not 4 / 9.
    expect(ratioText(4, 7, 9, vi)).toBe("57,1%");
    // 1 valuable of 2 assessed out of 10: most pending, marked in words.
    expect(ratioText(1, 2, 10, vi)).toBe("50% (tạm tính)");
    expect(ratioText(1, 2, 10, en)).toBe("50% (provisional)");
    expect(ratioText(0, 0, 5, vi)).toBe("— (chưa đánh giá)");
    expect(ratioText(0, 0, 0, en)).toBe("—");
  });

  it("notes in words why a period's figures are provisional", () => {
    const figures = { tips: 10, assessed: 3 } as Parameters<typeof partialNote>[0];
    expect(partialNote(figures, { from: "2026-11-01", to: "2026-11-22" }, "2026-11-22", vi)).toBe(
      "Số liệu tạm tính: kỳ chưa kết thúc; 7 trong 10 tin chưa được đánh giá (quá nửa). Tỷ lệ tin có giá trị chỉ tính trên các tin đã đánh giá.",
    );
    expect(partialNote({ ...figures, assessed: 9 }, { from: "2025-11-01", to: "2025-11-22" }, "2026-11-22", en)).toBe(
      "Note: 1 of 10 tips not assessed yet. The valuable-tip ratio counts assessed tips only.",
    );
    expect(partialNote({ ...figures, assessed: 10 }, { from: "2025-11-01", to: "2025-11-22" }, "2026-11-22", en)).toBeNull();
  });
});

describe("assessed and pending tips", () => {
  const tip = (over: Partial<TipFact>): TipFact => ({
    unit: "U1", category: "drugs", channel: "web", org: "", valuable: false, assessed: false, opensIncident: true, incidentValuable: false,
    incidentAssessed: false, triageMinutes: null, open: false, deadlineDay: "2026-12-01", ...over,
  });

  it("counts assessed tips and assessed incidents in the rollup", () => {
    const cells = rollupDay([
      tip({ valuable: true, assessed: true, incidentValuable: true, incidentAssessed: true }),
      tip({ assessed: true, incidentAssessed: true }),
      tip({}),
      // Not its incident's first tip: counts as a tip, not as an incident.
      tip({ opensIncident: false, assessed: true }),
    ], []);
    const u1 = cells.get(cellKeyString({ grain: "unit", unit: "U1", category: "*", channel: "*", org: "*" }))!.measures;
    expect(u1).toMatchObject({ tips: 4, assessed: 3, incidents: 3, assessedIncidents: 2, valuable: 1, valuableIncidents: 1 });
  });

  it("calls an incident assessed when one tip is valuable or every tip is assessed", () => {
    const at = "2026-11-01T00:00:00.000Z";
    expect(incidentSummary([{ id: 1, createdAt: at, valuable: true, assessed: true }, { id: 2, createdAt: at, valuable: false, assessed: false }]).assessed).toBe(true);
    expect(incidentSummary([{ id: 1, createdAt: at, valuable: false, assessed: true }, { id: 2, createdAt: at, valuable: false, assessed: false }]).assessed).toBe(false);
    expect(incidentSummary([{ id: 1, createdAt: at, valuable: false, assessed: true }, { id: 2, createdAt: at, valuable: false, assessed: true }]).assessed).toBe(true);
  });

  it("marks a period mostly pending when fewer than half its tips are assessed", () => {
    expect(assessmentOf(9, 7)).toEqual({ assessed: 7, pending: 2, mostlyPending: false });
    expect(assessmentOf(10, 4)).toEqual({ assessed: 4, pending: 6, mostlyPending: true });
    expect(assessmentOf(10, 5).mostlyPending).toBe(false);
    expect(assessmentOf(0, 0).mostlyPending).toBe(false);
  });

  it("writes the share of the assessed tips in the period sentence, and how many wait", () => {
    const f = { tips: 9, valuable: 4, assessed: 7, cases: 0, arrests: 0, seized: {} };
    expect(periodSentence(f, "vi")).toBe("Trong kỳ, quần chúng nhân dân đã cung cấp 9 tin báo, trong đó 4 tin có giá trị (57,1% trong 7 tin đã đánh giá; 2 tin chưa đánh giá).");
    expect(periodSentence(f, "en")).toBe("During the period, the public provided 9 tips, of which 4 were valuable (57.1% of the 7 assessed; 2 not yet assessed).");
    expect(periodSentence({ ...f, assessed: 9 }, "vi")).toBe("Trong kỳ, quần chúng nhân dân đã cung cấp 9 tin báo, trong đó 4 tin có giá trị (44,4%).");
  });
});

describe("the unit table's search and pages", () => {
  const names = ["Công an thành phố Đà Nẵng", "Phòng An ninh mạng", ...Array.from({ length: 93 }, (_, i) => `Phường Số ${i + 1}`), "Phường An Hải"];
  const table: ViewTable = {
    key: "units", title: "Theo đơn vị",
    columns: [{ key: "code", label: "Mã", numeric: false, csvLabel: "Mã đơn vị" }, { key: "name", label: "Đơn vị", numeric: false, csvLabel: "Đơn vị" }],
    rows: names.map((name, i) => ({ cells: [String(i), name], raw: [String(10000 + i), name], csv: [] })),
  };
  const query = (params: Record<string, string>) => parseOversightQuery(new URLSearchParams({ period: "month", ...params }), vn("2026-11-22T12:00:00"));

  it("pages 96 units by 20, with numbered links that keep the period and sort", () => {
    const first = unitTablePage(table, query({ sort: "name", dir: "asc" }));
    expect(first.table.rows).toHaveLength(20);
    expect(first.paging).toMatchObject({ page: 1, pages: 5, total: 96, from: 1, to: 20, previous: null });
    expect(first.paging.next).toBe("?period=month&sort=name&dir=asc&page=2#units");
    expect(first.paging.links.map((l) => l && [l.page, l.current])).toEqual([[1, true], [2, false], [3, false], [4, false], [5, false]]);
    const last = unitTablePage(table, query({ page: "5" }));
    expect(last.table.rows.map((r) => r.cells[1])).toEqual(names.slice(80));
    expect(last.paging).toMatchObject({ from: 81, to: 96, next: null, previous: "?period=month&page=4#units" });
    // A page past the end shows the last one.
    expect(unitTablePage(table, query({ page: "99" })).paging.page).toBe(5);
  });

  it("finds units with or without diacritics (đ → d), by name or code", () => {
    expect(unitTablePage(table, query({ q: "an hai" })).table.rows.map((r) => r.cells[1])).toEqual(["Phường An Hải"]);
    expect(unitTablePage(table, query({ q: "DA NANG" })).table.rows.map((r) => r.cells[1])).toEqual(["Công an thành phố Đà Nẵng"]);
    expect(unitTablePage(table, query({ q: "10001" })).table.rows.map((r) => r.cells[1])).toEqual(["Phòng An ninh mạng"]);
    expect(unitTablePage(table, query({ q: "không có" })).paging).toMatchObject({ total: 0, pages: 1, from: 0, to: 0 });
  });

  it("shows every page number when few, else the ends and two either side", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pageNumbers(1, 12)).toEqual([1, 2, 3, null, 12]);
  });
});
