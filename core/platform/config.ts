/**
 * Configuration, parsed once at start-up (the contract's environment table).
 * A bad value stops the process with a one-line reason; secrets left unset are
 * generated into ./data/secrets (mode 600) so a fresh clone starts by itself.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PROVINCE_CODES } from "../../domain/routing";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://")
    .default("file:./data/tinbao.db"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis://").default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only").default("tinbao"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  DATA_DIR: z.string().min(1).default("./data"),
  /** The address the public reaches the site at (https://tinbao.example.vn): https makes every cookie Secure. */
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^/?#]+\/?$/, "must be http(s)://host[:port]").optional(),
  /**
   * How many reverse proxies stand in front of the web process (0: clients connect to it
   * directly). With one or more, the client address is read from X-Forwarded-For as the
   * nearest trusted proxy gives it, and cookies are Secure (the proxy terminates TLS).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATA_KEY: base64Key.optional(),
  /** Deployment-wide secret salt for receipt hashes (16+ bytes, base64). */
  RECEIPT_SALT: z.string().min(16, "must be at least 16 characters").optional(),
  /** Days after which closed, non-valuable tips lose their content. */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /**
   * Start the worker although Redis's maxmemory-policy is not noeviction (core/platform/redis-check.ts):
   * only where losing queued jobs is acceptable. Default off: the worker refuses to start.
   */
  REDIS_ALLOW_EVICTION: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
  /** How long a worker holds a job before another may take it over (stalled-job recovery after a crash). */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * How many nice levels the worker lowers its own priority by at start (0–19; 0, the default, leaves it), so that on
   * cores it shares with the web process a burst of tips is accepted first and routed right after. Off by default: on
   * SQLite a lowered worker holding the write lock holds up the web process (docs/decisions/0086).
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
  /** How often the worker's relay hands newly committed tips to the queue (the most a tip waits before the pipeline). */
  OUTBOX_RELAY_MS: z.coerce.number().int().min(20).default(200),
  /** How often the worker's outbox sweep looks for tips Redis missed. */
  OUTBOX_SWEEP_MS: z.coerce.number().int().min(200).default(30_000),
  /** How often the worker checks units, boundaries and accepted places for a change (the most an accepted place waits). */
  PLACES_CHECK_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * The provinces this deployment serves (GSO codes, comma-separated); a tip whose place names
   * no province goes to the first one's duty desk. Required in production (`requireHomeProvinces`).
   */
  HOME_PROVINCES: z
    .string()
    .transform((v) => v.split(",").map((code) => code.trim()).filter(Boolean))
    .superRefine((codes, ctx) => {
      if (codes.length === 0) ctx.addIssue({ code: "custom", message: "must name at least one province code, e.g. 48" });
      const unknown = codes.filter((code) => !PROVINCE_CODES.includes(code));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `names no province: ${unknown.join(", ")} (codes such as 01, 48, 79)` });
      if (new Set(codes).size !== codes.length) ctx.addIssue({ code: "custom", message: "names a province twice" });
    })
    .optional(),
  /**
   * Who needs a second factor (TOTP) besides administrators and supervisors, who always do:
   * `per-user` (default) = officers an administrator turned it on for; `all` = every officer.
   */
  STAFF_SECOND_FACTOR: z.enum(["per-user", "all"]).default("per-user"),
  /** How long an approved identity request lets its officer see the tipster's details. */
  IDENTITY_ACCESS_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  /**
   * Optional: staff notifications by email through this SMTP server (`smtp://user:pass@host:port`,
   * `smtps://…` for TLS from the start). Unset: notifications stay in-app only (docs/decisions/0073).
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^/?#]+/, "must be smtp://[user:pass@]host[:port] or smtps://…").optional(),
  /** The sender of notification emails; default `Tin Báo <no-reply@` PUBLIC_URL's host `>`. */
  SMTP_FROM: z.string().min(3).optional(),
  /** Seed demo data on an empty database (default: on outside production). */
  DEMO_SEED: z.enum(["auto", "always", "never"]).default("auto"),
});

export type RawEnv = z.infer<typeof EnvSchema>;

export interface Secrets {
  SESSION_SECRET: string;
  DATA_KEY: string;
  RECEIPT_SALT: string;
}

export type Config = Omit<RawEnv, keyof Secrets> &
  Secrets & {
    /** Which secrets came from ./data/secrets rather than the environment. */
    generatedSecrets: Array<keyof Secrets>;
  };

/** Parses the environment; throws an Error whose message is one line naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): RawEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join("; ")}`);
  }
  return result.data;
}

function generateSecrets(): Secrets {
  return {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    DATA_KEY: randomBytes(32).toString("base64"),
    RECEIPT_SALT: randomBytes(24).toString("base64"),
  };
}

/**
 * Fills unset secrets from DATA_DIR/secrets, creating that file (mode 600) with
 * fresh random values the first time. Environment values always win.
 */
export function resolveSecrets(env: RawEnv): Config {
  const file = path.join(env.DATA_DIR, "secrets");
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  const fresh = generateSecrets();
  const keys = Object.keys(fresh) as Array<keyof Secrets>;
  const missing = keys.filter((k) => !env[k] && !stored[k]);
  if (missing.length > 0) {
    for (const k of missing) stored[k] = fresh[k];
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const secrets = Object.fromEntries(keys.map((k) => [k, env[k] ?? stored[k]])) as unknown as Secrets;
  const checked = EnvSchema.pick({ SESSION_SECRET: true, DATA_KEY: true, RECEIPT_SALT: true }).safeParse(secrets);
  if (!checked.success) {
    throw new Error(`invalid secrets in ${file}: ${checked.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  }
  return { ...env, ...secrets, generatedSecrets: keys.filter((k) => !env[k]) };
}

/**
 * The web and worker processes call this at start: in production HOME_PROVINCES must be set
 * (a tip that names no province would otherwise have nowhere to go). Outside production an
 * unset value means the pipeline falls back to the single, or lowest-coded, imported province.
 */
export function requireHomeProvinces(config: Pick<RawEnv, "NODE_ENV" | "HOME_PROVINCES">): string[] {
  if (config.HOME_PROVINCES?.length) return config.HOME_PROVINCES;
  if (config.NODE_ENV === "production") {
    throw new Error("invalid configuration: HOME_PROVINCES is required in production (the province codes this deployment serves, e.g. HOME_PROVINCES=48)");
  }
  return [];
}

let cached: Config | undefined;

/** The process's configuration; parsed and resolved on first use. */
export function getConfig(): Config {
  cached ??= resolveSecrets(parseEnv(process.env));
  return cached;
}
