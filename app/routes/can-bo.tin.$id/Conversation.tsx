/** The thread with the tipster, and asking a question (officers of the owning unit, while the tip is open). */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError } from "~/components/staff/forms";
import { formatDateTime } from "~/components/staff/format";
import { errorsOf, Problem, Submit, useIntentResult, useResetOnSuccess, type TipPageData } from "./intents";

export function Conversation({ data }: { data: TipPageData }) {
  const { t, i18n } = useTranslation("staff");
  const message = useIntentResult("message");
  const formRef = useResetOnSuccess("message");
  return (
    <section aria-labelledby="thread-title" className="card">
      <h2 id="thread-title">{t("thread.title")}</h2>
      <p className="hint">{t("thread.hint")}</p>
      {data.messages.length === 0 ? <p>{t("thread.empty")}</p> : (
        <ol className="thread">
          {data.messages.map((m) => (
            <li key={m.id} className={m.author === "officer" ? "from-officer" : "from-tipster"}>
              <p className="thread-meta">
                {m.author === "officer" ? t("thread.officer", { name: m.by ?? "" }) : t("thread.tipster")} ·{" "}
                <time dateTime={m.at}>{formatDateTime(m.at, i18n.language)}</time>
              </p>
              <p className="tip-text">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {data.canAct && data.tip.status !== "closed" && (
        <Form method="post" ref={formRef}>
          <input type="hidden" name="intent" value="message" />
          <Problem intent="message" />
          <div className="field">
            <label htmlFor="message-body">{t("thread.ask")}</label>
            <span className="hint" id="message-hint">{t("thread.askHint")}</span>
            <textarea id="message-body" name="body" required rows={3} aria-invalid={message?.errors?.body ? true : undefined}
              aria-describedby="message-hint message-error" />
            <FieldError id="message-error" errors={errorsOf(message, "body")} />
          </div>
          <Submit>{t("thread.send")}</Submit>
        </Form>
      )}
    </section>
  );
}
