/**
 * The duty desk's entry in the staff menu (root loader): null for anyone who works no
 * province desk, else how many tips wait on their desks. One grouped count on the
 * tips_unit_status index.
 */
import type { AppLoadContext } from "@remix-run/node";
import { countDeskTips, listDeskUnits } from "../../db/queries/duty-desk";
import { getDeskProvinces, getUser } from "./auth.server";

export async function deskLink(request: Request, context: AppLoadContext): Promise<{ waiting: number } | null> {
  const user = await getUser(request, context);
  if (!user || user.mustChangePassword) return null;
  const provinces = await getDeskProvinces(context.db, user);
  if (provinces.length === 0) return null;
  const counts = await countDeskTips(context.db, await listDeskUnits(context.db, provinces));
  return { waiting: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}
