/** Numbers, durations, seizures and the period sentence, in Vietnamese and English; chart geometry. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { categoryChart, CHART_WIDTH, ratioChart, volumeChart } from "../../../app/components/oversight/charts";
import {
  formatBucket, formatBucketShort, formatChange, formatDay, formatNumber, formatPercent, formatWithin, organisationSentence, periodSentence, seizureWords,
} from "../../../app/components/oversight/report";

describe("numbers the Vietnamese way, and the English way", () => {
  it("groups thousands and writes decimals and percentages per language", () => {
    expect(formatNumber(10_000, "vi")).toBe("10.000");
    expect(formatNumber(10_000, "en")).toBe("10,000");
    expect(formatNumber(1250.5, "vi", 1)).toBe("1.250,5");
    expect(formatPercent(0.325, "vi")).toBe("32,5%");
    expect(formatPercent(0.325, "en")).toBe("32.5%");
    expect(formatPercent(null, "vi")).toBe("—");
    expect(formatChange(0.125, "vi")).toBe("+12,5%");
    expect(formatChange(-0.03, "en")).toBe("-3%");
    expect(formatChange(null, "en")).toBe("—");
  });

  it("writes days, weeks and months", () => {
    expect(formatDay("2026-11-02", "vi")).toBe("02/11/2026");
    expect(formatDay("2026-11-02", "en")).toBe("2 Nov 2026");
    expect(formatBucket({ key: "2026-11", size: "month", from: "2026-11-01" }, "vi")).toBe("11/2026");
    expect(formatBucket({ key: "2026-11", size: "month", from: "2026-11-01" }, "en")).toBe("Nov 2026");
    expect(formatBucket({ key: "2026-11-16", size: "week", from: "2026-11-16" }, "vi")).toBe("16/11");
    expect(formatBucket({ key: "2026-11-16", size: "week", from: "2026-11-16" }, "en")).toBe("16 Nov");
    expect(formatBucketShort({ size: "month", from: "2026-01-01" }, "vi")).toBe("1/26");
    expect(formatBucketShort({ size: "month", from: "2026-11-01" }, "en")).toBe("Nov 26");
    expect(formatBucketShort({ size: "week", from: "2026-11-16" }, "vi")).toBe("16/11");
  });

  it("writes triage bounds in minutes, hours or days", () => {
    expect(formatWithin(45, "vi")).toBe("45 phút");
    expect(formatWithin(90, "vi")).toBe("1,5 giờ");
    expect(formatWithin(60, "en")).toBe("1 hour");
    expect(formatWithin(4320, "vi")).toBe("3 ngày");
    expect(formatWithin(2160, "en")).toBe("1.5 days");
    expect(formatWithin(Infinity, "vi")).toBe("> 90 ngày");
    expect(formatWithin(null, "en")).toBe("—");
  });
});

describe("seizures in words", () => {
  it("lists kinds in a fixed order with their units, leaving out zero kinds", () => {
    expect(seizureWords({ primitive_weapons: 501, guns: 21, vehicles: 0 }, "vi")).toEqual(["21 khẩu súng", "501 vũ khí thô sơ"]);
    expect(seizureWords({ drugs_g: 850, money_vnd: 1_250_000_000, explosives: 3.5, other: 1 }, "vi"))
      .toEqual(["3,5 kg vật liệu nổ", "850 gam ma túy", "1,25 tỷ đồng", "1 tang vật khác"]);
    expect(seizureWords({ guns: 1, drugs_g: 1500, money_vnd: 500_000, vehicles: 2 }, "en"))
      .toEqual(["1 gun", "1.5 kg of drugs", "VND 500,000", "2 vehicles"]);
  });
});

describe("the period sentence", () => {
  const figures = { tips: 10_000, valuable: 3_200, cases: 1_000, arrests: 2_500, seized: { guns: 21, primitive_weapons: 501 } };

  it("says what the review conferences say, with the figures", () => {
    expect(periodSentence(figures, "vi")).toBe(
      "Trong kỳ, quần chúng nhân dân đã cung cấp 10.000 tin báo, trong đó 3.200 tin có giá trị (32%), giúp lực lượng công an điều tra, khám phá 1.000 vụ, bắt 2.500 đối tượng; thu giữ 21 khẩu súng, 501 vũ khí thô sơ.",
    );
    expect(periodSentence(figures, "en")).toBe(
      "During the period, the public provided 10,000 tips, of which 3,200 were valuable (32%), helping the police investigate and solve 1,000 cases and arrest 2,500 suspects; items seized: 21 guns, 501 primitive weapons.",
    );
  });

  it("leaves out clauses with nothing to report", () => {
    expect(periodSentence({ tips: 12, valuable: 0, cases: 0, arrests: 0, seized: {} }, "vi"))
      .toBe("Trong kỳ, quần chúng nhân dân đã cung cấp 12 tin báo, trong đó 0 tin có giá trị (0%).");
    expect(periodSentence({ tips: 1, valuable: 1, cases: 0, arrests: 2, seized: {} }, "en"))
      .toBe("During the period, the public provided 1 tip, of which 1 was valuable (100%), helping the police arrest 2 suspects.");
    expect(periodSentence({ tips: 0, valuable: 0, cases: 0, arrests: 0, seized: {} }, "vi")).toBe("Trong kỳ, chưa có tin báo nào của quần chúng nhân dân.");
    expect(organisationSentence({ tips: 0, valuable: 0 }, "vi")).toBeNull();
    expect(organisationSentence({ tips: 2430, valuable: 900 }, "en"))
      .toBe("Members of mass organisations and community models provided 2,430 tips, of which 900 were valuable.");
  });
});

describe("chart geometry", () => {
  const finite = (g: ReturnType<typeof volumeChart>) =>
    [...g.rects.flatMap((r) => [r.x, r.y, r.width, r.height]), ...g.lines.flatMap((l) => [l.x1, l.y1, l.x2, l.y2]), ...g.texts.flatMap((t) => [t.x, t.y])]
      .every(Number.isFinite);

  it("draws one tips bar per bucket with the valuable bar inside it, within the view box", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(5000), fc.nat(5000)), { minLength: 1, maxLength: 60 }), (pairs) => {
      const points = pairs.map(([a, b], i) => ({ label: `w${i}`, tips: Math.max(a, b), valuable: Math.min(a, b) }));
      const g = volumeChart(points, String);
      const tips = g.rects.filter((r) => r.className === "chart-bar-tips");
      const valuable = g.rects.filter((r) => r.className === "chart-bar-valuable");
      return finite(g) && tips.length === points.length && valuable.length === points.filter((p) => p.valuable > 0).length
        && g.rects.every((r) => r.x >= 0 && r.x + r.width <= CHART_WIDTH + 0.1 && r.y >= 0 && r.y + r.height <= g.height + 0.1)
        && valuable.every((v) => tips.some((t) => v.x >= t.x && v.x + v.width <= t.x + t.width + 0.1 && v.y >= t.y - 0.1))
        && g.texts.filter((t) => t.anchor === "middle").length <= 6;
    }));
  });

  it("breaks the ratio line where nothing was received", () => {
    const g = ratioChart([{ label: "a", value: 0.2 }, { label: "b", value: 0.4 }, { label: "c", value: null }, { label: "d", value: 0.1 }, { label: "e", value: 0.3 }], String);
    expect(g.paths).toHaveLength(1);
    expect(g.paths[0].d.match(/M/g)).toHaveLength(2);
    expect(g.circles).toHaveLength(4);
  });

  it("puts a category's figures under its bar when they do not fit beside its name", () => {
    const g = categoryChart([
      { label: "Ma túy", tips: 10, valuable: 4, note: "4/10 · 2 vụ" },
      { label: "Smuggling and counterfeits", tips: 5, valuable: 0, note: "1,234/5,678 · 1,234 cases" },
    ]);
    const notes = g.texts.filter((t) => t.anchor === "end");
    expect(notes[0].y).toBe(19);
    expect(notes[1].y).toBeGreaterThan(g.rects[g.rects.length - 1].y);
    expect(g.height).toBe(4 + 42 + 60 + 4);
  });
});
