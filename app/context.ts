/**
 * What the HTTP server hands every loader and action (server/index.ts builds it).
 * Routes reach the database and Redis only through this, so the web process
 * holds exactly one connection pool and one Redis client. It has no queue: tips
 * reach the pipeline through the worker's relay (workers/outbox.ts).
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import type { Config } from "../core/platform/config";
import type { ReceiptHasher } from "../core/receipts";

export interface AppContext {
  database: DatabaseHandle;
  db: DatabaseHandle["db"];
  redis: Redis;
  config: Config;
  log: Logger;
  /** The process's one receipt hasher: its slots are shared by the pages and the partner API. */
  receipts: ReceiptHasher;
  /** Per-request nonce for the Content-Security-Policy's inline scripts. */
  cspNonce: string;
  /**
   * Keyed hash of the client address under today's rotating salt, for rate
   * limits only. The address itself is never handed to the app.
   */
  clientKey: string;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
