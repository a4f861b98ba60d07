/**
 * Any URL no other route takes. It matches, so the root loader runs and the 404 page
 * (root.tsx's ErrorBoundary) gets the visitor's language and the CSP nonce its scripts
 * need; without a match Remix renders the root boundary with no loader data at all.
 */
export function loader(): never {
  throw new Response("Not found", { status: 404 });
}

/** A form sent to a page that does not exist is a 404 too, not a 405. */
export const action = loader;

/** Never rendered (the loader always throws); its presence makes this a page route, not a resource route. */
export default function NotFound() {
  return null;
}
