/**
 * GET /api/v1/tips/status — `X-Receipt: <receipt>` → the tip's public status and
 * its thread (CONTRACT.md). A malformed, wrong or never-issued receipt gets the
 * same 404 after the same argon2 work. Partners may send their API key to be
 * limited per key instead of per client.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseReceipt } from "../../domain/receipt";
import { resources } from "~/i18n/resources";
import { apiError, apiJson, authenticateApiKey, consumeApiAllowance } from "~/utils/api.server";
import { consumeReceiptAttempt, findTipByReceipt, loadPublicTipView } from "~/utils/followup.server";

/** Hashed in place of a malformed receipt, so every 404 costs the same. */
const NO_RECEIPT = "0000000000000000";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const prefix = context.config.QUEUE_PREFIX;
  let clientKey: string | null = context.clientKey;
  if (request.headers.has("authorization")) {
    const caller = await authenticateApiKey(request, context.db);
    if (!caller) return apiError(401, "unknown or revoked API key", undefined, { "WWW-Authenticate": "Bearer" });
    const wait = await consumeApiAllowance(context.redis, prefix, caller);
    if (wait !== null) return apiError(429, "rate limit exceeded", undefined, { "Retry-After": String(wait) });
    clientKey = null;
  }
  const header = request.headers.get("x-receipt");
  if (header === null) return apiError(400, "missing X-Receipt header", { "X-Receipt": "required" });
  const wait = await consumeReceiptAttempt(context.redis, prefix, clientKey);
  if (wait !== null) return apiError(429, "too many receipt attempts", undefined, { "Retry-After": String(wait) });

  const digits = parseReceipt(header);
  const tipId = await findTipByReceipt(context.db, context.config.RECEIPT_SALT, digits ?? NO_RECEIPT);
  const view = digits && tipId !== null ? await loadPublicTipView(context.db, tipId) : null;
  if (!view) return apiError(404, "no tip with this receipt");
  return apiJson(200, {
    status: view.status,
    statusText: { vi: resources.vi.intake.status[view.status].title, en: resources.en.intake.status[view.status].title },
    waitingForReply: view.waitingForReply,
    messages: view.messages.map((m) => ({ from: m.from, at: m.at, body: m.body })),
  });
}
