/**
 * Tipster secrets. Identity is sealed with AES-256-GCM under DATA_KEY (a fresh
 * 96-bit nonce per value); receipts are hashed with argon2id under a
 * deployment-wide secret salt, so the same receipt always gives the same hash
 * and can be looked up, while a stolen database alone cannot be searched.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";

/** OWASP's argon2id minimum: m = 19 MiB, t = 2, p = 1. */
export const RECEIPT_HASH_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface ReporterIdentity {
  name?: string;
  phone?: string;
  email?: string;
}

const SEAL_VERSION = "v1";

export function sealIdentity(identity: ReporterIdentity, dataKeyBase64: string): string {
  return sealText(JSON.stringify(identity), dataKeyBase64);
}

export function openIdentity(sealed: string, dataKeyBase64: string): ReporterIdentity {
  return JSON.parse(openText(sealed, dataKeyBase64)) as ReporterIdentity;
}

/** The envelope itself: `v1.<nonce>.<ciphertext>.<tag>` (base64), also used for staff TOTP secrets. */
export function sealText(plain: string, dataKeyBase64: string): string {
  const key = Buffer.from(dataKeyBase64, "base64");
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [SEAL_VERSION, nonce.toString("base64"), ciphertext.toString("base64"), tag.toString("base64")].join(".");
}

export function openText(sealed: string, dataKeyBase64: string): string {
  const [version, nonce, ciphertext, tag] = sealed.split(".");
  if (version !== SEAL_VERSION || !nonce || !ciphertext || !tag) throw new Error("unrecognised envelope");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(dataKeyBase64, "base64"), Buffer.from(nonce, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
}

/** argon2id(receipt digits, secret salt) as hex: deterministic, so it is the look-up key. */
export async function hashReceipt(digits: string, receiptSalt: string): Promise<string> {
  // argon2 wants a salt of at least 8 bytes; derive a fixed 16 from the secret.
  const salt = createHash("sha256").update(receiptSalt).digest().subarray(0, 16);
  const raw = await argon2.hash(digits, { ...RECEIPT_HASH_PARAMS, salt, raw: true });
  return raw.toString("hex");
}

/** Staff passwords: argon2id with the library's defaults (m = 64 MiB, t = 3) and a random salt. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Partner API keys and session tokens are 256-bit random strings, so a fast
 * hash is enough to make a stolen table useless.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function generateToken(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}
