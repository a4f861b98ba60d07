/**
 * The forms' side of accepting a tip (core/tips.ts): how the tip form and the
 * officer's phone form word acceptTip's problems, and the door through which
 * routes reach core/tips.ts and core/photos.ts — node-only modules a route must
 * import through a .server file, so the browser build leaves them out. The
 * partner API words the same problems in api.server.ts.
 */
import { DESCRIPTION_MIN } from "../../domain/tip-limits";
import type { TipField, TipProblem, TipProblems } from "../../core/tips";
import { tooShort } from "~/components/staff/error-keys";

export { acceptTip, checkTipReferences, type TipLocation } from "../../core/tips";
export { sanitisePhotos, uploadsDir } from "../../core/photos";

/** The tip form's field for each field acceptTip names; messages are `intake` error keys `<field>.<problem>`. */
const WEB_FIELDS: Record<TipField, string> = {
  category: "category", description: "description", province: "province", wardCode: "wardCode",
  address: "address", sourceOrg: "sourceOrg", reporterName: "name", reporterEmail: "email",
};

export function webFormErrors(problems: TipProblems): Record<string, string[]> {
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

export function phoneFormErrors(problems: TipProblems): Record<string, string[]> {
  return Object.fromEntries((Object.entries(problems) as Array<[TipField, TipProblem]>).map(([field, problem]) => [PHONE_FIELDS[field], [STAFF_ERRORS[problem]]]));
}
