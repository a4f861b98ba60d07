/**
 * /quan-tri/nguoi-dung/:id — one account: disable or enable it, reset its
 * password (a one-time password, shown once), clear a sign-in lock, change its
 * units or province. Disabling and resetting end the user's sessions.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { revokeUserSessions } from "../../db/queries/sessions";
import { clearFailedLogins, findUserById, setUserDisabled, setUserPassword, setUserScope } from "../../db/queries/users";
import { listPickerUnits } from "../../db/queries/units";
import { auditAdmin, readScope, temporaryPassword, UNIT_FIELDS_MAX, unitLabels } from "~/components/staff/admin.server";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { NationalField, ProvinceSelect, unitChoice, UnitField, UnitOptions, useUnitLabel } from "~/components/staff/UnitPicker";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const id = parseId(params.id);
  const found = id ? await findUserById(context.db, id) : null;
  if (!found) notFound();
  const units = await listPickerUnits(context.db);
  return json({
    user: staffView(admin), title: await pageTitle(request, "admin", "user.title", { name: found.name }), account: found, now: new Date().toISOString(), self: found.id === admin.id,
    labels: await unitLabels(context.db, [...found.unitCodes, found.provinceCode ?? ""]), units, provinces: units.filter((u) => u.level === "province"),
  });
}

type Result = { intent: string; ok: boolean; errors?: Record<string, string[]>; password?: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const id = parseId(params.id);
  const account = id ? await findUserById(context.db, id) : null;
  if (!account) notFound();
  const form = await requireForm(request);
  const intent = String(form.get("intent") ?? "");
  const at = new Date().toISOString();
  const reply = (result: Result, status = 200) => json(result, { status, headers: { "Cache-Control": "private, no-store" } });

  switch (intent) {
    case "disable":
    case "enable": {
      if (account.id === admin.id) return reply({ intent, ok: false }, 409);
      await setUserDisabled(context.db, account.id, intent === "disable");
      if (intent === "disable") await revokeUserSessions(context.db, account.id, at);
      await auditAdmin(context, admin, intent === "disable" ? "user_disabled" : "user_enabled", { userId: account.id });
      return reply({ intent, ok: true });
    }
    case "resetPassword": {
      const { password, passwordHash } = await temporaryPassword();
      await setUserPassword(context.db, account.id, passwordHash, true);
      const ended = await revokeUserSessions(context.db, account.id, at);
      await auditAdmin(context, admin, "password_reset", { userId: account.id, sessionsEnded: ended });
      return reply({ intent, ok: true, password });
    }
    case "unlock": {
      await clearFailedLogins(context.db, account.id);
      await auditAdmin(context, admin, "user_unlocked", { userId: account.id });
      return reply({ intent, ok: true });
    }
    case "scope": {
      const read = await readScope(context.db, form, account.role);
      if (!read.ok) return reply({ intent, ok: false, errors: read.errors }, 400);
      const v = read.scope;
      await setUserScope(context.db, account.id, { unitCodes: v.units, provinceCode: account.role === "supervisor" ? v.provinceCode : null, national: v.national });
      await auditAdmin(context, admin, "user_scope_changed", {
        userId: account.id,
        from: { units: account.unitCodes, provinceCode: account.provinceCode, national: account.national },
        to: { units: v.units, provinceCode: v.provinceCode, national: v.national },
      });
      return reply({ intent, ok: true });
    }
    default:
      return reply({ intent, ok: false }, 400);
  }
}

export default function UserPage() {
  const { t } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const { user, title, account, now, self, labels, units, provinces } = useLoaderData<typeof loader>();
  const unitName = useUnitLabel(labels);
  // The account's units, then empty pickers to add more (at least two).
  const slots = Math.min(UNIT_FIELDS_MAX, account.unitCodes.length + 2);
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  const locked = !!account.lockedUntil && account.lockedUntil > now;
  const scopeErrors = result?.intent === "scope" ? result.errors : undefined;
  return (
    <AdminLayout user={user} title={title}>
      <p><Link to="/quan-tri/nguoi-dung">{t("user.back")}</Link></p>
      <p><Link to={`/quan-tri/nguoi-dung/${account.id}/bao-mat`}>{t("security.link")}</Link></p>
      {result?.ok && <ActionNotice kind="ok">{t(`user.done.${result.intent}`)}</ActionNotice>}
      {result && !result.ok && !result.errors && <ActionNotice kind="error">{t("user.failed")}</ActionNotice>}
      {result?.ok && result.password && (
        <div className="notice warn" role="status">
          <p>{t("users.oneTimePassword")} <code className="secret">{result.password}</code></p>
          <p className="hint">{t("users.passwordOnce")}</p>
        </div>
      )}
      <dl className="facts">
        <dt>{t("users.email")}</dt><dd>{account.email}</dd>
        <dt>{t("users.role")}</dt><dd>{ts(`roles.${account.role}`)}</dd>
        {account.role !== "admin" && (
          <>
            <dt>{t("users.scope")}</dt>
            <dd>{[account.national ? t("users.nationalScope") : null, account.provinceCode ? t("users.provinceScope", { name: unitName(account.provinceCode) }) : null, ...account.unitCodes.map(unitName)].filter(Boolean).join("; ") || "—"}</dd>
          </>
        )}
        <dt>{t("users.state")}</dt>
        <dd>{account.disabled ? t("users.disabled") : locked ? t("users.locked") : t("users.active")}</dd>
      </dl>

      <div className="action-grid">
        {!self && (
          <Form method="post" className="action-box">
            <input type="hidden" name="intent" value={account.disabled ? "enable" : "disable"} />
            <p className="hint">{account.disabled ? t("user.enableHint") : t("user.disableHint")}</p>
            <button type="submit" className={account.disabled ? "button secondary" : "button danger"} disabled={busy}>
              {account.disabled ? t("user.enable") : t("user.disable")}
            </button>
          </Form>
        )}
        <Form method="post" className="action-box">
          <input type="hidden" name="intent" value="resetPassword" />
          <p className="hint">{t("user.resetHint")}</p>
          <button type="submit" className="button secondary" disabled={busy}>{t("user.reset")}</button>
        </Form>
        {locked && (
          <Form method="post" className="action-box">
            <input type="hidden" name="intent" value="unlock" />
            <button type="submit" className="button secondary" disabled={busy}>{t("user.unlock")}</button>
          </Form>
        )}
      </div>

      {account.role !== "admin" && (
        <section className="card" aria-labelledby="scope-title">
          <h2 id="scope-title">{t("user.scopeTitle")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="scope" />
            {account.role === "supervisor" && (
              <>
                <ProvinceSelect name="provinceCode" label={t("users.provinceField")} errors={scopeErrors?.provinceCode} provinces={provinces} defaultValue={account.provinceCode} optional />
                <NationalField errors={scopeErrors?.national} defaultChecked={account.national} />
              </>
            )}
            <fieldset className="unit-pickers">
              <legend>{t("users.units")}</legend>
              <p className="hint">{t("users.unitsHint")}</p>
              <UnitOptions id="unit-options" units={units} />
              <div className="form-grid">
                {Array.from({ length: slots }, (_, i) => {
                  const code = account.unitCodes[i];
                  const current = code ? (labels[code] ? unitChoice({ code, name: labels[code]!.name }) : code) : "";
                  return <UnitField key={i} name={`unit_${i}`} label={t("users.unitN", { n: i + 1 })} errors={scopeErrors?.[`unit_${i}`]} listId="unit-options" defaultValue={current} />;
                })}
              </div>
              <FieldError id="units-error" errors={scopeErrors?.units} />
            </fieldset>
            <button type="submit" className="button" disabled={busy}>{t("user.saveScope")}</button>
          </Form>
        </section>
      )}
    </AdminLayout>
  );
}
