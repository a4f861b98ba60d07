/**
 * One worker process for hotspot-alerts.test.ts: the hotspot job scheduler and its
 * consumer (workers/hotspots.ts) with a clock fixed at NOW; prints "run N" per run (N: days it recorded).
 *
 *   tsx tests/setup/hotspot-worker.ts DATABASE_URL REDIS_URL PREFIX NOW EVERY_MS
 */
import { Redis } from "ioredis";
import { openDatabase } from "../../db/client";
import { startHotspotDetection } from "../../workers/hotspots";

const [url, redisUrl, prefix, now, every] = process.argv.slice(2) as [string, string, string, string, string];
const database = openDatabase(url);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const detection = startHotspotDetection({ db: database.db, now: () => new Date(now) }, { worker: redis, prefix }, Number(every));
detection.worker.on("completed", (_job, result: { daysRecorded: number }) => process.stdout.write(`run ${result.daysRecorded}\n`));
detection.worker.on("failed", (_job, err) => process.stdout.write(`failed ${err.message}\n`));
await detection.scheduled;
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void detection.close().then(async () => {
    redis.disconnect();
    await database.close();
    process.exit(0);
  });
});
