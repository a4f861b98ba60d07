/**
 * Receipts in the web process.
 *
 * Hashing: a receipt's argon2id hash is the only expensive step of taking a tip
 * or opening one (~20 MiB and tens of milliseconds of one core). argon2 runs in
 * libuv's thread pool (4 threads), which also serves file I/O and gzip. Hashes
 * queue here, at most one per core: more at once adds no throughput (each hash is
 * one core's work) but takes CPU from the main thread, which renders the pages, and
 * pool threads stay free for their gzip and files (docs/decisions/0014-receipt-hashing.md).
 *
 * New tips' receipts are drawn and hashed ahead of need (takeHashedReceipt): the
 * hashing slots work while requests read bodies, commit and answer, instead of
 * waiting for the next request to reach them.
 *
 * Sealing: the few places that must give the same receipt back later (a partner
 * retrying with an Idempotency-Key, a resident reloading the receipt page) keep
 * it sealed with AES-256-GCM under a key derived from DATA_KEY for that purpose.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { generateReceipt } from "../../domain/receipt";
import { hashReceipt } from "./crypto.server";

const POOL_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const HASH_SLOTS = Math.max(1, Math.min(availableParallelism(), POOL_THREADS - 1));
/**
 * One queue per process, even though this module is loaded twice in the web
 * process: bundled into the Remix build (the form, follow-up) and from source by
 * the partner API (server/api.ts).
 */
interface HashSlots {
  running: number;
  waiting: Array<() => void>;
}
const registry = globalThis as unknown as Record<symbol, unknown>;
const slots = (registry[Symbol.for("tinbao.receiptHashSlots")] ??= { running: 0, waiting: [] }) as HashSlots;

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.running >= HASH_SLOTS) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.running++;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next(); // hand the slot over directly
    else slots.running--;
  }
}

/** argon2id of the receipt digits under the deployment salt, queued (see above). */
export function hashReceiptQueued(digits: string, receiptSalt: string): Promise<string> {
  return withHashSlot(() => hashReceipt(digits, receiptSalt));
}

/**
 * A new tip's receipt and its hash, drawn ahead of need. Under load every
 * hashing slot would otherwise sit idle between one request's hash and the
 * next request's arrival (while each request commits, syncs and is answered,
 * and its client sends the next), and hashing is what sets the intake rate.
 * So up to one receipt per slot is kept ready, and more are made while tips
 * wait: the slots stay busy while there is demand and stop when the pool is
 * full. The receipts are the same CSPRNG digits, only drawn earlier; an unused
 * one lives in this process's memory only, linked to nothing, and each is
 * handed out once. Productions share the slot queue with receipt look-ups, and
 * never take more than HASH_SLOTS of it at a time.
 */
export function takeHashedReceipt(receiptSalt: string): Promise<HashedReceipt> {
  let pool = pools.get(receiptSalt);
  if (!pool) pools.set(receiptSalt, (pool = { ready: [], waiting: [], producing: 0 }));
  const ready = pool.ready.shift();
  const taken = ready ? Promise.resolve(ready) : new Promise<HashedReceipt>((resolve, reject) => pool.waiting.push({ resolve, reject }));
  refill(pool, receiptSalt);
  return taken;
}

export interface HashedReceipt {
  receipt: string;
  hash: string;
}

interface ReceiptPool {
  ready: HashedReceipt[];
  waiting: Array<{ resolve: (r: HashedReceipt) => void; reject: (err: unknown) => void }>;
  producing: number;
}

/** Ready receipts kept per salt when nothing waits: one per hashing slot. */
const READY_MAX = HASH_SLOTS;
const pools = (registry[Symbol.for("tinbao.receiptPools")] ??= new Map()) as Map<string, ReceiptPool>;

function refill(pool: ReceiptPool, receiptSalt: string) {
  while (pool.producing < HASH_SLOTS && pool.ready.length + pool.producing < READY_MAX + pool.waiting.length) {
    pool.producing++;
    const receipt = generateReceipt();
    hashReceiptQueued(receipt, receiptSalt).then(
      (hash) => {
        pool.producing--;
        const waiter = pool.waiting.shift();
        if (waiter) waiter.resolve({ receipt, hash });
        else pool.ready.push({ receipt, hash });
        refill(pool, receiptSalt);
      },
      (err: unknown) => {
        // A failing hash fails the tip that waited longest; more are made only for tips still waiting.
        pool.producing--;
        pool.waiting.shift()?.reject(err);
        if (pool.waiting.length > pool.producing) refill(pool, receiptSalt);
      },
    );
  }
}

/** How many hashed receipts wait unused for `receiptSalt` (for tests). */
export function readyReceipts(receiptSalt: string): number {
  return pools.get(receiptSalt)?.ready.length ?? 0;
}

export type SealPurpose = "api-idempotency" | "form-resubmission" | "client-salt";

const SEAL_VERSION = "s1";

function purposeKey(dataKeyBase64: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(dataKeyBase64, "base64"), Buffer.alloc(0), `tinbao:${purpose}`, 32));
}

export function sealForLater(plaintext: string, dataKeyBase64: string, purpose: SealPurpose): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", purposeKey(dataKeyBase64, purpose), nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [SEAL_VERSION, nonce.toString("base64"), ciphertext.toString("base64"), cipher.getAuthTag().toString("base64")].join(".");
}

/** The sealed text, or null when the envelope is damaged or sealed under another key or purpose. */
export function openSealed(sealed: string, dataKeyBase64: string, purpose: SealPurpose): string | null {
  const [version, nonce, ciphertext, tag] = sealed.split(".");
  if (version !== SEAL_VERSION || !nonce || ciphertext === undefined || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", purposeKey(dataKeyBase64, purpose), Buffer.from(nonce, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
