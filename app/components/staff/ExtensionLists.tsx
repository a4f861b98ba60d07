/**
 * Extension requests waiting for the reader's approval and those recently granted
 * (docs/decisions/0072-escalation.md): on the supervisors' dashboard and the escalation
 * page. Each links to the tip page, where the decision is made.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "./format";

interface Line {
  id: number;
  tipId: number;
  unitName: string;
  requester: string;
  deadlineAt: string;
  decidedBy: string | null;
}

export function ExtensionLists({ pending, pendingCount, granted }: { pending: Line[]; pendingCount: number; granted: Line[] }) {
  const { t, i18n } = useTranslation("staff");
  const date = (iso: string) => formatDate(iso, i18n.language);
  return (
    <section aria-labelledby="extensions-title" id="gia-han">
      <h2 id="extensions-title">{t("escalations.pendingTitle")}</h2>
      {pendingCount === 0 ? <p>{t("escalations.pendingNone")}</p> : (
        <>
          <p><strong data-pending-extensions={pendingCount}>{t("escalations.pendingCount", { count: pendingCount })}</strong></p>
          <ul>
            {pending.map((r) => (
              <li key={r.id}>
                <Link to={`/can-bo/tin/${r.tipId}#extension`}>{t("escalations.pendingLine", { id: r.tipId, unit: r.unitName, requester: r.requester, date: date(r.deadlineAt) })}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {granted.length > 0 && (
        <>
          <h3>{t("escalations.grantedTitle")}</h3>
          <ul>
            {granted.map((r) => (
              <li key={r.id}>
                <Link to={`/can-bo/tin/${r.tipId}`}>{t("escalations.grantedLine", { id: r.tipId, unit: r.unitName, date: date(r.deadlineAt), by: r.decidedBy ?? "" })}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
