/**
 * Taking in a tip, whatever the channel: the web form, the partner API, an
 * officer typing in a phone call. The tip, its photos' records and its first
 * audit event are committed in one transaction before the receipt is returned.
 * That commit is the tip's hand-over to the pipeline too: the worker's relay
 * (workers/outbox.ts) moves committed tips to the queue within a moment, so
 * taking a tip costs the web process no Redis round trip and does not depend on
 * Redis being up.
 * Photo files are written and synced before that transaction and removed again
 * if it fails, so a tip is either stored whole or not at all.
 */
import { ownContactMarker } from "../../domain/own-contact";
import type { Kysely, Transaction } from "kysely";
import { coarseTime } from "../../domain/coarse-time";
import { deadlineFor } from "../../domain/deadline";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { insertTipPhotos } from "../../db/queries/tip-photos";
import { appendTipEvent } from "../../db/queries/tip-events";
import { insertTip } from "../../db/queries/tips";
import type { ActorKind, Database, LocationKind, OccurredPrecision, TipChannel } from "../../db/schema";
import { sealIdentity, type ReporterIdentity } from "../../core/platform/crypto";
import { removePhotoFiles, writePhotoFiles, type SanitisedPhoto } from "./photos.server";
import type { ReceiptHasher } from "../../core/receipts";

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
  /** Who recorded it: the tipster (web), a partner system, or an officer (phone, in person). */
  recordedBy?: { kind: ActorKind; userId?: number | null };
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

export async function submitTip(deps: IntakeDeps, input: NewTipInput): Promise<{ tipId: number; receipt: string }> {
  const { receipt, hash: receiptHash } = await deps.receipts.take();
  const photos = input.photos ?? [];
  if (photos.length > 0 && !deps.uploadsDir) throw new Error("submitTip: photos need deps.uploadsDir");
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
