/** /quan-tri/quy-tac — routing rules: a category of a province goes to (or is copied to) a unit. */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listActiveCategories } from "../../db/queries/intake-reference";
import { addRoutingRule, deactivateRoutingRule, listActiveRoutingRules } from "../../db/queries/routing-rules";
import { listPickerUnits } from "../../db/queries/units";
import { auditAdmin, fieldErrors, resolveProvince, resolveUnitEntry, unitLabels } from "~/components/staff/admin.server";
import { ActionNotice, SelectField, useFormResult } from "~/components/staff/forms";
import { ProvinceSelect, UnitField, UnitOptions, useUnitLabel } from "~/components/staff/UnitPicker";
import { useCategoryLabel } from "~/components/staff/format";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";
import { RowAction } from "~/components/staff/RowAction";

const RuleSchema = z.object({
  provinceCode: z.string({ required_error: "chooseOne" }).trim().min(1, "chooseOne").max(20, "provinceUnknown"),
  category: z.string({ required_error: "required" }).regex(/^[a-z_]{1,40}$/, "chooseOne"),
  unitCode: z.string({ required_error: "required" }).trim().min(1, "required").max(300, tooLong(300)),
  mode: z.enum(["route", "copy"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const [rules, categories, units] = await Promise.all([listActiveRoutingRules(context.db), listActiveCategories(context.db), listPickerUnits(context.db)]);
  return json({
    user: staffView(user), title: await pageTitle(request, "admin", "rules.title"), rules,
    units, provinces: units.filter((u) => u.level === "province"),
    unitNames: await unitLabels(context.db, rules.flatMap((r) => [r.provinceCode, r.unitCode])),
    labels: Object.fromEntries(categories.map((c) => [c.code, { vi: c.labelVi, en: c.labelEn }])),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await requireForm(request);
  if (form.get("intent") === "deactivate") {
    const id = Number(form.get("ruleId"));
    const ok = Number.isInteger(id) && id > 0 && (await deactivateRoutingRule(context.db, id));
    if (ok) await auditAdmin(context, admin, "routing_rule_deactivated", { ruleId: id });
    return json({ intent: "deactivate", ok, errors: null }, { status: ok ? 200 : 409 });
  }
  const parsed = RuleSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ intent: "add", ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  const provinceCode = await resolveProvince(context.db, parsed.data.provinceCode);
  if (!provinceCode) return json({ intent: "add", ok: false, errors: { provinceCode: ["provinceUnknown"] } }, { status: 400 });
  const unit = await resolveUnitEntry(context.db, parsed.data.unitCode, { provinceCode });
  if (!unit.ok) return json({ intent: "add", ok: false, errors: { unitCode: [unit.error] } }, { status: 400 });
  const rule = { ...parsed.data, provinceCode, unitCode: unit.code };
  const added = await addRoutingRule(context.db, rule, new Date().toISOString());
  if (added) await auditAdmin(context, admin, "routing_rule_added", { ...rule });
  return json({ intent: "add", ok: true, errors: null });
}

export default function Rules() {
  const { t } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const { result, busy, err } = useFormResult<typeof action>();
  const category = useCategoryLabel(data.labels);
  const unitName = useUnitLabel(data.unitNames);
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t(`rules.done.${result.intent}`)}</ActionNotice>}
      <p>{t("rules.lead")}</p>
      {data.rules.length === 0 ? <p className="empty">{t("rules.empty")}</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t("rules.province")}</th><th scope="col">{t("rules.category")}</th><th scope="col">{t("rules.unit")}</th><th scope="col">{t("rules.mode")}</th><th scope="col"><span className="visually-hidden">{t("rules.actions")}</span></th></tr></thead>
            <tbody>
              {data.rules.map((r) => (
                <tr key={r.id}>
                  <td>{unitName(r.provinceCode)}</td><td>{category(r.category)}</td><td>{unitName(r.unitCode)}</td><td>{t(`rules.modes.${r.mode}`)}</td>
                  <td>
                    <RowAction intent="deactivate" fields={{ ruleId: r.id }} text={t("rules.deactivate")} busy={busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddCard id="new-rule" title={t("rules.new")} intent="add" submit={t("rules.add")} busy={busy}>
        <div className="form-grid">
          <ProvinceSelect name="provinceCode" label={t("rules.province")} errors={err("provinceCode")} provinces={data.provinces} />
          <SelectField name="category" label={t("rules.category")} errors={err("category")} required>
            {Object.keys(data.labels).map((code) => <option key={code} value={code}>{category(code)}</option>)}
          </SelectField>
          <UnitField name="unitCode" label={t("rules.unit")} hint={t("picker.unitHint")} errors={err("unitCode")} listId="rule-units" required />
          <SelectField name="mode" label={t("rules.mode")} errors={err("mode")}>
            <option value="route">{t("rules.modes.route")}</option>
            <option value="copy">{t("rules.modes.copy")}</option>
          </SelectField>
        </div>
        <UnitOptions id="rule-units" units={data.units} />
      </AddCard>
    </AdminLayout>
  );
}
