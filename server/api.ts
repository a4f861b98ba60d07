/**
 * The partner API (CONTRACT.md), served by express directly rather than through
 * Remix (docs/decisions/0017-partner-api-outside-remix.md): it is JSON in, JSON
 * out, with no document, loader data or session, and turning every call into a
 * Fetch Request, matching it against the page routes and streaming the answer
 * back cost more of the event loop than the tip itself under load.
 *
 * - `POST /api/v1/tips` — partner channels (hotline call-takers, SMS gateways,
 *   other apps) submit a tip with their API key; the tip takes the key's
 *   channel. With an Idempotency-Key, a retry gets the first answer and creates
 *   nothing (docs/decisions/0012-partner-api.md).
 * - `GET /api/v1/tips/status` — `X-Receipt: <receipt>` → the tip's public status
 *   and its thread. A malformed, wrong or never-issued receipt gets the same 404
 *   after the same argon2 work. Partners may send their API key to be limited
 *   per key instead of per client.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Kysely } from "kysely";
import type { AppContext } from "../app/context";
import { resources } from "../app/i18n/resources";
import {
  API_BODY_MAX, apiError, apiJson, authenticateApiKey, bodyTooLarge, consumeApiAllowance, parseJsonBody, refuseNonJson,
  apiFieldsOf, validateApiTip, type ApiAnswer,
} from "../app/utils/api.server";
import { seal, sha256Hex, tryUnseal } from "../core/platform/crypto";
import {
  consumeReceiptAttempt, findTipByReceipt, loadPublicTipView, lookupRefusal, recordReceiptMiss, type ReceiptSeeker,
} from "../app/utils/followup.server";
import { BodyTooLargeError, readNodeBody } from "../app/utils/request-body.server";
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from "../core/platform/storage-errors";
import { findIdempotentResponse, insertIdempotentResponse, purgeIdempotencyKeys } from "../db/queries/idempotency-keys";
import type { Database } from "../db/schema";
import { acceptTip } from "../core/tips";
import { formatReceipt, parseReceipt } from "../domain/receipt";
import { hasNulInUrl } from "./urls";

type ApiDeps = Omit<AppContext, "cspNonce" | "clientKey">;

interface ApiCall {
  header(name: string): string | null;
  /** The body, at most API_BODY_MAX bytes (BodyTooLargeError past it). */
  body(): Promise<Buffer>;
  /** Keyed hash of the client address (rate-limit.server.ts), for per-client limits; computed when asked. */
  clientKey(): Promise<string>;
}

export interface PartnerApiOptions {
  /** Sent with every answer: the security headers (apiSecurityHeaders) and any the deployment adds. */
  headers: Record<string, string>;
  /** Keyed hash of the client address (req.ip: behind TRUST_PROXY proxies, the address they forward). */
  clientKey(req: Request): Promise<string>;
}

type Handler = (deps: ApiDeps, call: ApiCall) => Promise<ApiAnswer>;

/** How long a partner may retry with the same Idempotency-Key. */
const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

/** Hashed in place of a malformed receipt, so every 404 costs the same. */
const NO_RECEIPT = "0000000000000000";

/**
 * The security headers of every API answer. The pages' set (helmet, server/app.ts)
 * with a policy that allows nothing at all: an answer is JSON, never a document,
 * so it needs no nonce and the same headers serve every request.
 */
export function apiSecurityHeaders(production: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Origin-Agent-Cluster": "?1",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-DNS-Prefetch-Control": "off",
    "X-Download-Options": "noopen",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Permitted-Cross-Domain-Policies": "none",
    "X-XSS-Protection": "0",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export function partnerApi(deps: ApiDeps, options: PartnerApiOptions): Router {
  const headers = { ...options.headers, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
  const send = (res: Response, answer: ApiAnswer) => {
    res.writeHead(answer.status, Object.keys(answer.headers).length ? { ...headers, ...answer.headers } : headers);
    res.end(JSON.stringify(answer.body));
  };
  const serve = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
    if (hasNulInUrl(req.originalUrl)) return send(res, apiError(400, "NUL in the URL"));
    const call: ApiCall = {
      header: (name) => req.get(name) ?? null,
      body: () => readNodeBody(req, API_BODY_MAX),
      clientKey: () => options.clientKey(req),
    };
    handler(deps, call).then((answer) => send(res, answer), next);
  };
  const methodNotAllowed = (allow: string) => (_req: Request, res: Response) =>
    send(res, apiError(405, `use ${allow}`, undefined, { Allow: allow }));

  const router = express.Router({ caseSensitive: true, strict: true });
  router.route("/api/v1/tips").post(serve(postTip)).all(methodNotAllowed("POST"));
  router.route("/api/v1/tips/status").get(serve(getTipStatus)).all(methodNotAllowed("GET"));
  return router;
}

async function readJson(call: ApiCall): Promise<{ ok: true; value: unknown } | { ok: false; answer: ApiAnswer }> {
  const refused = refuseNonJson(call.header("content-type"));
  if (refused) return { ok: false, answer: refused };
  try {
    return parseJsonBody(await call.body());
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, answer: bodyTooLarge(err.unread) };
    return { ok: false, answer: apiError(400, "could not read the request body") };
  }
}

async function postTip(deps: ApiDeps, call: ApiCall): Promise<ApiAnswer> {
  const caller = await authenticateApiKey(call.header("authorization"), deps.db);
  if (!caller) return apiError(401, "missing, unknown or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
  const wait = await consumeApiAllowance(deps.redis, deps.config.QUEUE_PREFIX, caller);
  if (wait !== null) return apiError(429, "rate limit exceeded", undefined, { "Retry-After": String(wait) });

  const idempotencyKey = call.header("idempotency-key");
  if (idempotencyKey !== null && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
    return apiError(400, "invalid Idempotency-Key header", { "Idempotency-Key": "must be 1 to 255 visible ASCII characters" });
  }
  const body = await readJson(call);
  if (!body.ok) return body.answer;
  // The body's hash only matters to a retry's replay: no Idempotency-Key, no hash (docs/decisions/0096).
  const requestHash = idempotencyKey === null ? "" : sha256Hex(JSON.stringify(body.value));
  const idempotency = idempotencyKey === null ? null : { apiKeyId: caller.id, key: idempotencyKey, requestHash };
  if (idempotency) {
    const replay = await replayAnswer(deps.db, idempotency, deps.config.DATA_KEY);
    if (replay) return replay;
  }

  const checked = await validateApiTip(deps.db, body.value);
  if (!checked.ok) return apiError(400, "invalid tip", checked.fields);

  const tip = checked.tip;
  const answer = (receipt: string) => ({ receipt: formatReceipt(receipt), status: "received" as const });
  try {
    const accepted = await acceptTip(
      { db: deps.db, dataKey: deps.config.DATA_KEY, receipts: deps.receipts },
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
                body: seal(stored, deps.config.DATA_KEY, "api-idempotency"), createdAt: created.createdAt,
              });
            }
          : undefined,
      },
    );
    if (!accepted.ok) return apiError(400, "invalid tip", await apiFieldsOf(deps.db, accepted.problems, tip));
    return apiJson(201, answer(accepted.receipt));
  } catch (err) {
    // A concurrent request with the same key won the race: its tip stands, ours rolled back.
    const replay = idempotency ? await replayAnswer(deps.db, idempotency, deps.config.DATA_KEY) : null;
    if (replay) return replay;
    if (isStorageUnavailable(err)) {
      deps.log.warn({ err: (err as Error).message }, "partner tip not stored: storage unavailable");
      return apiError(503, "storage busy: the tip was not stored; try again shortly", undefined, { "Retry-After": String(RETRY_AFTER_SECONDS) });
    }
    deps.log.error({ err: (err as Error).message }, "partner tip not stored");
    return apiError(500, "internal error: the tip was not stored; try again later");
  }
}

async function replayAnswer(
  db: Kysely<Database>,
  idempotency: { apiKeyId: number; key: string; requestHash: string },
  dataKey: string,
): Promise<ApiAnswer | null> {
  const notBefore = new Date(Date.now() - IDEMPOTENCY_WINDOW_MS).toISOString();
  const row = await findIdempotentResponse(db, idempotency.apiKeyId, idempotency.key, notBefore);
  if (!row) return null;
  const opened = tryUnseal(row.body, dataKey, "api-idempotency");
  if (!opened) return apiError(409, "the response stored for this Idempotency-Key cannot be read (DATA_KEY changed)");
  const stored = JSON.parse(opened) as { requestHash: string; status: number; body: unknown };
  if (stored.requestHash !== idempotency.requestHash) {
    return apiError(422, "Idempotency-Key already used for a different request", { "Idempotency-Key": "reused with a different body" });
  }
  return apiJson(stored.status, stored.body, { "Idempotent-Replayed": "true" });
}

async function getTipStatus(deps: ApiDeps, call: ApiCall): Promise<ApiAnswer> {
  const prefix = deps.config.QUEUE_PREFIX;
  let seeker: ReceiptSeeker;
  const authorization = call.header("authorization");
  if (authorization !== null) {
    const caller = await authenticateApiKey(authorization, deps.db);
    if (!caller) return apiError(401, "unknown or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
    const wait = await consumeApiAllowance(deps.redis, prefix, caller);
    if (wait !== null) return apiError(429, "rate limit exceeded", undefined, { "Retry-After": String(wait) });
    seeker = { kind: "partner", apiKeyId: caller.id };
  } else {
    seeker = { kind: "resident", clientKey: await call.clientKey() };
  }
  const header = call.header("x-receipt");
  if (header === null) return apiError(400, "missing X-Receipt header", { "X-Receipt": "required" });
  const wait = await consumeReceiptAttempt(deps.redis, prefix, seeker);
  if (wait !== null) return apiError(429, "too many receipt attempts", undefined, { "Retry-After": String(wait) });

  const digits = parseReceipt(header);
  let tipId: number | null;
  try {
    tipId = await findTipByReceipt(deps.db, deps.receipts, digits ?? NO_RECEIPT, seeker);
  } catch (err) {
    const refusal = lookupRefusal(err);
    if (!refusal) throw err;
    return apiError(refusal.status, "too many receipt look-ups waiting; try again shortly", undefined, { "Retry-After": String(refusal.retryAfterSeconds) });
  }
  const view = digits && tipId !== null ? await loadPublicTipView(deps.db, tipId) : null;
  if (!view) {
    await recordReceiptMiss(deps.redis, prefix, seeker);
    return apiError(404, "no tip with this receipt");
  }
  return apiJson(200, {
    status: view.status,
    statusText: { vi: resources.vi.intake.status[view.status].title, en: resources.en.intake.status[view.status].title },
    waitingForReply: view.waitingForReply,
    messages: view.messages.map((m) => ({ from: m.from, at: m.at, body: m.body })),
  });
}
