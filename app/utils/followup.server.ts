/**
 * Coming back with a receipt (the /theo-doi page and GET /api/v1/tips/status).
 *
 * Guessing a receipt is hopeless by design: 10^16 receipts, each try costs an
 * argon2id hash, and tries are limited per client (growing blocks: minutes, an
 * hour, a day) and across all clients. A wrong receipt and one that never
 * existed take the same path, so they get the same answer in the same time.
 *
 * An opened tip is held by a session: the HttpOnly, SameSite=Strict cookie holds
 * a random token, the database only its SHA-256 and the tip (receipt_sessions),
 * and the session ends after 20 minutes without use. Neither the receipt nor the
 * tip id is ever in the cookie.
 */
import { createCookie } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Redis } from "ioredis";
import { insertMessage } from "../../db/queries/messages";
import {
  findPublicTipState, listPublicMessages, resumeTipAfterTipster, type PublicMessage, type PublicTipState,
} from "../../db/queries/public-tips";
import { createReceiptSession, deleteReceiptSession, touchReceiptSession } from "../../db/queries/receipt-sessions";
import { appendTipEvent } from "../../db/queries/tip-events";
import { insertTipPhotos } from "../../db/queries/tip-photos";
import { findTipIdByReceiptHash } from "../../db/queries/tips";
import type { Database } from "../../db/schema";
import { generateToken, sha256Hex } from "./crypto.server";
import { receiptTime } from "./intake.server";
import { removePhotoFiles, writePhotoFiles, type SanitisedPhoto } from "./photos.server";
import { createLimiter, type Limiter } from "./rate-limit.server";
import { hashReceiptQueued } from "./receipts.server";

export const FOLLOW_UP_IDLE_MS = 20 * 60_000;

export const followUpCookie = createCookie("theo_doi", {
  path: "/theo-doi",
  httpOnly: true,
  sameSite: "strict",
});

export type PublicStatus = "received" | "verifying" | "acted_on" | "closed";

/** The four plain-words states a resident sees; officers' internal states stay internal. */
export function publicStatus(tip: Pick<PublicTipState, "status" | "valuable" | "linkedToCase">): PublicStatus {
  if (tip.valuable === true || tip.linkedToCase) return "acted_on";
  switch (tip.status) {
    case "received":
    case "routed":
      return "received";
    case "in_progress":
    case "waiting_tipster":
      return "verifying";
    case "closed":
      return "closed";
  }
}

const attemptLimiters = new WeakMap<Redis, { perClient: Limiter[]; global: Limiter }>();

function receiptLimiters(redis: Redis, prefix: string) {
  let limiters = attemptLimiters.get(redis);
  if (!limiters) {
    limiters = {
      // Growing blocks: a client who keeps guessing waits minutes, then an hour, then a day.
      perClient: [
        createLimiter(redis, prefix, { name: "receipt-10min", points: 10, durationSeconds: 600, blockSeconds: 600 }),
        createLimiter(redis, prefix, { name: "receipt-hour", points: 30, durationSeconds: 3_600, blockSeconds: 3_600 }),
        createLimiter(redis, prefix, { name: "receipt-day", points: 100, durationSeconds: 86_400, blockSeconds: 86_400 }),
      ],
      // Across every client: bounds a distributed search whatever the number of addresses.
      global: createLimiter(redis, prefix, { name: "receipt-all", points: 1_200, durationSeconds: 60 }),
    };
    attemptLimiters.set(redis, limiters);
  }
  return limiters;
}

/**
 * Counts one receipt attempt; the seconds to wait when over a limit, else null.
 * `clientKey` is null for a partner system, which has its own per-key allowance.
 */
export async function consumeReceiptAttempt(redis: Redis, prefix: string, clientKey: string | null): Promise<number | null> {
  const limiters = receiptLimiters(redis, prefix);
  for (const limiter of clientKey === null ? [] : limiters.perClient) {
    const wait = await limiter.consume(clientKey!);
    if (wait !== null) return wait;
  }
  return limiters.global.consume("all");
}

/** The tip a receipt opens, or null. Always hashes, so a wrong and an unknown receipt cost the same. */
export async function findTipByReceipt(db: Kysely<Database>, receiptSalt: string, digits: string): Promise<number | null> {
  const hash = await hashReceiptQueued(digits, receiptSalt);
  return findTipIdByReceiptHash(db, hash);
}

function expiryFrom(now: Date): string {
  // Rounded up to the minute, so the stored time does not give away the last visit to the second.
  return receiptTime(new Date(now.getTime() + FOLLOW_UP_IDLE_MS + 59_999));
}

/** Starts a session for `tipId`; returns the Set-Cookie header value. */
export async function openFollowUpSession(db: Kysely<Database>, tipId: number, secure: boolean): Promise<string> {
  const token = generateToken();
  const now = new Date();
  await createReceiptSession(
    db, { idHash: sha256Hex(token), tipId, createdAt: receiptTime(now), expiresAt: expiryFrom(now) }, now.toISOString(),
  );
  return followUpCookie.serialize(token, { secure });
}

async function sessionToken(request: Request): Promise<string | null> {
  const token: unknown = await followUpCookie.parse(request.headers.get("Cookie"));
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** The tip the request's session opens (pushing its expiry on), or null. */
export async function currentFollowUpTip(request: Request, db: Kysely<Database>): Promise<number | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  const now = new Date();
  return touchReceiptSession(db, sha256Hex(token), now.toISOString(), expiryFrom(now));
}

/** Ends the request's session; returns the Set-Cookie header value that clears the cookie. */
export async function closeFollowUpSession(request: Request, db: Kysely<Database>, secure: boolean): Promise<string> {
  const token = await sessionToken(request);
  if (token) await deleteReceiptSession(db, sha256Hex(token));
  return followUpCookie.serialize("", { maxAge: 0, secure });
}

export interface PublicTipView {
  status: PublicStatus;
  waitingForReply: boolean;
  /** Closed or purged: the thread is read-only. */
  finished: boolean;
  /** An officer has asked something: there is something to reply to (adding information is always possible). */
  canReply: boolean;
  category: string;
  submittedAt: string;
  messages: PublicMessage[];
}

export async function loadPublicTipView(db: Kysely<Database>, tipId: number): Promise<PublicTipView | null> {
  const tip = await findPublicTipState(db, tipId);
  if (!tip) return null;
  const finished = tip.status === "closed" || tip.purged;
  const messages = tip.purged ? [] : await listPublicMessages(db, tipId);
  return {
    status: publicStatus(tip),
    waitingForReply: tip.status === "waiting_tipster",
    finished,
    canReply: !finished && messages.some((m) => m.from === "officer"),
    category: tip.category,
    submittedAt: tip.createdAt,
    messages,
  };
}

export interface TipsterMessageInput {
  tipId: number;
  kind: "reply" | "addInfo";
  body: string;
  photos: SanitisedPhoto[];
}

/**
 * Adds the tipster's message (and photos) to the thread with its audit event; an
 * open question (`waiting_tipster`) is thereby answered and the tip goes back to
 * `in_progress`, with its own event. One transaction; photo files are removed if it fails.
 */
export async function addTipsterMessage(deps: { db: Kysely<Database>; uploadsDir: string }, input: TipsterMessageInput): Promise<void> {
  const stored = await writePhotoFiles(deps.uploadsDir, input.photos);
  const at = receiptTime();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const messageId = await insertMessage(trx, { tipId: input.tipId, author: "tipster", userId: null, body: input.body, at });
      await insertTipPhotos(trx, input.tipId, messageId, stored, at);
      await appendTipEvent(trx, {
        tipId: input.tipId, at, actorKind: "tipster",
        type: input.kind === "reply" ? "tipster_replied" : "tipster_added_info",
        data: { messageId, photos: stored.length },
      });
      if (await resumeTipAfterTipster(trx, input.tipId, at)) {
        await appendTipEvent(trx, {
          tipId: input.tipId, at, actorKind: "tipster", type: "status_changed",
          data: { from: "waiting_tipster", to: "in_progress", reason: "tipster answered" },
        });
      }
    });
  } catch (err) {
    await removePhotoFiles(deps.uploadsDir, stored.map((p) => p.fileName));
    throw err;
  }
}
