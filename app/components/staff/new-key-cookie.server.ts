/**
 * Post/redirect/get for a new partner API key (docs/decisions/0028-admin-pages.md): the key is never stored, so
 * the page the creating POST redirects to learns it from a cookie — sealed with AES-256-GCM under DATA_KEY, signed,
 * HttpOnly, limited to the keys page, five minutes — which that page reads once and clears.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Config } from "../../../core/platform/config";
import { wantsSecureCookie, type CookieConfig } from "~/utils/session.server";

type KeyCookieConfig = CookieConfig & Pick<Config, "SESSION_SECRET" | "DATA_KEY">;

const PATH = "/quan-tri/khoa-api";

function keyCookie(config: KeyCookieConfig) {
  return createCookie("tb_new_key", {
    path: PATH, httpOnly: true, sameSite: "strict", secure: wantsSecureCookie(config), secrets: [config.SESSION_SECRET], maxAge: 300,
  });
}

function seal(text: string, dataKey: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(dataKey, "base64"), nonce);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return [nonce, body, cipher.getAuthTag()].map((b) => b.toString("base64url")).join(".");
}

function open(sealed: string, dataKey: string): string | null {
  try {
    const [nonce, body, tag] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(dataKey, "base64"), nonce!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function serializeNewKey(keyId: number, key: string, config: KeyCookieConfig): Promise<string> {
  return keyCookie(config).serialize({ id: keyId, sealed: seal(key, config.DATA_KEY) });
}

/** The new key of `keyId` if this browser holds it, and the header that forgets it. */
export async function takeNewKey(request: Request, keyId: number, config: KeyCookieConfig): Promise<{ key: string | null; clear: string | null }> {
  const cookie = keyCookie(config);
  const value = (await cookie.parse(request.headers.get("Cookie"))) as { id?: unknown; sealed?: unknown } | null;
  if (!value || typeof value !== "object") return { key: null, clear: null };
  const clear = await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
  if (value.id !== keyId || typeof value.sealed !== "string") return { key: null, clear };
  return { key: open(value.sealed, config.DATA_KEY), clear };
}
