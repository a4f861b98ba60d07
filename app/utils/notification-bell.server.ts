/**
 * The bell in the staff header (root loader): null for anyone who receives no
 * notifications (administrators: docs/decisions/0065-notifications.md; supervisors
 * receive identity requests to decide, 0073, hotspot alerts, 0070, escalations and
 * extension requests, 0072), else their unread count in the units that are theirs now.
 * One count on notifications_unread.
 *
 * Opening a tip's page is reading what the bell said about it. That is done here,
 * before counting, not in the tip page's loader: Remix runs the two loaders at the
 * same time, and the count would then be one behind.
 */
import type { AppLoadContext } from "@remix-run/node";
import { countUnread, markRead } from "../../core/notifications";
import { getUnitScope, getUser } from "./auth.server";

const TIP_PAGE = /^\/can-bo\/tin\/(\d{1,12})\/?$/;
const ALERT_PAGE = /^\/can-bo\/diem-nong\/(\d{1,12})\/?$/;

/** `live`: the count may follow the live stream (/can-bo/su-kien is officers' — it follows their units' queues). */
export async function notificationBell(request: Request, context: AppLoadContext): Promise<{ unread: number; live: boolean } | null> {
  const user = await getUser(request, context);
  if (!user || user.mustChangePassword || user.role === "admin") return null;
  const scope = await getUnitScope(context.db, user);
  const path = new URL(request.url).pathname;
  const tip = TIP_PAGE.exec(path);
  if (tip && request.method === "GET") await markRead(context.db, user, scope, new Date(), { tipId: Number(tip[1]) });
  const alert = ALERT_PAGE.exec(path);
  if (alert && request.method === "GET") await markRead(context.db, user, scope, new Date(), { alertId: Number(alert[1]) });
  return { unread: await countUnread(context.db, user, scope), live: user.role === "officer" };
}
