/**
 * /can-bo/mat-khau — any signed-in staff member changes their own password
 * (administrators hand out one-time passwords). The current password is
 * required; every other session of the user ends; the change is audited.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { appendAudit } from "../../db/queries/audit";
import { revokeUserSessions } from "../../db/queries/sessions";
import { fieldErrors } from "~/components/staff/admin.server";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { isCurrentPassword, PASSWORD_CHECK_LIMIT, requireUser, setOwnPassword } from "~/utils/auth.server";
import { createLimiter } from "~/utils/rate-limit.server";
import { requireForm } from "~/utils/request-body.server";
import { createSession, serializeSessionCookie } from "~/utils/session.server";
import { pageTitle } from "~/components/staff/staff.server";
import { titleMeta } from "~/utils/meta";

export const MIN_PASSWORD_LENGTH = 12;

const PasswordSchema = z
  .object({
    current: z.string({ required_error: "required" }).min(1, "required").max(500, "tooLong"),
    next: z.string({ required_error: "required" }).min(MIN_PASSWORD_LENGTH, "passwordTooShort").max(500, "tooLong"),
    confirm: z.string({ required_error: "required" }),
  })
  .superRefine((v, ctx) => {
    if (v.next !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "passwordsDiffer" });
    if (v.next === v.current) ctx.addIssue({ code: "custom", path: ["next"], message: "passwordUnchanged" });
  });

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json({
    user: staffView(user), title: await pageTitle(request, "staff", "password.title"),
    changed: new URL(request.url).searchParams.has("da-doi"), mustChange: user.mustChangePassword,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = PasswordSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  // The current password is checked at most 5 times per 15 minutes: a stolen session cannot guess it.
  const checks = createLimiter(context.redis, context.config.QUEUE_PREFIX, PASSWORD_CHECK_LIMIT);
  const wait = await checks.consume(String(user.id), 0);
  if (wait !== null) return json({ ok: false, errors: { current: ["tooManyWrongPasswords"] } }, { status: 429, headers: { "Retry-After": String(wait) } });
  if (!(await isCurrentPassword(context.db, user.id, parsed.data.current))) {
    await checks.consume(String(user.id));
    await appendAudit(context.db, { at: new Date().toISOString(), actorUserId: user.id, type: "password_check_failed", data: { client: context.clientKey } });
    return json({ ok: false, errors: { current: ["wrongPassword"] } }, { status: 400 });
  }
  await checks.reset(String(user.id));
  const now = new Date();
  await setOwnPassword(context.db, user.id, parsed.data.next);
  // Every session ends, this one included; a fresh one keeps this browser signed in
  // (a full one: this session got past the guard, second factor included).
  await revokeUserSessions(context.db, user.id, now.toISOString());
  const token = await createSession(context.db, user.id, now, true);
  await appendAudit(context.db, { at: now.toISOString(), actorUserId: user.id, type: "password_changed", data: {} });
  return redirect("/can-bo/mat-khau?da-doi", { headers: { "Set-Cookie": await serializeSessionCookie(token, context.config) } });
}

export default function ChangePassword() {
  const { t } = useTranslation("staff");
  const { user, title, changed, mustChange } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const err = (field: string) => (result?.errors as Record<string, string[]> | null | undefined)?.[field];
  return (
    <StaffLayout user={user} title={title}>
      {changed && !result && <ActionNotice kind="ok">{t("password.changed")}</ActionNotice>}
      {mustChange && <ActionNotice kind="error">{t("password.mustChange")}</ActionNotice>}
      <p>{t("password.lead", { min: MIN_PASSWORD_LENGTH })}</p>
      <Form method="post" className="staff-narrow-form">
        {([
          ["current", "current-password"],
          ["next", "new-password"],
          ["confirm", "new-password"],
        ] as const).map(([field, autoComplete]) => (
          <div className="field" key={field}>
            <label htmlFor={`password-${field}`}>{t(`password.${field}`)}</label>
            <input id={`password-${field}`} name={field} type="password" autoComplete={autoComplete} required
              aria-invalid={err(field) ? true : undefined} aria-describedby={`password-${field}-error`} />
            <FieldError id={`password-${field}-error`} errors={err(field)} />
          </div>
        ))}
        <button type="submit" className="button" disabled={busy}>{t("password.submit")}</button>
      </Form>
    </StaffLayout>
  );
}
