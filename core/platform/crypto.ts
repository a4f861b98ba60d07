/**
 * Secrets. Whatever must be read back later — a tipster's identity, a TOTP
 * secret, a partner's stored answer — is sealed in one envelope, AES-256-GCM
 * under a key derived from DATA_KEY per purpose (a fresh 96-bit nonce per
 * value); receipts are hashed with argon2id under a
 * deployment-wide secret salt, so the same receipt always gives the same hash
 * and can be looked up, while a stolen database alone cannot be searched.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import argon2 from "argon2";

/** OWASP's argon2id minimum: m = 19 MiB, t = 2, p = 1. */
export const RECEIPT_HASH_PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface ReporterIdentity {
  name?: string;
  phone?: string;
  email?: string;
}

/**
 * What a sealed value is for. Each purpose seals under its own key, derived
 * from DATA_KEY with HKDF, so a value sealed for one cannot be passed off as
 * another (an idempotent answer as an identity, a cookie as a TOTP secret).
 */
export type SealPurpose =
  | "identity" // a tipster's details, at rest in tips.reporter_enc
  | "totp-secret" // a staff member's second-factor secret, at rest
  | "api-idempotency" // a partner's stored answer, given back on a retry
  | "form-resubmission" // a receipt given back when the form is sent again (Redis)
  | "client-salt" // the rate limits' daily salt of client addresses (Redis)
  | "new-api-key"; // a new partner key, carried once to the page that shows it (cookie)

/** The envelope: `s1.<nonce>.<ciphertext>.<tag>` (base64), AES-256-GCM under the purpose's key. */
const SEAL_VERSION = "s1";
/**
 * Identity and TOTP secrets were sealed under DATA_KEY itself, marked `v1`, until
 * the envelopes became one (issue 15); those stored values still open. Nothing
 * new is sealed that way.
 */
const RAW_KEY_VERSION = "v1";
const RAW_KEY_PURPOSES: ReadonlySet<SealPurpose> = new Set(["identity", "totp-secret"]);

function purposeKey(dataKeyBase64: string, purpose: SealPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(dataKeyBase64, "base64"), Buffer.alloc(0), `tinbao:${purpose}`, 32));
}

export function seal(plain: string, dataKeyBase64: string, purpose: SealPurpose): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", purposeKey(dataKeyBase64, purpose), nonce);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [SEAL_VERSION, nonce.toString("base64"), ciphertext.toString("base64"), cipher.getAuthTag().toString("base64")].join(".");
}

/** The sealed text, or null when the envelope is damaged or sealed under another key or purpose. */
export function tryUnseal(sealed: string, dataKeyBase64: string, purpose: SealPurpose): string | null {
  const [version, nonce, ciphertext, tag] = sealed.split(".");
  if (!nonce || ciphertext === undefined || !tag) return null;
  let key: Buffer;
  if (version === SEAL_VERSION) key = purposeKey(dataKeyBase64, purpose);
  else if (version === RAW_KEY_VERSION && RAW_KEY_PURPOSES.has(purpose)) key = Buffer.from(dataKeyBase64, "base64");
  else return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** For stored values that must open (identity, TOTP secrets): throws when one does not. */
export function unseal(sealed: string, dataKeyBase64: string, purpose: SealPurpose): string {
  const plain = tryUnseal(sealed, dataKeyBase64, purpose);
  if (plain === null) throw new Error(`sealed ${purpose} does not open: damaged, or another DATA_KEY`);
  return plain;
}

export function sealIdentity(identity: ReporterIdentity, dataKeyBase64: string): string {
  return seal(JSON.stringify(identity), dataKeyBase64, "identity");
}

export function openIdentity(sealed: string, dataKeyBase64: string): ReporterIdentity {
  return JSON.parse(unseal(sealed, dataKeyBase64, "identity")) as ReporterIdentity;
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
