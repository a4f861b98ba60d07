/**
 * One worker process for notifications.test.ts: the reminder job scheduler and its
 * consumer (workers/reminders.ts) with a clock fixed at NOW; prints a line per scan.
 *
 *   tsx tests/integration/reminder-worker.ts DATABASE_URL REDIS_URL PREFIX NOW EVERY_MS
 */
import { Redis } from "ioredis";
import { openDatabase } from "../../db/client";
import { startReminders } from "../../workers/reminders";

const [url, redisUrl, prefix, now, every] = process.argv.slice(2) as [string, string, string, string, string];
const database = openDatabase(url);
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const reminders = startReminders({ db: database.db, now: () => new Date(now) }, { worker: redis, prefix }, Number(every));
reminders.worker.on("completed", (_job, result: { created: number }) => process.stdout.write(`scan ${result.created}\n`));
reminders.worker.on("failed", (_job, err) => process.stdout.write(`failed ${err.message}\n`));
await reminders.scheduled;
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void reminders.close().then(async () => {
    redis.disconnect();
    await database.close();
    process.exit(0);
  });
});
