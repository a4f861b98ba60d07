/** Every table as CSV or JSON, for the same period, filters and scope. */
import { useTranslation } from "react-i18next";

const TABLES = ["summary", "units", "categories", "channels", "orgs", "series", "backlog", "seizures"] as const;

export function ExportLinks({ search }: { search: string }) {
  const { t } = useTranslation("oversight");
  const href = (table: string, format: "csv" | "json") => {
    const params = new URLSearchParams(search);
    params.set("table", table);
    params.set("format", format);
    return `/giam-sat/xuat?${params}`;
  };
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
