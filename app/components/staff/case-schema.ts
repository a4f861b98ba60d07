/**
 * The case form's schema, shared by the action (server) and Conform (browser).
 * Messages are translation keys under `errors` (staff namespace).
 */
import { SEIZURE_KINDS } from "../../../domain/seizures";
import { z } from "zod";
import { tooLong, tooShort } from "./error-keys";

export const DECISIONS = ["charged", "not_charged", "suspended"] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date").refine((v) => !Number.isNaN(Date.parse(v)), "date");
const quantity = (max: number, whole: boolean) => {
  const n = z.number({ invalid_type_error: "number" }).min(0, "notNegative").max(max, "tooLarge");
  return (whole ? n.int("wholeNumber") : n).optional();
};

export const CaseSchema = z
  .object({
    unitCode: z.string({ required_error: "required" }).min(1, "required").max(40, "tooLong"),
    number: z.string({ required_error: "required" }).trim().min(1, "required").max(60, tooLong(60)),
    title: z.string({ required_error: "required" }).trim().min(3, tooShort(3)).max(200, tooLong(200)),
    category: z.string({ required_error: "required" }).regex(/^[a-z_]{1,40}$/, "required"),
    decision: z.enum(DECISIONS, { invalid_type_error: "chooseOne" }).optional(),
    decisionDate: day.optional(),
    arrests: z.number({ invalid_type_error: "number" }).int("wholeNumber").min(0, "notNegative").max(10_000, "tooLarge").default(0),
    arrestedAt: day.optional(),
    guns: quantity(100_000, true),
    primitive_weapons: quantity(100_000, true),
    explosives: quantity(1_000_000, false),
    drugs_g: quantity(100_000_000, false),
    money_vnd: quantity(1e15, true),
    vehicles: quantity(100_000, true),
    other: quantity(1_000_000, false),
    seizureNote: z.string().trim().max(500, tooLong(500)).optional(),
    tipIds: z.array(z.number().int().positive()).max(50).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.decision && !v.decisionDate) ctx.addIssue({ code: "custom", path: ["decisionDate"], message: "decisionDateRequired" });
    if (!v.decision && v.decisionDate) ctx.addIssue({ code: "custom", path: ["decision"], message: "decisionRequired" });
    if (v.arrests > 0 && !v.arrestedAt) ctx.addIssue({ code: "custom", path: ["arrestedAt"], message: "arrestDateRequired" });
  });

export type CaseInput = z.infer<typeof CaseSchema>;

/** The case schema's output as the seizure rows the database takes (one per kind; zero rows are dropped). */
export function seizuresFrom(value: CaseInput) {
  return SEIZURE_KINDS.map((kind) => ({ kind, quantity: value[kind] ?? 0, note: kind === "other" ? value.seizureNote ?? null : null }));
}
