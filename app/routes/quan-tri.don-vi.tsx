/** /quan-tri/don-vi — province and special units; create a special unit (e.g. 48-CYBER, a provincial cyber unit). */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { createSpecialUnit, findUnit, listNonWardUnits } from "../../db/queries/units";
import { auditAdmin, fieldErrors } from "~/components/staff/admin.server";
import { ActionNotice, TextField } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";

const SpecialUnitSchema = z.object({
  provinceCode: z.string({ required_error: "required" }).trim().regex(/^\d{2}$/, "provinceCode"),
  suffix: z.string({ required_error: "required" }).trim().toUpperCase().regex(/^[A-Z0-9]{2,12}$/, "unitSuffix"),
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(3, tooShort(3)).max(200, tooLong(200))),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "units.title"), units: await listNonWardUnits(context.db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = SpecialUnitSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ ok: false, errors: fieldErrors(parsed.error), code: null }, { status: 400 });
  const { provinceCode, suffix, name } = parsed.data;
  const province = await findUnit(context.db, provinceCode);
  if (!province || province.level !== "province") return json({ ok: false, errors: { provinceCode: ["unknownUnit"] }, code: null }, { status: 400 });
  const code = `${provinceCode}-${suffix}`;
  if (await findUnit(context.db, code)) return json({ ok: false, errors: { suffix: ["unitExists"] }, code: null }, { status: 400 });
  await createSpecialUnit(context.db, { code, name, provinceCode, nameFolded: foldVietnamese(name) });
  await auditAdmin(context, admin, "unit_created", { code, provinceCode });
  return json({ ok: true, errors: null, code });
}

export default function Units() {
  const { t } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const err = (f: string) => (result?.errors as Record<string, string[]> | null | undefined)?.[f];
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t("units.created", { code: result.code })}</ActionNotice>}
      <p>{t("units.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t("units.code")}</th><th scope="col">{t("units.name")}</th><th scope="col">{t("units.level")}</th></tr></thead>
          <tbody>
            {data.units.map((u) => (
              <tr key={u.code}><td>{u.code}</td><td>{u.name}</td><td>{t(`units.levels.${u.level}`)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="new-unit">
        <h2 id="new-unit">{t("units.new")}</h2>
        <Form method="post">
          <div className="form-grid">
            <TextField name="provinceCode" label={t("units.province")} errors={err("provinceCode")} inputMode="numeric" required />
            <TextField name="suffix" label={t("units.suffix")} hint={t("units.suffixHint")} errors={err("suffix")} required />
          </div>
          <TextField name="name" label={t("units.name")} errors={err("name")} required />
          <button type="submit" className="button" disabled={busy}>{t("units.create")}</button>
        </Form>
      </section>
    </AdminLayout>
  );
}
