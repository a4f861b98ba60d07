/**
 * /can-bo/tin/:id — one tip: what the tipster sent and, beside it, the decision
 * (take it, valuable or not, close, reroute); then the thread with the tipster,
 * where it happened, its duplicates, the tips linked to it by a number, account or
 * plate, and cases; then, folded, what is consulted now
 * and then (reception details, identity, deadline extension, history). Each section
 * is a module of this folder; the actions are POSTs with an intent
 * (actions.server.ts). Supervisors of the province read it; a tip outside the scope
 * is a 404. The tipster's identity is never on a GET: it is revealed by a POST with
 * a reason.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { findTipForStaff } from "../../../db/queries/staff-tips";
import { listDeskUnits } from "../../../db/queries/duty-desk";
import { getDeskProvinces, getTipReadScope, getUnitScope, notFound, requireRole } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { runExtensionDecision, runTipAction } from "./actions.server";
import { Cases } from "./Cases";
import { Cluster } from "./Cluster";
import { Conversation } from "./Conversation";
import { Decision } from "./Decision";
import { Linked } from "./Linked";
import { Content, Glance } from "./Facts";
import { Place } from "./Place";
import { Records } from "./Records";
import { loadTipPage } from "./tip.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Administrators open only the tips on the duty desks they work (docs/decisions/0056), to route them there.
  const user = await requireRole(request, context, "officer", "supervisor", "admin");
  const tipId = parseId(params.id);
  if (!tipId) notFound();
  const scope = await getTipReadScope(context.db, user);
  const page = await loadTipPage(context, user, scope, tipId);
  if (!page) notFound();
  const tip = page.tip;
  const deskUnits = await listDeskUnits(context.db, await getDeskProvinces(context.db, user));
  const onDesk = tip.unitCode !== null && deskUnits.includes(tip.unitCode) && tip.wardCode === null && tip.status !== "closed"
    ? { province: tip.unitCode }
    : null;
  return json(
    { user: staffView(user), title: await pageTitle(request, "staff", "tip.title", { id: tipId }), ...page, onDesk },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Supervisors act here only to decide an extension request (docs/decisions/0072-escalation.md).
  const user = await requireRole(request, context, "officer", "supervisor");
  const tipId = parseId(params.id);
  if (!tipId) notFound();
  const form = await requireForm(request);
  if (form.get("intent") === "decideExtension") {
    const result = await runExtensionDecision(context, user, tipId, form);
    if (result.notFound) notFound();
    return json(result, { status: result.ok ? 200 : result.errors ? 400 : 409, headers: { "Cache-Control": "private, no-store" } });
  }
  if (user.role !== "officer") throw new Response("Forbidden", { status: 403 });
  const scope = await getUnitScope(context.db, user);
  const tip = await findTipForStaff(context.db, tipId, scope);
  if (!tip) notFound();
  // A unit that received a copy for information reads the tip but does not act on it.
  if (tip.access !== "owner") throw new Response("Forbidden", { status: 403 });
  const result = await runTipAction(context, user, scope, tipId, form);
  const status = result.ok ? 200 : result.errors ? 400 : result.problem === "unknown" ? 400 : 409;
  // An identity shown in this response must not be kept by any cache.
  return json(result, { status, headers: { "Cache-Control": "private, no-store" } });
}

export default function TipPage() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const tip = data.tip;
  return (
    <StaffLayout user={data.user} title={data.title}>
      {data.user.role === "officer" && <p><Link to="/can-bo">{t("tip.backToQueue")}</Link></p>}
      {data.onDesk && (
        <p className="notice">
          {t("dutyDesk.onDesk")}{" "}
          <Link to={`/can-bo/truc-ban?tinh=${encodeURIComponent(data.onDesk.province)}#tip-${tip.id}`}>{t("dutyDesk.routeOnDesk")}</Link>
        </p>
      )}
      {!data.canAct && !data.onDesk && <p className="notice">{tip.access === "copy" ? t("tip.readOnlyCopy") : t("tip.readOnly")}</p>}
      {/* What was sent and the decision first; beside each other on a wide screen. */}
      <div className={data.canAct && tip.status !== "closed" ? "tip-top" : undefined}>
        <div className="tip-main">
          <Glance data={data} />
          <Content data={data} />
        </div>
        <Decision data={data} />
      </div>
      <Conversation data={data} />
      <Place data={data} />
      <Cluster data={data} />
      <Linked data={data} />
      <Cases data={data} />
      <Records data={data} />
    </StaffLayout>
  );
}
