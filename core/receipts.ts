/**
 * Receipts in the web process.
 *
 * Hashing: a receipt's argon2id hash is the only expensive step of taking a tip
 * or opening one (~20 MiB and tens of milliseconds of one core). argon2 runs in
 * libuv's thread pool (4 threads), which also serves file I/O and gzip. Hashes
 * queue here, at most one per core: more at once adds no throughput (each hash is
 * one core's work) but takes CPU from the main thread, which renders the pages, and
 * pool threads stay free for their gzip and files (docs/decisions/0014-receipt-hashing.md).
 * The queue has lanes, so look-ups never delay new tips (docs/decisions/0042).
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
import { generateReceipt } from "../domain/receipt";
import { hashReceipt } from "./platform/crypto";

const POOL_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const HASH_SLOTS = Math.max(1, Math.min(availableParallelism(), POOL_THREADS - 1));

/**
 * Who a hash is for, in the order free slots are given (docs/decisions/0042):
 * new tips' receipts first, then residents opening their tip, then partner
 * systems asking a status. Look-ups never hold every slot — one is always left
 * for new tips — so a flood of look-ups cannot make a submission wait behind
 * them. Within a look-up lane, waiting clients are served in turn (one hash
 * each, round robin), so a client with many requests waits as long as one
 * with a single request, and a resident's valid receipt is not starved by
 * others' guesses.
 */
export type HashLane = "intake" | "resident" | "partner";
const LANES: HashLane[] = ["intake", "resident", "partner"];
const LOOKUP_SLOTS = Math.max(1, HASH_SLOTS - 1);
/** A client's look-ups waiting or hashing at once; more are refused at once (a person sends one or two, a partner system a few). */
export const LOOKUPS_PER_CLIENT: Record<Exclude<HashLane, "intake">, number> = { resident: 2, partner: 4 };
/** Distinct clients waiting in a look-up lane; past that a look-up is refused (503) rather than queued for minutes. */
export const WAITING_CLIENTS_MAX = 256;

export class HashQueueFull extends Error {
  constructor(readonly scope: "client" | "all") {
    super(`receipt look-ups: ${scope === "client" ? "this client has too many waiting" : "too many clients waiting"}`);
  }
}

/** Waiters of one lane, by client, served in turn. */
class FairQueue {
  readonly #byClient = new Map<string, Array<() => void>>();
  get clients(): number {
    return this.#byClient.size;
  }
  push(client: string, start: () => void): void {
    const waiting = this.#byClient.get(client);
    if (waiting) waiting.push(start);
    else this.#byClient.set(client, [start]);
  }
  /** The next waiter: the first client's oldest, that client then going to the back of the line. */
  shift(): (() => void) | undefined {
    const first = this.#byClient.entries().next();
    if (first.done) return undefined;
    const [client, waiting] = first.value;
    const start = waiting.shift();
    this.#byClient.delete(client);
    if (waiting.length > 0) this.#byClient.set(client, waiting);
    return start;
  }
}

/**
 * One set of slots per process, even though this module is loaded twice in the web
 * process: bundled into the Remix build (the form, follow-up) and from source by
 * the partner API (server/api.ts).
 */
interface HashSlots {
  running: number;
  lookupsRunning: number;
  waiting: Record<HashLane, FairQueue>;
  /** Look-ups waiting or hashing, per lane and client. */
  pending: Map<string, number>;
}
const registry = globalThis as unknown as Record<symbol, unknown>;
const slots = (registry[Symbol.for("tinbao.receiptHashLanes")] ??= {
  running: 0, lookupsRunning: 0, waiting: { intake: new FairQueue(), resident: new FairQueue(), partner: new FairQueue() }, pending: new Map(),
}) as HashSlots;

function mayStart(lane: HashLane): boolean {
  return slots.running < HASH_SLOTS && (lane === "intake" || slots.lookupsRunning < LOOKUP_SLOTS);
}

function occupy(lane: HashLane): void {
  slots.running++;
  if (lane !== "intake") slots.lookupsRunning++;
}

/** Gives free slots to waiters, lane by lane. */
function dispatch(): void {
  for (const lane of LANES) {
    while (mayStart(lane)) {
      const start = slots.waiting[lane].shift();
      if (!start) break;
      occupy(lane);
      start();
    }
  }
}

async function withHashSlot<T>(lane: HashLane, client: string, work: () => Promise<T>): Promise<T> {
  const pendingKey = `${lane}:${client}`;
  if (lane !== "intake") {
    const pending = slots.pending.get(pendingKey) ?? 0;
    if (pending >= LOOKUPS_PER_CLIENT[lane]) throw new HashQueueFull("client");
    if (!mayStart(lane) && pending === 0 && slots.waiting[lane].clients >= WAITING_CLIENTS_MAX) throw new HashQueueFull("all");
    slots.pending.set(pendingKey, pending + 1);
  }
  if (mayStart(lane)) occupy(lane);
  else await new Promise<void>((resolve) => slots.waiting[lane].push(client, resolve));
  try {
    return await work();
  } finally {
    slots.running--;
    if (lane !== "intake") {
      slots.lookupsRunning--;
      const left = (slots.pending.get(pendingKey) ?? 1) - 1;
      if (left > 0) slots.pending.set(pendingKey, left);
      else slots.pending.delete(pendingKey);
    }
    dispatch();
  }
}

/**
 * argon2id of the receipt digits under the deployment salt, in its lane (see
 * above). A look-up names its client (a resident's keyed address hash, a
 * partner's key); it fails with HashQueueFull when that client, or the lane,
 * already has too many waiting.
 */
export function hashReceiptQueued(digits: string, receiptSalt: string, lane: HashLane = "intake", client = ""): Promise<string> {
  return withHashSlot(lane, client, () => hashReceipt(digits, receiptSalt));
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
 * handed out once. Productions take the intake lane, ahead of every look-up.
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
