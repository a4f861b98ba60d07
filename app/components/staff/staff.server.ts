/**
 * Server helpers shared by the officer pages: reference labels, the clock,
 * cursors in URLs, and announcing changes to a unit's live queue.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import { z } from "zod";
import { listActiveCategories } from "../../../db/queries/intake-reference";
import type { Database } from "../../../db/schema";
import { publishUnitEvent } from "../../../core/platform/notify";
import { isLanguage } from "~/i18n/config";
import { i18next } from "~/i18n/i18next.server";
import { resources } from "~/i18n/resources";
import type { CategoryLabels } from "./format";

const CATEGORY_CACHE_MS = 60_000;
const categoryCache = new WeakMap<Kysely<Database>, { at: number; labels: CategoryLabels }>();

/** The categories' labels in both languages, read at most once a minute per process. */
export async function categoryLabels(db: Kysely<Database>): Promise<CategoryLabels> {
  const cached = categoryCache.get(db);
  if (cached && Date.now() - cached.at < CATEGORY_CACHE_MS) return cached.labels;
  const rows = await listActiveCategories(db);
  const labels = Object.fromEntries(rows.map((c) => [c.code, { vi: c.labelVi, en: c.labelEn }]));
  categoryCache.set(db, { at: Date.now(), labels });
  return labels;
}

/** Opaque page cursors: base64url JSON, checked against a schema when read back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(text: string | null, schema: z.ZodType<T>): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Tells the officers watching these units that a tip changed (ids only). */
export async function announce(context: Pick<AppLoadContext, "redis" | "config">, unitCodes: Array<string | null | undefined>, tipId: number, type: string) {
  const units = [...new Set(unitCodes.filter((u): u is string => !!u))];
  await Promise.all(units.map((unit) => publishUnitEvent(context.redis, context.config.QUEUE_PREFIX, unit, { tipId, type })));
}

/** A positive integer id from a route parameter, or null. */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^\d{1,12}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}

/**
 * A page title in the visitor's language, read straight from the bundled
 * resources: `i18next.getFixedT` builds a whole i18next instance per call,
 * which on a busy queue page costs more than its database queries.
 */
export async function pageTitle(request: Request, ns: "staff" | "admin", key: string, values: Record<string, string | number> = {}): Promise<string> {
  const lng = await i18next.getLocale(request);
  const table = (isLanguage(lng) ? resources[lng] : resources.vi)[ns] as unknown;
  const text = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), table);
  if (typeof text !== "string") return key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}
