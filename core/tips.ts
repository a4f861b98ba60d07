/**
 * Accepting a tip, whatever the channel: the web form (app/routes/bao-tin.tsx),
 * the partner API (server/api.ts), an officer typing in a phone call
 * (app/routes/can-bo.nhap-tin.tsx), demo seeding and the scripts. `acceptTip` is
 * the one place that decides whether a tip may be stored — its references
 * (category, province, ward, organisation) and lengths — and answers per field
 * with stable codes each channel words in its own way (docs/decisions/0066).
 * The tip, its photos' records and its first
 * audit event are committed in one transaction before the receipt is returned.
 * That commit is the tip's hand-over to the pipeline too: the worker's relay
 * (workers/outbox.ts) moves committed tips to the queue within a moment, so
 * taking a tip costs the web process no Redis round trip and does not depend on
 * Redis being up.
 * Photo files are written and synced before that transaction and removed again
 * if it fails, so a tip is either stored whole or not at all.
 */
import type { Kysely, Transaction } from "kysely";
import { ADDRESS_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, EMAIL_MAX, NAME_MAX } from "../domain/tip-limits";
import { sealIdentity, type ReporterIdentity } from "./platform/crypto";
import { removePhotoFiles, writePhotoFiles, type SanitisedPhoto } from "./photos";
import type { ReceiptHasher } from "./receipts";
import { findActiveWard, isActiveCategory, isActiveProvince, isActiveSourceOrg } from "../db/queries/intake-reference";
import { insertTipPhotos } from "../db/queries/tip-photos";
import { appendTipEvent } from "../db/queries/tip-events";
import { insertTip } from "../db/queries/tips";
import type { ActorKind, Database, LocationKind, OccurredPrecision, TipChannel } from "../db/schema";
import { coarseTime } from "../domain/coarse-time";
import { deadlineFor } from "../domain/deadline";
import { ownContactMarker } from "../domain/own-contact";
import { foldVietnamese, normalizeText } from "../domain/text";

/**
 * Where it happened. `kind` is the form the pipeline resolves first; the other
 * details a reporter gave (an address beside a chosen ward, a map point) are kept too.
 */
export type TipLocation = (
  | { kind: "ward"; wardCode: string }
  | { kind: "address"; address: string }
  | { kind: "point"; lat: number; lng: number }
  | { kind: "none" }
) & { provinceCode?: string | null; address?: string | null; lat?: number | null; lng?: number | null };

export interface NewTipInput {
  channel: TipChannel;
  apiKeyId?: number | null;
  category: string;
  description: string;
  occurredAt: string | null;
  occurredPrecision: OccurredPrecision;
  location: TipLocation;
  reporter: ReporterIdentity | null;
  sourceOrgCode?: string | null;
  externalRef?: string | null;
  /** Already sanitised (photos.server.ts); written under `deps.uploadsDir`. */
  photos?: SanitisedPhoto[];
  /**
   * Who recorded it: the tipster (web), a partner system, or an officer (phone, in
   * person). An officer's tip must name its province (they can ask the caller), one
   * of `provinces`: those of the officer's units.
   */
  recordedBy?: { kind: ActorKind; userId?: number | null; provinces?: readonly string[] };
  /**
   * Runs inside the tip's transaction once the tip exists (the partner API stores
   * its idempotent response there). Throwing rolls the whole tip back.
   */
  withinTransaction?: (trx: Transaction<Database>, tip: { tipId: number; receipt: string; createdAt: string }) => Promise<void>;
  /** A back-dated receipt time, for seeding demo history only (cli/commands/demo-history.ts); never from a request. */
  createdAt?: string;
}

export interface IntakeDeps {
  db: Kysely<Database>;
  dataKey: string;
  /** The process's receipt hasher (core/receipts.ts). */
  receipts: ReceiptHasher;
  /** Where photo files go (DATA_DIR/uploads); needed only for tips with photos. */
  uploadsDir?: string;
}

function hasIdentity(reporter: ReporterIdentity | null): reporter is ReporterIdentity {
  return !!reporter && Object.values(reporter).some((v) => typeof v === "string" && v.trim() !== "");
}

/** The fields a refusal can name; each channel maps them to its own names (the API's `location.wardCode`, …). */
export type TipField = "category" | "description" | "province" | "wardCode" | "address" | "sourceOrg" | "reporterName" | "reporterEmail";

/**
 * Why a field is refused. `unknown`: no such code, or retired; `otherProvince`: the
 * ward lies in another province than the one given; `outsideScope`: a province the
 * recording officer does not serve; `required`: missing where this channel needs it.
 */
export type TipProblem = "required" | "unknown" | "otherProvince" | "outsideScope" | "tooShort" | "tooLong";

export type TipProblems = Partial<Record<TipField, TipProblem>>;

export type AcceptResult =
  | { ok: true; tipId: number; receipt: string }
  | { ok: false; problems: TipProblems };

/** The references a tip names, as sent ("" or null when absent). */
export interface TipReferences {
  category?: string | null;
  provinceCode?: string | null;
  wardCode?: string | null;
  sourceOrgCode?: string | null;
}

/**
 * The checks of a tip's references against the database, with the province the tip
 * is in (the one given, else the ward's). Exported for the channels that name every
 * problem at once: when their own parsing already failed, they add these to it.
 */
export async function checkTipReferences(
  db: Kysely<Database>,
  refs: TipReferences,
  recordedBy?: NewTipInput["recordedBy"],
): Promise<{ problems: TipProblems; provinceCode: string | null }> {
  const problems: TipProblems = {};
  let provinceCode = refs.provinceCode || null;
  if (refs.category && !(await isActiveCategory(db, refs.category))) problems.category = "unknown";
  if (provinceCode && !(await isActiveProvince(db, provinceCode))) problems.province = "unknown";
  if (refs.wardCode) {
    const ward = await findActiveWard(db, refs.wardCode);
    if (!ward) problems.wardCode = "unknown";
    else if (provinceCode && ward.provinceCode !== provinceCode) problems.wardCode = "otherProvince";
    else provinceCode = ward.provinceCode;
  }
  if (refs.sourceOrgCode && !(await isActiveSourceOrg(db, refs.sourceOrgCode))) problems.sourceOrg = "unknown";
  if (recordedBy?.kind === "officer" && !problems.province && !problems.wardCode) {
    if (!provinceCode) problems.province = "required";
    else if (recordedBy.provinces && !recordedBy.provinces.includes(provinceCode)) problems[refs.provinceCode ? "province" : "wardCode"] = "outsideScope";
  }
  return { problems, provinceCode };
}

/** Lengths every channel keeps to (domain/tip-limits.ts), on the normalised text. */
function checkLengths(input: NewTipInput, problems: TipProblems): void {
  const description = normalizeText(input.description);
  if (!description) problems.description = "required";
  else if (description.length < DESCRIPTION_MIN) problems.description = "tooShort";
  else if (description.length > DESCRIPTION_MAX) problems.description = "tooLong";
  if (input.location.address && normalizeText(input.location.address).length > ADDRESS_MAX) problems.address = "tooLong";
  if (input.reporter?.name && normalizeText(input.reporter.name).length > NAME_MAX) problems.reporterName = "tooLong";
  if (input.reporter?.email && input.reporter.email.trim().length > EMAIL_MAX) problems.reporterEmail = "tooLong";
}

/**
 * Checks a tip and, when nothing is wrong, stores it and returns its receipt; else
 * stores nothing and names every problem. A category is required; the location's
 * province, when absent, is taken from its ward.
 */
export async function acceptTip(deps: IntakeDeps, input: NewTipInput): Promise<AcceptResult> {
  const checked = await checkTipReferences(deps.db, {
    category: input.category, provinceCode: input.location.provinceCode,
    wardCode: input.location.kind === "ward" ? input.location.wardCode : null, sourceOrgCode: input.sourceOrgCode,
  }, input.recordedBy);
  const problems = checked.problems;
  if (!input.category) problems.category = "required";
  checkLengths(input, problems);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, ...(await storeTip(deps, { ...input, location: { ...input.location, provinceCode: checked.provinceCode } })) };
}

/** A refusal where no person typed the tip: seeding, tools and tests build their tips in code, so it is a bug there. */
export class TipRefused extends Error {
  constructor(readonly problems: TipProblems) {
    super(`tip refused: ${JSON.stringify(problems)}`);
  }
}

/** acceptTip for seeding and tools: throws TipRefused instead of answering. */
export async function acceptTipOrThrow(deps: IntakeDeps, input: NewTipInput): Promise<{ tipId: number; receipt: string }> {
  const accepted = await acceptTip(deps, input);
  if (!accepted.ok) throw new TipRefused(accepted.problems);
  return { tipId: accepted.tipId, receipt: accepted.receipt };
}

async function storeTip(deps: IntakeDeps, input: NewTipInput): Promise<{ tipId: number; receipt: string }> {
  const { receipt, hash: receiptHash } = await deps.receipts.take();
  const photos = input.photos ?? [];
  if (photos.length > 0 && !deps.uploadsDir) throw new Error("acceptTip: photos need deps.uploadsDir");
  const stored = await writePhotoFiles(deps.uploadsDir ?? "", photos);
  const createdAt = coarseTime(input.createdAt ? new Date(input.createdAt) : undefined);
  let tipId: number;
  try {
    tipId = await deps.db.transaction().execute(async (trx) => {
      const id = await insertTip(trx, { ...tipRow(deps, input, receiptHash, createdAt), enqueued_at: null });
      await insertTipPhotos(trx, id, null, stored, createdAt);
      await appendTipEvent(trx, {
        tipId: id,
        at: createdAt,
        actorKind: input.recordedBy?.kind ?? "tipster",
        actorUserId: input.recordedBy?.userId ?? null,
        type: "received",
        first: true,
        data: {
          channel: input.channel,
          category: input.category,
          location: input.location.kind,
          identified: hasIdentity(input.reporter),
          photos: stored.length,
        },
      });
      await input.withinTransaction?.(trx, { tipId: id, receipt, createdAt });
      return id;
    });
  } catch (err) {
    await removePhotoFiles(deps.uploadsDir ?? "", stored.map((p) => p.fileName));
    throw err;
  }

  return { tipId, receipt };
}

function tipRow(deps: IntakeDeps, input: NewTipInput, receiptHash: string, createdAt: string) {
  const location = input.location;
  const kind: LocationKind = location.kind;
  const address = location.address ? normalizeText(location.address) : null;
  const description = normalizeText(input.description);
  return {
    receipt_hash: receiptHash,
    external_ref: input.externalRef ?? null,
    channel: input.channel,
    api_key_id: input.apiKeyId ?? null,
    category: input.category,
    description,
    description_folded: foldVietnamese(description),
    occurred_at: input.occurredAt,
    occurred_precision: input.occurredPrecision,
    location_kind: kind,
    location_ward_code: location.kind === "ward" ? location.wardCode : null,
    location_address: address || null,
    location_lat: location.lat ?? null,
    location_lng: location.lng ?? null,
    location_province_code: location.provinceCode ?? null,
    reporter_enc: hasIdentity(input.reporter) ? sealIdentity(input.reporter, deps.dataKey) : null,
    // The reporter's own number in the text is never indexed as an entity (domain/own-contact.ts).
    own_contact: ownContactMarker(description, input.reporter?.phone),
    source_org_code: input.sourceOrgCode ?? null,
    status: "received" as const,
    deadline_at: deadlineFor(createdAt),
    created_at: createdAt,
    updated_at: createdAt,
  };
}
