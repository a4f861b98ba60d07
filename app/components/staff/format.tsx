/** Dates, deadlines and labels as staff pages show them: Vietnam time, words as well as colours. */
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { fromVietnamWallClock, VIETNAM_TIME_ZONE } from "../../../domain/vietnam-time";
import { describeIncidentTime, type IncidentPrecision } from "../../../domain/incident-time";

const locales = { vi: "vi-VN", en: "en-GB" } as const;

function locale(lng: string): string {
  return lng === "en" ? locales.en : locales.vi;
}

// Building an Intl formatter costs far more than using one; a queue page formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

const DATE_STYLES = {
  short: { dateStyle: "short" },
  shortWithTime: { dateStyle: "short", timeStyle: "short" },
  /** "3/10/2026": a day on its own reads better with the whole year. */
  fullYear: { day: "numeric", month: "numeric", year: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function dateFormatter(lng: string, style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const key = `${locale(lng)}|${style}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale(lng), { timeZone: VIETNAM_TIME_ZONE, ...DATE_STYLES[style] });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatDateTime(iso: string | null, lng: string): string {
  if (!iso) return "";
  return dateFormatter(lng, "shortWithTime").format(new Date(iso));
}

export function formatDate(iso: string | null, lng: string, style: "short" | "fullYear" = "short"): string {
  if (!iso) return "";
  // A bare date ("2026-10-03") is a calendar day already; do not shift it through UTC.
  const value = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(fromVietnamWallClock(`${iso}T12:00`)) : new Date(iso);
  return dateFormatter(lng, style).format(value);
}

export function formatNumber(value: number, lng: string): string {
  const key = `${locale(lng)}|number`;
  let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale(lng));
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

// Translations never change while the process runs; a queue page asks for the
// same few hundred strings (badges, labels, "3 people") on every render.
const translations = new Map<string, string>();

/** `t` of a namespace, remembering its answers across renders and requests. */
export function useStaticT(ns: "staff" | "admin" = "staff") {
  const { t, i18n } = useTranslation(ns);
  const lng = i18n.language;
  return useCallback(
    (key: string, options?: Record<string, string | number>): string => {
      const cacheKey = `${lng}|${ns}|${key}|${options ? JSON.stringify(options) : ""}`;
      let text = translations.get(cacheKey);
      if (text === undefined) {
        text = String(t(key, options));
        if (translations.size > 20_000) translations.clear();
        translations.set(cacheKey, text);
      }
      return text;
    },
    [t, lng, ns],
  );
}

/** Days left before the art. 147 deadline, in words; overdue is red and says so. */
export function DeadlineBadge({ daysLeft }: { daysLeft: number }) {
  const t = useStaticT();
  if (daysLeft < 0) return <span className="badge danger">{t("deadline.overdue", { count: -daysLeft })}</span>;
  if (daysLeft === 0) return <span className="badge danger">{t("deadline.dueToday")}</span>;
  return <span className={daysLeft <= 3 ? "badge warn" : "badge"}>{t("deadline.left", { count: daysLeft })}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const t = useStaticT();
  const tone = status === "closed" ? "ok" : status === "waiting_tipster" ? "warn" : "";
  return <span className={`badge ${tone}`.trim()}>{t(`status.${status}`)}</span>;
}

export function ValuableBadge({ valuable }: { valuable: boolean | null }) {
  const t = useStaticT();
  if (valuable === null) return <span className="badge">{t("valuable.undecided")}</span>;
  return valuable ? <span className="badge ok">{t("valuable.yes")}</span> : <span className="badge">{t("valuable.no")}</span>;
}

export type CategoryLabels = Record<string, { vi: string; en: string }>;

export function useCategoryLabel(labels: CategoryLabels) {
  const { i18n } = useTranslation();
  return (code: string) => {
    const entry = labels[code];
    if (!entry) return code;
    return i18n.language === "en" ? entry.en : entry.vi;
  };
}

/** When it happened, saying no more than the tip's precision supports (domain/incident-time.ts). */
export function IncidentTimeText({ occurredAt, precision }: { occurredAt: string | null; precision: IncidentPrecision }) {
  const t = useStaticT();
  const { i18n } = useTranslation();
  const time = describeIncidentTime(occurredAt, precision);
  switch (time.kind) {
    case "exact":
      return <>{formatDateTime(time.at, i18n.language)}</>;
    case "approximate": {
      const date = formatDate(time.day, i18n.language, "fullYear");
      return <>{time.partOfDay ? t("occurred.approximatePart", { date, part: t(`occurred.parts.${time.partOfDay}`) }) : t("occurred.approximate", { date })}</>;
    }
    case "ongoing":
      return (
        <>
          <span className="badge danger">{t("precision.ongoing")}</span>
          {time.since && <> {t("occurred.ongoingSince", { date: formatDate(time.since, i18n.language, "fullYear") })}</>}
        </>
      );
    case "unknown":
      return <>{t("precision.unknown")}</>;
  }
}
