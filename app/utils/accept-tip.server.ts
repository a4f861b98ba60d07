/**
 * The forms' side of accepting a tip (core/tips.ts): the tip form and the
 * officer's phone form call acceptTip here and get its problems as their own
 * error keys. (The partner API words the same problems in api.server.ts.)
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { DESCRIPTION_MIN } from "../../domain/tip-limits";
import {
  acceptTip, checkTipReferences, type IntakeDeps, type NewTipInput, type TipField, type TipProblem, type TipProblems, type TipReferences,
} from "../../core/tips";
import { tooShort } from "~/components/staff/error-keys";

type FormAnswer = { ok: true; receipt: string } | { ok: false; fieldErrors: Record<string, string[]> };

/** The tip form's references checked before anything is spent, so every problem shows at once (acceptTip checks again). */
export async function checkFormReferences(db: Kysely<Database>, refs: TipReferences): Promise<Record<string, string[]>> {
  return webFormErrors((await checkTipReferences(db, refs)).problems);
}

/** A tip from the resident's form: its receipt, or its problems as `intake` error keys. */
export async function acceptFormTip(deps: IntakeDeps, input: NewTipInput): Promise<FormAnswer> {
  const accepted = await acceptTip(deps, input);
  return accepted.ok ? { ok: true, receipt: accepted.receipt } : { ok: false, fieldErrors: webFormErrors(accepted.problems) };
}

/** A tip an officer typed in: its receipt, or its problems as staff error keys. */
export async function acceptPhoneTip(deps: IntakeDeps, input: NewTipInput): Promise<FormAnswer> {
  const accepted = await acceptTip(deps, input);
  return accepted.ok ? { ok: true, receipt: accepted.receipt } : { ok: false, fieldErrors: phoneFormErrors(accepted.problems) };
}

/** The tip form's field for each field acceptTip names; messages are `intake` error keys `<field>.<problem>`. */
const WEB_FIELDS: Record<TipField, string> = {
  category: "category", description: "description", province: "province", wardCode: "wardCode",
  address: "address", sourceOrg: "sourceOrg", reporterName: "name", reporterEmail: "email",
};

function webFormErrors(problems: TipProblems): Record<string, string[]> {
  return Object.fromEntries(
    (Object.entries(problems) as Array<[TipField, string]>).map(([field, problem]) => [WEB_FIELDS[field], [`${WEB_FIELDS[field]}.${problem}`]]),
  );
}

/** The phone form's field for each field acceptTip names. */
const PHONE_FIELDS: Record<TipField, string> = {
  category: "category", description: "description", province: "province", wardCode: "wardCode",
  address: "address", sourceOrg: "sourceOrg", reporterName: "reporterName", reporterEmail: "reporterEmail",
};

/** Staff error keys (`errors` of the staff namespace) for acceptTip's problems. */
const STAFF_ERRORS: Record<TipProblem, string> = {
  required: "chooseOne", unknown: "chooseOne", otherProvince: "wardOtherProvince", outsideScope: "outsideYourProvinces",
  tooShort: tooShort(DESCRIPTION_MIN), tooLong: "tooLong",
};

function phoneFormErrors(problems: TipProblems): Record<string, string[]> {
  return Object.fromEntries((Object.entries(problems) as Array<[TipField, TipProblem]>).map(([field, problem]) => [PHONE_FIELDS[field], [STAFF_ERRORS[problem]]]));
}
