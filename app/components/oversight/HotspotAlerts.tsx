/**
 * Hotspot alerts as the staff pages show them (issue 17; docs/decisions/0070-hotspot-alerts.md):
 * each alert's sentence (what rose, where, since when, against what usual level, how
 * confident), its state, its evolution as a small bar chart drawn on the server with the
 * same figures in a table, and links to the ward's tips of that type and period. No
 * JavaScript needed.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/components/staff/format";
import { formatDay, formatNumber, type Locale } from "./report";
import type { HotspotAlertView } from "~/utils/hotspots.server";

type View = HotspotAlertView;

/**
 * The alerts current now, or a line saying there are none. `detailLinks`: link each to its
 * own page (where it is handled); `ownPage`: the list is the page (no heading of its own).
 */
export function HotspotAlerts({ alerts, detailLinks = true, ownPage = false }: { alerts: View[]; detailLinks?: boolean; ownPage?: boolean }) {
  const { t } = useTranslation("oversight");
  return (
    <section aria-labelledby={ownPage ? undefined : "hotspots-title"} className="hotspot-alerts">
      {/* On its own page the page's title is the heading. */}
      {!ownPage && <h2 id="hotspots-title">{t("hotspots.heading")}</h2>}
      <p className="hint">{t("hotspots.lead")}</p>
      {alerts.length === 0 ? <p className="empty">{t("hotspots.none")}</p> : (
        <ul className="hotspot-list">
          {alerts.map((alert) => (
            <li key={alert.id}>
              <HotspotAlertCard alert={alert} detailLink={detailLinks} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HotspotAlertCard({ alert, detailLink, fullTable = false }: { alert: View; detailLink: boolean; fullTable?: boolean }) {
  const { t, i18n } = useTranslation("oversight");
  const locale: Locale = i18n.language === "en" ? "en" : "vi";
  const where = alert.wards.map((w) => w.name).join(" – ");
  return (
    <article className={`hotspot-card ${alert.state}`} aria-labelledby={`hotspot-${alert.id}`}>
      <p className="hotspot-head">
        <strong id={`hotspot-${alert.id}`}>{alert.categoryLabel} · {where}</strong>{" "}
        <span className={`badge ${alert.state === "open" ? "warn" : "ok"}`}>{t(`hotspots.state.${alert.state}`)}</span>
      </p>
      <p>{alert.words.sentence}</p>
      <Sparkline alert={alert} locale={locale} />
      {fullTable ? <EvolutionTable alert={alert} locale={locale} /> : (
        <details className="more">
          <summary>{t("hotspots.evolution")}</summary>
          <EvolutionTable alert={alert} locale={locale} />
        </details>
      )}
      {alert.handled && (
        <p className="meta">
          {t("hotspots.handledBy", { name: alert.handled.by ?? "—", time: formatDateTime(alert.handled.at, i18n.language) })}
          {alert.handled.note ? <>: <q>{alert.handled.note}</q></> : null}
        </p>
      )}
      <p className="button-row">
        {alert.wards.map((w) => <Link key={w.code} to={w.tipsHref}>{t("hotspots.tips", { ward: w.name })}</Link>)}
        {detailLink && <Link to={`/can-bo/diem-nong/${alert.id}`}>{t(alert.state === "open" ? "hotspots.openAndHandle" : "hotspots.open")}</Link>}
      </p>
    </article>
  );
}

const SPARK = { width: 168, height: 36, gap: 1 };

/** Incidents per day as bars; the same figures are in the table below, so the drawing is one labelled image. */
export function Sparkline({ alert, locale }: { alert: Pick<View, "days">; locale: Locale }) {
  const { t } = useTranslation("oversight");
  const days = alert.days.slice(-28);
  if (days.length === 0) return null;
  const top = Math.max(1, ...days.map((d) => d.dayIncidents));
  const barWidth = Math.max(2, (SPARK.width - SPARK.gap * days.length) / days.length);
  const label = t("hotspots.sparkline", {
    from: formatDay(days[0]!.day, locale), to: formatDay(days.at(-1)!.day, locale),
    values: days.map((d) => formatNumber(d.dayIncidents, locale)).join(", "),
  });
  return (
    <svg className="hotspot-spark" viewBox={`0 0 ${SPARK.width} ${SPARK.height}`} width={SPARK.width} height={SPARK.height} role="img" aria-label={label}>
      <title>{label}</title>
      {days.map((d, i) => {
        const h = Math.max(1, (d.dayIncidents / top) * (SPARK.height - 2));
        return <rect key={d.day} x={i * (barWidth + SPARK.gap)} y={SPARK.height - h} width={barWidth} height={h} />;
      })}
    </svg>
  );
}

/** The days as a table; `caption` shown (the report) or, by default, "Day by day" for screen readers only. */
export function EvolutionTable({ alert, locale, caption }: { alert: Pick<View, "days">; locale: Locale; caption?: string }) {
  const { t } = useTranslation("oversight");
  return (
    <div className="table-wrap figures-wrap" tabIndex={0} role="region" aria-label={caption ?? t("hotspots.evolution")}>
      <table className="figures">
        <caption className={caption ? undefined : "visually-hidden"}>{caption ?? t("hotspots.evolution")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("hotspots.columns.day")}</th>
            <th scope="col" className="num">{t("hotspots.columns.dayIncidents")}</th>
            <th scope="col" className="num">{t("hotspots.columns.incidents")}</th>
            <th scope="col" className="num">{t("hotspots.columns.expected")}</th>
            <th scope="col" className="num">{t("hotspots.columns.score")}</th>
          </tr>
        </thead>
        <tbody>
          {[...alert.days].reverse().map((d) => (
            <tr key={d.day}>
              <th scope="row">{formatDay(d.day, locale)}</th>
              <td className="num">{formatNumber(d.dayIncidents, locale)}</td>
              <td className="num">{formatNumber(d.incidents, locale)}</td>
              <td className="num">{formatNumber(d.expected, locale, 1)}</td>
              <td className="num">{formatNumber(d.score, locale, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
