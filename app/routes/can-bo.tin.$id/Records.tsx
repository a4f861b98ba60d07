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

function Extend({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const extend = useIntentResult("extend");
  const form = useResetOnSuccess("extend");
  if (!data.canAct || data.tip.status === "closed") return null;
  return (
    <details className="more" open={extend !== undefined && !extend.ok}>
      <summary>{t("tip.extendTitle")}</summary>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="extend" />
        <p className="hint">{t("tip.extendHint", { days: data.extensionDaysLeft })}</p>
        <Problem intent="extend" />
        <div className="field">
          <label htmlFor="days">{t("tip.extendDays")}</label>
          <input id="days" name="days" type="number" min={1} max={60} required inputMode="numeric"
            aria-invalid={extend?.errors?.days ? true : undefined} aria-describedby="days-error" />
          <FieldError id="days-error" errors={errorsOf(extend, "days")} />
        </div>
        <ReasonField intent="extend" id="extend-reason" label={t("tip.extendReason")} />
        <Submit className="button secondary">{t("tip.extend")}</Submit>
      </Form>
      {data.extensions.length > 0 && (
        <ul className="hint">
          {data.extensions.map((e) => <li key={e.id}>{t("tip.extensionLine", { days: e.days, reason: e.reason, by: e.by ?? "" })}</li>)}
        </ul>
      )}
    </details>
  );
}
