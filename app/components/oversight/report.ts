/**
 * Numbers and sentences for the supervisors' pages, pure. Figures are written
 * the way each language writes them (vi: 10.000 and 32,5 %; en: 10,000 and
 * 32.5 %). The period sentence follows the review conferences' wording
 * ("…đã cung cấp X tin báo, trong đó Y tin có giá trị…"); its grammar differs
 * by language (units, "triệu/tỷ đồng" against "VND … million"), so both
 * languages are written out here rather than pieced together from labels.
 */
import { SEIZURE_KINDS } from "../../../domain/seizures";
import type { Day } from "../../../domain/stats";

export type Locale = "vi" | "en";

const INTL_LOCALE: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], options);
    formatters.set(key, format);
  }
  return format;
}

/** 10.000 (vi) / 10,000 (en); up to `fractionDigits` decimals. */
export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/**
 * A number for a spreadsheet in the page's language: no thousands separator,
 * the decimal mark a spreadsheet of that language reads (vi 31,2; en 31.2).
 */
export function formatPlainNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return numberFormat(locale, { maximumFractionDigits: fractionDigits, useGrouping: false }).format(value);
}

/** 32,5% (vi) / 32.5% (en); "—" when there is no ratio. */
export function formatPercent(value: number | null, locale: Locale): string {
  if (value === null) return "—";
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
}

/** +12,5% / −3% against the previous period; "—" when it had nothing. */
export function formatChange(value: number | null, locale: Locale): string {
  if (value === null) return "—";
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value);
}

/** 22/11/2026 (vi) / 22 Nov 2026 (en). */
export function formatDay(day: Day, locale: Locale): string {
  const [y, m, d] = day.split("-");
  if (locale === "vi") return `${d}/${m}/${y}`;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1];
  return `${Number(d)} ${month} ${y}`;
}

/** "Tháng 11/2026" / "Nov 2026" for a month bucket; "Tuần 16/11" / "Week of 16 Nov" for a week. */
export function formatBucket(bucket: { key: string; size: "week" | "month"; from: Day }, locale: Locale): string {
  const [y, m, d] = bucket.from.split("-");
  if (bucket.size === "month") return locale === "vi" ? `${m}/${y}` : formatDay(bucket.from, "en").split(" ").slice(1).join(" ");
  return locale === "vi" ? `${d}/${m}` : formatDay(bucket.from, "en").split(" ").slice(0, 2).join(" ");
}

/** A chart's axis label, as short as it can be read: "16/11" for a week, "11/26" / "Nov 26" for a month. */
export function formatBucketShort(bucket: { size: "week" | "month"; from: Day }, locale: Locale): string {
  const [y, m] = bucket.from.split("-");
  if (bucket.size === "week") return formatBucket({ key: bucket.from, ...bucket }, locale);
  return locale === "vi" ? `${Number(m)}/${y.slice(2)}` : `${formatDay(bucket.from, "en").split(" ")[1]} ${y.slice(2)}`;
}

/**
 * A time-to-triage bound: "45 phút", "1,5 giờ", "3 ngày" / "45 min", "1.5 hours",
 * "3 days"; "> 90 ngày" past the last bound, "—" without data.
 */
export function formatWithin(minutes: number | null, locale: Locale): string {
  if (minutes === null) return "—";
  if (minutes === Infinity) return locale === "vi" ? "> 90 ngày" : "> 90 days";
  const n = (value: number) => formatNumber(value, locale, 1);
  if (minutes < 60) return locale === "vi" ? `${n(minutes)} phút` : `${n(minutes)} min`;
  if (minutes < 1440) {
    const hours = minutes / 60;
    return locale === "vi" ? `${n(hours)} giờ` : `${n(hours)} ${hours === 1 ? "hour" : "hours"}`;
  }
  const days = minutes / 1440;
  return locale === "vi" ? `${n(days)} ngày` : `${n(days)} ${days === 1 ? "day" : "days"}`;
}

// ---------------------------------------------------------------------------
// Seizures in words

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function money(vnd: number, locale: Locale): string {
  if (vnd >= 1e9) return locale === "vi" ? `${formatNumber(vnd / 1e9, locale, 2)} tỷ đồng` : `VND ${formatNumber(vnd / 1e9, locale, 2)} billion`;
  if (vnd >= 1e6) return locale === "vi" ? `${formatNumber(vnd / 1e6, locale, 2)} triệu đồng` : `VND ${formatNumber(vnd / 1e6, locale, 2)} million`;
  return locale === "vi" ? `${formatNumber(vnd, locale)} đồng` : `VND ${formatNumber(vnd, locale)}`;
}

function grams(g: number, locale: Locale, what: { vi: string; en: string }): string {
  const amount = g >= 1000 ? `${formatNumber(g / 1000, locale, 2)} kg` : `${formatNumber(g, locale, 1)} ${locale === "vi" ? "gam" : "g"}`;
  return locale === "vi" ? `${amount} ${what.vi}` : `${amount} of ${what.en}`;
}

/** One phrase per kind seized, in a fixed order, zero kinds left out: "21 khẩu súng", "501 vũ khí thô sơ", … */
export function seizureWords(seized: Record<string, number>, locale: Locale): string[] {
  const words: string[] = [];
  for (const kind of SEIZURE_KINDS) {
    const q = seized[kind] ?? 0;
    if (!(q > 0)) continue;
    const count = formatNumber(q, locale, 2);
    switch (kind) {
      case "guns":
        words.push(locale === "vi" ? `${count} khẩu súng` : `${count} ${plural(q, "gun", "guns")}`);
        break;
      case "primitive_weapons":
        words.push(locale === "vi" ? `${count} vũ khí thô sơ` : `${count} primitive ${plural(q, "weapon", "weapons")}`);
        break;
      case "explosives":
        words.push(locale === "vi" ? `${count} kg vật liệu nổ` : `${count} kg of explosives`);
        break;
      case "drugs_g":
        words.push(grams(q, locale, { vi: "ma túy", en: "drugs" }));
        break;
      case "money_vnd":
        words.push(money(q, locale));
        break;
      case "vehicles":
        words.push(locale === "vi" ? `${count} phương tiện` : `${count} ${plural(q, "vehicle", "vehicles")}`);
        break;
      case "other":
        words.push(locale === "vi" ? `${count} tang vật khác` : `${count} other ${plural(q, "item", "items")}`);
        break;
    }
  }
  return words;
}

// ---------------------------------------------------------------------------
// The period sentence

export interface SentenceFigures {
  tips: number;
  valuable: number;
  /** Tips assessed (valuable or not): the share is of these (0033). Omitted = all tips assessed. */
  assessed?: number;
  cases: number;
  arrests: number;
  seized: Record<string, number>;
}

/**
 * "Trong kỳ, quần chúng nhân dân đã cung cấp 10.000 tin báo, trong đó 3.200 tin
 * có giá trị (32%), giúp lực lượng công an điều tra, khám phá 1.000 vụ, bắt
 * 2.500 đối tượng; thu giữ 21 khẩu súng, 501 vũ khí thô sơ." Clauses with
 * nothing to report are left out.
 */
export function periodSentence(f: SentenceFigures, locale: Locale): string {
  const n = (value: number) => formatNumber(value, locale);
  const assessed = f.assessed ?? f.tips;
  const pending = Math.max(0, f.tips - assessed);
  const share = formatPercent(assessed > 0 ? f.valuable / assessed : null, locale);
  const seized = seizureWords(f.seized, locale);
  if (locale === "vi") {
    if (f.tips === 0) return "Trong kỳ, chưa có tin báo nào của quần chúng nhân dân.";
    const ofWhich = pending === 0
      ? `(${share})`
      : assessed === 0
        ? `(chưa tin nào được đánh giá)`
        : `(${share} trong ${n(assessed)} tin đã đánh giá; ${n(pending)} tin chưa đánh giá)`;
    let sentence = `Trong kỳ, quần chúng nhân dân đã cung cấp ${n(f.tips)} tin báo, trong đó ${n(f.valuable)} tin có giá trị ${ofWhich}`;
    const outcomes = [f.cases > 0 ? `điều tra, khám phá ${n(f.cases)} vụ` : null, f.arrests > 0 ? `bắt ${n(f.arrests)} đối tượng` : null].filter(Boolean);
    if (outcomes.length) sentence += `, giúp lực lượng công an ${outcomes.join(", ")}`;
    if (seized.length) sentence += `; thu giữ ${seized.join(", ")}`;
    return sentence + ".";
  }
  if (f.tips === 0) return "During the period, no tips were received from the public.";
  const ofWhich = pending === 0
    ? `(${share})`
    : assessed === 0
      ? "(none assessed yet)"
      : `(${share} of the ${n(assessed)} assessed; ${n(pending)} not yet assessed)`;
  let sentence = `During the period, the public provided ${n(f.tips)} ${plural(f.tips, "tip", "tips")}, of which ${n(f.valuable)} ${plural(f.valuable, "was", "were")} valuable ${ofWhich}`;
  const outcomes = [
    f.cases > 0 ? `investigate and solve ${n(f.cases)} ${plural(f.cases, "case", "cases")}` : null,
    f.arrests > 0 ? `arrest ${n(f.arrests)} ${plural(f.arrests, "suspect", "suspects")}` : null,
  ].filter(Boolean);
  if (outcomes.length) sentence += `, helping the police ${outcomes.join(" and ")}`;
  if (seized.length) sentence += `; items seized: ${seized.join(", ")}`;
  return sentence + ".";
}

/**
 * The credit to mass organisations and community models: "Hội viên các tổ chức
 * và mô hình tự quản đã cung cấp 2.430 tin báo, trong đó 800 tin có giá trị."
 * Null when no tip was credited to any.
 */
export function organisationSentence(f: { tips: number; valuable: number }, locale: Locale): string | null {
  if (f.tips === 0) return null;
  const n = (value: number) => formatNumber(value, locale);
  return locale === "vi"
    ? `Hội viên các tổ chức và mô hình tự phòng, tự quản đã cung cấp ${n(f.tips)} tin báo, trong đó ${n(f.valuable)} tin có giá trị.`
    : `Members of mass organisations and community models provided ${n(f.tips)} ${plural(f.tips, "tip", "tips")}, of which ${n(f.valuable)} ${plural(f.valuable, "was", "were")} valuable.`;
}
