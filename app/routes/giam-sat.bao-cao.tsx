/**
 * /giam-sat/bao-cao — the period report ("báo cáo tổng kết") for a review
 * conference: the seeds' sentence with real figures ("Trong kỳ, quần chúng
 * nhân dân đã cung cấp X tin báo, trong đó Y tin có giá trị…"), then the
 * tables by unit, by type of crime and by organisation for the commendation
 * lists, the hotspot alerts of the period with their evolution and handling. Print-ready: the browser's Print (or Save as PDF) leaves out menus
 * and filters (@media print in app.css).
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/oversight/DataTable";
import { FilterForm } from "~/components/oversight/FilterForm";
import { OversightNav } from "~/components/oversight/OversightNav";
import { ProvinceChooser } from "~/components/oversight/ProvinceChooser";
import { ReportDownloads } from "~/components/oversight/ExportLinks";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { WardMapSection } from "~/components/oversight/WardMapSection";
import { ReportHotspots } from "~/components/oversight/ReportHotspots";
import { periodAlertViews, REPORT_ALERT_LIMIT, reportAlertScope } from "~/utils/hotspots.server";
import { loadWardMapSection } from "~/utils/ward-map-page.server";
import { loadOversightPage, sharedSearch } from "~/utils/oversight-page.server";
import { buildSentences, buildTables, forPage, periodLabels } from "~/utils/oversight-view.server";
import { formatDay } from "~/components/oversight/report";
import { vietnamDay, vietnamTimestamp } from "../../domain/vietnam-time";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["oversight", "staff"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const now = new Date();
  const page = await loadOversightPage(request, context, now);
  const { query, figures, ctx, t, locale } = page;
  const tables = buildTables(figures, ctx);
  const unitFilter = query.filters.unit;
  const vietnamNow = vietnamTimestamp(now).slice(11, 16);
  // The hotspot alerts current on some day of the period, in the page's scope, type and unit (one more than shown: is the list cut?).
  const alerts = await periodAlertViews(context.db, page.user, reportAlertScope(page.scope, unitFilter), locale, {
    period: query.period, category: query.filters.category, provinces: figures.byProvince, limit: REPORT_ALERT_LIMIT + 1,
  });
  return json({
    user: page.staff,
    title: t("reportTitle"),
    scope: unitFilter ? ctx.names.unit(unitFilter) : page.scopeText,
    provinces: page.provinces,
    byProvince: figures.byProvince,
    period: periodLabels(query, ctx, figures),
    periodError: query.periodError,
    form: page.formState,
    options: page.options,
    search: sharedSearch(query),
    sentences: buildSentences(figures, locale),
    tables: { units: forPage(tables.units), categories: forPage(tables.categories), orgs: forPage(tables.orgs), seizures: forPage(tables.seizures) },
    hotspots: {
      alerts: alerts.slice(0, REPORT_ALERT_LIMIT),
      limit: REPORT_ALERT_LIMIT,
      truncated: alerts.length > REPORT_ALERT_LIMIT,
      filterNote: query.filters.channel !== null || query.filters.org !== null,
      unitNote: unitFilter !== null,
    },
    wardMap: await loadWardMapSection(context.db, page, new URL(request.url), context.config.HOME_PROVINCES ?? []),
    generatedAt: `${formatDay(vietnamDay(now.toISOString()), locale)} ${vietnamNow}`,
  });
}

export default function Report() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("oversight");
  return (
    <StaffLayout user={data.user} title={data.title}>
      <OversightNav current="report" search={data.search} />
      {data.provinces && <ProvinceChooser chooser={data.provinces} action="/giam-sat/bao-cao" />}
      <FilterForm state={data.form} options={data.options} action="/giam-sat/bao-cao" />
      {data.periodError && <p className="notice warn no-print" role="status">{t("filters.badPeriod")}</p>}
      <p className="hint no-print">{t("report.printHint")}</p>

      <article className="report" aria-labelledby="report-heading">
        <header className="report-header">
          <h2 id="report-heading">{t("report.heading")}</h2>
          <p>{t("report.period", { from: data.period.from, to: data.period.to })}</p>
          <p>{data.period.previous}</p>
          <p>{t("report.scope", { scope: data.scope })}</p>
          {data.period.currentNote && <p className="notice warn partial-note" data-testid="current-note">{data.period.currentNote}</p>}
        </header>

        <section aria-labelledby="report-summary">
          <h3 id="report-summary">{t("report.summaryHeading")}</h3>
          <p className="report-sentence" data-testid="period-sentence">{data.sentences.period}</p>
          {data.sentences.organisations && <p className="report-sentence">{data.sentences.organisations}</p>}
        </section>

        <WardMapSection section={data.wardMap} level={3} />

        <ReportHotspots data={data.hotspots} />

        <section aria-labelledby="report-units">
          <h3 id="report-units">{t(data.byProvince ? "provinces.heading" : "report.unitsHeading")}</h3>
          {/* Provinces side by side keep their open tips past the deadline (0078). */}
          <DataTable table={data.tables.units} caption={t(data.byProvince ? "provinces.heading" : "report.unitsHeading")} captionHidden
            hideColumns={data.byProvince ? ["code", "triageMedianWithinMinutes", "open"] : ["code", "triageMedianWithinMinutes", "open", "overdue"]} />
        </section>

        <section aria-labelledby="report-categories">
          <h3 id="report-categories">{t("report.categoriesHeading")}</h3>
          <DataTable table={data.tables.categories} caption={t("report.categoriesHeading")} captionHidden hideColumns={["code"]} />
        </section>

        <section aria-labelledby="report-orgs">
          <h3 id="report-orgs">{t("report.orgsHeading")}</h3>
          <DataTable table={data.tables.orgs} caption={t("report.orgsHeading")} captionHidden hideColumns={["code"]} />
          <p className="hint">{t("breakdowns.casesNote")}</p>
        </section>

        <section aria-labelledby="report-seizures">
          <h3 id="report-seizures">{t("report.seizuresHeading")}</h3>
          {data.tables.seizures.rows.length === 0 ? (
            <p>{t("report.noSeizures")}</p>
          ) : (
            <DataTable table={data.tables.seizures} caption={t("report.seizuresHeading")} captionHidden />
          )}
        </section>

        <footer className="report-footer">
          <p>{t("report.rules")}</p>
          <p>{t("report.generated", { at: data.generatedAt })}</p>
        </footer>
      </article>
      <ReportDownloads search={data.search} />
    </StaffLayout>
  );
}
