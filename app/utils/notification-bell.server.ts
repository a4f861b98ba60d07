/**
 * The bell in the staff header (root loader): null for anyone who receives no
 * notifications (only officers do, docs/decisions/0062-notifications.md), else their
 * unread count in the units that are theirs now. One count on notifications_unread.
 */
import type { AppLoadContext } from "@remix-run/node";
import { countUnread } from "../../core/notifications";
import { getUnitScope, getUser } from "./auth.server";

export async function notificationBell(request: Request, context: AppLoadContext): Promise<{ unread: number } | null> {
  const user = await getUser(request, context);
  if (!user || user.mustChangePassword || user.role !== "officer") return null;
  return { unread: await countUnread(context.db, user, await getUnitScope(context.db, user)) };
}
