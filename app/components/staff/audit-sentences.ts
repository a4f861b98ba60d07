/**
 * A tip's history in sentences, in the reader's language, built from each event's
 * fields — unit and ward names, category labels, counts — never from the English
 * the pipeline also stores. One entry per kind of event (domain/tip-events.ts): the
 * compiler asks for an entry when a kind is added, and
 * tests/unit/app/audit-sentences.test.ts for its Vietnamese and English sentences.
 * Events older than structured reasons are read through legacy-reasons.ts.
 */
import type { TFunction } from "i18next";
import { REASON_CODES, UNIT_PARAMS, type Reason, type ReasonCode, type ReasonParams } from "../../../domain/reasons";
import type { TipEventType } from "../../../domain/tip-events";
import { legacyCluster, legacyRouting, legacySimilarity } from "./legacy-reasons";

export interface TrailEvent {
  id: number;
  at: string;
  actorKind: string;
  actorName: string | null;
  type: string;
  data: Record<string, unknown>;
}

export interface SentenceContext {
  /** `t` of the staff namespace. */
  t: TFunction;
  unit(code: string): string;
  category(code: string): string;
  /** A stored instant or calendar day as the page shows dates. */
  date(iso: string): string;
}

type Data = Record<string, unknown>;
type Sentence = (data: Data, ctx: SentenceContext) => string;

const text = (data: Data, key: string): string => (typeof data[key] === "string" ? (data[key] as string) : "");
const count = (data: Data, key: string): number => (typeof data[key] === "number" ? (data[key] as number) : 0);
const codes = (data: Data, key: string): string[] => (Array.isArray(data[key]) ? (data[key] as unknown[]).filter((c): c is string => typeof c === "string") : []);

/** The main clause, then what explains it (" — "), then what goes with it ("; "). */
function sentence(main: string, because: string | null, ...also: Array<string | null | false>): string {
  const clauses = also.filter((clause): clause is string => !!clause);
  return [because ? `${main} — ${because}` : main, ...clauses].join("; ");
}

function photos(data: Data, ctx: SentenceContext, key = "photos"): string | null {
  return count(data, key) > 0 ? ctx.t("events.withPhotos", { count: count(data, key) }) : null;
}

const EVENT_SENTENCES: Record<TipEventType, Sentence> = {
  received: (d, ctx) => sentence(ctx.t("events.received", { channel: ctx.t(`channel.${text(d, "channel")}`, { defaultValue: text(d, "channel") }) }), null, photos(d, ctx)),
  located: (d, ctx) => {
    const because = describeStoredReason(d.because, ctx);
    const candidates = codes(d, "candidates");
    if (!text(d, "wardCode")) {
      return sentence(ctx.t("events.locatedNone"), because, candidates.length > 0 && ctx.t("events.candidates", { wards: names(candidates, ctx.unit) }));
    }
    const method = ctx.t(`place.methods.${text(d, "method") || "none"}`, { defaultValue: text(d, "method") });
    return sentence(ctx.t("events.located", { ward: ctx.unit(text(d, "wardCode")), method, confidence: Math.round(count(d, "confidence") * 100) }), because);
  },
  routed: (d, ctx) => {
    const because = describeStoredReason(d.because, ctx) ?? describeLegacy(legacyRouting(d.reason), ctx);
    const copies = codes(d, "copies");
    const main = text(d, "unitCode") ? ctx.t("events.routed", { unit: ctx.unit(text(d, "unitCode")) }) : ctx.t("events.routedNone");
    return sentence(
      main, because,
      text(d, "placeName") !== "" && ctx.t("events.routedByPlace", { place: text(d, "placeName") }),
      copies.length > 0 && ctx.t("events.copiedTo", { units: names(copies, ctx.unit) }),
    );
  },
  placed: (d, ctx) => {
    const values = { to: ctx.unit(text(d, "toUnit")), reason: text(d, "reason") };
    const main = text(d, "wardCode")
      ? ctx.t("events.placedWard", { ...values, ward: ctx.unit(text(d, "wardCode")) })
      : ctx.t("events.placed", values);
    return sentence(main, null, text(d, "suggestedPhrase") !== "" && ctx.t("events.placedSuggested", { phrase: text(d, "suggestedPhrase") }));
  },
  owner_assigned: (d, ctx) => sentence(ctx.t("events.owner_assigned", { unit: ctx.unit(text(d, "unitCode")) }), describeStoredReason(d.because, ctx)),
  cluster_started: (d, ctx) => sentence(ctx.t("events.cluster_started"), describeStoredReason(d.because, ctx) ?? describeLegacy(legacyCluster(d.reason), ctx)),
  clustered: (d, ctx) => {
    const score = typeof d.score === "number" ? Math.round(d.score * 100) : null;
    const main = ctx.t(score === null ? "events.clusteredNoScore" : "events.clustered", { matchedTipId: count(d, "matchedTipId"), score });
    const evidence = similarityOf(d).map((r) => describeReason(r, ctx)).join(" · ");
    const merged = Array.isArray(d.mergedClusters) ? d.mergedClusters.length : 0;
    return sentence(main, evidence || null, merged > 0 && ctx.t("events.mergedClusters", { count: merged }));
  },
  claimed: (_d, ctx) => ctx.t("events.claimed"),
  valuable_marked: (d, ctx) => ctx.t("events.valuable_marked", { value: ctx.t(d.valuable ? "valuable.yes" : "valuable.no"), reason: text(d, "reason") }),
  rerouted: (d, ctx) => ctx.t("events.rerouted", { from: unitOrNone(text(d, "fromUnit"), ctx), to: unitOrNone(text(d, "toUnit"), ctx), reason: text(d, "reason") }),
  closed: (_d, ctx) => ctx.t("events.closed"),
  question_sent: (_d, ctx) => ctx.t("events.question_sent"),
  identity_viewed: (d, ctx) => ctx.t("events.identity_viewed", { reason: text(d, "reason") }),
  identity_requested: (d, ctx) => ctx.t("events.identity_requested", { reason: text(d, "reason") }),
  identity_request_approved: (d, ctx) =>
    ctx.t("events.identity_request_approved", { requester: text(d, "requester"), note: text(d, "note"), date: text(d, "expiresAt") ? ctx.date(text(d, "expiresAt")) : "—" }),
  identity_request_refused: (d, ctx) => ctx.t("events.identity_request_refused", { requester: text(d, "requester"), note: text(d, "note") }),
  deadline_extended: (d, ctx) =>
    ctx.t("events.deadline_extended", { count: count(d, "days"), date: text(d, "deadlineAt") ? ctx.date(text(d, "deadlineAt")) : "—", reason: text(d, "reason") }),
  extension_requested: (d, ctx) =>
    ctx.t("events.extension_requested", { count: count(d, "days"), date: text(d, "deadlineAt") ? ctx.date(text(d, "deadlineAt")) : "—", reason: text(d, "reason") }),
  extension_approved: (d, ctx) =>
    ctx.t("events.extension_approved", { requester: text(d, "requester"), date: text(d, "deadlineAt") ? ctx.date(text(d, "deadlineAt")) : "—", note: text(d, "note") }),
  extension_refused: (d, ctx) =>
    ctx.t("events.extension_refused", { requester: text(d, "requester"), date: text(d, "deadlineAt") ? ctx.date(text(d, "deadlineAt")) : "—", note: text(d, "note") }),
  escalated: (d, ctx) =>
    ctx.t(count(d, "step") === 2 ? "events.escalated_province" : "events.escalated_head", {
      cause: ctx.t(text(d, "cause") === "unclaimed" ? "events.escalationUnclaimed" : "events.escalationOverdue"),
    }),
  cluster_merged: (d, ctx) => ctx.t("events.cluster_merged", { withTipId: count(d, "withTipId") }),
  cluster_joined: (d, ctx) => ctx.t("events.cluster_joined", { tipId: count(d, "tipId") }),
  cluster_split: (d, ctx) => ctx.t("events.cluster_split", { reason: text(d, "reason") }),
  cluster_group_merged: (d, ctx) =>
    ctx.t("events.cluster_group_merged", { withTipId: count(d, "withTipId"), count: count(d, "moved") }),
  cluster_group_joined: (d, ctx) => ctx.t("events.cluster_group_joined", { tipId: count(d, "tipId"), count: count(d, "moved") }),
  case_linked: (d, ctx) => ctx.t("events.case_linked", { caseNumber: text(d, "caseNumber") }),
  case_unlinked: (d, ctx) => ctx.t("events.case_unlinked", { caseNumber: text(d, "caseNumber") }),
  case_withdrawn: (d, ctx) => ctx.t("events.case_withdrawn", { caseNumber: text(d, "caseNumber"), reason: text(d, "reason") }),
  unit_retired: (d, ctx) =>
    sentence(ctx.t("events.unit_retired", { from: unitOrNone(text(d, "fromUnit"), ctx), to: unitOrNone(text(d, "toUnit"), ctx), reason: text(d, "reason") }), null,
      d.unclaimed === true && ctx.t("events.unitRetiredUnclaimed")),
  tipster_replied: (d, ctx) => sentence(ctx.t("events.tipster_replied"), null, photos(d, ctx)),
  tipster_added_info: (d, ctx) => sentence(ctx.t("events.tipster_added_info"), null, photos(d, ctx)),
  status_changed: (d, ctx) =>
    ctx.t("events.status_changed", { from: ctx.t(`status.${text(d, "from")}`, { defaultValue: text(d, "from") }), to: ctx.t(`status.${text(d, "to")}`, { defaultValue: text(d, "to") }) }),
  content_purged: (d, ctx) => sentence(ctx.t("events.content_purged"), null, photos(d, ctx, "photosDeleted")),
};

/** One event of the history as a sentence; a kind no longer written is named, never hidden. */
export function describeTipEvent(event: Pick<TrailEvent, "type" | "data">, ctx: SentenceContext): string {
  const render = (EVENT_SENTENCES as Record<string, Sentence | undefined>)[event.type];
  return render ? render(event.data, ctx) : ctx.t("events.other", { type: event.type });
}

const KNOWN_REASONS = new Set<string>(Object.values(REASON_CODES).flat());

/** A reason as stored in an event's data, or null for anything else. */
export function asReason(value: unknown): Reason | null {
  if (!value || typeof value !== "object") return null;
  const { code, params } = value as { code?: unknown; params?: unknown };
  if (typeof code !== "string" || !KNOWN_REASONS.has(code)) return null;
  return params && typeof params === "object" ? { code: code as ReasonCode, params: params as ReasonParams } : { code: code as ReasonCode };
}

/** Why two tips were grouped: the stored evidence, or the English phrases older events kept. */
export function similarityOf(data: Data): Reason[] {
  if (Array.isArray(data.evidence)) return data.evidence.map(asReason).filter((r): r is Reason => r !== null);
  return codes(data, "reasons").map(legacySimilarity).filter((r): r is Reason<"similarity"> => r !== null);
}

/** A reason in words: codes in its parameters become names, numbers become counts and percentages. */
export function describeReason(reason: Reason, ctx: SentenceContext): string {
  const params = reason.params ?? {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if ((UNIT_PARAMS as readonly string[]).includes(key)) values[key] = names(value, ctx.unit);
    else if (key === "category" || key === "categories") values[key] = names(value, ctx.category);
    else if (key === "kinds" && Array.isArray(value)) values[key] = value.map((kind) => ctx.t(`entityKinds.${kind}`)).join(", ");
    else if (key === "loot" && Array.isArray(value)) values[key] = value.map((kind) => ctx.t(`lootKinds.${kind}`)).join(", ");
    else if (key === "stories" && Array.isArray(value)) values[key] = value.map((kind) => ctx.t(`scamStories.${kind}`)).join("; ");
    // Sums in đồng, said in millions as residents say them ("12 triệu").
    else if (key === "amounts" && Array.isArray(value)) values[key] = value.map((dong) => ctx.t("millionDong", { value: Math.round(Number(dong) / 1e5) / 10 })).join(", ");
    else values[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (Array.isArray(params.wards)) values.count = params.wards.length;
  for (const key of ["hours", "days", "metres", "candidates"] as const) if (typeof params[key] === "number") values.count = params[key];
  if (typeof params.score === "number") values.percent = Math.round(params.score * 100);
  return ctx.t(`reasons.${reason.code}`, { ...values, context: reasonContext(reason) });
}

/** Variants of one reason's sentence (i18next context): with or without the old district, and who would decide. */
function reasonContext(reason: Reason): string | undefined {
  if ((reason.code === "old-ward" || reason.code === "old-ward-split") && reason.params?.oldDistrict) return "district";
  if (reason.code === "ambiguous") return String(reason.params?.decider ?? "province");
  return undefined;
}

function describeStoredReason(value: unknown, ctx: SentenceContext): string | null {
  const stored = asReason(value);
  return stored ? describeReason(stored, ctx) : null;
}

function describeLegacy(reason: Reason | null, ctx: SentenceContext): string | null {
  return reason ? describeReason(reason, ctx) : null;
}

function names(value: unknown, name: (code: string) => string): string {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === "string").map(name).join(", ");
}

function unitOrNone(code: string, ctx: SentenceContext): string {
  return code ? ctx.unit(code) : ctx.t("events.noUnit");
}

/** Every unit or ward code an event names (in its fields and its reasons), to look their names up in one query. */
export function unitCodesOf(event: Pick<TrailEvent, "type" | "data">): string[] {
  const d = event.data;
  const found = [text(d, "unitCode"), text(d, "fromUnit"), text(d, "toUnit"), text(d, "wardCode"), ...codes(d, "candidates"), ...codes(d, "copies")];
  const reasons = [asReason(d.because), legacyRouting(d.reason), ...similarityOf(d)];
  for (const r of reasons) {
    for (const key of UNIT_PARAMS) {
      const value = r?.params?.[key];
      if (typeof value === "string") found.push(value);
      else if (Array.isArray(value)) found.push(...value);
    }
  }
  return [...new Set(found.filter(Boolean))];
}
