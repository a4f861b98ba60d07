/**
 * /can-bo/thong-bao/dem — the bell's unread count as JSON (`{"unread":3}`), which the
 * staff header asks for when the live stream says something changed.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { countUnread } from "../../core/notifications";
import { getUnitScope, requireRole } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  return json({ unread: await countUnread(context.db, user, await getUnitScope(context.db, user)) }, { headers: { "Cache-Control": "private, no-store" } });
}
