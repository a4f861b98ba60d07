/**
 * The tip form's one schema, used by the action (server) and by Conform in the
 * browser. Messages are keys of the `intake` namespace's `errors`, so each side
 * shows them in the visitor's language.
 *
 * Every field is optional at the type level and the rules live in one
 * refinement: zod skips object refinements once a required field is missing, and
 * a resident should see every problem at once, not one round at a time.
 */
import { z } from "zod";
import { normalizeText } from "../../../domain/text";
import { ADDRESS_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_PHOTO_BYTES, MAX_PHOTOS, NAME_MAX } from "../../../domain/tip-limits";
import {
  checkIncidentInstant, isEmail, isInVietnam, isSafeText, normalizePhone, parseFormDate, parseFormTime,
} from "./rules";
import { vietnamInstant } from "../../../domain/vietnam-time";

export const WHEN_CHOICES = ["exact", "approximate", "ongoing", "unknown"] as const;
export type WhenChoice = (typeof WHEN_CHOICES)[number];
export const IDENTITY_CHOICES = ["anonymous", "identified"] as const;

const optionalText = z.string().optional();

const fields = z.object({
  category: optionalText,
  description: optionalText,
  when: optionalText,
  occurredDate: optionalText,
  occurredTime: optionalText,
  province: optionalText,
  wardQuery: optionalText,
  wardCode: optionalText,
  address: optionalText,
  lat: optionalText,
  lng: optionalText,
  photos: z.array(z.instanceof(File)).optional(),
  sourceOrg: optionalText,
  identity: optionalText,
  name: optionalText,
  phone: optionalText,
  email: optionalText,
});

type Fields = z.infer<typeof fields>;
type FieldName = keyof Fields;

export interface TipFormValue {
  category: string;
  description: string;
  occurredAt: string | null;
  occurredPrecision: WhenChoice;
  provinceCode: string | null;
  wardCode: string | null;
  address: string | null;
  point: { lat: number; lng: number } | null;
  photos: File[];
  sourceOrgCode: string | null;
  reporter: { name?: string; phone?: string; email?: string } | null;
}

const isCode = (value: string, pattern: RegExp) => pattern.test(value);

function checkFields(v: Fields, ctx: z.RefinementCtx): void {
  const issue = (path: FieldName, message: string) => ctx.addIssue({ code: "custom", path: [path], message });

  if (!v.category) issue("category", "category.required");
  else if (!isCode(v.category, /^[a-z][a-z0-9_-]{0,39}$/)) issue("category", "category.unknown");

  const description = normalizeText(v.description ?? "");
  if (!description) issue("description", "description.required");
  else if (description.length < DESCRIPTION_MIN) issue("description", "description.tooShort");
  else if (description.length > DESCRIPTION_MAX) issue("description", "description.tooLong");
  else if (!isSafeText(description)) issue("description", "text.invalidCharacters");

  checkWhen(v, issue);
  checkPlace(v, issue);

  const photos = v.photos ?? [];
  if (photos.length > MAX_PHOTOS) issue("photos", "photos.tooMany");
  else if (photos.some((p) => p.size > MAX_PHOTO_BYTES)) issue("photos", "photos.tooLarge");
  else if (photos.some((p) => !p.type.startsWith("image/"))) issue("photos", "photos.notImage");

  if (v.sourceOrg && !isCode(v.sourceOrg, /^[A-Za-z0-9_-]{1,40}$/)) issue("sourceOrg", "sourceOrg.unknown");

  checkIdentity(v, issue);
}

function checkWhen(v: Fields, issue: (path: FieldName, message: string) => void): void {
  if (!WHEN_CHOICES.includes(v.when as WhenChoice)) {
    issue("when", "when.required");
    return;
  }
  if (v.when === "unknown") return; // any date typed before choosing "unknown" is ignored
  const date = v.occurredDate ? parseFormDate(v.occurredDate) : null;
  const time = v.occurredTime ? parseFormTime(v.occurredTime) : null;
  if (v.occurredDate && !date) issue("occurredDate", "occurredDate.invalid");
  if (v.occurredTime && !time) issue("occurredTime", "occurredTime.invalid");
  if (!v.occurredDate && v.when !== "ongoing") issue("occurredDate", "occurredDate.required");
  if (!v.occurredTime && v.when === "exact") issue("occurredTime", "occurredTime.required");
  if (date) {
    // A day without a time counts from its first minute, so "today, about" is never "in the future".
    const problem = checkIncidentInstant(vietnamInstant(...date, ...(time ?? [0, 0])));
    if (problem) issue(time && problem === "future" ? "occurredTime" : "occurredDate", `occurredDate.${problem}`);
  }
}

function checkPlace(v: Fields, issue: (path: FieldName, message: string) => void): void {
  if (v.province && !isCode(v.province, /^\d{1,3}$/)) issue("province", "province.unknown");
  if (v.wardCode && !isCode(v.wardCode, /^\d{1,6}$/)) issue("wardCode", "wardCode.unknown");
  if (v.wardQuery && v.wardQuery.length > 100) issue("wardQuery", "wardQuery.tooLong");
  const address = normalizeText(v.address ?? "");
  if (address.length > ADDRESS_MAX) issue("address", "address.tooLong");
  else if (!isSafeText(address)) issue("address", "text.invalidCharacters");
  const point = parsePoint(v);
  if (point === "invalid") issue("address", "point.invalid");
  if (!v.wardCode && !address && !point) issue("address", "place.required");
}

function parsePoint(v: Fields): { lat: number; lng: number } | null | "invalid" {
  if (!v.lat && !v.lng) return null;
  const lat = Number(v.lat);
  const lng = Number(v.lng);
  return Number.isFinite(lat) && Number.isFinite(lng) && isInVietnam(lat, lng) ? { lat, lng } : "invalid";
}

function checkIdentity(v: Fields, issue: (path: FieldName, message: string) => void): void {
  const given = [v.name, v.phone, v.email].some((x) => x && x.trim());
  if (v.identity === "identified") {
    if (!given) issue("name", "identity.missingDetails");
  } else if (given) {
    // Never drop details a person typed, never keep them against their choice: ask.
    issue("identity", "identity.conflict");
  }
  const name = normalizeText(v.name ?? "");
  if (name.length > NAME_MAX) issue("name", "name.tooLong");
  else if (!isSafeText(name)) issue("name", "text.invalidCharacters");
  if (v.phone && !normalizePhone(v.phone)) issue("phone", "phone.invalid");
  if (v.email && !isEmail(v.email.trim())) issue("email", "email.invalid");
}

function toValue(v: Fields): TipFormValue {
  const when = v.when as WhenChoice;
  const date = when !== "unknown" && v.occurredDate ? parseFormDate(v.occurredDate) : null;
  const time = v.occurredTime ? parseFormTime(v.occurredTime) : null;
  const point = parsePoint(v);
  const address = normalizeText(v.address ?? "");
  const reporter = v.identity === "identified"
    ? {
        ...(v.name?.trim() ? { name: normalizeText(v.name) } : {}),
        ...(v.phone?.trim() ? { phone: normalizePhone(v.phone)! } : {}),
        ...(v.email?.trim() ? { email: v.email.trim() } : {}),
      }
    : null;
  return {
    category: v.category!,
    description: normalizeText(v.description!),
    occurredAt: date ? vietnamInstant(...date, ...(time ?? [0, 0])) : null,
    occurredPrecision: when,
    provinceCode: v.province || null,
    wardCode: v.wardCode || null,
    address: address || null,
    point: point && point !== "invalid" ? point : null,
    photos: v.photos ?? [],
    sourceOrgCode: v.sourceOrg || null,
    reporter,
  };
}

export const tipFormSchema = fields.superRefine(checkFields).transform(toValue);
