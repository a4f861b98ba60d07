/**
 * Receipts: hashing them for new tips and look-ups, in every process that takes or opens tips.
 *
 * Hashing: a receipt's argon2id hash is the only expensive step of taking a tip
 * or opening one (~20 MiB and tens of milliseconds of one core). argon2 runs in
 * libuv's thread pool (4 threads), which also serves file I/O and gzip. Hashes
 * queue here, at most one per core: more at once adds no throughput (each hash is
 * one core's work) but takes CPU from the main thread, which renders the pages, and
 * pool threads stay free for their gzip and files (docs/decisions/0014-receipt-hashing.md).
 * The queue has lanes, so look-ups never delay new tips (docs/decisions/0042).
 *
 * New tips' receipts are drawn and hashed ahead of need (ReceiptHasher.take): the
 * hashing slots work while requests read bodies, commit and answer, instead of
 * waiting for the next request to reach them.
 *
 * One ReceiptHasher per process holds the slots and the pool: each process makes
 * it once at start and hands it to whoever takes tips or opens them (the web
 * process through its load context, app/context.ts), so the slots are shared
 * even though the Remix build and the partner API load this module separately.
 */
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

export interface HashedReceipt {
  receipt: string;
  hash: string;
}

/** Ready receipts kept when nothing waits: one per hashing slot. */
const READY_MAX = HASH_SLOTS;

export class ReceiptHasher {
  readonly #salt: string;
  #running = 0;
  #lookupsRunning = 0;
  readonly #waiting: Record<HashLane, FairQueue> = { intake: new FairQueue(), resident: new FairQueue(), partner: new FairQueue() };
  /** Look-ups waiting or hashing, per lane and client. */
  readonly #pending = new Map<string, number>();
  /** Receipts hashed ahead of need, tips waiting for one, and hashes under way for them. */
  readonly #ready: HashedReceipt[] = [];
  readonly #takers: Array<{ resolve: (r: HashedReceipt) => void; reject: (err: unknown) => void }> = [];
  #producing = 0;

  /** `receiptSalt`: the deployment's RECEIPT_SALT. */
  constructor(receiptSalt: string) {
    this.#salt = receiptSalt;
  }

  /**
   * argon2id of the receipt digits under the deployment salt, in its lane (see
   * above). A look-up names its client (a resident's keyed address hash, a
   * partner's key); it fails with HashQueueFull when that client, or the lane,
   * already has too many waiting.
   */
  hash(digits: string, lane: HashLane = "intake", client = ""): Promise<string> {
    return this.#withSlot(lane, client, () => hashReceipt(digits, this.#salt));
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
  take(): Promise<HashedReceipt> {
    const ready = this.#ready.shift();
    const taken = ready ? Promise.resolve(ready) : new Promise<HashedReceipt>((resolve, reject) => this.#takers.push({ resolve, reject }));
    this.#refill();
    return taken;
  }

  /** How many hashed receipts wait unused (for tests). */
  get readyCount(): number {
    return this.#ready.length;
  }

  #refill(): void {
    while (this.#producing < HASH_SLOTS && this.#ready.length + this.#producing < READY_MAX + this.#takers.length) {
      this.#producing++;
      const receipt = generateReceipt();
      this.hash(receipt).then(
        (hash) => {
          this.#producing--;
          const taker = this.#takers.shift();
          if (taker) taker.resolve({ receipt, hash });
          else this.#ready.push({ receipt, hash });
          this.#refill();
        },
        (err: unknown) => {
          // A failing hash fails the tip that waited longest; more are made only for tips still waiting.
          this.#producing--;
          this.#takers.shift()?.reject(err);
          if (this.#takers.length > this.#producing) this.#refill();
        },
      );
    }
  }

  #mayStart(lane: HashLane): boolean {
    return this.#running < HASH_SLOTS && (lane === "intake" || this.#lookupsRunning < LOOKUP_SLOTS);
  }

  #occupy(lane: HashLane): void {
    this.#running++;
    if (lane !== "intake") this.#lookupsRunning++;
  }

  /** Gives free slots to waiters, lane by lane. */
  #dispatch(): void {
    for (const lane of LANES) {
      while (this.#mayStart(lane)) {
        const start = this.#waiting[lane].shift();
        if (!start) break;
        this.#occupy(lane);
        start();
      }
    }
  }

  async #withSlot<T>(lane: HashLane, client: string, work: () => Promise<T>): Promise<T> {
    const pendingKey = `${lane}:${client}`;
    if (lane !== "intake") {
      const pending = this.#pending.get(pendingKey) ?? 0;
      if (pending >= LOOKUPS_PER_CLIENT[lane]) throw new HashQueueFull("client");
      if (!this.#mayStart(lane) && pending === 0 && this.#waiting[lane].clients >= WAITING_CLIENTS_MAX) throw new HashQueueFull("all");
      this.#pending.set(pendingKey, pending + 1);
    }
    if (this.#mayStart(lane)) this.#occupy(lane);
    else await new Promise<void>((resolve) => this.#waiting[lane].push(client, resolve));
    try {
      return await work();
    } finally {
      this.#running--;
      if (lane !== "intake") {
        this.#lookupsRunning--;
        const left = (this.#pending.get(pendingKey) ?? 1) - 1;
        if (left > 0) this.#pending.set(pendingKey, left);
        else this.#pending.delete(pendingKey);
      }
      this.#dispatch();
    }
  }
}
