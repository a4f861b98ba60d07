/**
 * Taking in a tip, whatever the channel: the web form, the partner API, an
 * officer typing in a phone call. The tip, its photos' records and its first
 * audit event are committed in one transaction before the receipt is returned;
 * only then is the tip handed to the pipeline (the outbox covers a Redis outage).
 */
import type { Queue } from "bullmq";
import type { Kysely } from "kysely";
import { deadlineFor } from "../../domain/deadline";
import { generateReceipt } from "../../domain/receipt";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { appendTipEvent } from "../../db/queries/tip-events";
import { insertTip } from "../../db/queries/tips";
import type { ActorKind, Database, LocationKind, OccurredPrecision, TipChannel } from "../../db/schema";
import { enqueueTip } from "../../workers/outbox";
import type { IntakeJob } from "../../workers/queues";
import { hashReceipt, sealIdentity, type ReporterIdentity } from "./crypto.server";

export type TipLocation =
  | { kind: "ward"; wardCode: string; provinceCode?: string | null }
  | { kind: "address"; address: string; provinceCode?: string | null }
  | { kind: "point"; lat: number; lng: number; provinceCode?: string | null }
  | { kind: "none"; provinceCode?: string | null };

export interface StoredPhoto {
  fileName: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

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
  photos?: StoredPhoto[];
  /** Who recorded it: the tipster (web), a partner system, or an officer (phone, in person). */
  recordedBy?: { kind: ActorKind; userId?: number | null };
}

export interface IntakeDeps {
  db: Kysely<Database>;
  dataKey: string;
  receiptSalt: string;
  /** Null when the process has no queue (the sweep will enqueue). */
  queue: Queue<IntakeJob> | null;
}

/** The receipt time is kept to the minute: a precise time could be joined with network logs. */
export function receiptTime(now: Date = new Date()): string {
  const rounded = new Date(now);
  rounded.setUTCSeconds(0, 0);
  return rounded.toISOString();
}

function hasIdentity(reporter: ReporterIdentity | null): reporter is ReporterIdentity {
  return !!reporter && Object.values(reporter).some((v) => typeof v === "string" && v.trim() !== "");
}

export async function submitTip(deps: IntakeDeps, input: NewTipInput): Promise<{ tipId: number; receipt: string }> {
  const receipt = generateReceipt();
  const receiptHash = await hashReceipt(receipt, deps.receiptSalt);
  const createdAt = receiptTime();
  const description = normalizeText(input.description);
  const location = input.location;
  const kind: LocationKind = location.kind;

  const tipId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertTip(trx, {
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
      location_address: location.kind === "address" ? normalizeText(location.address) : null,
      location_lat: location.kind === "point" ? location.lat : null,
      location_lng: location.kind === "point" ? location.lng : null,
      location_province_code: location.provinceCode ?? null,
      reporter_enc: hasIdentity(input.reporter) ? sealIdentity(input.reporter, deps.dataKey) : null,
      source_org_code: input.sourceOrgCode ?? null,
      status: "received",
      deadline_at: deadlineFor(createdAt),
      created_at: createdAt,
      updated_at: createdAt,
    });
    if (input.photos?.length) {
      await trx
        .insertInto("tip_photos")
        .values(input.photos.map((p) => ({
          tip_id: id, message_id: null, file_name: p.fileName, mime: p.mime,
          width: p.width, height: p.height, bytes: p.bytes, created_at: createdAt,
        })))
        .execute();
    }
    await appendTipEvent(trx, {
      tipId: id,
      at: createdAt,
      actorKind: input.recordedBy?.kind ?? "tipster",
      actorUserId: input.recordedBy?.userId ?? null,
      type: "received",
      data: {
        channel: input.channel,
        category: input.category,
        location: kind,
        identified: hasIdentity(input.reporter),
        photos: input.photos?.length ?? 0,
      },
    });
    return id;
  });

  if (deps.queue) await enqueueTip(deps.db, deps.queue, tipId);
  return { tipId, receipt };
}
