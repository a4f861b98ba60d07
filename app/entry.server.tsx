import { Transform } from "node:stream";
import {
  createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n/config";
import { i18next } from "./i18n/i18next.server";
import { resources } from "./i18n/resources";

const ABORT_DELAY = 5_000;

/**
 * React 18.3's streaming renderer writes its whole 2 KB buffer when a multi-byte
 * character (most Vietnamese letters) does not fit at the end, unfilled zero
 * bytes included (writeStringChunk in react-dom-server.node). NUL never belongs
 * in our HTML (inputs with NUL are refused), so the stream drops it.
 */
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = createInstance();
  const lng = await i18next.getLocale(request);
  await instance.use(initReactI18next).init({ ...i18nConfig, lng, resources });

  // Crawlers and no-JS clients get the whole document at once; browsers stream.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  const nonce = loadContext.cspNonce;

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors are logged without request details; see server/index.ts.
          if (shellRendered) loadContext.log?.error({ err: (error as Error)?.message }, "render error");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Remix's default logs every error with the request URL. Public URLs must not
 * reach the log, and a 404 is not an error worth a line.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  context.log?.error({ err: error instanceof Error ? error.message : String(error) }, "request failed");
};
