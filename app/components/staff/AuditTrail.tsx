/** A tip's audit trail, one sentence per event in the reader's language (audit-sentences.ts). */
import { useTranslation } from "react-i18next";
import { describeTipEvent, type SentenceContext, type TrailEvent } from "./audit-sentences";
import { formatDate, formatDateTime, useCategoryLabel, type CategoryLabels } from "./format";

/** What the history's sentences need: the page's language, and names for the codes the page loaded. */
export function useSentenceContext(unitNames: Record<string, string>, labels: CategoryLabels): SentenceContext {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(labels);
  return { t, unit: (code) => unitNames[code] ?? code, category, date: (iso) => formatDate(iso, i18n.language) };
}

export function AuditTrail({ events, unitNames, labels }: { events: TrailEvent[]; unitNames: Record<string, string>; labels: CategoryLabels }) {
  const { t, i18n } = useTranslation("staff");
  const ctx = useSentenceContext(unitNames, labels);
  return (
    <ol className="trail">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>{" "}
          <span className="trail-actor">{e.actorName ?? t(`actor.${e.actorKind}`, { defaultValue: e.actorKind })}</span>
          {": "}
          {describeTipEvent(e, ctx)}
        </li>
      ))}
    </ol>
  );
}
