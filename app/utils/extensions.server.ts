/**
 * What the supervisors' dashboard and the escalation page show of extension requests:
 * those the user may decide (approval scope, their own left out) and the latest granted.
 */
import type { AppLoadContext } from "@remix-run/node";
import { countPendingExtensionRequests, listExtensionRequests } from "../../db/queries/extension-requests";
import { getApprovalScope, type StaffUser } from "./auth.server";

const LISTED = 50;

export async function loadExtensionLists(context: Pick<AppLoadContext, "db">, user: StaffUser) {
  const scope = await getApprovalScope(context.db, user);
  const [pending, pendingCount, granted] = await Promise.all([
    listExtensionRequests(context.db, scope, "pending", LISTED),
    countPendingExtensionRequests(context.db, scope),
    listExtensionRequests(context.db, scope, "approved", 10),
  ]);
  const line = (r: (typeof pending)[number]) => ({ id: r.id, tipId: r.tipId, unitName: r.unitName, requester: r.requester, deadlineAt: r.deadlineAt, decidedBy: r.decidedBy });
  return { pending: pending.map(line), pendingCount, granted: granted.map(line) };
}
