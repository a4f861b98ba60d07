/**
 * /quan-tri/nguoi-dung/:id/bao-mat — an account's sign-in security, for administrators
 * (docs/decisions/0043-second-factor.md, 0044-identity-requests.md): whether two-step
 * sign-in is set up, how many recovery codes are left, resetting it (a lost phone:
 * the user sets it up again at their next sign-in; their sessions end), requiring it
 * of an officer, and granting the identity custodian role. Every change is audited.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { revokeUserSessions } from "../../db/queries/sessions";
import {
  clearSecondFactor, countUnusedRecoveryCodes, findSecondFactor, isIdentityCustodian, setIdentityCustodian, setSecondFactorRequired,
} from "../../db/queries/second-factor";
import { findUserById } from "../../db/queries/users";
import { auditAdmin } from "~/components/staff/admin.server";
import { ActionNotice } from "~/components/staff/forms";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { needsSecondFactor, notFound, requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

const INTENTS = ["reset", "require", "unrequire", "grantCustodian", "revokeCustodian"] as const;
type Intent = (typeof INTENTS)[number];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const id = parseId(params.id);
  const account = id ? await findUserById(context.db, id) : null;
  const factor = account ? await findSecondFactor(context.db, account.id) : null;
  if (!account || !factor) notFound();
  return json({
    user: staffView(admin),
    title: await pageTitle(request, "admin", "security.title", { name: account.name }),
    account: { id: account.id, name: account.name, email: account.email, role: account.role },
    enrolled: factor.enabledAt !== null,
    enabledAt: factor.enabledAt,
    required: factor.required,
    mustHave: needsSecondFactor({ role: account.role, totpEnabled: false, totpRequired: factor.required }, context.config),
    everyOfficer: context.config.STAFF_SECOND_FACTOR === "all",
    codesLeft: await countUnusedRecoveryCodes(context.db, account.id),
    custodian: await isIdentityCustodian(context.db, account.id),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const id = parseId(params.id);
  const account = id ? await findUserById(context.db, id) : null;
  if (!account) notFound();
  const intent = String((await requireForm(request)).get("intent") ?? "") as Intent;
  if (!INTENTS.includes(intent)) return json({ intent, ok: false }, { status: 400 });
  const at = new Date().toISOString();
  switch (intent) {
    case "reset":
      await clearSecondFactor(context.db, account.id);
      // Whoever holds the lost phone's sessions is signed out with it.
      await revokeUserSessions(context.db, account.id, at);
      await auditAdmin(context, admin, "second_factor_reset", { userId: account.id });
      break;
    case "require":
    case "unrequire":
      if (account.role !== "officer") return json({ intent, ok: false }, { status: 409 });
      await setSecondFactorRequired(context.db, account.id, intent === "require");
      await auditAdmin(context, admin, intent === "require" ? "second_factor_required" : "second_factor_not_required", { userId: account.id });
      break;
    case "grantCustodian":
    case "revokeCustodian":
      // A custodian approves others' requests for the units of their own province: an administrator sees every unit and is not one.
      if (account.role === "admin" && intent === "grantCustodian") return json({ intent, ok: false }, { status: 409 });
      await setIdentityCustodian(context.db, account.id, intent === "grantCustodian");
      await auditAdmin(context, admin, intent === "grantCustodian" ? "custodian_granted" : "custodian_revoked", { userId: account.id });
      break;
  }
  return json({ intent, ok: true });
}

export default function AccountSecurity() {
  const { t } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { account } = data;
  return (
    <StaffLayout user={data.user} title={data.title}>
      <p><Link to={`/quan-tri/nguoi-dung/${account.id}`}>{t("security.back", { name: account.name })}</Link></p>
      {result?.ok && <ActionNotice kind="ok">{t(`security.done.${result.intent}`)}</ActionNotice>}
      {result && !result.ok && <ActionNotice kind="error">{t("security.failed")}</ActionNotice>}
      <section className="card" aria-labelledby="factor-title">
        <h2 id="factor-title">{t("security.factorTitle")}</h2>
        <dl className="facts">
          <dt>{t("security.state")}</dt>
          <dd>{data.enrolled ? t("security.enrolled") : data.mustHave ? t("security.notYet") : t("security.off")}</dd>
          <dt>{t("security.codesLeft")}</dt><dd>{data.enrolled ? data.codesLeft : "—"}</dd>
          <dt>{t("security.mustHave")}</dt>
          <dd>{account.role !== "officer" ? t("security.byRole") : data.everyOfficer ? t("security.everyOfficer") : data.required ? t("security.yes") : t("security.no")}</dd>
        </dl>
        <div className="action-grid">
          {data.enrolled && (
            <Form method="post" className="action-box">
              <input type="hidden" name="intent" value="reset" />
              <p className="hint">{t("security.resetHint")}</p>
              <button type="submit" className="button danger" disabled={busy}>{t("security.reset")}</button>
            </Form>
          )}
          {account.role === "officer" && !data.everyOfficer && (
            <Form method="post" className="action-box">
              <input type="hidden" name="intent" value={data.required ? "unrequire" : "require"} />
              <p className="hint">{t("security.requireHint")}</p>
              <button type="submit" className="button secondary" disabled={busy}>{data.required ? t("security.unrequire") : t("security.require")}</button>
            </Form>
          )}
        </div>
      </section>
      {account.role !== "admin" && (
        <section className="card" aria-labelledby="custodian-title">
          <h2 id="custodian-title">{t("security.custodianTitle")}</h2>
          <p>{t("security.custodianLead")}</p>
          <p><strong>{data.custodian ? t("security.isCustodian") : t("security.notCustodian")}</strong></p>
          <Form method="post">
            <input type="hidden" name="intent" value={data.custodian ? "revokeCustodian" : "grantCustodian"} />
            <button type="submit" className="button secondary" disabled={busy}>{data.custodian ? t("security.revokeCustodian") : t("security.grantCustodian")}</button>
          </Form>
        </section>
      )}
    </StaffLayout>
  );
}
