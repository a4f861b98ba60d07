/**
 * What the tip is, at a glance — status, deadline, value, type, when, where, how
 * many reported it, who has it — and what was sent. The details of its reception
 * (channel, times, organisation) are in Records.
 */
import { useTranslation } from "react-i18next";
import { DeadlineBadge, formatDate, formatDateTime, IncidentTimeText, StatusBadge, useCategoryLabel, ValuableBadge } from "~/components/staff/format";
import type { TipPageData } from "./intents";

export function Glance({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const tip = data.tip;
  return (
    <dl className="facts glance">
      <dt>{t("tip.status")}</dt>
      <dd>
        <StatusBadge status={tip.status} />{" "}
        {tip.status === "closed" ? t("tip.closedOn", { date: formatDateTime(tip.closedAt, i18n.language) }) : (
          <><DeadlineBadge daysLeft={tip.daysLeft} /> {t("tip.deadlineDate", { date: formatDate(tip.deadlineAt, i18n.language) })}</>
        )}
      </dd>
      <dt>{t("tip.valuable")}</dt>
      <dd><ValuableBadge valuable={tip.valuable} />{tip.valuableReason && <> — {tip.valuableReason}</>}</dd>
      <dt>{t("tip.category")}</dt><dd>{category(tip.category)}</dd>
      <dt>{t("tip.occurred")}</dt><dd><IncidentTimeText occurredAt={tip.occurredAt} precision={tip.occurredPrecision} /></dd>
      <dt>{t("place.title")}</dt><dd>{data.place.wardName ?? t("place.unresolved")}</dd>
      {data.cluster.size > 1 && <><dt>{t("queue.col.reports")}</dt><dd>{t("queue.reportedBy", { count: data.cluster.size })}</dd></>}
      <dt>{t("tip.handler")}</dt>
      <dd>{tip.claimedByName ? t("queue.handledBy", { name: tip.claimedByName }) : t("tip.unclaimed")}</dd>
    </dl>
  );
}

export function Content({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const tip = data.tip;
  return (
    <section aria-labelledby="content-title" className="card tip-content">
      <h2 id="content-title">{t("tip.content")}</h2>
      <p className="tip-text">{tip.purged ? t("tip.purged") : tip.description}</p>
      {data.photos.length > 0 && data.user.role !== "officer" && <p className="hint">{t("tip.photosOfficersOnly", { count: data.photos.length })}</p>}
      {data.photos.length > 0 && data.user.role === "officer" && (
        <ul className="photos">
          {data.photos.map((p, i) => (
            <li key={p.id}>
              <a href={`/can-bo/anh/${p.id}`}>
                <img src={`/can-bo/anh/${p.id}`} alt={t("tip.photoAlt", { n: i + 1, id: tip.id })} width={p.width} height={p.height} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** How the tip came in: kept for the record, rarely needed to decide. */
export function Reception({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const tip = data.tip;
  const lng = i18n.language;
  return (
    <dl className="facts">
      <dt>{t("tip.received")}</dt><dd>{formatDateTime(tip.createdAt, lng)}</dd>
      <dt>{t("tip.channel")}</dt><dd>{t(`channel.${tip.channel}`)}</dd>
      <dt>{t("tip.unit")}</dt>
      <dd>{tip.unitCode ? data.unitNames[tip.unitCode] ?? tip.unitCode : "—"}{tip.access === "copy" && <> <span className="badge">{t("tip.copyBadge")}</span></>}</dd>
      {data.sourceOrg && <><dt>{t("tip.sourceOrg")}</dt><dd>{lng === "en" ? data.sourceOrg.en : data.sourceOrg.vi}</dd></>}
      <dt>{t("tip.reporter")}</dt><dd>{tip.identified ? t("tip.identified") : t("tip.anonymous")}</dd>
    </dl>
  );
}
