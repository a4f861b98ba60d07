/**
 * /can-bo/danh-tinh — a custodian's pending identity requests (docs/decisions/0044-identity-requests.md):
 * officers' requests to see an identified tipster's details, for tips of the units
 * the custodian oversees, never their own. Approve (the details show to that officer
 * for IDENTITY_ACCESS_HOURS) or refuse, with a note; both go to the tip's history.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { normalizeText } from "../../domain/text";
import { decideIdentityRequest, listPendingIdentityRequests } from "../../db/queries/identity-requests";
import { isIdentityCustodian } from "../../db/queries/second-factor";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { announce, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireRole, type StaffUser } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import type { AppLoadContext } from "@remix-run/node";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

const DecisionSchema = z.object({
  requestId: z.coerce.number({ invalid_type_error: "invalid" }).int("invalid").positive("invalid"),
  decision: z.enum(["approve", "refuse"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  note: z.string({ required_error: "required" }).transform((v) => normalizeText(v)).pipe(z.string().min(3, "tooShort:3").max(500, "tooLong:500")),
});

/** Officers and supervisors an administrator made custodians; anyone else is refused. */
async function requireCustodian(request: Request, context: AppLoadContext): Promise<StaffUser> {
  const user = await requireRole(request, context, "officer", "supervisor");
  if (!(await isIdentityCustodian(context.db, user.id))) throw new Response("Forbidden", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCustodian(request, context);
  const scope = await getUnitScope(context.db, user);
  return json({
    user: staffView(user), title: await pageTitle(request, "staff", "custodian.title"),
    requests: await listPendingIdentityRequests(context.db, scope, user.id), hours: context.config.IDENTITY_ACCESS_HOURS,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCustodian(request, context);
  const form = Object.fromEntries(await requireForm(request));
  const parsed = DecisionSchema.safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return json({ ok: false as const, errors, problem: null, requestId: Number(form.requestId) || null, decision: null }, { status: 400 });
  }
  const { requestId, decision, note } = parsed.data;
  const now = new Date();
  const outcome = await decideIdentityRequest(
    context.db, requestId,
    { approve: decision === "approve", note, expiresAt: new Date(now.getTime() + context.config.IDENTITY_ACCESS_HOURS * 3_600_000).toISOString() },
    { userId: user.id, scope: await getUnitScope(context.db, user), at: now.toISOString() },
  );
  if (!outcome.ok) {
    return json({ ok: false as const, errors: null, problem: outcome.problem, requestId, decision: null }, { status: outcome.problem === "notFound" ? 404 : 409 });
  }
  // The requester, watching their unit's queue, learns a decision was made (ids only).
  await announce(context, [outcome.unitCode], outcome.tipId, decision === "approve" ? "identity_request_approved" : "identity_request_refused");
  return json({ ok: true as const, errors: null, problem: null, requestId, decision });
}

export default function CustodianRequests() {
  const { t } = useTranslation("staff");
  const { user, title, requests, hours } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <StaffLayout user={user} title={title}>
      <p>{t("custodian.lead", { hours })}</p>
      {result?.ok && <ActionNotice kind="ok">{t(result.decision === "approve" ? "custodian.approved" : "custodian.refused")}</ActionNotice>}
      {result && !result.ok && result.problem && <ActionNotice kind="error">{t(`custodian.problems.${result.problem}`)}</ActionNotice>}
      {requests.length === 0 ? <p>{t("custodian.none")}</p> : (
        <ul className="identity-requests">
          {requests.map((r) => {
            const errors = result && !result.ok && result.errors && result.requestId === r.id ? result.errors : null;
            return (
              <li key={r.id} className="card">
                <h2><Link to={`/can-bo/tin/${r.tipId}`}>{t("custodian.tip", { id: r.tipId })}</Link></h2>
                <p>{t("custodian.from", { name: r.requester, unit: r.unitCode })}</p>
                <p>{t("custodian.reason")} <q>{r.reason}</q></p>
                <Form method="post">
                  <input type="hidden" name="requestId" value={r.id} />
                  <div className="field">
                    <label htmlFor={`note-${r.id}`}>{t("custodian.note")}</label>
                    <textarea id={`note-${r.id}`} name="note" rows={2} maxLength={500} required aria-describedby={`note-${r.id}-error`} aria-invalid={errors?.note ? true : undefined} />
                    <FieldError id={`note-${r.id}-error`} errors={errors?.note} />
                  </div>
                  <div className="button-row">
                    <button type="submit" name="decision" value="approve" className="button" disabled={busy}>{t("custodian.approve")}</button>
                    <button type="submit" name="decision" value="refuse" className="button secondary" disabled={busy}>{t("custodian.refuse")}</button>
                  </div>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
    </StaffLayout>
  );
}
