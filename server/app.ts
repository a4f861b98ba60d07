/**
 * The express application: security headers, static assets, health, and the
 * Remix request handler. Built from already-open resources so tests and the
 * process entry point (index.ts) share one definition.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { sql } from "kysely";
import type { AppContext } from "../app/context";
import { createClientHasher } from "../app/utils/rate-limit.server";
import { apiSecurityHeaders, partnerApi } from "./api";
import { hasNulInUrl } from "./urls";

export type WebDeps = Omit<AppContext, "cspNonce" | "clientKey">;

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), interest-cohort=()";

/** Paths only staff use; everything else is public and logged without detail. */
const STAFF_PATHS = /^\/(can-bo|quan-tri|giam-sat|officer|admin|supervisor)(\/|$)/;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(deps: Pick<WebDeps, "db" | "redis">) {
  const [db, redis] = await Promise.all([
    withTimeout(sql`select 1`.execute(deps.db), 2_000).then(() => "ok", () => "down"),
    withTimeout(deps.redis.ping(), 1_000).then((r) => (r === "PONG" ? "ok" : "down"), () => "down"),
  ]);
  return { db, redis };
}

/**
 * Access log without tipster traces: no IP address, user agent, query string or
 * body, and on public paths no path or timestamp either — just that a request
 * was answered and how. Staff paths keep their path (no query) for operations.
 */
function accessLog(deps: WebDeps) {
  const publicLog = deps.log.child({ access: "public" }, { redact: [] });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const staff = STAFF_PATHS.test(req.path);
      if (staff) {
        deps.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, "request");
      } else if (res.statusCode >= 500) {
        publicLog.error({ method: req.method, status: res.statusCode }, "public request failed");
      } else {
        publicLog.debug({ method: req.method, status: res.statusCode }, "public request");
      }
    });
    next();
  };
}

/**
 * CSRF: a browser POST (or other state change) must come from our own origin.
 * Clients that send no Origin (partners' servers, curl) pass; the partner API
 * authenticates with its key instead. A cross-origin form gets a plain 403
 * rather than reaching an action.
 */
function sameOriginPosts(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.path.startsWith("/api/")) return next();
  const origin = req.get("origin");
  if (origin === undefined) return next();
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== null && originHost === req.get("host")) return next();
  res.status(403).type("text/plain").send("Cross-origin request refused");
}

/** A URL with a NUL in it is a bad request (urls.ts). */
function refuseNulInUrl(req: Request, res: Response, next: NextFunction) {
  if (hasNulInUrl(req.originalUrl)) {
    res.status(400).type("text/plain").send("Bad request");
    return;
  }
  next();
}

export function createWebApp(deps: WebDeps, build: ServerBuild | (() => Promise<ServerBuild>)) {
  const app = express();
  app.disable("x-powered-by");
  // The client address is read once, hashed for rate limits (rate-limit.server.ts),
  // and never stored or logged. Behind TRUST_PROXY reverse proxies it is the address
  // the nearest trusted proxy puts in X-Forwarded-For (req.ip); without, the socket's.
  app.set("trust proxy", deps.config.TRUST_PROXY);

  const clientKey = createClientHasher(deps.redis, deps.config.QUEUE_PREFIX, deps.config.DATA_KEY);
  app.use(accessLog(deps));
  // The partner API comes first: it answers JSON with a fixed set of security
  // headers (no page, so no CSP nonce) and hashes the client address only where
  // a limit needs it, and its answers are too small to be worth compressing.
  app.use(partnerApi(deps, {
    headers: { ...apiSecurityHeaders(deps.config.NODE_ENV === "production"), "Permissions-Policy": PERMISSIONS_POLICY },
    clientKey: (req) => clientKey(req.ip),
  }));

  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    clientKey(req.ip).then((key) => {
      res.locals.clientKey = key;
      next();
    }, next);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'none'"],
          "object-src": ["'none'"],
          "upgrade-insecure-requests": deps.config.NODE_ENV === "production" ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // Referer only to our own origin: there are no third parties to leak to, and
      // same-origin form posts then carry a real Origin (see sameOriginPosts).
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: deps.config.NODE_ENV === "production",
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    next();
  });
  app.use(sameOriginPosts);
  app.use(refuseNulInUrl);
  app.use(compression());

  const publicDir = path.resolve("public");
  // Fingerprinted by the Remix build: cache for a year.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));

  app.get("/healthz", async (_req, res) => {
    const health = await checkHealth(deps);
    res.status(health.db === "ok" && health.redis === "ok" ? 200 : 503).json(health);
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      // Always production mode: development mode would send server error details to the browser.
      mode: "production",
      getLoadContext: (_req, res) => ({
        ...deps,
        cspNonce: res.locals.cspNonce as string,
        clientKey: res.locals.clientKey as string,
      }),
    }),
  );

  // Last resort: never a stack trace to the client, never request details to the log.
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err: err.message }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal error");
  });
  return app;
}
