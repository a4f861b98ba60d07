/**
 * Hotspot detection from scratch for many provinces at once (docs/decisions/0095): the main thread
 * reads each province's area and daily counts from the database, one at a time, and worker threads
 * run the detectors, which are independent per province and pure — the same code, the same
 * arithmetic, so the same alerts as detectProvinceHotspots one after another. The time of a national
 * run from scratch is the detectors' CPU over days × wards × types (ADR 0089: 34.6 s at 10 M tips on one
 * core); threads spread it over the machine's cores.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Kysely } from "kysely";
import { firstIncidentDay } from "../db/queries/hotspots";
import { refreshSummaries } from "../db/queries/summaries";
import type { Database } from "../db/schema";
import { createHotspotDetector, type HotspotAlert } from "../domain/hotspots";
import type { Day } from "../domain/stats";
import { countProvinceIncidents, loadProvinceArea } from "./hotspots";
import type { DetectionJob } from "./hotspots-thread";

/** The thread runs TypeScript like the process that starts it (tsx). */
const THREAD_SOURCE = `import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(new URL("./hotspots-thread.ts", import.meta.url).href)});`;

/**
 * The alerts current at the end of `through` in each of `provinces`, from scratch, in the provinces' order.
 * `threads`: detector threads (default: one per core — the reads between them are a few per cent of the time; 1 = no thread, all in this one).
 */
export async function detectProvincesHotspots(
  db: Kysely<Database>, provinces: string[], through: Day, options: { now?: Date; threads?: number } = {},
): Promise<Map<string, HotspotAlert[]>> {
  await refreshSummaries(db, options.now ?? new Date());
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), provinces.length));
  const results = new Map<string, HotspotAlert[]>(provinces.map((p) => [p, []]));
  const jobs = async function* (): AsyncGenerator<DetectionJob & { province: string }> {
    let id = 0;
    for (const province of provinces) {
      const { area } = await loadProvinceArea(db, province);
      const first = await firstIncidentDay(db, province);
      if (!first || first > through) continue;
      yield { id: id++, province, area, first, counts: await countProvinceIncidents(db, province, area, first, through) };
    }
  };
  if (threads === 1) {
    for await (const job of jobs()) {
      const detector = createHotspotDetector(job.area, job.first);
      for (const counts of job.counts) detector.addDay(counts);
      results.set(job.province, detector.alerts());
    }
    return results;
  }
  const pool = Array.from({ length: threads }, () => new Worker(THREAD_SOURCE, { eval: true }));
  try {
    const idle = [...pool];
    const waiting: Array<(worker: Worker) => void> = [];
    const release = (worker: Worker) => (waiting.length > 0 ? waiting.shift()!(worker) : idle.push(worker));
    const acquire = () => (idle.length > 0 ? Promise.resolve(idle.pop()!) : new Promise<Worker>((resolve) => waiting.push(resolve)));
    const running: Promise<void>[] = [];
    for await (const job of jobs()) {
      const worker = await acquire();
      const { province, ...message } = job;
      running.push(new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        worker.once("error", onError);
        worker.once("message", (reply: { id: number; alerts: HotspotAlert[] }) => {
          worker.off("error", onError);
          results.set(province, reply.alerts);
          release(worker);
          resolve();
        });
        // The counts move to the thread (no copy): this thread is done with them.
        worker.postMessage(message, message.counts.map((c) => c.buffer as ArrayBuffer));
      }));
    }
    await Promise.all(running);
    return results;
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
