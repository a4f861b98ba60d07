/**
 * Post/redirect/get for a new partner API key (docs/decisions/0028-admin-pages.md): the key is never stored, so
 * the page the creating POST redirects to learns it from a cookie — sealed (core/platform/crypto.ts), signed,
 * HttpOnly, limited to the keys page, five minutes — which that page reads once and clears.
 */
import { createCookie } from "@remix-run/node";
import type { Config } from "../../../core/platform/config";
import { seal, tryUnseal } from "../../../core/platform/crypto";
import { wantsSecureCookie, type CookieConfig } from "~/utils/session.server";

type KeyCookieConfig = CookieConfig & Pick<Config, "SESSION_SECRET" | "DATA_KEY">;

const PATH = "/quan-tri/khoa-api";

function keyCookie(config: KeyCookieConfig) {
  return createCookie("tb_new_key", {
    path: PATH, httpOnly: true, sameSite: "strict", secure: wantsSecureCookie(config), secrets: [config.SESSION_SECRET], maxAge: 300,
  });
}

export function serializeNewKey(keyId: number, key: string, config: KeyCookieConfig): Promise<string> {
  return keyCookie(config).serialize({ id: keyId, sealed: seal(key, config.DATA_KEY, "new-api-key") });
}

/** The new key of `keyId` if this browser holds it, and the header that forgets it. */
export async function takeNewKey(request: Request, keyId: number, config: KeyCookieConfig): Promise<{ key: string | null; clear: string | null }> {
  const cookie = keyCookie(config);
  const value = (await cookie.parse(request.headers.get("Cookie"))) as { id?: unknown; sealed?: unknown } | null;
  if (!value || typeof value !== "object") return { key: null, clear: null };
  const clear = await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
  if (value.id !== keyId || typeof value.sealed !== "string") return { key: null, clear };
  return { key: tryUnseal(value.sealed, config.DATA_KEY, "new-api-key"), clear };
}
