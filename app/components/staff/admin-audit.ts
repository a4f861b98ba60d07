/**
 * The system log (/quan-tri/nhat-ky) in words: each entry as a sentence in the reader's language, with names
 * for the units, accounts and categories it mentions, and its other details as a key–value list. Fields that
 * could carry a secret or link to a person's device (passwords, keys, tokens, hashes, client and account keys)
 * are never shown, whatever the entry.
 */
import type { TFunction } from "i18next";

export interface AuditEntryView {
  type: string;
  data: Record<string, unknown>;
}

export interface AuditContext {
  /** `t` of the admin namespace: the page's useTranslation("admin"). */
  t: TFunction;
  /** `t` of the staff namespace (roles, channels, decisions). */
  ts: TFunction;
  unit(code: string): string;
  user(id: number): string;
  category(code: string): string;
}

/** Never shown: anything secret, and the pseudonymous keys of a client or an account. */
const HIDDEN = /(password|secret|token|hash|sealed|receipt|^key$|^client$|^account$)/i;
/** Fields that hold unit codes. */
const UNIT_FIELDS = new Set(["unitCode", "units", "provinceCode", "successorCode", "fromUnit", "toUnit"]);
/** Fields a type's sentence already says (space-separated), so the list does not repeat them. */
const IN_SENTENCE: Record<string, string> = {
  user_created: "userId role",
  user_disabled: "userId", user_enabled: "userId", user_unlocked: "userId", password_reset: "userId", user_scope_changed: "userId",
  unit_created: "code", unit_renamed: "code from to", unit_retired: "code successorCode",
  routing_rule_added: "category unitCode provinceCode mode",
  api_key_created: "name", category_saved: "code", category_activated: "code", category_deactivated: "code",
  source_org_saved: "code", source_org_activated: "code", source_org_deactivated: "code",
  case_created: "number", case_updated: "", case_withdrawn: "number", identity_viewed: "tipId",
};

/** An entry's data without the fields never shown (recursively): what may leave the server at all. */
export function withoutHidden(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (HIDDEN.test(k)) continue;
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? withoutHidden(v as Record<string, unknown>) : v;
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** The entry's main sentence. */
export function auditSentence(entry: AuditEntryView, ctx: AuditContext): string {
  const d = entry.data;
  const values: Record<string, unknown> = {
    user: typeof d.userId === "number" ? ctx.user(d.userId) : "—",
    role: d.role ? ctx.ts(`roles.${str(d.role)}`, { defaultValue: str(d.role) }) : "",
    unit: str(d.code) ? ctx.unit(str(d.code)) : str(d.unitCode) ? ctx.unit(str(d.unitCode)) : "—",
    successor: str(d.successorCode) ? ctx.unit(str(d.successorCode)) : "—",
    province: str(d.provinceCode) ? ctx.unit(str(d.provinceCode)) : "—",
    category: str(d.category) ? ctx.category(str(d.category)) : "—",
    mode: d.mode ? ctx.t(`rules.modes.${str(d.mode)}`, { defaultValue: str(d.mode) }) : "",
    code: str(d.code), name: str(d.name), from: str(d.from), to: str(d.to), number: str(d.number), tipId: str(d.tipId),
    keyId: str(d.keyId), ruleId: str(d.ruleId), caseId: str(d.caseId),
  };
  return ctx.t(`audit.sentences.${entry.type}`, { ...values, defaultValue: ctx.t("audit.sentences.other", { type: ctx.t(`audit.types.${entry.type}`, { defaultValue: entry.type }) }) });
}

/** The details the sentence does not say, as label–value pairs; secrets never. */
export function auditDetails(entry: AuditEntryView, ctx: AuditContext): Array<[string, string]> {
  const said = new Set((IN_SENTENCE[entry.type] ?? "").split(" "));
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(entry.data)) {
    if (HIDDEN.test(key) || said.has(key) || value === null || value === undefined || value === "") continue;
    out.push([ctx.t(`audit.fields.${key}`, { defaultValue: key }), formatValue(key, value, ctx)]);
  }
  return out;
}

function formatValue(key: string, value: unknown, ctx: AuditContext): string {
  if (UNIT_FIELDS.has(key)) {
    const codes = Array.isArray(value) ? value : [value];
    const named = codes.map(str).filter(Boolean).map(ctx.unit);
    return named.length ? named.join("; ") : ctx.t("audit.none");
  }
  if (key === "userId" && typeof value === "number") return ctx.user(value);
  if (key === "channel") return ctx.ts(`channel.${str(value)}`, { defaultValue: str(value) });
  if (key === "decision") return ctx.ts(`decision.${str(value)}`, { defaultValue: str(value) });
  if (key === "category") return ctx.category(str(value));
  if (typeof value === "boolean") return ctx.t(value ? "audit.yes" : "audit.no");
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "object" ? formatObject(v, ctx) : str(v))).join(", ") : ctx.t("audit.none");
  if (typeof value === "object") return formatObject(value as Record<string, unknown>, ctx);
  return str(value);
}

function formatObject(value: unknown, ctx: AuditContext): string {
  if (!value || typeof value !== "object") return str(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([k]) => !HIDDEN.test(k))
    .map(([k, v]) => `${ctx.t(`audit.fields.${k}`, { defaultValue: k })}: ${v === null || v === undefined ? "—" : formatValue(k, v, ctx)}`)
    .join("; ");
}

/** Unit codes and user ids an entry mentions, for looking up their names at once. */
export function referencesOf(entries: AuditEntryView[]): { units: string[]; users: number[] } {
  const units = new Set<string>();
  const users = new Set<number>();
  const visit = (key: string, value: unknown) => {
    if (UNIT_FIELDS.has(key) || (key === "code" && typeof value === "string" && /^[0-9]{2}([0-9]{3})?(-[A-Z0-9]+)?$/.test(value))) {
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === "string") units.add(v);
    } else if (key === "userId" && typeof value === "number") users.add(value);
    else if (value && typeof value === "object" && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) visit(k, v);
  };
  for (const e of entries) for (const [k, v] of Object.entries(e.data)) visit(k, v);
  return { units: [...units], users: [...users] };
}
