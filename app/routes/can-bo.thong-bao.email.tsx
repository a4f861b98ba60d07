/**
 * /can-bo/thong-bao/email — which notifications a staff user receives by email
 * (issue 16 item 4; docs/decisions/0073-notification-email.md): the kinds, right away
 * (with quiet hours when they wait) or one daily digest at a chosen Vietnam hour, and
 * the emails' language. Without SMTP_URL the page says email is off and saves nothing.
 * A plain POST form: works without JavaScript.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { findEmailPreferences, saveEmailPreferences } from "../../db/queries/email-notifications";
import { EMAIL_DELIVERIES, EMAIL_LANGUAGES, type EmailPreferences } from "../../domain/notification-email";
import { type NotificationKind } from "../../domain/notifications";
import { EMAILED_KINDS } from "../../domain/notification-email";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { i18next } from "~/i18n/i18next.server";
import { requireNotified } from "~/utils/auth.server";
import { titleMeta } from "~/utils/meta";
import { requireForm } from "~/utils/request-body.server";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const Hour = z.coerce.number({ invalid_type_error: "emailHour" }).int("emailHour").min(0, "emailHour").max(23, "emailHour");
const OptionalHour = z.union([z.literal("").transform(() => null), Hour]);

const PreferencesSchema = z.object({
  kinds: z.array(z.enum(EMAILED_KINDS as [NotificationKind, ...NotificationKind[]], { errorMap: () => ({ message: "emailKind" }) })).max(EMAILED_KINDS.length, "emailKind"),
  delivery: z.enum(EMAIL_DELIVERIES, { errorMap: () => ({ message: "emailDelivery" }) }),
  digestHour: Hour,
  quietFrom: OptionalHour,
  quietTo: OptionalHour,
  language: z.enum(EMAIL_LANGUAGES, { errorMap: () => ({ message: "emailLanguage" }) }),
}).superRefine((v, ctx) => {
  if ((v.quietFrom === null) !== (v.quietTo === null)) ctx.addIssue({ code: "custom", path: ["quietTo"], message: "quietBoth" });
  else if (v.quietFrom !== null && v.quietFrom === v.quietTo) ctx.addIssue({ code: "custom", path: ["quietTo"], message: "quietSame" });
});

/** What a user who never chose sees in the form: nothing by email yet, right away, digest at 7:00. */
const defaults = (language: string): EmailPreferences => ({
  kinds: [], delivery: "immediate", digestHour: 7, quiet: null, language: language === "en" ? "en" : "vi",
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireNotified(request, context);
  const title = await pageTitle(request, "staff", "email.title");
  const enabled = Boolean(context.config.SMTP_URL);
  const prefs = (await findEmailPreferences(context.db, user.id)) ?? defaults(await i18next.getLocale(request));
  return json({ user: staffView(user), title, enabled, email: user.email, prefs }, { headers: staffHeaders() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireNotified(request, context);
  const form = await requireForm(request);
  if (!context.config.SMTP_URL) return json({ ok: false as const, errors: { form: ["emailOff"] } as Record<string, string[]> }, { status: 400 });
  const parsed = PreferencesSchema.safeParse({
    kinds: form.getAll("kinds"), delivery: form.get("delivery") ?? undefined, digestHour: form.get("digestHour") ?? undefined,
    quietFrom: form.get("quietFrom") ?? "", quietTo: form.get("quietTo") ?? "", language: form.get("language") ?? undefined,
  });
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return json({ ok: false as const, errors }, { status: 400 });
  }
  const { kinds, delivery, digestHour, quietFrom, quietTo, language } = parsed.data;
  const quiet = quietFrom !== null && quietTo !== null ? { from: quietFrom, to: quietTo } : null;
  await saveEmailPreferences(context.db, user.id, { kinds, delivery, digestHour, quiet, language }, new Date().toISOString());
  return json({ ok: true as const, errors: null });
}

export default function EmailPreferencesPage() {
  const { t } = useTranslation("staff");
  const { user, title, enabled, email, prefs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : null;
  return (
    <StaffLayout user={user} title={title}>
      {!enabled ? <p className="notice">{t("email.off")}</p> : (
        <>
          <p>{t("email.lead")}</p>
          <p>{t("email.sendTo", { email })}</p>
          {result?.ok && <ActionNotice kind="ok">{t("email.saved")}</ActionNotice>}
          {errors?.form && <ActionNotice kind="error">{errors.form.map((k) => t(`errors.${k}`)).join(" ")}</ActionNotice>}
          <Form method="post" className="email-preferences" noValidate>
            <fieldset aria-describedby="kinds-hint kinds-error">
              <legend>{t("email.kindsLegend")}</legend>
              <span className="hint" id="kinds-hint">{t("email.kindsHint")}</span>
              {EMAILED_KINDS.map((kind) => (
                <label className="choice" key={kind} htmlFor={`kind-${kind}`}>
                  <input type="checkbox" id={`kind-${kind}`} name="kinds" value={kind} defaultChecked={prefs.kinds.includes(kind)} />
                  <span>{t(`notifications.kinds.${kind}`)}</span>
                </label>
              ))}
              <FieldError id="kinds-error" errors={errors?.kinds} />
            </fieldset>
            <fieldset aria-describedby="delivery-error">
              <legend>{t("email.deliveryLegend")}</legend>
              {(["immediate", "digest"] as const).map((d) => (
                <label className="choice" key={d} htmlFor={`delivery-${d}`}>
                  <input type="radio" id={`delivery-${d}`} name="delivery" value={d} defaultChecked={prefs.delivery === d} />
                  <span>{t(`email.${d}`)}</span>
                </label>
              ))}
              <FieldError id="delivery-error" errors={errors?.delivery} />
              <HourSelect name="digestHour" label={t("email.digestHour")} value={prefs.digestHour} errors={errors?.digestHour} />
            </fieldset>
            <fieldset aria-describedby="quiet-hint">
              <legend>{t("email.quietLegend")}</legend>
              <span className="hint" id="quiet-hint">{t("email.quietHint")}</span>
              <HourSelect name="quietFrom" label={t("email.quietFrom")} value={prefs.quiet?.from ?? null} optional errors={errors?.quietFrom} />
              <HourSelect name="quietTo" label={t("email.quietTo")} value={prefs.quiet?.to ?? null} optional errors={errors?.quietTo} />
            </fieldset>
            <fieldset aria-describedby="language-error">
              <legend>{t("email.language")}</legend>
              {EMAIL_LANGUAGES.map((l) => (
                <label className="choice" key={l} htmlFor={`language-${l}`}>
                  <input type="radio" id={`language-${l}`} name="language" value={l} defaultChecked={prefs.language === l} />
                  <span>{t(`email.languages.${l}`)}</span>
                </label>
              ))}
              <FieldError id="language-error" errors={errors?.language} />
            </fieldset>
            <div className="button-row">
              <button type="submit" className="button">{t("email.save")}</button>
            </div>
          </Form>
        </>
      )}
      <p><Link to="/can-bo/thong-bao">{t("email.back")}</Link></p>
    </StaffLayout>
  );
}

/** An hour 0–23 (Vietnam time) to choose, or none when `optional`. */
function HourSelect({ name, label, value, optional = false, errors }: { name: string; label: string; value: number | null; optional?: boolean; errors?: string[] }) {
  const { t } = useTranslation("staff");
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value === null ? "" : String(value)} aria-invalid={errors?.length ? true : undefined} aria-describedby={`${name}-error`}>
        {optional && <option value="">{t("email.noQuiet")}</option>}
        {HOURS.map((h) => <option key={h} value={h}>{t("email.hour", { hour: String(h).padStart(2, "0") })}</option>)}
      </select>
      <FieldError id={`${name}-error`} errors={errors} />
    </div>
  );
}

