/**
 * /theo-doi — a resident comes back with the receipt: sees the tip's public
 * status and the officers' messages, answers, adds information or photos.
 * Opening creates a 20-minute follow-up session (followup.server.ts); every
 * change goes through POST → redirect, so reloading never sends anything twice.
 */
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import {
  json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listActiveCategories } from "../../db/queries/intake-reference";
import { ErrorSummary, FieldError } from "~/components/intake/ErrorSummary";
import { announce } from "~/components/staff/staff.server";
import { addInfoSchema, openSchema, replySchema } from "~/components/intake/followup-schema";
import { FollowUpView } from "~/components/intake/FollowUpView";
import { useErrorText } from "~/components/intake/use-error-text";
import { pageLanguage } from "~/components/intake/format";
import { resources } from "~/i18n/resources";
import { i18next } from "~/i18n/i18next.server";
import {
  addTipsterMessage, closeFollowUpSession, consumeReceiptAttempt, currentFollowUpTip, findTipByReceipt,
  consumeSessionAddition, followUpCookie, loadPublicTipView, lookupRefusal, openFollowUpSession, tipTakesAddition,
} from "~/utils/followup.server";
import { formPhotos } from "~/utils/form-photos.server";
import { formReadFailure, PHOTO_FORM_LIMITS, readForm, readProblems } from "~/utils/request-body.server";
import { wantsSecureCookie } from "~/utils/session.server";
import { NO_STORE, noStoreHeaders } from "~/utils/no-store.server";
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from "../../core/platform/storage-errors";

export const handle = { i18n: ["common", "intake"] };

const DONE = { reply: "tra-loi", add: "bo-sung" } as const;
/** What the page confirms after a redirect: keys of `followUp` in the intake namespace. */
type Notice = "replied" | "added" | "closed" | "expired";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const text = resources[pageLanguage(matches)].intake.followUp;
  return [{ title: `${data?.tip ? text.openedTitle : text.title} — Tin Báo` }];
};

export const headers = noStoreHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const tipId = await currentFollowUpTip(request, context.db);
  const view = tipId === null ? null : await loadPublicTipView(context.db, tipId);
  const hadCookie = (await followUpCookie.parse(request.headers.get("Cookie"))) !== null;
  const notice: Notice | null =
    url.searchParams.get("da-gui") === DONE.reply ? "replied"
    : url.searchParams.get("da-gui") === DONE.add ? "added"
    : url.searchParams.has("da-dong") ? "closed"
    : !view && hadCookie ? "expired"
    : null;
  const headers: HeadersInit = { ...NO_STORE };
  if (!view && hadCookie) headers["Set-Cookie"] = await closeFollowUpSession(request, context.db, wantsSecureCookie(context.config));
  if (!view) return json({ notice, tip: null }, { headers });

  const categories = await listActiveCategories(context.db);
  const category = categories.find((c) => c.code === view.category);
  const english = (await i18next.getLocale(request)) === "en";
  return json(
    {
      notice,
      tip: {
        status: view.status,
        waitingForReply: view.waitingForReply,
        finished: view.finished,
        canReply: view.canReply,
        categoryLabel: category ? (english ? category.labelEn : category.labelVi) : view.category,
        submittedAt: view.submittedAt,
        messages: view.messages,
      },
    },
    { headers },
  );
}

type Reply = { intent: "open" | "reply" | "add"; result: SubmissionResult<string[]>; retryMinutes?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const { db, config } = context;
  const read = await readForm(request, PHOTO_FORM_LIMITS);
  if ("problem" in read) {
    const failure = formReadFailure(read.problem);
    return json<Reply>({ intent: "add", result: { status: "error", error: { "": [failure.error] } } }, { status: failure.status, headers: { ...NO_STORE, ...failure.headers } });
  }
  const formData = read.formData;
  const intent = formData.get("intent");

  if (intent === "open") {
    const seeker = { kind: "resident", clientKey: context.clientKey } as const;
    const wait = await consumeReceiptAttempt(context.redis, config.QUEUE_PREFIX, seeker);
    const submission = parseWithZod(formData, { schema: openSchema });
    if (wait !== null) {
      return json<Reply>({ intent, result: submission.reply({ formErrors: ["followUp.tooMany"] }), retryMinutes: Math.ceil(wait / 60) }, { status: 429, headers: { ...NO_STORE, "Retry-After": String(wait) } });
    }
    if (submission.status !== "success") return json<Reply>({ intent, result: submission.reply() }, { status: 400, headers: NO_STORE });
    // Wrong and never-issued receipts take this one path: same hash, same query, same answer.
    let tipId: number | null;
    try {
      tipId = await findTipByReceipt(db, context.receipts, submission.value.receipt, seeker);
    } catch (err) {
      const refusal = lookupRefusal(err);
      if (!refusal) throw err;
      return json<Reply>({ intent, result: submission.reply({ formErrors: ["followUp.busy"] }) }, { status: refusal.status, headers: { ...NO_STORE, "Retry-After": String(refusal.retryAfterSeconds) } });
    }
    if (tipId === null) {
      return json<Reply>({ intent, result: submission.reply({ formErrors: ["followUp.notFound"] }) }, { status: 400, headers: NO_STORE });
    }
    let cookie: string;
    try {
      cookie = await openFollowUpSession(db, tipId, wantsSecureCookie(context.config));
    } catch (err) {
      return storageFailure(context, intent, submission.reply({ formErrors: ["form.failed"] }), err);
    }
    return redirect("/theo-doi", { status: 303, headers: { ...NO_STORE, "Set-Cookie": cookie } });
  }

  if (intent === "close") {
    const cookie = await closeFollowUpSession(request, db, wantsSecureCookie(context.config));
    return redirect("/theo-doi?da-dong=1", { status: 303, headers: { ...NO_STORE, "Set-Cookie": cookie } });
  }

  if (intent !== "reply" && intent !== "add") return json({ error: "unknown intent" }, { status: 400 });
  const tipId = await currentFollowUpTip(request, db);
  const view = tipId === null ? null : await loadPublicTipView(db, tipId);
  if (tipId === null || !view) return redirect("/theo-doi", { status: 303, headers: NO_STORE });
  // Nothing to add to a finished tip, and no reply before an officer has asked something.
  if (view.finished || (intent === "reply" && !view.canReply)) return redirect("/theo-doi", { status: 303, headers: NO_STORE });

  const submission = parseWithZod(formData, { schema: intent === "reply" ? replySchema : addInfoSchema });
  const readErrors = readProblems(read);
  if (submission.status !== "success" || Object.keys(readErrors).length > 0) {
    return json<Reply>({ intent, result: submission.reply({ fieldErrors: readErrors }) }, { status: 400, headers: NO_STORE });
  }
  const wait = await consumeSessionAddition(request, context.redis, config.QUEUE_PREFIX);
  if (wait !== null) {
    return json<Reply>({ intent, result: submission.reply({ formErrors: ["followUp.tooManyAdditions"] }) }, { status: 429, headers: { ...NO_STORE, "Retry-After": String(wait) } });
  }
  const photos = await formPhotos("photos" in submission.value ? submission.value.photos : [], config.DATA_DIR);
  if ("problem" in photos) {
    return json<Reply>({ intent, result: submission.reply({ fieldErrors: { photos: [`photos.${photos.problem}`] } }) }, { status: 400, headers: NO_STORE });
  }
  if (!(await tipTakesAddition(db, tipId, photos.photos.reduce((sum, p) => sum + p.data.byteLength, 0)))) {
    return json<Reply>({ intent, result: submission.reply({ formErrors: ["followUp.dailyLimit"] }) }, { status: 429, headers: { ...NO_STORE, "Retry-After": "3600" } });
  }
  try {
    const kind = intent === "reply" ? "reply" : "addInfo";
    const unitCode = await addTipsterMessage({ db, uploadsDir: photos.uploadsDir }, { tipId, kind, body: submission.value.body, photos: photos.photos });
    // The officers' live queues and bells (ids only); best effort, the message has committed.
    await announce(context, [unitCode], tipId, "message");
  } catch (err) {
    return storageFailure(context, intent, submission.reply({ formErrors: ["form.failed"] }), err);
  }
  return redirect(`/theo-doi?da-gui=${DONE[intent]}`, { status: 303, headers: NO_STORE });
}

/** Storage that cannot write right now: "try again shortly" (503), what was typed kept; anything else a 500. */
function storageFailure(context: AppLoadContext, intent: Reply["intent"], result: SubmissionResult<string[]>, err: unknown) {
  const busy = isStorageUnavailable(err);
  context.log[busy ? "warn" : "error"]({ err: (err as Error).message }, "follow-up change not stored");
  return json<Reply>(
    { intent, result },
    { status: busy ? 503 : 500, headers: { ...NO_STORE, ...(busy ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {}) } },
  );
}

export default function FollowUpPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("intake");
  const notice = data.notice ? t(`followUp.${data.notice}`) : null;
  return (
    <main id="main" tabIndex={-1} className="intake-page">
      {data.tip ? (
        <FollowUpView
          tip={data.tip}
          notice={notice}
          replyResult={reply?.intent === "reply" ? reply.result : undefined}
          addResult={reply?.intent === "add" ? reply.result : undefined}
        />
      ) : (
        <OpenForm notice={notice} lastResult={reply?.intent === "open" ? reply.result : undefined} retryMinutes={reply?.retryMinutes ?? null} />
      )}
    </main>
  );
}

function OpenForm(props: { notice: string | null; lastResult: SubmissionResult<string[]> | undefined; retryMinutes: number | null }) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText({ minutes: props.retryMinutes ?? "" });
  const opening = useNavigation().formData?.get("intent") === "open";
  const [form, fields] = useForm({
    id: "open",
    lastResult: props.lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: openSchema }),
  });
  const items = [
    ...(errorText(form.errors) ?? []).map((message) => ({ target: fields.receipt.id, message })),
    ...(errorText(fields.receipt.errors) ?? []).map((message) => ({ target: fields.receipt.id, message })),
  ];
  return (
    <>
      <h1>{t("followUp.title")}</h1>
      {props.notice ? <p className="notice" role="status">{props.notice}</p> : null}
      <p>{t("followUp.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="open-form">
        {form.status === "error" ? <ErrorSummary title={t("followUp.errorSummary", { count: items.length })} items={items} /> : null}
        <div className="field">
          <label htmlFor={fields.receipt.id}>{t("followUp.receipt")}</label>
          <span className="hint" id={fields.receipt.descriptionId}>{t("followUp.receiptHint")}</span>
          <input
            {...getInputProps(fields.receipt, { type: "text", ariaDescribedBy: fields.receipt.descriptionId })}
            className="receipt-input"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={form.errors || fields.receipt.errors ? true : undefined}
          />
          <FieldError id={fields.receipt.errorId} messages={errorText(fields.receipt.errors)} />
        </div>
        <button type="submit" name="intent" value="open" className="button" disabled={opening}>
          {opening ? t("followUp.opening") : t("followUp.open")}
        </button>
      </Form>
      <p className="hint">{t("followUp.noMemory")}</p>
    </>
  );
}
