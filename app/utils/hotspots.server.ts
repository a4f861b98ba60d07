/**
 * Hotspot alerts for the staff pages (issue 17; docs/decisions/0070-hotspot-alerts.md):
 * the alerts of the user's scope (core/hotspots.ts) with names and the sentence in the
 * page's language (app/components/oversight/hotspot-words.ts), each day of their
 * evolution, and where the ward's tips of that type and period are listed.
 */
import type { Kysely } from "kysely";
import { currentHotspotAlerts, handleHotspotAlert, hotspotAlert, periodHotspotAlerts, type AlertWithDays } from "../../core/hotspots";
import { listCategories } from "../../db/queries/categories";
import { scopeIncludes, unitsScope, type UnitScope } from "../../db/queries/scope";
import { findUnits } from "../../db/queries/units";
import type { Database } from "../../db/schema";
import { hotspotWords, type HotspotWords } from "~/components/oversight/hotspot-words";
import type { Locale } from "~/components/oversight/report";
import type { StaffUser } from "./auth.server";

export interface HotspotAlertView {
  id: number;
  words: HotspotWords;
  categoryLabel: string;
  wards: Array<{ code: string; name: string; tipsHref: string }>;
  raisedOn: string;
  lastDay: string;
  state: "open" | "handled";
  handled: { by: string | null; at: string | null; note: string | null } | null;
  days: Array<{ day: string; dayIncidents: number; incidents: number; expected: number; score: number }>;
}

/** Where a ward's tips of the alert's type and days are listed for this user. */
function tipsHref(user: Pick<StaffUser, "role">, ward: string, alert: AlertWithDays): string {
  const period = new URLSearchParams({ category: alert.category, from: alert.since, to: alert.lastDay });
  if (user.role === "officer") return `/can-bo?${period}`;
  period.set("period", "custom");
  return `/giam-sat/don-vi/${ward}?${period}`;
}

async function present(db: Kysely<Database>, user: Pick<StaffUser, "role">, locale: Locale, alerts: AlertWithDays[]): Promise<HotspotAlertView[]> {
  if (alerts.length === 0) return [];
  const units = new Map((await findUnits(db, [...new Set(alerts.flatMap((a) => a.wardCodes))])).map((u) => [u.code, u.name]));
  const categories = new Map((await listCategories(db)).map((c) => [c.code, locale === "en" ? c.label_en : c.label_vi]));
  return alerts.map((alert) => {
    const wardNames = alert.wardCodes.map((code) => units.get(code) ?? code);
    const categoryLabel = categories.get(alert.category) ?? alert.category;
    const words = hotspotWords({ ...alert, at: alert.lastDay }, { category: categoryLabel, wards: wardNames }, locale);
    return {
      id: alert.id, words, categoryLabel, raisedOn: alert.raisedOn, lastDay: alert.lastDay, state: alert.state,
      wards: alert.wardCodes.map((code, i) => ({ code, name: wardNames[i]!, tipsHref: tipsHref(user, code, alert) })),
      handled: alert.state === "handled" ? { by: alert.handledBy, at: alert.handledAt, note: alert.handledNote } : null,
      days: alert.days.map(({ day, dayIncidents, incidents, expected, score }) => ({ day, dayIncidents, incidents, expected, score })),
    };
  });
}

/** The alerts current now in the user's scope, for the dashboard and the officers' list. */
export async function currentAlertViews(db: Kysely<Database>, user: Pick<StaffUser, "role">, scope: UnitScope, locale: Locale): Promise<HotspotAlertView[]> {
  return present(db, user, locale, await currentHotspotAlerts(db, scope));
}

/** One alert of the user's scope, or null. */
export async function alertView(db: Kysely<Database>, user: Pick<StaffUser, "role">, scope: UnitScope, locale: Locale, id: number): Promise<HotspotAlertView | null> {
  const alert = await hotspotAlert(db, id, scope);
  return alert ? (await present(db, user, locale, [alert]))[0]! : null;
}

/** An alert as the period report shows it: its days within the period, the strongest of them, and where it stands now. */
export interface PeriodAlertView extends HotspotAlertView {
  /** The province's name, when the report covers every province (the national view). */
  province: string | null;
  /** The first and last day it was current within the period, and on how many days. */
  first: string;
  last: string;
  dayCount: number;
  /** The day of the period with the strongest evidence, and its figures. */
  peak: { day: string; incidents: number; expected: number; score: number };
  /** Still current on its province's last recorded day. */
  current: boolean;
}

/** How many alerts the period report lists at most. */
export const REPORT_ALERT_LIMIT = 100;

/**
 * The scope the report's alerts come from: the page's, narrowed to the filtered unit's ward
 * (an alert is about wards; a unit that is no ward's station has none).
 */
export function reportAlertScope(scope: UnitScope, unit: string | null): UnitScope {
  if (unit === null) return scope;
  return unitsScope(scopeIncludes(scope, unit) ? [unit] : []);
}

/**
 * The alerts current on some day of the report's period in the scope (of one type when
 * `category` is set), strongest day and handling included; `provinces` names them in the
 * national view.
 */
export async function periodAlertViews(
  db: Kysely<Database>, user: Pick<StaffUser, "role">, scope: UnitScope, locale: Locale,
  request: { period: { from: string; to: string }; category: string | null; provinces?: boolean; limit?: number },
): Promise<PeriodAlertView[]> {
  const alerts = (await periodHotspotAlerts(db, scope, request.period, request.category, request.limit)).filter((a) => a.days.length > 0);
  const views = await present(db, user, locale, alerts);
  const provinceNames = request.provinces ? new Map((await findUnits(db, [...new Set(alerts.map((a) => a.provinceCode))])).map((u) => [u.code, u.name])) : null;
  return alerts.map((alert, i) => {
    const days = alert.days;
    const peak = days.reduce((best, d) => (d.score > best.score ? d : best), days[0]!);
    return {
      ...views[i]!,
      province: provinceNames ? (provinceNames.get(alert.provinceCode) ?? alert.provinceCode) : null,
      first: days[0]!.day,
      last: days.at(-1)!.day,
      dayCount: days.length,
      peak: { day: peak.day, incidents: peak.incidents, expected: peak.expected, score: peak.score },
      current: alert.current,
    };
  });
}

export { handleHotspotAlert };
