/** Server helpers for the administration pages. */
import { nationalScopeProblem } from "../../../domain/staff-scope";
import { json, type AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import { z } from "zod";
import { appendAudit } from "../../../db/queries/audit";
import { findUnit, findUnits, findUnitsByFoldedName } from "../../../db/queries/units";
import type { Database } from "../../../db/schema";
import { foldVietnamese, normalizeText } from "../../../domain/text";
import { generateToken, hashPassword, sha256Hex } from "../../../core/platform/crypto";
import type { StaffUser } from "~/utils/auth.server";

/** Every administrator's change goes to the audit log. */
export function auditAdmin(context: Pick<AppLoadContext, "db">, user: StaffUser, type: string, data: Record<string, unknown>) {
  return appendAudit(context.db, { at: new Date().toISOString(), actorUserId: user.id, type, data });
}

/**
 * The activate/deactivate buttons of an administrator's list of codes (categories, organisations): sets the
 * code's state and audits it as `SUBJECT_activated` / `SUBJECT_deactivated`; 409 when the code is unknown.
 * Null for any other intent, which is the page's own (saving the form).
 */
export async function toggleActive(
  context: Pick<AppLoadContext, "db">, admin: StaffUser, form: FormData, subject: string,
  setActive: (code: string, active: boolean) => Promise<boolean>,
) {
  const intent = form.get("intent");
  if (intent !== "activate" && intent !== "deactivate") return null;
  const code = String(form.get("code") ?? "");
  const ok = await setActive(code, intent === "activate");
  if (ok) await auditAdmin(context, admin, `${subject}_${intent}d`, { code });
  return json({ intent, ok, errors: null }, { status: ok ? 200 : 409 });
}

/** A one-time password an administrator hands over: 20 URL-safe characters (~120 bits), and its argon2id hash. */
export async function temporaryPassword(): Promise<{ password: string; passwordHash: string }> {
  const password = generateToken().slice(0, 20);
  return { password, passwordHash: await hashPassword(password) };
}

/** A token that makes one form submission create at most one thing (a page view's "create" button). */
export function createOnceToken(): string {
  return generateToken().slice(0, 32);
}

/** A new partner API key: shown once; only its prefix and SHA-256 are stored (api.server.ts checks it). */
export function newApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = generateToken("tb_");
  return { key, prefix: key.slice(0, 10), keyHash: sha256Hex(key) };
}

/** "20275, 20242 48-CYBER" → ["20242", "20275", "48-CYBER"] */
export const unitCodeList = z
  .string()
  .max(2000, "tooLong")
  .optional()
  .transform((v) => [...new Set((v ?? "").split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean))].sort())
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9-]{1,20}$/, "unitCode")).max(200, "tooLong"));

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

export async function unknownUnits(context: Pick<AppLoadContext, "db">, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await findUnits(context.db, codes);
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}

export type UnitEntry = { ok: true; code: string } | { ok: false; error: "unitNotFound" | "unitAmbiguous" | "unitRetired" | "unitNotInProvince" };

const CODE = /^[A-Za-z0-9-]{1,20}$/;
const CODE_IN_PARENS = /\(([A-Za-z0-9-]{1,20})\)\s*$/;

/**
 * What an administrator typed or picked in a unit field — a code ("20275"), a suggestion ("Phường An Hải (20275)"),
 * or a name with or without diacritics ("phuong an hai") — as one active unit, or why not. `provinceCode` limits
 * the answer to one province. Names match folded (đ→d, no marks); a name several units share asks for a choice.
 */
export async function resolveUnitEntry(db: Kysely<Database>, raw: string, options: { provinceCode?: string | null } = {}): Promise<UnitEntry> {
  const entry = normalizeText(raw).trim();
  const code = entry.match(CODE_IN_PARENS)?.[1] ?? (CODE.test(entry) ? entry.toUpperCase() : null);
  if (code) {
    const unit = await findUnit(db, code);
    if (unit) {
      if (!unit.active) return { ok: false, error: "unitRetired" };
      if (options.provinceCode && unit.provinceCode !== options.provinceCode) return { ok: false, error: "unitNotInProvince" };
      return { ok: true, code: unit.code };
    }
    if (entry.match(CODE_IN_PARENS) || /\d/.test(entry)) return { ok: false, error: "unitNotFound" };
  }
  const name = entry.replace(CODE_IN_PARENS, "").trim();
  const found = (await findUnitsByFoldedName(db, foldVietnamese(name), 20)).filter((u) => !options.provinceCode || u.province_code === options.provinceCode);
  if (found.length === 1) return { ok: true, code: found[0]!.code };
  if (found.length > 1) return { ok: false, error: "unitAmbiguous" };
  return { ok: false, error: "unitNotFound" };
}

/** Resolves the unit fields `unit_0`, `unit_1`… of a form: codes, or an error per field. */
export async function resolveUnitFields(db: Kysely<Database>, form: FormData, max = UNIT_FIELDS_MAX) {
  const codes: string[] = [];
  const errors: Record<string, string[]> = {};
  for (let i = 0; i < max; i++) {
    const value = form.get(`unit_${i}`);
    if (typeof value !== "string" || !value.trim()) continue;
    if (value.length > 300) {
      errors[`unit_${i}`] = ["tooLong"];
      continue;
    }
    const found = await resolveUnitEntry(db, value);
    if (found.ok) codes.push(found.code);
    else errors[`unit_${i}`] = [found.error];
  }
  return { codes, errors };
}

export const UNIT_FIELDS_MAX = 12;

/** A province field (a select of provinces; older clients send the code): the active province's code, or null. */
export async function resolveProvince(db: Kysely<Database>, value: string | null): Promise<string | null> {
  if (!value) return null;
  const unit = await findUnit(db, value.trim());
  return unit && unit.level === "province" && unit.active ? unit.code : null;
}

/** Names for codes, in one query: code → "Name (code)", retired units marked. */
export async function unitLabels(db: Kysely<Database>, codes: string[]): Promise<Record<string, { name: string; active: boolean }>> {
  const rows = await findUnits(db, codes);
  return Object.fromEntries(rows.map((r) => [r.code, { name: r.name, active: r.active }]));
}

export interface ScopeInput {
  units: string[];
  provinceCode: string | null;
  /** Every province: supervisors only, alone (docs/decisions/0078). */
  national: boolean;
}

/**
 * A user's scope from a form: the province select (`provinceCode`), the unit pickers (`unit_0`…) and, for older
 * clients and scripts, `units` (codes separated by commas or spaces). Errors name the field they belong to.
 */
export async function readScope(db: Kysely<Database>, form: FormData, role: string): Promise<{ ok: true; scope: ScopeInput } | { ok: false; errors: Record<string, string[]> }> {
  const errors: Record<string, string[]> = {};
  const provinceRaw = String(form.get("provinceCode") ?? "").trim();
  const provinceCode = provinceRaw ? await resolveProvince(db, provinceRaw.slice(0, 20)) : null;
  if (provinceRaw && !provinceCode) errors.provinceCode = ["provinceUnknown"];
  const legacy = unitCodeList.safeParse(form.get("units") ?? undefined);
  let units: string[] = [];
  if (!legacy.success) Object.assign(errors, { units: fieldErrors(legacy.error).form ?? ["unitCode"] });
  else {
    if ((await unknownUnits({ db }, legacy.data)).length) errors.units = ["unknownUnit"];
    units = legacy.data;
  }
  const picked = await resolveUnitFields(db, form);
  Object.assign(errors, picked.errors);
  units = [...new Set([...units, ...picked.codes])].sort();
  const national = form.get("national") === "1";
  if (Object.keys(errors).length === 0) {
    const problem = nationalScopeProblem({ role, national, provinceCode, units });
    if (problem) errors.national = [problem];
    else if (role === "officer" && units.length === 0) errors.unit_0 = ["officerNeedsUnit"];
    else if (role === "supervisor" && !national && !provinceCode && units.length === 0) errors.provinceCode = ["supervisorNeedsScope"];
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, scope: { units, provinceCode, national } };
}
