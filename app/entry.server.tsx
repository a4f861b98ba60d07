import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n/config";
import { i18next } from "./i18n/i18next.server";
import { resources } from "./i18n/resources";
import { withoutNulBytes } from "./utils/html-bytes.server";

const ABORT_DELAY = 5_000;

/**
 * One i18next instance per language, made once: the resources are bundled and
 * nothing on the server changes language, so a per-request instance bought
 * nothing but its set-up cost on every page.
 */
const instances = new Map<string, Promise<i18n>>();

function i18nFor(lng: string): Promise<i18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created.use(initReactI18next).init({ ...i18nConfig, lng, resources }).then(() => created);
    instances.set(lng, instance);
  }
  return instance;
}

/**
 * Every page is rendered whole and sent in one piece. No route defers data, so
 * streaming gained nothing: it only cut the page into 2 KB chunks that each went
 * through the response stream and gzip on their own, which cost the event loop
 * more than the render itself when the server was busy. One buffer is one gzip
 * call and one write, and the browser still gets the page as soon as it is ready.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nFor(await i18next.getLocale(request));
  const nonce = loadContext.cspNonce;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(withoutNulBytes(Buffer.concat(chunks)), { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(document);
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
    const timer = setTimeout(abort, ABORT_DELAY);
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
