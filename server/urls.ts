/**
 * NUL has no business in a URL, and PostgreSQL refuses to compare text holding
 * one: a URL carrying it, raw or percent-encoded, is a bad request before any
 * page or API route sees it (server/app.ts for pages, server/api.ts for the API).
 */
export function hasNulInUrl(url: string): boolean {
  return /%00/.test(url) || url.includes("\0");
}
