/** /quan-tri/nguoi-dung — staff accounts: list, and create one with a one-time password. */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { createUser, findUserByEmail, listUsers } from "../../db/queries/users";
import { listPickerUnits } from "../../db/queries/units";
import { auditAdmin, fieldErrors, readScope, temporaryPassword, unitLabels } from "~/components/staff/admin.server";
import { FieldError, SelectField, TextField } from "~/components/staff/forms";
import { NationalField, ProvinceSelect, UnitField, UnitOptions, useUnitLabel } from "~/components/staff/UnitPicker";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";

export const NewUserSchema = z.object({
  email: z.string({ required_error: "required" }).trim().toLowerCase().max(200, "tooLong").email("email"),
  name: z.string({ required_error: "required" }).trim().min(2, tooShort(2)).max(200, tooLong(200)),
  role: z.enum(["officer", "supervisor", "admin"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const [users, units] = await Promise.all([listUsers(context.db), listPickerUnits(context.db)]);
  const labels = await unitLabels(context.db, users.flatMap((u) => [...u.unitCodes, u.provinceCode ?? ""]));
  return json({
    user: staffView(user), title: await pageTitle(request, "admin", "users.title"), users, now: new Date().toISOString(), labels,
    units, provinces: units.filter((u) => u.level === "province"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await requireForm(request);
  const parsed = NewUserSchema.safeParse(Object.fromEntries(form));
  const scope = await readScope(context.db, form, parsed.success ? parsed.data.role : String(form.get("role") ?? ""));
  const errors: Record<string, string[]> = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(scope.ok ? {} : scope.errors) };
  if (parsed.success && (await findUserByEmail(context.db, parsed.data.email))) errors.email = ["emailTaken"];
  if (!parsed.success || !scope.ok || Object.keys(errors).length) return json({ ok: false as const, errors, password: null, email: null }, { status: 400 });
  const v = { ...parsed.data, ...scope.scope };

  const { password, passwordHash } = await temporaryPassword();
  const id = await createUser(context.db, {
    email: v.email, name: v.name, role: v.role, passwordHash, mustChangePassword: true,
    provinceCode: v.role === "supervisor" ? v.provinceCode : null, unitCodes: v.role === "admin" ? [] : v.units, national: v.national,
    createdAt: new Date().toISOString(),
  });
  await auditAdmin(context, admin, "user_created", { userId: id, role: v.role, units: v.units, provinceCode: v.provinceCode, national: v.national });
  return json({ ok: true as const, errors: null, password, email: v.email }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function Users() {
  const { t } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const err = (field: string) => (result && !result.ok ? result.errors[field] : undefined);
  const unitName = useUnitLabel(data.labels);
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && (
        <div className="notice ok" role="status">
          <p>{t("users.created", { email: result.email })}</p>
          <p>{t("users.oneTimePassword")} <code className="secret">{result.password}</code></p>
          <p className="hint">{t("users.passwordOnce")}</p>
        </div>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.scope")}</th>
              <th scope="col">{t("users.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id}>
                <td><Link to={`/quan-tri/nguoi-dung/${u.id}`}>{u.name}</Link></td>
                <td>{u.email}</td>
                <td>{ts(`roles.${u.role}`)}</td>
                <td>
                  {u.national ? t("users.nationalScope") : u.provinceCode || u.unitCodes.length ? (
                    <ul className="unit-list">
                      {u.provinceCode && <li>{t("users.provinceScope", { name: unitName(u.provinceCode) })}</li>}
                      {u.unitCodes.map((c) => <li key={c}>{unitName(c)}</li>)}
                    </ul>
                  ) : "—"}
                </td>
                <td>
                  {u.disabled ? <span className="badge danger">{t("users.disabled")}</span>
                    : u.lockedUntil && u.lockedUntil > data.now ? <span className="badge warn">{t("users.locked")}</span>
                    : <span className="badge ok">{t("users.active")}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <AddCard id="new-user" title={t("users.new")} submit={t("users.create")} busy={busy}>
        <div className="form-grid">
          <TextField name="email" label={t("users.email")} errors={err("email")} type="email" required autoComplete="off" />
          <TextField name="name" label={t("users.name")} errors={err("name")} required autoComplete="off" />
          <SelectField name="role" label={t("users.role")} errors={err("role")} defaultValue="officer">
            {(["officer", "supervisor", "admin"] as const).map((r) => <option key={r} value={r}>{ts(`roles.${r}`)}</option>)}
          </SelectField>
          <ProvinceSelect name="provinceCode" label={t("users.provinceField")} hint={t("users.provinceHint")} errors={err("provinceCode")} provinces={data.provinces} optional />
          <NationalField errors={err("national")} />
        </div>
        <fieldset className="unit-pickers">
          <legend>{t("users.units")}</legend>
          <p className="hint">{t("users.unitsHint")}</p>
          <UnitOptions id="unit-options" units={data.units} />
          <div className="form-grid">
            {[0, 1, 2].map((i) => (
              <UnitField key={i} name={`unit_${i}`} label={t("users.unitN", { n: i + 1 })} errors={err(`unit_${i}`)} listId="unit-options" />
            ))}
          </div>
          <FieldError id="units-error" errors={err("units")} />
        </fieldset>
      </AddCard>
    </AdminLayout>
  );
}
