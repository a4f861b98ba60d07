/** The cases the tip led to, and opening or linking one (officers of the owning unit). */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/staff/forms";
import { errorsOf, Problem, Submit, useIntentResult, type TipPageData } from "./intents";

export function Cases({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const link = useIntentResult("linkCase");
  return (
    <section aria-labelledby="cases-title" className="card">
      <h2 id="cases-title">{t("tip.casesTitle")}</h2>
      {data.cases.visible.length === 0 ? <p>{t("tip.noCases")}</p> : (
        <ul>
          {data.cases.visible.map((c) => (
            <li key={c.id}>
              <Link to={`/can-bo/vu-viec/${c.id}`}>{c.number}</Link> — {c.title}
              {c.decision && <> · {t(`decision.${c.decision}`)}</>}
              {c.arrests > 0 && <> · {t("case.arrestsCount", { count: c.arrests })}</>}
            </li>
          ))}
        </ul>
      )}
      {data.cases.hidden > 0 && <p className="hint">{t("tip.casesHidden", { count: data.cases.hidden })}</p>}
      {data.canAct && (
        <div className="action-grid">
          <div className="action-box">
            <Link to={`/can-bo/vu-viec/moi?tin=${data.tip.id}`} className="button">{t("tip.newCase")}</Link>
          </div>
          {data.recentCases.length > 0 && (
            <Form method="post" className="action-box">
              <input type="hidden" name="intent" value="linkCase" />
              <Problem intent="linkCase" />
              <div className="field">
                <label htmlFor="caseId">{t("tip.linkCase")}</label>
                <select id="caseId" name="caseId" required defaultValue="" aria-describedby="caseId-error">
                  <option value="" disabled>{t("tip.chooseCase")}</option>
                  {data.recentCases.map((c) => <option key={c.id} value={c.id}>{c.number} — {c.title}</option>)}
                </select>
                <FieldError id="caseId-error" errors={errorsOf(link, "caseId")} />
              </div>
              <Submit className="button secondary">{t("tip.link")}</Submit>
            </Form>
          )}
        </div>
      )}
    </section>
  );
}
