/**
 * The web process (`npm run web`). Opens the database and Redis once, serves
 * the Remix build, and shuts down gracefully: on SIGTERM/SIGINT it stops
 * accepting connections, lets in-flight requests finish, then closes the
 * database and Redis.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getConfig, requireHomeProvinces } from "../core/platform/config";
import { createLogger } from "../core/platform/logger";
import { openDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { createRedis } from "../core/platform/queues";
import { ReceiptHasher } from "../core/receipts";
import { createWebApp } from "./app";

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = getConfig();
  requireHomeProvinces(config);
  const log = createLogger(config.LOG_LEVEL).child({ process: "web" });
  const database = openDatabase(config.DATABASE_URL, {
    checkpoints: "background",
    onBackgroundError: (message) => log.error(message),
  });
  await migrateToLatest(database.db);
  const redis = createRedis(config.REDIS_URL, "producer");

  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createWebApp({ database, db: database.db, redis, config, log, receipts: new ReceiptHasher(config.RECEIPT_SALT) }, build);

  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    log.info({ url: `http://${config.HOST}:${port}` }, "web server listening");
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "web server stopping");
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(async () => {
      clearTimeout(force);
      redis.disconnect();
      await database.close();
      log.info("web server stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: Error) => {
  process.stderr.write(`web: ${err.message}\n`);
  process.exit(1);
});
