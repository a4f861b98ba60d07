/** Figures and period report, with the same period and filters. */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function OversightNav({ current, search }: { current: "dashboard" | "report"; search: string }) {
  const { t } = useTranslation("oversight");
  const tab = (key: "dashboard" | "report", to: string) => (
    <Link to={`${to}${search}`} className={current === key ? "tab current" : "tab"} aria-current={current === key ? "page" : undefined}>
      {t(`nav.${key}`)}
    </Link>
  );
  return (
    <nav className="tabs no-print" aria-label={t("nav.label")}>
      {tab("dashboard", "/giam-sat")}
      {tab("report", "/giam-sat/bao-cao")}
    </nav>
  );
}
