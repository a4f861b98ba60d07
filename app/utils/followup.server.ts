/**
 * Coming back with a receipt (the /theo-doi page and GET /api/v1/tips/status).
 *
 * Guessing a receipt is hopeless by design: 10^16 receipts, each try costs an
 * argon2id hash, and tries are limited per client (growing waits: minutes, an
 * hour, a day) and per partner key. A wrong receipt and one that never
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
import { notifyTipEvent } from "../../core/notifications";
import { countTipsterAdditionsSince, insertMessage } from "../../db/queries/messages";
import {
  findPublicTipState, listPublicMessages, resumeTipAfterTipster, type PublicMessage, type PublicTipState,
} from "../../db/queries/public-tips";
import { createReceiptSession, deleteReceiptSession, touchReceiptSession } from "../../db/queries/receipt-sessions";
import { appendTipEvent } from "../../db/queries/tip-events";
import { insertTipPhotos } from "../../db/queries/tip-photos";
import { findTipIdByReceiptHash } from "../../db/queries/tips";
import { coarseTime } from "../../domain/coarse-time";
import type { Database } from "../../db/schema";
import { TIPSTER_ADDITIONS_PER_DAY, TIPSTER_PHOTO_BYTES_PER_DAY } from "../../domain/tip-limits";
import { generateToken, sha256Hex } from "../../core/platform/crypto";
import { removePhotoFiles, writePhotoFiles, type SanitisedPhoto } from "../../core/photos";
import { createLimiter, type Limiter, type LimitSpec } from "./rate-limit.server";
import { HashQueueFull, type ReceiptHasher } from "../../core/receipts";

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

/**
 * Who asks for a tip by its receipt: a resident (known by the keyed hash of
 * their address group) or a partner system (by its API key). Each is limited
 * within its own budget, so no one's tries use up another's
 * (docs/decisions/0042-receipt-look-ups.md).
 */
export type ReceiptSeeker = { kind: "resident"; clientKey: string } | { kind: "partner"; apiKeyId: number };

const attemptLimiters = new WeakMap<Redis, { perClient: Limiter[]; partnerMisses: Limiter }>();

/**
 * Residents: 10 tries per 10 minutes, 30 per hour, 100 per day, each in a
 * fixed window (a client who keeps guessing waits out the 10 minutes, then the
 * hour, then the day). Partners: their key's per-minute allowance (checked by
 * the API) and at most 100 receipts that open nothing per hour; their valid
 * look-ups are not counted here. There is no limit across all clients: it was
 * one budget that two keys, or ~120 addresses, could spend for everyone. The
 * search is bounded instead by each client's limit and by the hashing itself
 * (one lane, shared in turn: core/receipts.ts).
 */
export const RECEIPT_LIMITS = {
  resident: [
    { name: "receipt-10min", points: 10, durationSeconds: 600 },
    { name: "receipt-hour", points: 30, durationSeconds: 3_600 },
    { name: "receipt-day", points: 100, durationSeconds: 86_400 },
  ],
  partnerMisses: { name: "receipt-key-misses", points: 100, durationSeconds: 3_600 },
} satisfies { resident: LimitSpec[]; partnerMisses: LimitSpec };

function receiptLimiters(redis: Redis, prefix: string) {
  let limiters = attemptLimiters.get(redis);
  if (!limiters) {
    limiters = {
      perClient: RECEIPT_LIMITS.resident.map((spec) => createLimiter(redis, prefix, spec)),
      partnerMisses: createLimiter(redis, prefix, RECEIPT_LIMITS.partnerMisses),
    };
    attemptLimiters.set(redis, limiters);
  }
  return limiters;
}

/** Counts one receipt attempt (a partner's only asks whether its misses are used up); the seconds to wait when over, else null. */
export async function consumeReceiptAttempt(redis: Redis, prefix: string, seeker: ReceiptSeeker): Promise<number | null> {
  const limiters = receiptLimiters(redis, prefix);
  if (seeker.kind === "partner") return limiters.partnerMisses.consume(String(seeker.apiKeyId), 0);
  for (const limiter of limiters.perClient) {
    const wait = await limiter.consume(seeker.clientKey);
    if (wait !== null) return wait;
  }
  return null;
}

/** A receipt that opened nothing: counted against a partner's misses (a resident's tries are already counted). */
export async function recordReceiptMiss(redis: Redis, prefix: string, seeker: ReceiptSeeker): Promise<void> {
  if (seeker.kind === "partner") await receiptLimiters(redis, prefix).partnerMisses.consume(String(seeker.apiKeyId));
}

/** How a look-up refused by the hashing lanes is answered: 429 for a client with too many at once, 503 when everyone waits. */
export function lookupRefusal(err: unknown): { status: 429 | 503; retryAfterSeconds: number } | null {
  if (!(err instanceof HashQueueFull)) return null;
  return err.scope === "client" ? { status: 429, retryAfterSeconds: 2 } : { status: 503, retryAfterSeconds: 5 };
}

/**
 * The tip a receipt opens, or null. Always hashes, so a wrong and an unknown
 * receipt cost the same. Throws HashQueueFull when the seeker, or everyone,
 * already has too many look-ups waiting.
 */
export async function findTipByReceipt(db: Kysely<Database>, receipts: ReceiptHasher, digits: string, seeker: ReceiptSeeker): Promise<number | null> {
  const hash = seeker.kind === "resident"
    ? await receipts.hash(digits, "resident", seeker.clientKey)
    : await receipts.hash(digits, "partner", String(seeker.apiKeyId));
  return findTipIdByReceiptHash(db, hash);
}

function expiryFrom(now: Date): string {
  // Rounded up to the minute, so the stored time does not give away the last visit to the second.
  return coarseTime(new Date(now.getTime() + FOLLOW_UP_IDLE_MS + 59_999));
}

/** Starts a session for `tipId`; returns the Set-Cookie header value. */
export async function openFollowUpSession(db: Kysely<Database>, tipId: number, secure: boolean): Promise<string> {
  const token = generateToken();
  const now = new Date();
  await createReceiptSession(
    db, { idHash: sha256Hex(token), tipId, createdAt: coarseTime(now), expiresAt: expiryFrom(now) }, now.toISOString(),
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

/**
 * How much a tipster may add (issue 18, item 5: one client wrote 551 MB in 25
 * seconds). Per follow-up session: 5 replies or additions per 10 minutes, in a
 * fixed window. Per tip, whoever sends: 10 a day and 25 MB of stored photos a
 * day (photos are stored re-encoded, at most 2560 px: a few MB each).
 */
export const ADDITION_LIMITS = {
  perSession: { name: "tipster-additions", points: 5, durationSeconds: 600 },
  perTipPerDay: { messages: TIPSTER_ADDITIONS_PER_DAY, photoBytes: TIPSTER_PHOTO_BYTES_PER_DAY },
} as const;

const additionLimiters = new WeakMap<Redis, Limiter>();

/** Counts one addition by this session; the seconds to wait when over its limit, else null. */
export async function consumeSessionAddition(request: Request, redis: Redis, prefix: string): Promise<number | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  let limiter = additionLimiters.get(redis);
  if (!limiter) additionLimiters.set(redis, (limiter = createLimiter(redis, prefix, ADDITION_LIMITS.perSession)));
  return limiter.consume(sha256Hex(token).slice(0, 32));
}

/** Whether the tip can take this addition today (the last 24 hours). */
export async function tipTakesAddition(db: Kysely<Database>, tipId: number, photoBytes: number, now = new Date()): Promise<boolean> {
  const since = coarseTime(new Date(now.getTime() - 24 * 3_600_000));
  const today = await countTipsterAdditionsSince(db, tipId, since);
  return today.messages < ADDITION_LIMITS.perTipPerDay.messages && today.photoBytes + photoBytes <= ADDITION_LIMITS.perTipPerDay.photoBytes;
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
 * `in_progress`, with its own event; the officer who took the tip (else its unit) is
 * notified. One transaction; photo files are removed if it fails. Returns the tip's
 * unit, whose live queue the caller tells.
 */
export async function addTipsterMessage(deps: { db: Kysely<Database>; uploadsDir: string }, input: TipsterMessageInput): Promise<string | null> {
  const stored = await writePhotoFiles(deps.uploadsDir, input.photos);
  const at = coarseTime();
  try {
    return await deps.db.transaction().execute(async (trx) => {
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
      return (await notifyTipEvent(trx, input.tipId, { kind: "tipster_answered", messageId }, at)).unitCode;
    });
  } catch (err) {
    await removePhotoFiles(deps.uploadsDir, stored.map((p) => p.fileName));
    throw err;
  }
}
