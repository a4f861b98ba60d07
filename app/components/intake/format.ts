/** Dates as residents read them (Vietnam time, in the page's language), and which language that is. */
import type { Language } from "~/i18n/config";
import { VIETNAM_TIME_ZONE } from "../../../domain/vietnam-time";

/** The page's language from the root loader's data, for `meta` functions (which cannot use hooks). */
export function pageLanguage(matches: ReadonlyArray<{ id: string; data?: unknown }>): Language {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale === "en" ? "en" : "vi";
}

export function formatDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "vi-VN", { timeZone: VIETNAM_TIME_ZONE, dateStyle: "long" }).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "vi-VN", {
    timeZone: VIETNAM_TIME_ZONE, dateStyle: "medium", timeStyle: "short",
  }).format(new Date(iso));
}
