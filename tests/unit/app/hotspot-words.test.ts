/** A hotspot alert in plain Vietnamese and English: the pieces and the sentence. */
import { describe, expect, it } from "vitest";
import { confidenceLevel, hotspotWords } from "../../../app/components/oversight/hotspot-words";
import type { HotspotAlert } from "../../../domain/hotspots";

const alert: HotspotAlert = {
  category: "drugs",
  wardCodes: ["20242"],
  since: "2026-11-16",
  at: "2026-11-22",
  raisedOn: "2026-11-21",
  incidents: 14,
  expected: 4.26,
  rise: 3,
  score: 13.2,
  confidence: 0.9936,
};

describe("hotspotWords", () => {
  it("says what rose, where, since when, against what, how sure — in Vietnamese", () => {
    const words = hotspotWords(alert, { category: "Ma túy", wards: ["Phường Hải Châu"] }, "vi");
    expect(words).toEqual({
      what: "Sự việc loại “Ma túy” tăng",
      where: "Phường Hải Châu",
      since: "từ ngày 16/11/2026",
      expectation: "14 sự việc trong 7 ngày, so với khoảng 4,3 sự việc thường thấy (gấp 3,3 lần)",
      confidence: "độ tin cậy rất cao (99,4%)",
      sentence: "Điểm nóng: sự việc loại “Ma túy” tại Phường Hải Châu tăng từ ngày 16/11/2026: 14 sự việc trong 7 ngày, so với khoảng 4,3 sự việc thường thấy (gấp 3,3 lần); độ tin cậy rất cao (99,4%).",
    });
  });

  it("and in English, naming both wards of a rise across their boundary", () => {
    const pair = { ...alert, wardCodes: ["20242", "20245"], confidence: 0.967 };
    const words = hotspotWords(pair, { category: "Drugs", wards: ["Phường Hải Châu", "Phường Hòa Cường"] }, "en");
    expect(words.sentence).toBe(
      "Hotspot: “Drugs” incidents in Phường Hải Châu and Phường Hòa Cường (two adjacent communes/wards) have risen since 16 Nov 2026: 14 incidents in 7 days against about 4.3 usually (3.3 times as many); high confidence (96.7%).",
    );
  });

  it("grades confidence, and never claims certainty", () => {
    expect(confidenceLevel(0.995)).toBe("very high");
    expect(confidenceLevel(0.96)).toBe("high");
    expect(confidenceLevel(0.8)).toBe("moderate");
    expect(hotspotWords({ ...alert, confidence: 1 }, { category: "Drugs", wards: ["X"] }, "en").confidence).toBe("very high confidence (99.9%)");
  });
});
