/**
 * What is consulted now and then, folded so the page stays short: how the tip came
 * in, the tipster's identity (shown only on a POST with a reason), extending the
 * deadline, and the full history. Each <details> opens without JavaScript, and
 * opens by itself when its last action needs correcting or has something to show.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditTrail } from "~/components/staff/AuditTrail";
import { FieldError } from "~/components/staff/forms";
import { Reception } from "./Facts";
import { errorsOf, Problem, ReasonField, Submit, useIntentResult, useResetOnSuccess, type TipPageData } from "./intents";
import { VIETNAM_TIME_ZONE } from "../../../domain/vietnam-time";
import { formatDate } from "~/components/staff/format";

export function Records({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  return (
    <section aria-labelledby="records-title" className="card records">
      <h2 id="records-title">{t("tip.recordsTitle")}</h2>
      <details className="more">
        <summary>{t("tip.receptionTitle")}</summary>
        <Reception data={data} />
      </details>
      <Identity data={data} />
      <Extend data={data} />
      <details className="more" id="history">
        <summary>{t("tip.trailCount", { count: data.events.length })}</summary>
        <AuditTrail events={data.events} unitNames={data.unitNames} labels={data.labels} />
      </details>
    </section>
  );
}

// --- identity box (issue 18, item 13: a custodian approves before the details show) ---
function Identity({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const reveal = useIntentResult("reveal");
  const asked = useIntentResult("requestIdentity");
  if (!data.tip.identified || !data.canAct) return null;
  const request = data.identityRequest;
  const canAsk = !request || request.status === "refused" || request.status === "expired" || request.status === "withdrawn";
  return (
    <details className="more warn-details" id="identity" open={reveal !== undefined || asked !== undefined}>
      <summary>{t("identity.title")}</summary>
      {reveal?.ok && reveal.identity ? (
        <dl className="facts">
          <dt>{t("identity.name")}</dt><dd>{reveal.identity.name || "—"}</dd>
          <dt>{t("identity.phone")}</dt><dd>{reveal.identity.phone || "—"}</dd>
          <dt>{t("identity.email")}</dt><dd>{reveal.identity.email || "—"}</dd>
        </dl>
      ) : (
        <>
          <p>{t("identity.warning")}</p>
          {request && (
            <p className="identity-request-state" role="status">
              {t(`identity.state.${request.status}`, { reason: request.reason, note: request.note ?? "", by: request.decidedBy ?? "", until: request.expiresAt ? formatInstant(request.expiresAt) : "" })}
            </p>
          )}
          {request?.status === "approved" && (
            <Form method="post">
              <input type="hidden" name="intent" value="reveal" />
              <Problem intent="reveal" />
              <Submit className="button secondary">{t("identity.show")}</Submit>
            </Form>
          )}
          {canAsk && (
            <Form method="post">
              <input type="hidden" name="intent" value="requestIdentity" />
              <p className="hint">{t("identity.requestHint")}</p>
              <Problem intent="requestIdentity" />
              <ReasonField intent="requestIdentity" id="identity-reason" label={t("identity.reason")} />
              <Submit className="button secondary">{t("identity.request")}</Submit>
            </Form>
          )}
        </>
      )}
    </details>
  );
}

function formatInstant(iso: string): string {
  // Staff times are shown in Vietnam's time zone, to the minute.
  return new Intl.DateTimeFormat("vi-VN", { timeZone: VIETNAM_TIME_ZONE, dateStyle: "short", timeStyle: "short" }).format(new Date(iso));
}
// --- end identity box ---

/**
 * Extending the art. 147 deadline is a request (docs/decisions/0072-escalation.md): the
 * unit's officers ask for a new last day with a reason; a supervisor of the province or
 * a head of the unit, never the requester, approves or refuses it here with a note.
 */
function Extend({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const extend = useIntentResult("extend");
  const decide = useIntentResult("decideExtension");
  const form = useResetOnSuccess("extend");
  const open = data.tip.status !== "closed";
  const pending = data.extensionRequests.find((r) => r.status === "pending") ?? null;
  const decided = data.extensionRequests.filter((r) => r.status !== "pending");
  const canRequest = data.canAct && open && !pending;
  const canDecide = data.canDecideExtension && open && pending !== null && pending.requesterId !== data.viewerId;
  if (!canRequest && !canDecide && !pending && decided.length === 0 && data.extensions.length === 0) return null;
  const date = (iso: string) => formatDate(iso, i18n.language);
  return (
    <details className="more" id="extension" open={(extend !== undefined && !extend.ok) || decide !== undefined || canDecide}>
      <summary>{pending ? t("tip.extensionPendingTitle") : t("tip.extendTitle")}</summary>
      <Problem intent="decideExtension" />
      {pending && (
        <div className="notice" role="status">
          <p><strong>{t("tip.extensionPending", { date: date(pending.deadlineAt), days: pending.days, requester: pending.requester })}</strong></p>
          <p>{t("tip.extensionReasonIs", { reason: pending.reason })}</p>
        </div>
      )}
      {canDecide && pending && (
        <Form method="post">
          <input type="hidden" name="intent" value="decideExtension" />
          <input type="hidden" name="requestId" value={pending.id} />
          <div className="field">
            <label htmlFor="extension-note">{t("tip.extensionNote")}</label>
            <textarea id="extension-note" name="note" rows={2} required className="short"
              aria-invalid={decide?.errors?.note ? true : undefined} aria-describedby="extension-note-error" />
            <FieldError id="extension-note-error" errors={errorsOf(decide, "note")} />
          </div>
          <p className="button-row">
            <button type="submit" name="decision" value="approve" className="button">{t("tip.extensionApprove")}</button>
            <button type="submit" name="decision" value="refuse" className="button secondary">{t("tip.extensionRefuse")}</button>
          </p>
        </Form>
      )}
      {canRequest && (
        <Form method="post" ref={form}>
          <input type="hidden" name="intent" value="extend" />
          <p className="hint">{t("tip.extendHint", { days: data.extensionDaysLeft })} {t("tip.extendApproval")}</p>
          <Problem intent="extend" />
          <div className="field">
            <label htmlFor="newDate">{t("tip.extendNewDate", { date: date(data.tip.deadlineAt) })}</label>
            <input id="newDate" name="newDate" type="date" min={data.deadlineDay} required
              aria-invalid={extend?.errors?.newDate ? true : undefined} aria-describedby="newDate-error" />
            <FieldError id="newDate-error" errors={errorsOf(extend, "newDate")} />
          </div>
          <ReasonField intent="extend" id="extend-reason" label={t("tip.extendReason")} />
          <Submit className="button secondary">{t("tip.extend")}</Submit>
        </Form>
      )}
      {decided.length > 0 && (
        <ul className="hint">
          {decided.map((r) => (
            <li key={r.id}>{t(r.status === "approved" ? "tip.extensionApprovedLine" : "tip.extensionRefusedLine", {
              date: date(r.deadlineAt), requester: r.requester, by: r.decidedBy ?? "", note: r.note ?? "",
            })}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
