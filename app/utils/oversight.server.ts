/**
 * The oversight pages' input: the query a page carries in its URL (period,
 * filters, sort, search, page), parsed and written back into links (the unit
 * scope of the signed-in user is auth.server.ts's getUnitScope). The figures themselves are core/oversight.ts's;
 * oversight-view.server.ts words them, oversight-page.server.ts assembles a page.
 */
import { z } from "zod";
import type { TipChannel } from "../../db/schema";
import { isDay, type Period, PERIOD_PRESETS, type PeriodPreset, periodLength, presetPeriod, samePeriodLastYear } from "../../domain/stats";
import type { OversightRequest } from "../../core/oversight";
import { vietnamDay } from "../../domain/vietnam-time";

export const CHANNELS: TipChannel[] = ["web", "hotline", "in_person", "partner"];
export const UNIT_SORT_KEYS = ["name", "tips", "incidents", "pending", "valuable", "ratio", "incidentRatio", "cases", "arrests", "triage", "open", "overdue"] as const;
export type UnitSortKey = (typeof UNIT_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

/** The longest custom period: three years of days. */
const MAX_PERIOD_DAYS = 1100;

const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/);
const optionalCode = code.optional().catch(undefined);

const QuerySchema = z.object({
  period: z.enum(PERIOD_PRESETS).catch("month"),
  from: z.string().trim().max(10).optional().catch(undefined),
  to: z.string().trim().max(10).optional().catch(undefined),
  unit: optionalCode,
  // A national supervisor's chosen province (docs/decisions/0078); a GSO code.
  province: z.string().trim().regex(/^[0-9]{2}$/).optional().catch(undefined),
  category: optionalCode,
  channel: z.enum(CHANNELS as [TipChannel, ...TipChannel[]]).optional().catch(undefined),
  org: optionalCode,
  sort: z.enum(UNIT_SORT_KEYS).catch("tips"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  // The unit table's search and page (dashboard only).
  q: z.string().trim().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export interface OversightQuery extends OversightRequest {
  /** The province a national supervisor looks into (null: every province side by side). */
  province: string | null;
  preset: PeriodPreset;
  /** The custom dates as typed, to refill the form. */
  from: string;
  to: string;
  /** The custom dates were not a valid period; this month is shown instead. */
  periodError: boolean;
  sort: UnitSortKey;
  dir: SortDirection;
  /** The unit table's search (matched with diacritics folded) and page, from 1. */
  q: string;
  page: number;
}

/** Reads the page's query string; anything unusable falls back to a default rather than failing. */
export function parseOversightQuery(params: URLSearchParams, now: Date): OversightQuery {
  const raw = QuerySchema.parse(Object.fromEntries([...params].filter(([, v]) => v !== "")));
  const today = vietnamDay(now.toISOString());
  const from = raw.from ?? "";
  const to = raw.to ?? "";
  let preset: PeriodPreset = raw.period;
  let period: Period;
  let periodError = false;
  if (preset === "custom") {
    const valid = isDay(from) && isDay(to) && from <= to && periodLength({ from, to }) <= MAX_PERIOD_DAYS;
    periodError = !valid;
    preset = valid ? "custom" : "month";
    period = valid ? { from, to } : presetPeriod("month", today);
  } else {
    period = presetPeriod(preset, today);
  }
  return {
    preset, period, previous: samePeriodLastYear(period, preset), from, to, periodError, province: raw.province ?? null,
    filters: { unit: raw.unit ?? null, category: raw.category ?? null, channel: raw.channel ?? null, org: raw.org ?? null },
    sort: raw.sort,
    dir: raw.dir,
    q: raw.q ?? "",
    page: raw.page,
  };
}

/** The query as URL parameters (for links that keep the period and filters), with changes applied. */
export function querySearch(query: OversightQuery, changes: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  params.set("period", query.preset);
  if (query.preset === "custom") {
    params.set("from", query.period.from);
    params.set("to", query.period.to);
  }
  if (query.province !== null) params.set("province", query.province);
  for (const [key, value] of Object.entries(query.filters)) if (value !== null) params.set(key, value);
  if (query.sort !== "tips" || query.dir !== "desc") {
    params.set("sort", query.sort);
    params.set("dir", query.dir);
  }
  if (query.q) params.set("q", query.q);
  if (query.page > 1) params.set("page", String(query.page));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `?${params.toString()}`;
}

