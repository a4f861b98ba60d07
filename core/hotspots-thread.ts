/**
 * A worker thread of the parallel detection (core/hotspots-parallel.ts): takes a province's area, first
 * day and daily counts, runs the same detector as the main thread would (domain/hotspots.ts) and posts
 * back its alerts. Pure: no database, no clock.
 */
import { parentPort } from "node:worker_threads";
import { createHotspotDetector, type HotspotArea } from "../domain/hotspots";
import type { Day } from "../domain/stats";

export interface DetectionJob {
  id: number;
  area: HotspotArea;
  first: Day;
  counts: Int32Array[];
}

parentPort!.on("message", (job: DetectionJob) => {
  const detector = createHotspotDetector(job.area, job.first);
  for (const counts of job.counts) detector.addDay(counts);
  parentPort!.postMessage({ id: job.id, alerts: detector.alerts() });
});
