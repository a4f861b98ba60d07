import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, i18nConfig, SUPPORTED_LANGUAGES } from "./config";
import { resources } from "./resources";

/** The chosen language lives in a cookie; nothing else about the visitor does. */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 3600,
});

// Accept-Language is deliberately not consulted: the portal speaks Vietnamese
// first, and Tor Browser announces English to everyone.
export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig, resources },
});
