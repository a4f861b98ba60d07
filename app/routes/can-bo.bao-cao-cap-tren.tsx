/**
 * /can-bo/bao-cao-cap-tren — escalations (issue 16 item 2; docs/decisions/0072-escalation.md):
 * the tips of the reader's scope that are escalated now — overdue or long untaken — with
 * their age, unit, step and a link; then the extension requests waiting for the reader's
 * approval. Supervisors see their province; officers (unit heads) their own units.
 * `?don-vi=CODE` keeps one unit (where an escalation notification leads).
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listEscalations } from "../../db/queries/escalation";
import { scopeIncludes } from "../../db/queries/scope";
import { ExtensionLists } from "~/components/staff/ExtensionLists";
import { formatDate, formatDateTime } from "~/components/staff/format";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireRole } from "~/utils/auth.server";
import { loadExtensionLists } from "~/utils/extensions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

const PATH = "/can-bo/bao-cao-cap-tren";
const LISTED = 200;
const HOUR_MS = 3_600_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const scope = await getUnitScope(context.db, user);
  const asked = new URL(request.url).searchParams.get("don-vi");
  const unitCode = asked && asked.length <= 40 && scopeIncludes(scope, asked) ? asked : null;
  const now = Date.now();
  const [items, extensions] = await Promise.all([
    listEscalations(context.db, scope, { unitCode: unitCode ?? undefined, limit: LISTED }),
    loadExtensionLists(context, user),
  ]);
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "escalations.title"),
    unit: unitCode ? { code: unitCode, name: items[0]?.unitName ?? unitCode } : null,
    items: items.map((e) => ({ ...e, ageHours: Math.max(0, Math.floor((now - Date.parse(e.receivedAt)) / HOUR_MS)) })),
    extensions,
  }, { headers: staffHeaders() });
}

export default function Escalations() {
  const { t, i18n } = useTranslation("staff");
  const { user, title, unit, items, extensions } = useLoaderData<typeof loader>();
  const lng = i18n.language;
  const age = (hours: number) => (hours < 48 ? t("escalations.ageHours", { count: hours }) : t("escalations.ageDays", { count: Math.floor(hours / 24) }));
  return (
    <StaffLayout user={user} title={title}>
      <p>{t("escalations.lead")}</p>
      {unit && <p>{t("escalations.unitFilter", { unit: unit.name })} · <Link to={PATH}>{t("escalations.allUnits")}</Link></p>}
      {items.length === 0 ? <p>{t("escalations.none")}</p> : (
        <div className="table-scroll">
          <table>
            <caption>{t("escalations.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("escalations.col.tip")}</th>
                <th scope="col">{t("escalations.col.unit")}</th>
                <th scope="col">{t("escalations.col.cause")}</th>
                <th scope="col">{t("escalations.col.age")}</th>
                <th scope="col">{t("escalations.col.step")}</th>
                <th scope="col">{t("escalations.col.since")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={`${e.tipId}-${e.cause}`}>
                  <td><Link to={`/can-bo/tin/${e.tipId}`}>{t("notifications.tip", { id: e.tipId })}</Link></td>
                  <td>{e.unitName}</td>
                  <td>{e.cause.startsWith("unclaimed:") ? t("escalations.cause.unclaimed") : t("escalations.cause.overdue", { date: formatDate(e.deadlineAt, lng) })}</td>
                  <td>{age(e.ageHours)}</td>
                  <td>{t(`escalations.step.${e.step}`)}</td>
                  <td>{formatDateTime(e.step2At ?? e.step1At, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ExtensionLists {...extensions} />
    </StaffLayout>
  );
}
