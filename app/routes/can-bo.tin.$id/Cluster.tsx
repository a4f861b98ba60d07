/**
 * The duplicate group: the other reports side by side with why the pipeline grouped
 * them, and (folded: used now and then) merging into or splitting from a group.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { describeReason } from "~/components/staff/audit-sentences";
import { useSentenceContext } from "~/components/staff/AuditTrail";
import { FieldError } from "~/components/staff/forms";
import { formatDateTime, StatusBadge, useCategoryLabel } from "~/components/staff/format";
import { errorsOf, Problem, ReasonField, Submit, useIntentResult, useResetOnSuccess, type TipPageData } from "./intents";

type Similarity = TipPageData["cluster"]["ownReasons"][number];

export function Cluster({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const ctx = useSentenceContext(data.unitNames, data.labels);
  const why = (r: Similarity) =>
    [r.score !== null ? t("cluster.score", { score: Math.round(r.score * 100) }) : null,
     r.matchedTipId ? t("cluster.matched", { id: r.matchedTipId }) : null,
     ...r.evidence.map((reason) => describeReason(reason, ctx))].filter(Boolean).join(" · ");
  return (
    <section aria-labelledby="cluster-title" className="card">
      <h2 id="cluster-title">{t("cluster.title")}</h2>
      <p>{data.cluster.size > 1 ? t("queue.reportedBy", { count: data.cluster.size }) : t("cluster.alone")}</p>
      {data.cluster.ownReasons.map((r, i) => <p key={i} className="hint">{t("cluster.whyThis")} {why(r)}</p>)}
      {data.cluster.peers.length > 0 && (
        <div className="side-by-side">
          <article className="peer this">
            <h3>{t("cluster.thisTip", { id: data.tip.id })}</h3>
            <p className="tip-text">{data.tip.description}</p>
          </article>
          {data.cluster.peers.map((p) => (
            <article className="peer" key={p.id}>
              <h3><Link to={`/can-bo/tin/${p.id}`}>{t("queue.tipNumber", { id: p.id })}</Link> · {category(p.category)}</h3>
              <p className="hint">{formatDateTime(p.createdAt, i18n.language)}{p.wardName ? ` · ${p.wardName}` : ""} · <StatusBadge status={p.status} /></p>
              <p className="tip-text">{p.description}</p>
              {p.reasons.map((r, i) => <p key={i} className="similarity">{why(r)}</p>)}
            </article>
          ))}
        </div>
      )}
      {data.cluster.hidden > 0 && <p>{t("cluster.hidden", { count: data.cluster.hidden })}</p>}
      {data.canAct && <ManageGroup data={data} />}
    </section>
  );
}

function ManageGroup({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const merge = useIntentResult("merge");
  const mergeGroup = useIntentResult("mergeGroup");
  const mergeGroupForm = useResetOnSuccess("mergeGroup");
  const split = useIntentResult("split");
  const mergeForm = useResetOnSuccess("merge");
  const splitForm = useResetOnSuccess("split");
  const retry = [merge, mergeGroup, split].some((r) => r !== undefined && !r.ok);
  return (
    <details className="more" open={retry}>
      <summary>{t("cluster.manage")}</summary>
      <div className="action-grid">
        <Form method="post" className="action-box" ref={mergeForm}>
          <input type="hidden" name="intent" value="merge" />
          <Problem intent="merge" />
          <div className="field">
            <label htmlFor="targetTipId">{t("cluster.mergeLabel")}</label>
            <span className="hint" id="targetTipId-hint">{t("cluster.mergeHint")}</span>
            <input id="targetTipId" name="targetTipId" type="number" min={1} inputMode="numeric" required
              aria-invalid={merge?.errors?.targetTipId ? true : undefined} aria-describedby="targetTipId-hint targetTipId-error" />
            <FieldError id="targetTipId-error" errors={errorsOf(merge, "targetTipId")} />
          </div>
          <Submit className="button secondary">{t("cluster.merge")}</Submit>
        </Form>
        {data.cluster.size > 1 && (
          <Form method="post" className="action-box" ref={mergeGroupForm}>
            <input type="hidden" name="intent" value="mergeGroup" />
            <Problem intent="mergeGroup" />
            <div className="field">
              <label htmlFor="groupTargetTipId">{t("cluster.mergeGroupLabel", { count: data.cluster.size })}</label>
              <span className="hint" id="groupTargetTipId-hint">{t("cluster.mergeGroupHint")}</span>
              <input id="groupTargetTipId" name="groupTargetTipId" type="number" min={1} inputMode="numeric" required
                aria-invalid={mergeGroup?.errors?.groupTargetTipId ? true : undefined} aria-describedby="groupTargetTipId-hint groupTargetTipId-error" />
              <FieldError id="groupTargetTipId-error" errors={errorsOf(mergeGroup, "groupTargetTipId")} />
            </div>
            <Submit className="button secondary">{t("cluster.mergeGroup", { count: data.cluster.size })}</Submit>
          </Form>
        )}
        {data.cluster.size > 1 && (
          <Form method="post" className="action-box" ref={splitForm}>
            <input type="hidden" name="intent" value="split" />
            <Problem intent="split" />
            <ReasonField intent="split" id="split-reason" label={t("cluster.splitReason")} />
            <Submit className="button secondary">{t("cluster.split")}</Submit>
          </Form>
        )}
      </div>
    </details>
  );
}
