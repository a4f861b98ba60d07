/**
 * /can-bo/su-kien — server-sent events for the officer's queue: one `tip`
 * event (`{"tipId":…,"type":…}`, ids only) whenever a tip of their units is
 * routed or changes. `Cache-Control: no-transform` keeps the compression
 * middleware from buffering the stream.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUnitScope, requireOfficer } from "~/utils/auth.server";
import { getUnitEventHub } from "./unit-events.server";

const HEARTBEAT_MS = 25_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireOfficer(request, context);
  const units = await getUnitScope(context.db, user);
  const hub = getUnitEventHub(context.redis, context.config.QUEUE_PREFIX);
  const encoder = new TextEncoder();
  let stop = () => {};

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
      const unlisten = hub.listen(units, (event) => send(`event: tip\ndata: ${JSON.stringify(event)}\n\n`), () => end());
      function end() {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unlisten();
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
