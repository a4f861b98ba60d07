/**
 * /giam-sat — the supervisors' figures for a period: tips, incidents, valuable
 * tips and their ratios, cases, arrests, seizures, time to first triage,
 * backlog and deadlines; charts; a sortable table per unit that leads to each
 * unit's tips; breakdowns by channel and organisation; downloads.
 * Supervisors see their province (and their own units), administrators all.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Chart } from "~/components/oversight/Chart";
import { DataTable } from "~/components/oversight/DataTable";
import { ExportLinks } from "~/components/oversight/ExportLinks";
import { FilterForm } from "~/components/oversight/FilterForm";
import { HotspotAlerts } from "~/components/oversight/HotspotAlerts";
import { KpiGrid } from "~/components/oversight/KpiGrid";
import { OversightNav } from "~/components/oversight/OversightNav";
import { PeriodLine } from "~/components/oversight/PeriodLine";
import { ProvinceChooser } from "~/components/oversight/ProvinceChooser";
import { UnitPager, UnitSearch } from "~/components/oversight/UnitTableControls";
import { WardMapSection } from "~/components/oversight/WardMapSection";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { dashboardData, loadOversightPage } from "~/utils/oversight-page.server";
import { loadWardMapSection } from "~/utils/ward-map-page.server";
import { currentAlertViews } from "~/utils/hotspots.server";
import { ExtensionLists } from "~/components/staff/ExtensionLists";
import { requireRole } from "~/utils/auth.server";
import { loadExtensionLists } from "~/utils/extensions.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["oversight", "staff"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = await loadOversightPage(request, context);
  const wardMap = await loadWardMapSection(context.db, page, new URL(request.url), context.config.HOME_PROVINCES ?? []);
  // Extension requests waiting for this supervisor (docs/decisions/0072-escalation.md); administrators decide none.
  const user = await requireRole(request, context, "supervisor", "admin");
  const extensions = user.role === "supervisor" ? await loadExtensionLists(context, user) : null;
  return json({ ...dashboardData(page), wardMap, hotspots: await currentAlertViews(context.db, page.user, page.scope, page.locale), extensions });
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("oversight");
  return (
    <StaffLayout user={data.user} title={data.title}>
      <OversightNav current="dashboard" search={data.search} />
      <p className="staff-units">{t("scope.line", { scope: data.scope })}</p>
      {data.provinces && <ProvinceChooser chooser={data.provinces} action="/giam-sat" />}
      <FilterForm state={data.form} options={data.options} action="/giam-sat" />
      {data.periodError && <p className="notice warn" role="status">{t("filters.badPeriod")}</p>}
      <PeriodLine period={data.period} />

      <HotspotAlerts alerts={data.hotspots} />

      <section aria-labelledby="kpi-title">
        <h2 id="kpi-title">{t("kpi.heading")}</h2>
        <KpiGrid kpis={data.kpis} />
      </section>

      {data.empty ? (
        <p className="empty">{t("charts.empty")}</p>
      ) : (
        <div className="chart-grid">
          {data.charts.map((chart) => <Chart key={chart.id} chart={chart} />)}
        </div>
      )}

      <WardMapSection section={data.wardMap} />
      {data.extensions && <ExtensionLists {...data.extensions} />}

      <section aria-labelledby="backlog-title">
        <h2 id="backlog-title">{t("backlog.heading")}</h2>
        <p className="hint">{t("period.now")}</p>
        <DataTable table={data.tables.backlog} caption={t("backlog.caption")} />
      </section>

      <section aria-labelledby="units-title" id="units">
        <h2 id="units-title">{t(data.byProvince ? "provinces.heading" : "units.heading")}</h2>
        <UnitSearch q={data.unitSearch.q} hidden={data.unitSearch.hidden} />
        {data.tables.units.rows.length === 0 && !data.unitSearch.q ? (
          <p className="empty">{t("units.empty")}</p>
        ) : (
          <>
            <UnitPager paging={data.unitPaging} q={data.unitSearch.q} />
            {data.tables.units.rows.length > 0 && (
              <DataTable
                table={data.tables.units}
                caption={t(data.byProvince ? "provinces.caption" : "units.caption")}
                hideColumns={["code"]}
                sort={{ key: data.sort.key, dir: data.sort.dir, href: (key, dir) => data.sort.hrefs[`${key}:${dir}`] }}
              />
            )}
          </>
        )}
      </section>

      <section aria-labelledby="breakdowns-title">
        <h2 id="breakdowns-title" className="visually-hidden">{t("breakdowns.channels")} · {t("breakdowns.orgs")}</h2>
        <DataTable table={data.tables.channels} caption={t("breakdowns.channels")} hideColumns={["code"]} />
        <DataTable table={data.tables.orgs} caption={t("breakdowns.orgs")} hideColumns={["code"]} />
        <p className="hint">{t("breakdowns.casesNote")}</p>
      </section>

      <ExportLinks search={data.search} />
    </StaffLayout>
  );
}
