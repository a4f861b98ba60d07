import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, FieldError } from "./ErrorSummary";
import { addInfoSchema, replySchema } from "./followup-schema";
import { formatDateTime, formatDay } from "./format";
import { PhotoField } from "./PhotoField";
import { ADDITION_LIMITS_SHOWN } from "../../../domain/tip-limits";
import { useErrorText } from "./use-error-text";

export interface FollowUpData {
  status: "received" | "verifying" | "acted_on" | "closed";
  waitingForReply: boolean;
  finished: boolean;
  canReply: boolean;
  categoryLabel: string;
  submittedAt: string;
  messages: Array<{ from: "officer" | "tipster"; at: string; body: string }>;
}

/** An opened tip: its public status, the thread with officers, and what the tipster can add. */
export function FollowUpView(props: {
  tip: FollowUpData;
  notice: string | null;
  replyResult: SubmissionResult<string[]> | undefined;
  addResult: SubmissionResult<string[]> | undefined;
}) {
  const { tip } = props;
  const { t, i18n } = useTranslation("intake");
  return (
    <>
      <h1>{t("followUp.openedTitle")}</h1>
      {props.notice ? <p className="notice ok" role="status">{props.notice}</p> : null}
      <section className={`card status-card status-${tip.status}`} aria-labelledby="tip-status">
        <h2 id="tip-status">
          {t("followUp.statusLabel")}: <span className="status-word">{t(`status.${tip.status}.title`)}</span>
        </h2>
        <p>{t(`status.${tip.status}.body`)}</p>
        <p className="facts">
          {t("followUp.categoryLabel")}: <strong>{tip.categoryLabel}</strong>
          <br />
          {t("followUp.submittedOn", { date: formatDay(tip.submittedAt, i18n.language) })}
        </p>
        {tip.waitingForReply && !tip.finished ? <p className="notice warn"><strong>{t("followUp.waiting")}</strong></p> : null}
        {tip.finished ? <p className="notice">{t("followUp.finished")}</p> : null}
      </section>

      <section aria-labelledby="thread-title">
        <h2 id="thread-title">{t("followUp.messagesTitle")}</h2>
        {tip.messages.length === 0 ? (
          <p>{t("followUp.noMessages")}</p>
        ) : (
          <ol className="thread">
            {tip.messages.map((m, index) => (
              <li key={index} className={`message from-${m.from}`}>
                <p className="message-meta">
                  <strong>{m.from === "officer" ? t("followUp.fromOfficer") : t("followUp.fromYou")}</strong>
                  {" · "}
                  <time dateTime={m.at}>{formatDateTime(m.at, i18n.language)}</time>
                </p>
                <p className="message-body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>

      {/* Keyed by the thread's length: once a message is in, the forms start empty again (the page stays mounted with JavaScript). */}
      {tip.finished ? null : (
        <>
          {tip.canReply ? <ReplyForm key={`reply-${tip.messages.length}`} lastResult={props.replyResult} emphasised={tip.waitingForReply} /> : null}
          <AddInfoForm key={`add-${tip.messages.length}`} lastResult={props.addResult} />
        </>
      )}

      <Form method="post" className="close-session">
        <p className="hint">{t("followUp.sessionNote")}</p>
        <button type="submit" name="intent" value="close" className="button secondary">{t("followUp.close")}</button>
      </Form>
    </>
  );
}

function ReplyForm({ lastResult, emphasised }: { lastResult: SubmissionResult<string[]> | undefined; emphasised: boolean }) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText(ADDITION_LIMITS_SHOWN);
  const submitting = useNavigation().formData?.get("intent") === "reply";
  const [form, fields] = useForm({
    id: "reply",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }),
  });
  const items = [
    ...(errorText(form.errors) ?? []).map((message) => ({ target: fields.body.id, message })),
    ...(errorText(fields.body.errors) ?? []).map((message) => ({ target: fields.body.id, message })),
  ];
  return (
    <section className={emphasised ? "card emphasised" : "card"} aria-labelledby="reply-title">
      <h2 id="reply-title">{t("followUp.replyTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        {form.status === "error" ? <ErrorSummary title={t("followUp.errorSummary", { count: items.length })} items={items} /> : null}
        <div className="field">
          <label htmlFor={fields.body.id}>{t("followUp.replyLabel")}</label>
          <textarea {...getTextareaProps(fields.body)} rows={5} />
          <FieldError id={fields.body.errorId} messages={errorText(fields.body.errors)} />
        </div>
        <button type="submit" name="intent" value="reply" className="button" disabled={submitting}>{t("followUp.reply")}</button>
      </Form>
    </section>
  );
}

function AddInfoForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText(ADDITION_LIMITS_SHOWN);
  const submitting = useNavigation().formData?.get("intent") === "add";
  const [form, fields] = useForm({
    id: "add",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addInfoSchema }),
  });
  const items = [
    ...(errorText(form.errors) ?? []).map((message) => ({ target: fields.body.id, message })),
    ...(errorText(fields.body.errors) ?? []).map((message) => ({ target: fields.body.id, message })),
    ...(errorText(fields.photos.errors) ?? []).map((message) => ({ target: fields.photos.id, message })),
  ];
  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title">{t("followUp.addTitle")}</h2>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        {form.status === "error" ? <ErrorSummary title={t("followUp.errorSummary", { count: items.length })} items={items} /> : null}
        <div className="field">
          <label htmlFor={fields.body.id}>{t("followUp.addLabel")}</label>
          <span className="hint" id={fields.body.descriptionId}>{t("followUp.addHint")}</span>
          <textarea {...getTextareaProps(fields.body, { ariaDescribedBy: fields.body.descriptionId })} rows={5} />
          <FieldError id={fields.body.errorId} messages={errorText(fields.body.errors)} />
        </div>
        <PhotoField field={fields.photos} label={t("photos.label")} />
        <button type="submit" name="intent" value="add" className="button" disabled={submitting}>{t("followUp.add")}</button>
      </Form>
    </section>
  );
}
