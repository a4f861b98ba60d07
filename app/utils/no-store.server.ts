/** Public pages and answers that carry a tipster's words or receipt are never cached. */
import type { HeadersFunction } from "@remix-run/node";

export const NO_STORE = { "Cache-Control": "no-store" };

/** A document response keeps what its loader and action said: no-store, and any Set-Cookie, Retry-After or Connection. */
export const noStoreHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const merged = new Headers(NO_STORE);
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const name of ["Set-Cookie", "Retry-After", "Connection"]) {
      const value = source.get(name);
      if (value) merged.set(name, value);
    }
  }
  return merged;
};
