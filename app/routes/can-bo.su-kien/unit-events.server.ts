/**
 * One Redis subscriber per web process, shared by every open event stream:
 * streams register the unit channels they want, the hub subscribes to a
 * channel while anyone listens to it. On SIGTERM/SIGINT the streams are ended,
 * so the server's graceful shutdown is not held up by open connections.
 */
import type { Redis } from "ioredis";
import { unitChannel, type UnitEvent } from "../../../core/platform/notify";

type Listener = (event: UnitEvent) => void;

export class UnitEventHub {
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #closers = new Set<() => void>();

  constructor(redis: Redis, prefix: string) {
    // A subscriber must queue commands while reconnecting; the producer connection does not.
    this.#subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    this.#subscriber.on("error", () => {});
    this.#prefix = prefix;
    this.#subscriber.on("message", (channel: string, message: string) => {
      const listeners = this.#listeners.get(channel);
      if (!listeners) return;
      let event: UnitEvent;
      try {
        const parsed = JSON.parse(message) as Partial<UnitEvent>;
        if (typeof parsed.tipId !== "number" || typeof parsed.type !== "string") return;
        event = { tipId: parsed.tipId, type: parsed.type };
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    });
    const shutdown = () => this.closeAll();
    process.once("SIGTERM", shutdown);
    process.once("SIGINT", shutdown);
  }

  /** Listens to the units' channels; returns the function that stops listening. */
  listen(unitCodes: string[], listener: Listener, close: () => void): () => void {
    const channels = unitCodes.map((u) => unitChannel(this.#prefix, u));
    for (const channel of channels) {
      let set = this.#listeners.get(channel);
      if (!set) {
        set = new Set();
        this.#listeners.set(channel, set);
        void this.#subscriber.subscribe(channel).catch(() => {});
      }
      set.add(listener);
    }
    this.#closers.add(close);
    return () => {
      this.#closers.delete(close);
      for (const channel of channels) {
        const set = this.#listeners.get(channel);
        if (!set) continue;
        set.delete(listener);
        if (set.size === 0) {
          this.#listeners.delete(channel);
          void this.#subscriber.unsubscribe(channel).catch(() => {});
        }
      }
    };
  }

  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }
}

const hubs = new WeakMap<Redis, UnitEventHub>();

export function getUnitEventHub(redis: Redis, prefix: string): UnitEventHub {
  let hub = hubs.get(redis);
  if (!hub) {
    hub = new UnitEventHub(redis, prefix);
    hubs.set(redis, hub);
  }
  return hub;
}
