/**
 * POST /api/v1/tips — partner channels (hotline call-takers, SMS gateways, other
 * apps) submit a tip with their API key (CONTRACT.md). The tip takes the key's
 * channel. With an Idempotency-Key, a retry gets the first answer and creates
 * nothing (docs/decisions/0012-partner-api.md).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { findIdempotentResponse, insertIdempotentResponse, purgeIdempotencyKeys } from "../../db/queries/idempotency-keys";
import type { Database } from "../../db/schema";
import { formatReceipt } from "../../domain/receipt";
import {
  apiError, apiJson, authenticateApiKey, consumeApiAllowance, readJsonBody, validateApiTip,
} from "~/utils/api.server";
import { sha256Hex } from "~/utils/crypto.server";
import { submitTip } from "~/utils/intake.server";
import { openSealed, sealForLater } from "~/utils/receipts.server";
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from "~/utils/storage-errors.server";
import type { Kysely } from "kysely";

/** How long a partner may retry with the same Idempotency-Key. */
const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export function loader() {
  return apiError(405, "use POST", undefined, { Allow: "POST" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "use POST", undefined, { Allow: "POST" });
  const caller = await authenticateApiKey(request, context.db);
  if (!caller) return apiError(401, "missing, unknown or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
  const wait = await consumeApiAllowance(context.redis, context.config.QUEUE_PREFIX, caller);
  if (wait !== null) return apiError(429, "rate limit exceeded", undefined, { "Retry-After": String(wait) });

  const idempotencyKey = request.headers.get("idempotency-key");
  if (idempotencyKey !== null && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
    return apiError(400, "invalid Idempotency-Key header", { "Idempotency-Key": "must be 1 to 255 visible ASCII characters" });
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const requestHash = sha256Hex(JSON.stringify(body.value));
  const idempotency = idempotencyKey === null ? null : { apiKeyId: caller.id, key: idempotencyKey, requestHash };
  if (idempotency) {
    const replay = await replayResponse(context.db, idempotency, context.config.DATA_KEY);
    if (replay) return replay;
  }

  const checked = await validateApiTip(context.db, body.value);
  if (!checked.ok) return apiError(400, "invalid tip", checked.fields);

  const tip = checked.tip;
  const answer = (receipt: string) => ({ receipt: formatReceipt(receipt), status: "received" as const });
  try {
    const { receipt } = await submitTip(
      { db: context.db, dataKey: context.config.DATA_KEY, receiptSalt: context.config.RECEIPT_SALT, queue: context.queue },
      {
        channel: caller.channel,
        apiKeyId: caller.id,
        category: tip.category,
        description: tip.description,
        occurredAt: tip.occurredAt,
        occurredPrecision: tip.occurredPrecision,
        location: tip.location,
        reporter: tip.reporter,
        sourceOrgCode: tip.sourceOrg,
        externalRef: tip.externalRef,
        recordedBy: { kind: "partner" },
        withinTransaction: idempotency
          ? async (trx, created) => {
              await purgeIdempotencyKeys(trx, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS).toISOString());
              const stored = JSON.stringify({ requestHash, status: 201, body: answer(created.receipt) });
              await insertIdempotentResponse(trx, {
                apiKeyId: caller.id, key: idempotency.key, status: 201,
                body: sealForLater(stored, context.config.DATA_KEY, "api-idempotency"), createdAt: created.createdAt,
              });
            }
          : undefined,
      },
    );
    return apiJson(201, answer(receipt));
  } catch (err) {
    // A concurrent request with the same key won the race: its tip stands, ours rolled back.
    const replay = idempotency ? await replayResponse(context.db, idempotency, context.config.DATA_KEY) : null;
    if (replay) return replay;
    if (isStorageUnavailable(err)) {
      context.log.warn({ err: (err as Error).message }, "partner tip not stored: storage unavailable");
      return apiError(503, "storage busy: the tip was not stored; try again shortly", undefined, { "Retry-After": String(RETRY_AFTER_SECONDS) });
    }
    context.log.error({ err: (err as Error).message }, "partner tip not stored");
    return apiError(500, "internal error: the tip was not stored; try again later");
  }
}

async function replayResponse(
  db: Kysely<Database>,
  idempotency: { apiKeyId: number; key: string; requestHash: string },
  dataKey: string,
): Promise<Response | null> {
  const notBefore = new Date(Date.now() - IDEMPOTENCY_WINDOW_MS).toISOString();
  const row = await findIdempotentResponse(db, idempotency.apiKeyId, idempotency.key, notBefore);
  if (!row) return null;
  const opened = openSealed(row.body, dataKey, "api-idempotency");
  if (!opened) return apiError(409, "the response stored for this Idempotency-Key cannot be read (DATA_KEY changed)");
  const stored = JSON.parse(opened) as { requestHash: string; status: number; body: unknown };
  if (stored.requestHash !== idempotency.requestHash) {
    return apiError(422, "Idempotency-Key already used for a different request", { "Idempotency-Key": "reused with a different body" });
  }
  return apiJson(stored.status, stored.body, { "Idempotent-Replayed": "true" });
}
