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

function Identity({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const reveal = useIntentResult("reveal");
  if (!data.tip.identified || !data.canAct) return null;
  return (
    <details className="more warn-details" id="identity" open={reveal !== undefined}>
      <summary>{t("identity.title")}</summary>
      {reveal?.ok && reveal.identity ? (
        <dl className="facts">
          <dt>{t("identity.name")}</dt><dd>{reveal.identity.name || "—"}</dd>
          <dt>{t("identity.phone")}</dt><dd>{reveal.identity.phone || "—"}</dd>
          <dt>{t("identity.email")}</dt><dd>{reveal.identity.email || "—"}</dd>
        </dl>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="reveal" />
          <p>{t("identity.warning")}</p>
          <Problem intent="reveal" />
          <ReasonField intent="reveal" id="reveal-reason" label={t("identity.reason")} />
          <Submit className="button secondary">{t("identity.show")}</Submit>
        </Form>
      )}
    </details>
  );
}

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
