/**
 * WAL checkpoints on a thread of their own (docs/decisions/0016-background-checkpoints.md).
 *
 * SQLite's automatic checkpoint runs inside whichever commit pushes the WAL past
 * its limit: that commit copies a thousand pages into the database file and
 * syncs both files, on the event loop, while its request or job waits. On a
 * large history that was every twentieth tip through the pipeline, 10–20 ms each,
 * and it was the pipeline's p99. Here a thread with its own connection runs a
 * PASSIVE checkpoint a few times a second — passive: it never waits for, nor
 * blocks, readers and writers — and the foreground's automatic checkpoint stays
 * as a far-off safety net (FOREGROUND_CHECKPOINT_PAGES) in case the thread cannot
 * keep up or stops.
 *
 * The thread's code is plain CommonJS passed as a string, so it runs the same
 * under tsx, vitest and the compiled build.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** The foreground's own automatic checkpoint, in pages (≈ 128 MiB of WAL), when a thread does the usual work. */
export const FOREGROUND_CHECKPOINT_PAGES = 32_768;
const DEFAULT_INTERVAL_MS = 200;
/** A WAL that grew during a burst is cut back to this size after the next reset. */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("journal_size_limit = " + workerData.walSizeLimit);
const passive = db.prepare("pragma wal_checkpoint(PASSIVE)");
let failures = 0;
function run() {
  try {
    passive.get();
    failures = 0;
  } catch (err) {
    // Busy or locked: another checkpointer is at work, or a writer holds a lock; next time.
    if (++failures === 50) parentPort.postMessage({ error: String(err && err.message || err) });
  }
}
const timer = setInterval(run, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  run();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const thread = new Worker(THREAD, {
    eval: true,
    workerData: {
      path, driver, intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS, walSizeLimit: WAL_SIZE_LIMIT_BYTES,
    },
  });
  thread.unref(); // a process may exit without stopping it; SQLite's own checkpoint on close covers the rest
  thread.on("message", (message: { error?: string }) => {
    if (message.error) options.onError?.(`WAL checkpoints keep failing: ${message.error}`);
  });
  thread.on("error", (err) => options.onError?.(`WAL checkpoint thread stopped: ${err.message}`));
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  return {
    async stop() {
      thread.postMessage("stop");
      const timeout = setTimeout(() => void thread.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
