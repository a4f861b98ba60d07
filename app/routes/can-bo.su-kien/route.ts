/**
 * /can-bo/su-kien — server-sent events for the officer's queue: one `tip`
 * event (`{"tipId":…,"type":…}`, ids only) whenever a tip of their units is
 * routed or changes. `Cache-Control: no-transform` keeps the compression
 * middleware from buffering the stream.
 *
 * A stream lives for hours, so what allowed it is checked again (issue 18,
 * item 8): before each event is sent and every 30 seconds, the session must
 * still be live, the account enabled, and every unit listened to still the
 * officer's; otherwise the stream ends (the page then reconnects, or is sent
 * to sign in). A session may hold a few streams at once (tabs), not a thousand.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { currentUnitScope, requireOfficerScope } from "~/utils/auth.server";
import { listedUnits, scopeIncludes } from "../../../db/queries/scope";
import { sessionIdHash } from "~/utils/session.server";
import { getUnitEventHub } from "./unit-events.server";

const HEARTBEAT_MS = 25_000;
/** How often an idle stream checks that it is still allowed. */
const RECHECK_MS = 30_000;
/** Open streams per session in this process: a browser's tabs, not an attack. */
export const STREAMS_PER_SESSION = 5;

const openStreams = new Map<string, number>();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireOfficerScope(request, context);
  const units = [...listedUnits(scope)];
  const sessionKey = await sessionIdHash(request, context.config);
  if ((openStreams.get(sessionKey) ?? 0) >= STREAMS_PER_SESSION) {
    return new Response("Too many open live-update streams for this session", { status: 429, headers: { "Retry-After": "30", "Content-Type": "text/plain; charset=utf-8" } });
  }
  openStreams.set(sessionKey, (openStreams.get(sessionKey) ?? 0) + 1);
  const hub = getUnitEventHub(context.redis, context.config.QUEUE_PREFIX);
  const encoder = new TextEncoder();
  let stop = () => {};

  /** Whether the stream may go on: the session live, and every unit it listens to still in scope. One check at a time. */
  let checking: Promise<boolean> | null = null;
  const stillAllowed = (): Promise<boolean> =>
    (checking ??= currentUnitScope(request, context, ["officer"])
      .then((current) => current !== null && units.every((unit) => scopeIncludes(current, unit)), () => false)
      .finally(() => (checking = null)));

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      const recheck = setInterval(() => void stillAllowed().then((ok) => ok || end()), RECHECK_MS);
      const unlisten = hub.listen(
        units,
        (event) => void stillAllowed().then((ok) => (ok ? send(`event: tip\ndata: ${JSON.stringify(event)}\n\n`) : end())),
        () => end(),
      );
      function end() {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearInterval(recheck);
        unlisten();
        const left = (openStreams.get(sessionKey) ?? 1) - 1;
        if (left > 0) openStreams.set(sessionKey, left);
        else openStreams.delete(sessionKey);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
      stop = end;
      request.signal.addEventListener("abort", end);
      send("retry: 5000\n: connected\n\n");
    },
    cancel() {
      stop();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
