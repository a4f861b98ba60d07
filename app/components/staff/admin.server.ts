/** Server helpers for the administration pages. */
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { appendAudit } from "../../../db/queries/audit";
import { generateToken } from "~/utils/crypto.server";
import type { StaffUser } from "~/utils/auth.server";

/** Every administrator's change goes to the audit log. */
export function auditAdmin(context: Pick<AppLoadContext, "db">, user: StaffUser, type: string, data: Record<string, unknown>) {
  return appendAudit(context.db, { at: new Date().toISOString(), actorUserId: user.id, type, data });
}

/** A one-time password an administrator hands over: 20 URL-safe characters (~120 bits). */
export function temporaryPassword(): string {
  return generateToken().slice(0, 20);
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
  const rows = await context.db.selectFrom("units").select("code").where("code", "in", codes).execute();
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}
