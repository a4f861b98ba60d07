/**
 * A hotspot alert in plain Vietnamese and English: what rose, where, since
 * when, against what expectation, how confident — as separate pieces (for a
 * notification's title, a dashboard row, the command line) and as one
 * sentence. Like the period sentence (app/components/oversight/report.ts) both languages are
 * written out whole: word order and units differ. Terms follow the glossary:
 * an incident is "sự việc", a hotspot "điểm nóng".
 */
import type { HotspotAlert } from "../../../domain/hotspots";
import { formatDay, formatNumber, formatPercent, type Locale } from "./report";
import { daysBetween } from "../../../domain/stats";

export interface HotspotNames {
  /** The type of crime's label in the page's language ("Ma túy" / "Drugs"). */
  category: string;
  /** The wards' names, in the order of `alert.wardCodes`. */
  wards: readonly string[];
}

export interface HotspotWords {
  what: string;
  where: string;
  since: string;
  expectation: string;
  confidence: string;
  /** All of it in one sentence. */
  sentence: string;
}

type Level = "very high" | "high" | "moderate";

/** The confidence in words: ≥ 99 % very high, ≥ 95 % high (every new alert starts there), else moderate. */
export function confidenceLevel(confidence: number): Level {
  if (confidence >= 0.99) return "very high";
  if (confidence >= 0.95) return "high";
  return "moderate";
}

const LEVEL_WORDS: Record<Locale, Record<Level, string>> = {
  vi: { "very high": "rất cao", high: "cao", moderate: "trung bình" },
  en: { "very high": "very high", high: "high", moderate: "moderate" },
};

/** Never "100 %": the bound leaves some chance, however small. */
function confidencePercent(confidence: number, locale: Locale): string {
  return formatPercent(Math.min(confidence, 0.999), locale);
}

export function hotspotWords(alert: HotspotAlert, names: HotspotNames, locale: Locale): HotspotWords {
  const days = daysBetween(alert.since, alert.at) + 1;
  const incidents = formatNumber(alert.incidents, locale);
  const expected = formatNumber(alert.expected, locale, 1);
  const ratio = formatNumber(alert.incidents / Math.max(alert.expected, 0.1), locale, 1);
  const since = formatDay(alert.since, locale);
  const level = LEVEL_WORDS[locale][confidenceLevel(alert.confidence)];
  const percent = confidencePercent(alert.confidence, locale);
  const [first, second] = names.wards;

  if (locale === "vi") {
    const where = second ? `${first} và ${second} (hai xã, phường liền kề)` : first!;
    const what = `Sự việc loại “${names.category}” tăng`;
    const expectation = `${incidents} sự việc trong ${days} ngày, so với khoảng ${expected} sự việc thường thấy (gấp ${ratio} lần)`;
    const confidence = `độ tin cậy ${level} (${percent})`;
    return {
      what,
      where,
      since: `từ ngày ${since}`,
      expectation,
      confidence,
      sentence: `Điểm nóng: sự việc loại “${names.category}” tại ${where} tăng từ ngày ${since}: ${expectation}; ${confidence}.`,
    };
  }
  const where = second ? `${first} and ${second} (two adjacent communes/wards)` : first!;
  const what = `“${names.category}” incidents have risen`;
  const expectation = `${incidents} ${alert.incidents === 1 ? "incident" : "incidents"} in ${days} ${days === 1 ? "day" : "days"} against about ${expected} usually (${ratio} times as many)`;
  const confidence = `${level} confidence (${percent})`;
  return {
    what,
    where,
    since: `since ${since}`,
    expectation,
    confidence,
    sentence: `Hotspot: “${names.category}” incidents in ${where} have risen since ${since}: ${expectation}; ${confidence}.`,
  };
}
