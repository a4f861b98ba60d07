/** /quan-tri/to-chuc — mass organisations and community models a tip can be credited to. */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { normalizeText } from "../../domain/text";
import { listSourceOrgs, setSourceOrgActive, upsertSourceOrg } from "../../db/queries/source-orgs";
import { auditAdmin, fieldErrors, toggleActive } from "~/components/staff/admin.server";
import { ActiveToggle } from "~/components/staff/ActiveToggle";
import { ActionNotice, SelectField, TextField, useFormResult } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";

const name = z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(2, tooShort(2)).max(200, tooLong(200)));
const OrgSchema = z.object({
  code: z.string({ required_error: "required" }).trim().toUpperCase().regex(/^[A-Z0-9-]{2,30}$/, "orgCode"),
  nameVi: name,
  nameEn: name,
  kind: z.enum(["association", "model"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  provinceCode: z.string().trim().optional().transform((v) => v || null).pipe(z.string().regex(/^\d{2}$/, "provinceCode").nullable()),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "orgs.title"), orgs: await listSourceOrgs(context.db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await requireForm(request);
  const toggled = await toggleActive(context, admin, form, "source_org", (code, active) => setSourceOrgActive(context.db, code, active));
  if (toggled) return toggled;
  const parsed = OrgSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ intent: "save", ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  await upsertSourceOrg(context.db, parsed.data, new Date().toISOString());
  await auditAdmin(context, admin, "source_org_saved", { code: parsed.data.code, kind: parsed.data.kind });
  return json({ intent: "save", ok: true, errors: null });
}

export default function Orgs() {
  const { t, i18n } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const { result, busy, err } = useFormResult<typeof action>();
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t(`orgs.done.${result.intent}`)}</ActionNotice>}
      <p>{t("orgs.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t("orgs.code")}</th><th scope="col">{t("orgs.name")}</th><th scope="col">{t("orgs.kind")}</th><th scope="col">{t("units.province")}</th><th scope="col">{t("users.state")}</th></tr></thead>
          <tbody>
            {data.orgs.map((o) => (
              <tr key={o.code}>
                <td>{o.code}</td>
                <td>{i18n.language === "en" ? o.name_en : o.name_vi}</td>
                <td>{t(`orgs.kinds.${o.kind}`)}</td>
                <td>{o.province_code ?? t("orgs.everywhere")}</td>
                <td><ActiveToggle code={o.code} active={!!o.active} busy={busy} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddCard id="new-org" title={t("orgs.new")} intent="save" submit={t("orgs.save")} busy={busy}>
        <div className="form-grid">
          <TextField name="code" label={t("orgs.code")} errors={err("code")} required />
          <SelectField name="kind" label={t("orgs.kind")} errors={err("kind")}>
            <option value="association">{t("orgs.kinds.association")}</option>
            <option value="model">{t("orgs.kinds.model")}</option>
          </SelectField>
          <TextField name="nameVi" label={t("orgs.nameVi")} errors={err("nameVi")} lang="vi" required />
          <TextField name="nameEn" label={t("orgs.nameEn")} errors={err("nameEn")} lang="en" required />
          <TextField name="provinceCode" label={t("orgs.province")} errors={err("provinceCode")} inputMode="numeric" />
        </div>
      </AddCard>
    </AdminLayout>
  );
}
