/**
 * The duplicate group: the other reports side by side, each with why it is in the
 * group in officers' words, and (folded: used now and then) merging into or
 * splitting from a group.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReasonCode } from "../../../domain/reasons";
import { describeReason } from "~/components/staff/audit-sentences";
import { useSentenceContext } from "~/components/staff/AuditTrail";
import { FieldError } from "~/components/staff/forms";
import { formatDateTime, StatusBadge, useCategoryLabel } from "~/components/staff/format";
import { errorsOf, Problem, ReasonField, Submit, useIntentResult, useResetOnSuccess, type TipPageData } from "./intents";

type Why = NonNullable<TipPageData["cluster"]["why"]>;

/**
 * What officers weigh first when two reports are put together: a shared number or account, the same named
 * place, the same spot and time, then the type and the wording; evidence against one incident comes last.
 */
const EVIDENCE_ORDER: ReasonCode[] = [
  "shared-identifier", "same-named-place", "same-place", "same-sum", "ward-time-credit", "point-address-time-credit", "shared-words", "same-ward", "metres-apart", "neighbouring-wards", "hours-apart",
  "days-apart", "unknown-time", "same-category", "related-categories", "general-category", "kind-described", "text-similarity",
];
const rank = (code: ReasonCode) => (EVIDENCE_ORDER.includes(code) ? EVIDENCE_ORDER.indexOf(code) : EVIDENCE_ORDER.length);

/** Why a tip is in its group, in officers' words (issue 13, item 5): what it shares, or who merged it and when. */
function useWhyInGroup(data: TipPageData) {
  const { t, i18n } = useTranslation("staff");
  const ctx = useSentenceContext(data.unitNames, data.labels);
  return (why: Why | null): string => {
    if (!why) return t("membership.unknown");
    const date = formatDateTime(why.at, i18n.language);
    const by = why.by ?? t("membership.anOfficer");
    switch (why.type) {
      case "cluster_started": return t("membership.first");
      case "cluster_split": return t("membership.split", { by, date });
      case "cluster_merged": return t("membership.merged", { by, date, id: why.withTipId ?? "?" });
      case "cluster_group_merged": return t("membership.groupMerged", { by, date, id: why.withTipId ?? "?" });
      default: {
        const shared = [...why.evidence].sort((a, b) => rank(a.code) - rank(b.code)).map((r) => describeReason(r, ctx)).join(", ");
        const against = [
          why.matchedTipId ? t("cluster.matched", { id: why.matchedTipId }) : null,
          why.support ? describeReason(why.support, ctx) : null,
        ].filter(Boolean).join("; ");
        return t("membership.pipeline", { shared: shared || t("membership.noDetail"), against: against ? ` (${against})` : "" });
      }
    }
  };
}

export function Cluster({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const why = useWhyInGroup(data);
  return (
    <section aria-labelledby="cluster-title" className="card">
      <h2 id="cluster-title">{t("cluster.title")}</h2>
      <p>{data.cluster.size > 1 ? t("queue.reportedBy", { count: data.cluster.size }) : t("cluster.alone")}</p>
      {/* Without a visible member to sit beside, this tip's reason goes under the count. */}
      {data.cluster.size > 1 && data.cluster.peers.length === 0 && <p className="hint">{why(data.cluster.why)}</p>}
      {data.cluster.peers.length > 0 && (
        <div className="side-by-side">
          <article className="peer this">
            <h3>{t("cluster.thisTip", { id: data.tip.id })}</h3>
            <p className="tip-text">{data.tip.description}</p>
            <p className="similarity">{why(data.cluster.why)}</p>
          </article>
          {data.cluster.peers.map((p) => (
            <article className="peer" key={p.id}>
              <h3><Link to={`/can-bo/tin/${p.id}`}>{t("queue.tipNumber", { id: p.id })}</Link> · {category(p.category)}</h3>
              <p className="hint">{formatDateTime(p.createdAt, i18n.language)}{p.wardName ? ` · ${p.wardName}` : ""} · <StatusBadge status={p.status} /></p>
              <p className="tip-text">{p.description}</p>
              <p className="similarity">{why(p.why)}</p>
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
