/** /quan-tri/nguoi-dung — staff accounts: list, and create one with a one-time password. */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { createUser, findUserByEmail, listUsers } from "../../db/queries/users";
import { auditAdmin, fieldErrors, temporaryPassword, unitCodeList, unknownUnits } from "~/components/staff/admin.server";
import { SelectField, TextField } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { hashPassword } from "~/utils/crypto.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";

export const NewUserSchema = z.object({
  email: z.string({ required_error: "required" }).trim().toLowerCase().max(200, "tooLong").email("email"),
  name: z.string({ required_error: "required" }).trim().min(2, tooShort(2)).max(200, tooLong(200)),
  role: z.enum(["officer", "supervisor", "admin"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  provinceCode: z.string().trim().max(20, "tooLong").optional().transform((v) => v || null),
  units: unitCodeList,
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "users.title"), users: await listUsers(context.db), now: new Date().toISOString() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = NewUserSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ ok: false as const, errors: fieldErrors(parsed.error), password: null, email: null }, { status: 400 });
  const v = parsed.data;
  const errors: Record<string, string[]> = {};
  if (v.role === "officer" && v.units.length === 0) errors.units = ["officerNeedsUnit"];
  if (v.role === "supervisor" && !v.provinceCode && v.units.length === 0) errors.provinceCode = ["supervisorNeedsScope"];
  const unknown = await unknownUnits(context, [...v.units, ...(v.provinceCode ? [v.provinceCode] : [])]);
  if (unknown.length) errors.units = ["unknownUnit"];
  if (await findUserByEmail(context.db, v.email)) errors.email = ["emailTaken"];
  if (Object.keys(errors).length) return json({ ok: false as const, errors, password: null, email: null }, { status: 400 });

  const password = temporaryPassword();
  const id = await createUser(context.db, {
    email: v.email, name: v.name, role: v.role, passwordHash: await hashPassword(password), mustChangePassword: true,
    provinceCode: v.role === "supervisor" ? v.provinceCode : null, unitCodes: v.role === "admin" ? [] : v.units,
    createdAt: new Date().toISOString(),
  });
  await auditAdmin(context, admin, "user_created", { userId: id, role: v.role, units: v.units, provinceCode: v.provinceCode });
  return json({ ok: true as const, errors: null, password, email: v.email }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function Users() {
  const { t } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const err = (field: string) => (result && !result.ok ? result.errors[field] : undefined);
  return (
    <StaffLayout user={data.user} title={data.title}>
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
                <td>{[u.provinceCode ? t("users.province", { code: u.provinceCode }) : null, ...u.unitCodes].filter(Boolean).join(", ") || "—"}</td>
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

      <section className="card" aria-labelledby="new-user">
        <h2 id="new-user">{t("users.new")}</h2>
        <Form method="post">
          <div className="form-grid">
            <TextField name="email" label={t("users.email")} errors={err("email")} type="email" required autoComplete="off" />
            <TextField name="name" label={t("users.name")} errors={err("name")} required autoComplete="off" />
            <SelectField name="role" label={t("users.role")} errors={err("role")} defaultValue="officer">
              {(["officer", "supervisor", "admin"] as const).map((r) => <option key={r} value={r}>{ts(`roles.${r}`)}</option>)}
            </SelectField>
            <TextField name="provinceCode" label={t("users.provinceField")} hint={t("users.provinceHint")} errors={err("provinceCode")} />
          </div>
          <TextField name="units" label={t("users.units")} hint={t("users.unitsHint")} errors={err("units")} />
          <button type="submit" className="button" disabled={busy}>{t("users.create")}</button>
        </Form>
      </section>
    </StaffLayout>
  );
}
