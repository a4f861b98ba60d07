/**
 * The period report's hotspot alerts (issue 17; app/routes/giam-sat.bao-cao.tsx): every alert
 * current on some day of the period, as one table (a caption, a header row, each alert's row
 * headed by its type and place) — its days in the period, its strongest day against the usual
 * level, its evolution as bars with the figures in words for screen readers, and how it was
 * handled (who, when, the note) — then each alert's days as a table of their own. All printed;
 * nothing needs JavaScript.
 */
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/components/staff/format";
import { EvolutionTable, Sparkline } from "./HotspotAlerts";
import { formatDay, formatNumber, type Locale } from "./report";
import type { PeriodAlertView } from "~/utils/hotspots.server";

export interface ReportHotspotsData {
  alerts: PeriodAlertView[];
  /** At most this many are listed; `truncated`: there were more. */
  limit: number;
  truncated: boolean;
  /** The report is filtered by channel or organisation, which alerts do not know. */
  filterNote: boolean;
  /** The report is filtered to one unit: only its ward's alerts. */
  unitNote: boolean;
}

const COLUMNS = ["hotspot", "days", "peak", "evolution", "handling"] as const;

function hotspotName(alert: PeriodAlertView): string {
  const where = alert.wards.map((w) => w.name).join(" – ");
  return `${alert.province ? `${alert.province}: ` : ""}${alert.categoryLabel} · ${where}`;
}

export function ReportHotspots({ data }: { data: ReportHotspotsData }) {
  const { t, i18n } = useTranslation("oversight");
  const locale: Locale = i18n.language === "en" ? "en" : "vi";
  const day = (d: string) => formatDay(d, locale);
  const { alerts } = data;
  return (
    <section aria-labelledby="report-hotspots" className="report-hotspots">
      <h3 id="report-hotspots">{t("report.hotspots.heading")}</h3>
      <p className="hint">{t("report.hotspots.lead")}</p>
      {data.unitNote && <p className="hint">{t("report.hotspots.unitNote")}</p>}
      {data.filterNote && <p className="hint">{t("report.hotspots.filterNote")}</p>}
      {alerts.length === 0 ? <p className="empty">{t("report.hotspots.none")}</p> : (
        <>
          <div className="table-wrap figures-wrap" tabIndex={0} role="region" aria-labelledby="report-hotspots-caption">
            {/* On a phone each row is stacked as a card (app.css): the roles keep it a table for screen readers whatever its display. */}
            <table className="figures report-hotspot-table" role="table">
              <caption id="report-hotspots-caption">{t("report.hotspots.caption", { count: alerts.length })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  {COLUMNS.map((c) => <th key={c} scope="col" role="columnheader">{t(`report.hotspots.columns.${c}`)}</th>)}
                </tr>
              </thead>
              <tbody role="rowgroup">
                {alerts.map((alert) => (
                  <tr key={alert.id} data-alert={alert.id} role="row">
                    <th scope="row" role="rowheader">{hotspotName(alert)}</th>
                    <td role="cell" data-label={t("report.hotspots.columns.days")}>
                      {t("report.hotspots.days", { from: day(alert.first), to: day(alert.last), count: alert.dayCount })}
                      {alert.current && <> · <strong>{t("report.hotspots.current")}</strong></>}
                    </td>
                    <td role="cell" data-label={t("report.hotspots.columns.peak")}>
                      {t("report.hotspots.peak", {
                        day: day(alert.peak.day), incidents: formatNumber(alert.peak.incidents, locale),
                        expected: formatNumber(alert.peak.expected, locale, 1), score: formatNumber(alert.peak.score, locale, 1),
                      })}
                    </td>
                    <td role="cell" data-label={t("report.hotspots.columns.evolution")}><Sparkline alert={alert} locale={locale} /></td>
                    <td role="cell" data-label={t("report.hotspots.columns.handling")}>
                      <span className={`badge ${alert.state === "open" ? "warn" : "ok"}`}>{t(`hotspots.state.${alert.state}`)}</span>
                      {alert.handled && (
                        <>
                          <br />
                          {t("hotspots.handledBy", { name: alert.handled.by ?? "—", time: formatDateTime(alert.handled.at, i18n.language) })}
                          {alert.handled.note && <><br />{t("report.hotspots.handledNote", { note: alert.handled.note })}</>}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.truncated && <p className="hint">{t("report.hotspots.more", { count: data.limit })}</p>}
          <h4>{t("report.hotspots.evolutionHeading")}</h4>
          {alerts.map((alert) => (
            <EvolutionTable key={alert.id} alert={alert} locale={locale} caption={t("report.hotspots.evolutionCaption", { hotspot: hotspotName(alert) })} />
          ))}
        </>
      )}
    </section>
  );
}
