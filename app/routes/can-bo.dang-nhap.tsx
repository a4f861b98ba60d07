/** /can-bo/dang-nhap — staff sign-in (officers, supervisors, administrators). */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError, ActionNotice } from "~/components/staff/forms";
import { assertSameOrigin, getUser, homeFor, safeRedirectTarget, SECOND_FACTOR_PATH, signIn } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { staffHeaders } from "~/components/staff/staff-view";
import { pageLanguage } from "~/components/intake/format";
import { resources } from "~/i18n/resources";

export const SignInSchema = z.object({
  email: z.string({ required_error: "required" }).trim().max(200, "tooLong").email("email"),
  password: z.string({ required_error: "required" }).max(500, "tooLong"),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = ({ matches }) => [{ title: `${resources[pageLanguage(matches)].staff.signIn.title} — Tin Báo` }];
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectTarget(url.searchParams.get("redirectTo"), "");
  const user = await getUser(request, context);
  if (user) throw redirect(safeRedirectTarget(redirectTo, homeFor(user.role)));
  return { redirectTo, signedOut: url.searchParams.has("da-dang-xuat") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const submission = parseWithZod(await requireForm(request), { schema: SignInSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }), failure: null }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const outcome = await signIn(request, context, { email, password });
  if (!outcome.ok) {
    return json(
      { result: submission.reply({ hideFields: ["password"] }), failure: outcome.reason },
      { status: outcome.reason === "throttled" ? 429 : 401 },
    );
  }
  const headers = new Headers();
  for (const cookie of outcome.cookies) headers.append("Set-Cookie", cookie);
  const target = safeRedirectTarget(redirectTo, homeFor(outcome.role));
  // The password alone opens a half session: the second factor (or its enrolment) comes next.
  if (outcome.secondFactor) return redirect(`${SECOND_FACTOR_PATH}?${new URLSearchParams({ redirectTo: target })}`, { headers });
  return redirect(target, { headers });
}

export default function SignIn() {
  const { t } = useTranslation("staff");
  const { redirectTo, signedOut } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
  });
  return (
    <main id="main" tabIndex={-1} className="staff-narrow">
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.lead")}</p>
      {signedOut && <ActionNotice kind="ok">{t("signIn.signedOut")}</ActionNotice>}
      {actionData?.failure && (
        <ActionNotice kind="error">{t(actionData.failure === "throttled" ? "signIn.throttled" : "signIn.invalid")}</ActionNotice>
      )}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor={fields.email.id}>{t("signIn.email")}</label>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" required />
          <FieldError id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>{t("signIn.password")}</label>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" required />
          <FieldError id={fields.password.errorId} errors={fields.password.errors} />
        </div>
        <button type="submit" className="button" disabled={busy}>{t("signIn.submit")}</button>
      </Form>
      <p className="hint">{t("signIn.sessionHint")}</p>
    </main>
  );
}
