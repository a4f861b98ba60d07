/** /quan-tri/nhat-ky — the staff audit log: sign-ins and failures, administrators' changes, identity views, cases. */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAudit } from "../../db/queries/audit";
import { formatDateTime } from "~/components/staff/format";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

const PAGE = 100;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const beforeId = parseId(new URL(request.url).searchParams.get("truoc") ?? undefined);
  const rows = await listAudit(context.db, { beforeId, limit: PAGE });
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "audit.title"), rows, next: rows.length === PAGE ? rows[rows.length - 1].id : null });
}

export default function AuditLog() {
  const { t, i18n } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  return (
    <AdminLayout user={data.user} title={data.title}>
      <p>{t("audit.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t("audit.at")}</th><th scope="col">{t("audit.actor")}</th><th scope="col">{t("audit.type")}</th><th scope="col">{t("audit.details")}</th></tr></thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.at, i18n.language)}</td>
                <td>{r.actorName ?? "—"}</td>
                <td>{t(`audit.types.${r.type}`, { defaultValue: r.type })}</td>
                <td><code className="audit-data">{JSON.stringify(r.data)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.next && <nav className="pager" aria-label={t("audit.pages")}><Link to={`?truoc=${data.next}`} rel="next">{t("audit.older")}</Link></nav>}
    </AdminLayout>
  );
}
