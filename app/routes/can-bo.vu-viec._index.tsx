/** /can-bo/vu-viec — the cases of the officer's units (supervisors: their province's), newest first. */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listCases } from "../../db/queries/cases";
import { formatDateTime, useCategoryLabel } from "~/components/staff/format";
import { categoryLabels, decodeCursor, encodeCursor, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireRole } from "~/utils/auth.server";
import { titleMeta } from "~/utils/meta";

const CursorSchema = z.object({ createdAt: z.string().max(40), id: z.number().int().positive() });

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const scope = await getUnitScope(context.db, user);
  const before = decodeCursor(new URL(request.url).searchParams.get("sau"), CursorSchema);
  const [page, labels] = await Promise.all([listCases(context.db, scope, { limit: 50, before }), categoryLabels(context.db)]);
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "cases.title"),
    rows: page.rows,
    next: page.next ? encodeCursor(page.next) : null,
    labels,
    canCreate: user.role === "officer",
  });
}

export default function Cases() {
  const { t, i18n } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const category = useCategoryLabel(data.labels);
  const next = new URLSearchParams(searchParams);
  if (data.next) next.set("sau", data.next);
  return (
    <StaffLayout user={data.user} title={data.title} actions={data.canCreate ? <Link to="/can-bo/vu-viec/moi" className="button">{t("cases.new")}</Link> : null}>
      {data.rows.length === 0 ? <p className="empty">{t("cases.empty")}</p> : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("case.number")}</th>
                <th scope="col">{t("case.titleField")}</th>
                <th scope="col">{t("case.category")}</th>
                <th scope="col">{t("case.decision")}</th>
                <th scope="col" className="num">{t("case.arrests")}</th>
                <th scope="col" className="num">{t("cases.tips")}</th>
                <th scope="col">{t("cases.created")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/can-bo/vu-viec/${c.id}`}>{c.number}</Link>{c.withdrawn && <> <span className="badge">{t("case.withdrawnBadge")}</span></>}</td>
                  <td>{c.title}</td>
                  <td>{category(c.category)}</td>
                  <td>{c.decision ? t(`decision.${c.decision}`) : t("case.noDecision")}</td>
                  <td className="num">{c.arrests}</td>
                  <td className="num">{c.tipCount}</td>
                  <td>{formatDateTime(c.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.next && <nav className="pager" aria-label={t("queue.pages")}><Link to={`?${next}`} rel="next">{t("queue.nextPage")}</Link></nav>}
    </StaffLayout>
  );
}
