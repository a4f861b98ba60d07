/** The key figures as cards: the value, what it means, and the previous period beside it. */
import { useTranslation } from "react-i18next";
import type { Kpi } from "~/utils/oversight-view.server";

export function KpiGrid({ kpis }: { kpis: Kpi[] }) {
  const { t } = useTranslation("oversight");
  return (
    <dl className="kpi-grid">
      {kpis.map((k) => (
        <div key={k.key} className={k.tone ? `kpi ${k.tone}` : "kpi"} data-kpi={k.key}>
          <dt>{k.label}</dt>
          <dd className="kpi-value">{k.value}</dd>
          {k.hint && <dd className="kpi-hint">{k.hint}</dd>}
          {k.previous !== undefined && (
            <dd className="kpi-previous">
              {t("kpi.previous", { value: k.previous })}
              {k.change !== undefined && <> · {t("kpi.change", { value: k.change })}</>}
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
