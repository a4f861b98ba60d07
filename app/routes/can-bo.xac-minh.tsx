/**
 * /can-bo/xac-minh — the second step of signing in (docs/decisions/0043-second-factor.md).
 *
 * Reached with a half session (the password alone) by a user who needs a second
 * factor. Enrolled: a 6-digit code from the authenticator app, or one of the
 * recovery codes. Not yet enrolled: the secret as text, its otpauth:// URI and a
 * QR code drawn here as SVG (nothing is fetched from elsewhere), confirmed with a
 * first code; the ten recovery codes are then shown once. Works without JavaScript.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { staffHeaders } from "~/components/staff/staff-view";
import { getUser, homeFor, passSecondFactor, requireSecondFactorStep, safeRedirectTarget, enrolmentSecret, SIGN_IN_PATH } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { normaliseRecoveryCode, normaliseTotpInput, otpauthUri, qrSvg } from "~/utils/totp.server";
import { pageLanguage } from "~/components/intake/format";
import { resources } from "~/i18n/resources";

export const meta: MetaFunction = ({ matches }) => [{ title: `${resources[pageLanguage(matches)].staff.secondFactor.title} — Tin Báo` }];
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

const CodeSchema = z.object({
  kind: z.enum(["totp", "recovery"]).default("totp"),
  code: z.string({ required_error: "required" }).trim().min(1, "required").max(40, "tooLong"),
  redirectTo: z.string().max(2000).optional(),
});

/** Groups of four characters are easier to copy into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo"), "");
  // After the step is passed (or the session ended) this page only points on: a page
  // rendered right after the action must not redirect away from the recovery codes.
  const user = await getUser(request, context);
  if (user) return json({ step: "done" as const, redirectTo: safeRedirectTarget(redirectTo, homeFor(user.role)), enrol: null });
  let pending: Awaited<ReturnType<typeof requireSecondFactorStep>>;
  try {
    pending = await requireSecondFactorStep(request, context);
  } catch {
    return json({ step: "signedOut" as const, redirectTo, enrol: null });
  }
  if (pending.step === "verify") return json({ step: "verify" as const, redirectTo, enrol: null });
  const secret = await enrolmentSecret(context, pending.user.id);
  const uri = otpauthUri(secret, pending.user.email);
  return json({ step: "enrol" as const, redirectTo, enrol: { secret: grouped(secret), uri, svg: await qrSvg(uri) } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await requireSecondFactorStep(request, context).catch((e: unknown) => {
    if (e instanceof Response && e.status >= 300 && e.status < 400) throw redirect(SIGN_IN_PATH);
    throw e;
  });
  const parsed = CodeSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) {
    const errors = { code: parsed.error.issues.map((i) => i.message) };
    return json({ ok: false as const, kind: "totp" as const, errors, failure: null, recoveryCodes: null, next: null }, { status: 400 });
  }
  const { kind, code } = parsed.data;
  const wellFormed = kind === "totp" ? normaliseTotpInput(code) : normaliseRecoveryCode(code);
  if (!wellFormed || (kind === "recovery" && pending.step === "enrol")) {
    const errors = { code: [kind === "totp" ? "totpFormat" : "recoveryFormat"] };
    return json({ ok: false as const, kind, errors, failure: null, recoveryCodes: null, next: null }, { status: 400 });
  }
  const outcome = await passSecondFactor(request, context, { userId: pending.user.id, step: pending.step, idHash: pending.idHash }, code);
  if (!outcome.ok) {
    return json(
      { ok: false as const, kind, errors: null, failure: outcome.reason, recoveryCodes: null, next: null },
      { status: outcome.reason === "throttled" ? 429 : 401 },
    );
  }
  const headers = new Headers();
  for (const cookie of outcome.cookies) headers.append("Set-Cookie", cookie);
  const next = safeRedirectTarget(parsed.data.redirectTo, homeFor(pending.user.role));
  // The recovery codes exist only in this response.
  if (outcome.recoveryCodes) return json({ ok: true as const, kind, errors: null, failure: null, recoveryCodes: outcome.recoveryCodes, next }, { headers });
  return redirect(next, { headers });
}

export default function SecondFactor() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  if (result?.ok && result.recoveryCodes) {
    return (
      <main id="main" tabIndex={-1} className="staff-narrow">
        <h1>{t("secondFactor.codesTitle")}</h1>
        <ActionNotice kind="ok">{t("secondFactor.enrolled")}</ActionNotice>
        <p>{t("secondFactor.codesLead")}</p>
        <ul className="recovery-codes" aria-label={t("secondFactor.codesTitle")}>
          {result.recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}
        </ul>
        <p className="hint">{t("secondFactor.codesOnce")}</p>
        <p><a className="button" href={result.next}>{t("secondFactor.continue")}</a></p>
      </main>
    );
  }
  if (data.step === "done" || data.step === "signedOut") {
    return (
      <main id="main" tabIndex={-1} className="staff-narrow">
        <h1>{t("secondFactor.title")}</h1>
        {data.step === "done"
          ? <p><Link to={data.redirectTo}>{t("secondFactor.continue")}</Link></p>
          : <p><Link to={SIGN_IN_PATH}>{t("secondFactor.signInAgain")}</Link></p>}
      </main>
    );
  }

  const failure = result && !result.ok ? result.failure : null;
  const errorsOf = (kind: "totp" | "recovery") => (result && !result.ok && result.kind === kind ? result.errors?.code : undefined);
  const codeErrors = errorsOf("totp");
  const recoveryErrors = errorsOf("recovery");
  return (
    <main id="main" tabIndex={-1} className="staff-narrow">
      <h1>{t(data.step === "enrol" ? "secondFactor.enrolTitle" : "secondFactor.title")}</h1>
      {failure && <ActionNotice kind="error">{t(`secondFactor.failure.${failure}`)}</ActionNotice>}
      {data.step === "enrol" && data.enrol && (
        <>
          <p>{t("secondFactor.enrolLead")}</p>
          <ol className="steps">
            <li>{t("secondFactor.enrolStep1")}</li>
            <li>
              {t("secondFactor.enrolStep2")}
              <div className="qr" role="img" aria-label={t("secondFactor.qrLabel")} dangerouslySetInnerHTML={{ __html: data.enrol.svg }} />
              <p>{t("secondFactor.secretText")} <code id="totp-secret" className="secret">{data.enrol.secret}</code></p>
              <details className="more">
                <summary>{t("secondFactor.uriTitle")}</summary>
                <p><code id="totp-uri" className="secret">{data.enrol.uri}</code></p>
              </details>
            </li>
            <li>{t("secondFactor.enrolStep3")}</li>
          </ol>
        </>
      )}
      {data.step === "verify" && <p>{t("secondFactor.lead")}</p>}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={data.redirectTo} />
        <input type="hidden" name="kind" value="totp" />
        <div className="field">
          <label htmlFor="code">{t("secondFactor.code")}</label>
          <span className="hint" id="code-hint">{t("secondFactor.codeHint")}</span>
          <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7}
            required autoFocus aria-describedby="code-hint code-error" aria-invalid={codeErrors ? true : undefined} />
          <FieldError id="code-error" errors={codeErrors} />
        </div>
        <button type="submit" className="button" disabled={busy}>{t(data.step === "enrol" ? "secondFactor.confirm" : "secondFactor.submit")}</button>
      </Form>
      {data.step === "verify" && (
        <details className="more" open={result !== undefined && !result.ok && result.kind === "recovery"}>
          <summary>{t("secondFactor.useRecovery")}</summary>
          <Form method="post">
            <input type="hidden" name="redirectTo" value={data.redirectTo} />
            <input type="hidden" name="kind" value="recovery" />
            <div className="field">
              <label htmlFor="recovery-code">{t("secondFactor.recoveryCode")}</label>
              <span className="hint" id="recovery-hint">{t("secondFactor.recoveryHint")}</span>
              <input id="recovery-code" name="code" type="text" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={20}
                required aria-describedby="recovery-hint recovery-error" aria-invalid={recoveryErrors ? true : undefined} />
              <FieldError id="recovery-error" errors={recoveryErrors} />
            </div>
            <button type="submit" className="button secondary" disabled={busy}>{t("secondFactor.submit")}</button>
          </Form>
        </details>
      )}
      <p className="hint">{t("secondFactor.lostHint")}</p>
    </main>
  );
}
