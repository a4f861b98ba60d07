/** Every table as CSV or JSON, for the same period, filters and scope. */
import { useTranslation } from "react-i18next";

const TABLES = ["summary", "units", "categories", "channels", "orgs", "series", "backlog", "seizures"] as const;
/** The report's own tables, in its order. */
const REPORT_TABLES = ["summary", "units", "categories", "orgs", "seizures"] as const;

function exportHref(search: string, table: string, format: "csv" | "json") {
  const params = new URLSearchParams(search);
  params.set("table", table);
  params.set("format", format);
  return `/giam-sat/xuat?${params}`;
}

/** The period report's downloads: a spreadsheet of each of its tables, same period and filters. */
export function ReportDownloads({ search }: { search: string }) {
  const { t } = useTranslation("oversight");
  return (
    <section aria-labelledby="report-downloads-title" className="exports no-print">
      <h2 id="report-downloads-title">{t("exports.reportHeading")}</h2>
      <p className="hint">{t("exports.reportHint")}</p>
      <ul className="export-list">
        {REPORT_TABLES.map((table) => (
          <li key={table}>
            <a href={exportHref(search, table, "csv")} download>
              {t(`exports.tables.${table}`)} <span className="export-format">({t("exports.csv")})</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ExportLinks({ search }: { search: string }) {
  const { t } = useTranslation("oversight");
  const href = (table: string, format: "csv" | "json") => exportHref(search, table, format);
  return (
    <section aria-labelledby="exports-title" className="exports no-print">
      <h2 id="exports-title">{t("exports.heading")}</h2>
      <p className="hint">{t("exports.hint")}</p>
      <ul className="export-list">
        {TABLES.map((table) => (
          <li key={table}>
            <span>{t(`exports.tables.${table}`)}</span>
            {/* Plain links: downloads, not client-side navigation. */}
            <a href={href(table, "csv")} download>{t("exports.csv")}<span className="visually-hidden"> — {t(`exports.tables.${table}`)}</span></a>
            <a href={href(table, "json")} download>{t("exports.json")}<span className="visually-hidden"> — {t(`exports.tables.${table}`)}</span></a>
          </li>
        ))}
      </ul>
    </section>
  );
}
