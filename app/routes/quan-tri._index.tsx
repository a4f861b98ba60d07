/** /quan-tri — administration: what there is to manage, with counts. */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { pageTitle } from "~/components/staff/staff.server";
import { countActiveApiKeys } from "../../db/queries/api-keys";
import { countActiveRoutingRules } from "../../db/queries/routing-rules";
import { countActiveSourceOrgs } from "../../db/queries/source-orgs";
import { countUnits } from "../../db/queries/units";
import { countUsers } from "../../db/queries/users";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const db = context.db;
  const [users, keys, rules, orgs, units] = await Promise.all([
    countUsers(db), countActiveApiKeys(db), countActiveRoutingRules(db), countActiveSourceOrgs(db), countUnits(db),
  ]);
  const special = units.special;
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "home.title"), counts: { users, keys, rules, orgs, special } });
}

export default function AdminHome() {
  const { t } = useTranslation("admin");
  const { user, title, counts } = useLoaderData<typeof loader>();
  const items = [
    { to: "/quan-tri/nguoi-dung", label: t("home.users", { count: counts.users }) },
    { to: "/quan-tri/don-vi", label: t("home.units", { count: counts.special }) },
    { to: "/quan-tri/quy-tac", label: t("home.rules", { count: counts.rules }) },
    { to: "/quan-tri/to-chuc", label: t("home.orgs", { count: counts.orgs }) },
    { to: "/quan-tri/khoa-api", label: t("home.keys", { count: counts.keys }) },
    { to: "/quan-tri/nhat-ky", label: t("home.audit") },
  ];
  return (
    <AdminLayout user={user} title={title}>
      <p>{t("home.lead")}</p>
      <ul className="admin-links">
        {items.map((i) => <li key={i.to}><Link to={i.to}>{i.label}</Link></li>)}
      </ul>
    </AdminLayout>
  );
}
