/**
 * The decision, where the eye lands first (beside the tip on a wide screen, right
 * after it on a phone): take the tip, say whether it was valuable, close it — and,
 * one step away, send it to another unit. Only officers of the owning unit, only
 * while the tip is open.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/staff/forms";
import { errorsOf, Problem, ReasonField, Submit, useIntentResult, useResetOnSuccess, type TipPageData } from "./intents";

export function Decision({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const tip = data.tip;
  if (!data.canAct || tip.status === "closed") return null;
  return (
    <section aria-labelledby="decision-title" className="card decision">
      <h2 id="decision-title">{t("tip.actionsTitle")}</h2>
      <Claim data={data} />
      <Valuable data={data} />
      <Close data={data} />
      <Reroute data={data} />
    </section>
  );
}

function Claim({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  if (data.tip.claimedBy !== null) {
    return <p className="decision-who">{data.claimedByMe ? t("tip.claimedByYou") : t("queue.handledBy", { name: data.tip.claimedByName ?? "" })}</p>;
  }
  return (
    <Form method="post" className="decision-step">
      <input type="hidden" name="intent" value="claim" />
      <p className="hint">{t("tip.claimHint")}</p>
      <Problem intent="claim" />
      <Submit>{t("queue.claim")}</Submit>
    </Form>
  );
}

function Valuable({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const valuable = useIntentResult("valuable");
  const tip = data.tip;
  return (
    <Form method="post" className="decision-step">
      <input type="hidden" name="intent" value="valuable" />
      <Problem intent="valuable" />
      <fieldset aria-describedby={valuable?.errors?.valuable ? "valuable-error" : undefined}>
        <legend>{t("tip.valuableQuestion")}</legend>
        <div className="choice-row">
          <label className="choice"><input type="radio" name="valuable" value="1" defaultChecked={tip.valuable === true} /> <span>{t("valuable.yes")}</span></label>
          <label className="choice"><input type="radio" name="valuable" value="0" defaultChecked={tip.valuable === false} /> <span>{t("valuable.no")}</span></label>
        </div>
        <FieldError id="valuable-error" errors={errorsOf(valuable, "valuable")} />
      </fieldset>
      <ReasonField intent="valuable" id="valuable-reason" label={t("tip.valuableReason")} />
      <Submit>{t("tip.saveValuable")}</Submit>
    </Form>
  );
}

function Close({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  return (
    <Form method="post" className="decision-step">
      <input type="hidden" name="intent" value="close" />
      <p className="hint">{data.tip.valuable === null ? t("tip.closeHint") : t("tip.closeReady")}</p>
      <Problem intent="close" />
      <Submit className="button secondary">{t("tip.close")}</Submit>
    </Form>
  );
}

/** Rarer than the rest: folded, and open again when the last attempt needs correcting. */
function Reroute({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const reroute = useIntentResult("reroute");
  const form = useResetOnSuccess("reroute");
  return (
    <details className="decision-step more" open={reroute !== undefined && !reroute.ok}>
      <summary>{t("tip.rerouteTitle")}</summary>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="reroute" />
        <Problem intent="reroute" />
        <div className="field">
          <label htmlFor="toUnit">{t("tip.rerouteTo")}</label>
          <select id="toUnit" name="toUnit" required defaultValue="" aria-invalid={reroute?.errors?.toUnit ? true : undefined} aria-describedby="toUnit-error">
            <option value="" disabled>{t("tip.chooseUnit")}</option>
            {data.rerouteTargets.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
          </select>
          <FieldError id="toUnit-error" errors={errorsOf(reroute, "toUnit")} />
        </div>
        <ReasonField intent="reroute" id="reroute-reason" label={t("tip.rerouteReason")} />
        <Submit className="button secondary">{t("tip.reroute")}</Submit>
      </Form>
    </details>
  );
}
