/**
 * The partner API's plumbing (server/api.ts): key authentication and per-key
 * limits, JSON bodies, the payload's validation with an error per field, and
 * JSON answers that set no cookie and are never cached.
 */
import type { Redis } from "ioredis";
import type { Kysely } from "kysely";
import { z } from "zod";
import { findActiveApiKeyByHash } from "../../db/queries/api-keys";
import { listActiveCategories } from "../../db/queries/intake-reference";
import type { Database, OccurredPrecision, TipChannel } from "../../db/schema";
import { normalizeText } from "../../domain/text";
import { ADDRESS_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, EMAIL_MAX, NAME_MAX, VIETNAM_BBOX } from "../../domain/tip-limits";
import { checkIncidentInstant, isEmail, isInVietnam, isSafeText, normalizePhone } from "../components/intake/rules";
import { sha256Hex } from "../../core/platform/crypto";
import { checkTipReferences, type TipField, type TipLocation, type TipProblem, type TipProblems } from "../../core/tips";

export const API_BODY_MAX = 1024 * 1024;
const EXTERNAL_REF_MAX = 200;

/** A partner API answer: always JSON, never cached, never a cookie (server/api.ts writes it). */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export function apiJson(status: number, body: unknown, headers: Record<string, string> = {}): ApiAnswer {
  return { status, body, headers };
}

export function apiError(status: number, error: string, fields?: Record<string, string>, headers?: Record<string, string>): ApiAnswer {
  return apiJson(status, fields ? { error, fields } : { error }, headers);
}

export interface ApiCaller {
  id: number;
  channel: TipChannel;
  rateLimitPerMin: number;
}

/** The active key named by an `Authorization: Bearer …` header, or null. */
export async function authenticateApiKey(authorization: string | null, db: Kysely<Database>): Promise<ApiCaller | null> {
  const match = /^Bearer\s+(\S{16,200})$/i.exec(authorization ?? "");
  if (!match) return null;
  const key = await findActiveApiKeyByHash(db, sha256Hex(match[1]));
  return key ? { id: key.id, channel: key.channel, rateLimitPerMin: key.rate_limit_per_min } : null;
}

/**
 * Each key's per-minute allowance is shared by every web process through Redis,
 * without a Redis round trip per request: a process takes a slice of the
 * minute's allowance at a time (a sixtieth of it, at least one request) and
 * spends it locally. A slice left unspent when the minute ends is lost, so with
 * N web processes a partner may be refused up to N slices early, never let
 * through late; keys under 120 a minute are counted request by request
 * (docs/decisions/0018-worker-relay-and-limit-slices.md).
 */
const ALLOWANCE_WINDOW_MS = 60_000;

interface AllowanceSlice {
  /** When the key's current minute ends (it starts at the first request, as Redis keeps it). */
  endsAt: number;
  granted: number;
  used: number;
}

export type ApiAllowance = (redis: Redis, prefix: string, caller: ApiCaller, now?: number) => Promise<number | null>;

/** A process's view of every key's allowance (one per process; tests make several to play several processes). */
export function createApiAllowance(): ApiAllowance {
  const slices = new Map<number, AllowanceSlice>();
  return async (redis, prefix, caller, now = Date.now()) => {
    let slice = slices.get(caller.id);
    if (slice && slice.endsAt > now && slice.used < slice.granted) {
      slice.used++;
      return null;
    }
    const limit = caller.rateLimitPerMin;
    const size = Math.max(1, Math.floor(limit / 60));
    const key = `${prefix}:api-allowance:${caller.id}`;
    let takenBefore: number;
    let endsAt: number;
    try {
      const answers = await redis.multi().set(key, 0, "PX", ALLOWANCE_WINDOW_MS, "NX").incrby(key, size).pttl(key).exec();
      const total = answers?.[1]?.[1];
      const ttl = answers?.[2]?.[1];
      if (typeof total !== "number" || typeof ttl !== "number") throw new Error("no answer from Redis");
      takenBefore = total - size;
      endsAt = now + Math.max(ttl, 0);
    } catch {
      // Redis unreachable: this process alone keeps to the limit until it answers again.
      const local = slice && slice.endsAt > now ? slice : undefined;
      takenBefore = local?.granted ?? 0;
      endsAt = local?.endsAt ?? now + ALLOWANCE_WINDOW_MS;
    }
    // A fresh slice per lease from Redis; without Redis the local count goes on within its minute.
    if (!slice || slice.endsAt <= now || slice.endsAt !== endsAt) slices.set(caller.id, (slice = { endsAt, granted: 0, used: 0 }));
    const granted = Math.max(0, Math.min(size, limit - takenBefore));
    if (granted === 0) return Math.max(1, Math.ceil((endsAt - now) / 1000));
    slice.granted += granted;
    slice.used++;
    return null;
  };
}

/** One request against the key's per-minute allowance; the seconds to wait when over it, else null. */
export const consumeApiAllowance: ApiAllowance = createApiAllowance();

export type JsonBody = { ok: true; value: unknown } | { ok: false; answer: ApiAnswer };

/** 415 unless the body is declared JSON in UTF-8; checked before the body is read. */
export function refuseNonJson(contentType: string | null): ApiAnswer | null {
  const [mediaType, ...params] = (contentType ?? "").split(";").map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (mediaType !== "application/json" || (charset && charset !== "utf-8")) {
    return apiError(415, "Content-Type must be application/json (UTF-8)");
  }
  return null;
}

/** The answer to a body over API_BODY_MAX; `unread`: part of it was left unread, so the connection must close. */
export function bodyTooLarge(unread: boolean): ApiAnswer {
  return apiError(413, `request body over ${API_BODY_MAX} bytes`, undefined, unread ? { Connection: "close" } : {});
}

/**
 * Limits of a JSON body's shape, checked before it is parsed (a tip is an
 * object of a dozen members, two levels deep, its longest string 5,000
 * characters): what is parsed is then walked by validation and hashing, and a
 * value nested 100,000 deep overflows the stack of anything that walks it.
 */
export const JSON_LIMITS = { maxDepth: 16, maxValues: 1_000, maxStringChars: 64 * 1024 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** What is wrong with the shape of a JSON text (one linear pass over it, strings skipped), or null. */
function jsonShapeProblem(text: string): ApiAnswer | null {
  let depth = 0;
  let values = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (i - start - 1 > JSON_LIMITS.maxStringChars) return apiError(413, `a string over ${JSON_LIMITS.maxStringChars} characters`);
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > JSON_LIMITS.maxDepth) return apiError(400, `request body nested deeper than ${JSON_LIMITS.maxDepth} levels`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x2c && ++values > JSON_LIMITS.maxValues) {
      return apiError(413, `request body with more than ${JSON_LIMITS.maxValues} values`);
    }
  }
  return null;
}

/** The body's JSON value: 400 unless it is valid UTF-8 and valid JSON within JSON_LIMITS (413 past its sizes). */
export function parseJsonBody(bytes: Uint8Array): JsonBody {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, answer: apiError(400, "request body is not valid UTF-8") };
  }
  const shape = jsonShapeProblem(text);
  if (shape) return { ok: false, answer: shape };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, answer: apiError(400, "request body is not valid JSON") };
  }
}

const OCCURRED_PRECISIONS = ["exact", "approximate", "ongoing", "unknown"] as const;
const API_FIELDS = ["category", "description", "occurredAt", "occurredPrecision", "location", "reporter", "sourceOrg", "externalRef"];

const textField = (min: number, max: number) =>
  z
    .string({ required_error: "required", invalid_type_error: "must be a string" })
    .transform(normalizeText)
    .refine((v) => v.length >= min, `must be at least ${min} characters`)
    .refine((v) => v.length <= max, `must be at most ${max} characters`)
    .refine(isSafeText, "contains control characters or invalid Unicode");

/**
 * Codes are plain ASCII words. Checked before any database look-up: PostgreSQL
 * refuses to even compare a text containing NUL (found by tests/integration/fuzz.test.ts).
 */
const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** One schema per field, so every field is checked (and named) whatever is wrong with the others. */
const FIELD_SCHEMAS = {
  category: z.string({ required_error: "required", invalid_type_error: "must be a category code (string)" }).regex(CODE, "unknown category"),
  description: textField(DESCRIPTION_MIN, DESCRIPTION_MAX),
  occurredAt: z
    .string({ invalid_type_error: "must be an ISO 8601 date-time string or null" })
    .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone, e.g. 2026-10-03T21:30:00+07:00" })
    .nullish(),
  occurredPrecision: z.enum(OCCURRED_PRECISIONS, { message: `must be one of ${OCCURRED_PRECISIONS.join(", ")}` }).optional(),
  sourceOrg: z.string({ invalid_type_error: "must be an organisation code (string) or null" }).regex(CODE, "unknown organisation").nullish(),
  externalRef: textField(0, EXTERNAL_REF_MAX).nullish(),
};

export interface ApiTip {
  category: string;
  description: string;
  occurredAt: string | null;
  occurredPrecision: OccurredPrecision;
  location: TipLocation;
  reporter: { name?: string; phone?: string; email?: string } | null;
  sourceOrg: string | null;
  externalRef: string | null;
}

export type Fields = Record<string, string>;

/**
 * A POST /api/v1/tips body's shape and formats. Whether its codes exist is
 * acceptTip's to say (core/tips.ts); when the shape is already wrong they are
 * checked here too, so `fields` names every problem at once.
 */
export async function validateApiTip(db: Kysely<Database>, body: unknown, now = new Date()): Promise<{ ok: true; tip: ApiTip } | { ok: false; fields: Fields }> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, fields: { "": "the body must be a JSON object" } };
  }
  const raw = body as Record<string, unknown>;
  // No prototype: "__proto__", "constructor", "toString" are field names like any other.
  const fields: Fields = Object.create(null) as Fields;
  const add = (path: string, message: string) => {
    fields[path] ??= message;
  };
  for (const key of Object.keys(raw)) if (!API_FIELDS.includes(key)) add(key, "unknown field");
  const parse = <K extends keyof typeof FIELD_SCHEMAS>(key: K): z.output<(typeof FIELD_SCHEMAS)[K]> | undefined => {
    const result = FIELD_SCHEMAS[key].safeParse(raw[key]);
    if (result.success) return result.data as z.output<(typeof FIELD_SCHEMAS)[K]>;
    add(key, result.error.issues[0].message);
    return undefined;
  };
  const category = parse("category");
  const description = parse("description");
  const occurredAtRaw = parse("occurredAt");
  const occurredPrecision = parse("occurredPrecision");
  const sourceOrg = parse("sourceOrg");
  const externalRef = parse("externalRef");
  const location = validateLocation(raw.location, add);
  const reporter = validateReporter(raw.reporter, add);
  const occurredAt = occurredAtRaw ? new Date(occurredAtRaw).toISOString() : null;
  if (occurredAt) {
    const problem = checkIncidentInstant(occurredAt, now);
    if (problem === "future") add("occurredAt", "is in the future");
    if (problem === "tooOld") add("occurredAt", "is before 1945");
  }

  if (Object.keys(fields).length > 0 || category === undefined || description === undefined || !location) {
    const refs = await checkTipReferences(db, {
      category, provinceCode: location?.provinceCode, wardCode: location?.kind === "ward" ? location.wardCode : null, sourceOrgCode: sourceOrg,
    });
    for (const [path, message] of Object.entries(await apiFieldsOf(db, refs.problems, { category, location, sourceOrg }))) add(path, message);
    return { ok: false, fields };
  }
  return {
    ok: true,
    tip: {
      category,
      description,
      occurredAt,
      occurredPrecision: occurredPrecision ?? (occurredAt ? "exact" : "unknown"),
      location,
      reporter,
      sourceOrg: sourceOrg ?? null,
      externalRef: externalRef || null,
    },
  };
}

/** Where each field acceptTip names sits in the API's body. */
const API_PATHS: Record<TipField, string> = {
  category: "category", description: "description", province: "location.provinceCode", wardCode: "location.wardCode",
  address: "location.address", sourceOrg: "sourceOrg", reporterName: "reporter.name", reporterEmail: "reporter.email",
};

const LENGTH_MAX: Partial<Record<TipField, number>> = { description: DESCRIPTION_MAX, address: ADDRESS_MAX, reporterName: NAME_MAX, reporterEmail: EMAIL_MAX };

/** acceptTip's problems in the API's words (CONTRACT.md: `fields` maps a dotted path to a message). */
export async function apiFieldsOf(
  db: Kysely<Database>,
  problems: TipProblems,
  sent: { category?: string | null; location?: TipLocation | null; sourceOrg?: string | null },
): Promise<Fields> {
  const ward = sent.location?.kind === "ward" ? sent.location.wardCode : "";
  const province = sent.location?.provinceCode ?? "";
  const message = async (field: TipField, problem: TipProblem): Promise<string> => {
    if (problem === "required") return "required";
    if (problem === "tooShort") return `must be at least ${DESCRIPTION_MIN} characters`;
    if (problem === "tooLong") return `must be at most ${LENGTH_MAX[field]} characters`;
    if (field === "category") return `unknown category "${sent.category}"; one of ${(await listActiveCategories(db)).map((c) => c.code).join(", ")}`;
    if (field === "wardCode") return problem === "otherProvince" ? `ward "${ward}" is not in province "${province}"` : `unknown ward code "${ward}"`;
    if (field === "province") return `unknown province code "${province}"`;
    return `unknown source organisation "${sent.sourceOrg}"`;
  };
  const fields: Fields = Object.create(null) as Fields;
  for (const [field, problem] of Object.entries(problems) as Array<[TipField, TipProblem]>) fields[API_PATHS[field]] = await message(field, problem);
  return fields;
}

const LOCATION_FORMS = 'one of {"wardCode":"…"}, {"address":"…"} or {"lat":…,"lng":…}, each optionally with "provinceCode":"…"';

function validateLocation(value: unknown, add: (path: string, message: string) => void): TipLocation | null {
  if (value === undefined || value === null) return add("location", `required: ${LOCATION_FORMS}`), null;
  if (typeof value !== "object" || Array.isArray(value)) return add("location", `must be ${LOCATION_FORMS}`), null;
  const loc = value as Record<string, unknown>;
  const keys = Object.keys(loc).filter((k) => k !== "provinceCode").sort().join(",");
  // Extension: any form may name its province; acceptTip then checks the ward lies in it.
  let provinceCode: string | null = null;
  if (loc.provinceCode !== undefined && loc.provinceCode !== null) {
    if (typeof loc.provinceCode !== "string" || !/^\d{1,3}$/.test(loc.provinceCode)) return add("location.provinceCode", "must be a province code (digits, as a string)"), null;
    provinceCode = loc.provinceCode;
  }
  const located = formOfLocation(loc, keys, add);
  return located && { ...located, provinceCode };
}

function formOfLocation(loc: Record<string, unknown>, keys: string, add: (path: string, message: string) => void): TipLocation | null {
  if (keys === "wardCode") {
    if (typeof loc.wardCode !== "string" || !/^\d{1,6}$/.test(loc.wardCode)) return add("location.wardCode", "must be a ward code (digits, as a string)"), null;
    return { kind: "ward", wardCode: loc.wardCode };
  }
  if (keys === "address") {
    if (typeof loc.address !== "string") return add("location.address", "must be a string"), null;
    const address = normalizeText(loc.address);
    if (address.length < 3) return add("location.address", "must be at least 3 characters"), null;
    if (address.length > ADDRESS_MAX) return add("location.address", `must be at most ${ADDRESS_MAX} characters`), null;
    if (!isSafeText(address)) return add("location.address", "contains control characters or invalid Unicode"), null;
    return { kind: "address", address };
  }
  if (keys === "lat,lng") {
    const { lat, lng } = loc;
    let ok = true;
    if (typeof lat !== "number" || !Number.isFinite(lat) || lat < VIETNAM_BBOX.minLat || lat > VIETNAM_BBOX.maxLat) {
      add("location.lat", `must be a number between ${VIETNAM_BBOX.minLat} and ${VIETNAM_BBOX.maxLat} (Vietnam)`);
      ok = false;
    }
    if (typeof lng !== "number" || !Number.isFinite(lng) || lng < VIETNAM_BBOX.minLng || lng > VIETNAM_BBOX.maxLng) {
      add("location.lng", `must be a number between ${VIETNAM_BBOX.minLng} and ${VIETNAM_BBOX.maxLng} (Vietnam)`);
      ok = false;
    }
    return ok && isInVietnam(lat as number, lng as number) ? { kind: "point", lat: lat as number, lng: lng as number } : null;
  }
  add("location", `must be exactly ${LOCATION_FORMS}`);
  return null;
}

function validateReporter(value: unknown, add: (path: string, message: string) => void): ApiTip["reporter"] {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) return add("reporter", 'must be null or {"name","phone","email"}'), null;
  const raw = value as Record<string, unknown>;
  const reporter: NonNullable<ApiTip["reporter"]> = {};
  for (const key of Object.keys(raw)) if (!["name", "phone", "email"].includes(key)) add(`reporter.${key}`, "unknown field");
  for (const key of ["name", "phone", "email"] as const) {
    const v = raw[key];
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string") {
      add(`reporter.${key}`, "must be a string");
      continue;
    }
    if (key === "name") {
      const name = normalizeText(v);
      if (name.length > NAME_MAX) add("reporter.name", `must be at most ${NAME_MAX} characters`);
      else if (!isSafeText(name)) add("reporter.name", "contains control characters or invalid Unicode");
      else if (name) reporter.name = name;
    } else if (key === "phone") {
      const phone = normalizePhone(v);
      if (!phone) add("reporter.phone", "not a phone number (8 to 15 digits, optional leading +)");
      else reporter.phone = phone;
    } else {
      if (!isEmail(v.trim())) add("reporter.email", "not an email address");
      else reporter.email = v.trim();
    }
  }
  const problems = Object.keys(raw).some((k) => raw[k] !== undefined && raw[k] !== null && raw[k] !== "");
  if (Object.keys(reporter).length === 0 && !problems) {
    add("reporter", "give a name, phone or email, or send null for an anonymous tip");
  }
  return Object.keys(reporter).length > 0 ? reporter : null;
}
