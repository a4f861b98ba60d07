/**
 * /giam-sat/don-vi/:unitCode — the tips behind a unit's figures: tips the unit
 * owns, received in the period and matching the filters, newest first, in
 * pages. Metadata only (type, channel, status, value, deadline, cases), no
 * content: supervisors open a tip in the officers' view, which records access.
 * A unit outside the user's scope answers 404.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DeadlineBadge, formatDateTime, StatusBadge, ValuableBadge } from "~/components/staff/format";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { decodeCursor, encodeCursor } from "~/components/staff/staff.server";
import { staffView } from "~/components/staff/staff-view";
import { i18next } from "~/i18n/i18next.server";
import { getUnitScope, notFound } from "~/utils/auth.server";
import { parseOversightQuery } from "~/utils/oversight.server";
import { requireOverseer, sharedSearch } from "~/utils/oversight-page.server";
import { loadNames, periodLabels } from "~/utils/oversight-view.server";
import { daysLeft } from "../../domain/deadline";
import type { Locale } from "~/components/oversight/report";
import { vietnamDayEnd, vietnamDayStart } from "../../domain/vietnam-time";
import { scopeIncludes } from "../../db/queries/scope";
import { listUnitTips, type TipCursor } from "../../db/queries/stats";
import { findUnit } from "../../db/queries/units";
import { titleMeta } from "~/utils/meta";

export const PAGE_SIZE = 50;

const CursorSchema: z.ZodType<TipCursor> = z.object({ createdAt: z.string().max(40), id: z.number().int().positive() });

export const meta = titleMeta;
export const handle = { i18n: ["oversight", "staff"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireOverseer(request, context);
  const scope = await getUnitScope(context.db, user);
  const code = params.unitCode ?? "";
  if (!scopeIncludes(scope, code)) notFound();
  const unit = await findUnit(context.db, code);
  if (!unit) notFound();

  const now = new Date();
  const url = new URL(request.url);
  const query = parseOversightQuery(url.searchParams, now);
  const before = decodeCursor(url.searchParams.get("sau"), CursorSchema);
  const page = await listUnitTips(context.db, {
    unit: unit.code, scope, filters: query.filters, limit: PAGE_SIZE, before,
    from: vietnamDayStart(query.period.from), to: vietnamDayEnd(query.period.to),
  });
  const locale = ((await i18next.getLocale(request)) === "en" ? "en" : "vi") as Locale;
  const t = await i18next.getFixedT(request, "oversight");
  const names = await loadNames(context.db, t, locale, [unit]);
  const search = sharedSearch(query);
  const nowIso = now.toISOString();
  return json({
    user: staffView(user),
    title: t("unitTitle", { unit: unit.name }),
    period: periodLabels(query, { t, locale }),
    back: `/giam-sat${search}#units`,
    firstPage: before ? `/giam-sat/don-vi/${encodeURIComponent(unit.code)}${search}` : null,
    nextPage: page.next ? `/giam-sat/don-vi/${encodeURIComponent(unit.code)}${search}&sau=${encodeCursor(page.next)}` : null,
    // Supervisors may read a tip in the officers' view; administrators manage, they do not read tips.
    canOpen: user.role === "supervisor",
    rows: page.rows.map((r) => ({
      id: r.id, createdAt: r.createdAt, category: names.category(r.category), channel: names.channel(r.channel), status: r.status,
      valuable: r.valuable, clusterSize: r.clusterSize, caseCount: r.caseCount,
      daysLeft: r.status === "closed" ? null : daysLeft(r.deadlineAt, nowIso),
    })),
  });
}

export default function UnitTips() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("oversight");
  return (
    <StaffLayout user={data.user} title={data.title}>
      <p><Link to={data.back}>← {t("unitTips.back")}</Link></p>
      <p className="period-line"><strong>{data.period.current}</strong></p>
      {data.rows.length === 0 ? (
        <p className="empty">{t("unitTips.empty")}</p>
      ) : (
        <div className="table-wrap figures-wrap">
          <table className="figures">
            <caption>{t("unitTips.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("unitTips.number")}</th>
                <th scope="col">{t("unitTips.received")}</th>
                <th scope="col">{t("unitTips.category")}</th>
                <th scope="col">{t("unitTips.channel")}</th>
                <th scope="col">{t("unitTips.status")}</th>
                <th scope="col">{t("unitTips.valuable")}</th>
                <th scope="col" className="num">{t("unitTips.reports")}</th>
                <th scope="col">{t("unitTips.deadline")}</th>
                <th scope="col" className="num">{t("unitTips.cases")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    {data.canOpen ? <Link to={`/can-bo/tin/${row.id}`}>{t("unitTips.tip", { id: row.id })}</Link> : t("unitTips.tip", { id: row.id })}
                  </th>
                  <td>{formatDateTime(row.createdAt, i18n.language)}</td>
                  <td>{row.category}</td>
                  <td>{row.channel}</td>
                  <td><StatusBadge status={row.status} /></td>
                  <td><ValuableBadge valuable={row.valuable} /></td>
                  <td className="num">{row.clusterSize}</td>
                  <td>{row.daysLeft === null ? "—" : <DeadlineBadge daysLeft={row.daysLeft} />}</td>
                  <td className="num">{row.caseCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("unitTips.caption")}>
        {data.firstPage && <Link to={data.firstPage}>{t("unitTips.first")}</Link>}
        {data.nextPage && <Link to={data.nextPage} rel="next">{t("unitTips.more")}</Link>}
      </nav>
    </StaffLayout>
  );
}
