/**
 * /quan-tri/loai-vu-viec — the types of crime residents choose from. The
 * contract's 17 codes stay (they can be relabelled); administrators may add
 * more, and retire or restore the ones they added.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { normalizeText } from "../../domain/text";
import { CONTRACT_CATEGORIES, listCategories, saveCategory, setCategoryActive } from "../../db/queries/categories";
import { auditAdmin, fieldErrors, toggleActive } from "~/components/staff/admin.server";
import { ActiveToggle } from "~/components/staff/ActiveToggle";
import { ActionNotice, TextField, useFormResult } from "~/components/staff/forms";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";

const text = (min: number, max: number) =>
  z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(min, tooShort(min)).max(max, tooLong(max)));
const CategorySchema = z.object({
  code: z.string({ required_error: "required" }).trim().toLowerCase().regex(/^[a-z][a-z_]{2,29}$/, "categoryCode"),
  labelVi: text(2, 80),
  labelEn: text(2, 80),
  descriptionVi: text(5, 300),
  descriptionEn: text(5, 300),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  return json({
    user: staffView(user),
    title: await pageTitle(request, "admin", "categories.title"),
    categories: await listCategories(context.db),
    fixed: CONTRACT_CATEGORIES as readonly string[],
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await requireForm(request);
  const toggled = await toggleActive(context, admin, form, "category", (code, active) => setCategoryActive(context.db, code, active));
  if (toggled) return toggled;
  const parsed = CategorySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ intent: "save", ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  await saveCategory(context.db, parsed.data);
  await auditAdmin(context, admin, "category_saved", { code: parsed.data.code });
  return json({ intent: "save", ok: true, errors: null });
}

export default function Categories() {
  const { t, i18n } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const { result, busy, err } = useFormResult<typeof action>();
  const en = i18n.language === "en";
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t(`categories.done.${result.intent}`)}</ActionNotice>}
      {result && !result.ok && result.intent !== "save" && <ActionNotice kind="error">{t("categories.fixed")}</ActionNotice>}
      <p>{t("categories.lead")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("categories.code")}</th>
              <th scope="col">{t("categories.label")}</th>
              <th scope="col">{t("categories.description")}</th>
              <th scope="col">{t("users.state")}</th>
            </tr>
          </thead>
          <tbody>
            {data.categories.map((c) => (
              <tr key={c.code}>
                <td><code>{c.code}</code></td>
                <td>{en ? c.label_en : c.label_vi}</td>
                <td>{en ? c.description_en : c.description_vi}</td>
                <td>
                  {data.fixed.includes(c.code) ? (
                    <span className="badge ok">{t("categories.contract")}</span>
                  ) : (
                    <ActiveToggle code={c.code} active={!!c.active} busy={busy} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddCard id="new-category" title={t("categories.new")} hint={t("categories.newHint")} intent="save" submit={t("orgs.save")} busy={busy}>
        <div className="form-grid">
          <TextField name="code" label={t("categories.code")} errors={err("code")} required />
          {(["labelVi", "labelEn", "descriptionVi", "descriptionEn"] as const).map((field) => (
            <TextField key={field} name={field} label={t(`categories.${field}`)} errors={err(field)} lang={field.endsWith("Vi") ? "vi" : "en"} required />
          ))}
        </div>
      </AddCard>
    </AdminLayout>
  );
}
