/**
 * /quan-tri/don-vi — province and special units (and any unit, wards included, by a search that folds diacritics);
 * each links to its page (rename, retire); create a special unit (e.g. 48-CYBER, a provincial cyber unit).
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { createSpecialUnit, findUnit, listPickerUnits, searchUnits } from "../../db/queries/units";
import { auditAdmin, fieldErrors, resolveProvince, unitLabels } from "~/components/staff/admin.server";
import { ProvinceSelect, useUnitLabel } from "~/components/staff/UnitPicker";
import { ActionNotice, TextField, useFormResult } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";

const SpecialUnitSchema = z.object({
  provinceCode: z.string({ required_error: "chooseOne" }).trim().min(1, "chooseOne").max(20, "provinceUnknown"),
  suffix: z.string({ required_error: "required" }).trim().toUpperCase().regex(/^[A-Z0-9]{2,12}$/, "unitSuffix"),
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(3, tooShort(3)).max(200, tooLong(200))),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

const LIST_LIMIT = 200;
const PROVINCES: Array<"province"> = ["province"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const [units, provinces] = await Promise.all([
    searchUnits(context.db, { searchFolded: q ? foldVietnamese(q) : null, limit: LIST_LIMIT + 1 }),
    listPickerUnits(context.db, { levels: PROVINCES }),
  ]);
  return json({
    user: staffView(user), title: await pageTitle(request, "admin", "units.title"), q, more: units.length > LIST_LIMIT,
    units: units.slice(0, LIST_LIMIT), provinces, names: await unitLabels(context.db, units.map((u) => u.successor_code ?? "")),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const parsed = SpecialUnitSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ ok: false, errors: fieldErrors(parsed.error), code: null }, { status: 400 });
  const { suffix, name } = parsed.data;
  const provinceCode = await resolveProvince(context.db, parsed.data.provinceCode);
  if (!provinceCode) return json({ ok: false, errors: { provinceCode: ["provinceUnknown"] }, code: null }, { status: 400 });
  const code = `${provinceCode}-${suffix}`;
  if (await findUnit(context.db, code)) return json({ ok: false, errors: { suffix: ["unitExists"] }, code: null }, { status: 400 });
  await createSpecialUnit(context.db, { code, name, provinceCode, nameFolded: foldVietnamese(name) });
  await auditAdmin(context, admin, "unit_created", { code, provinceCode });
  return json({ ok: true, errors: null, code });
}

export default function Units() {
  const { t } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const { result, busy, err } = useFormResult<typeof action>();
  const unitName = useUnitLabel(data.names);
  return (
    <AdminLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t("units.created", { code: result.code })}</ActionNotice>}
      <p>{t("units.lead")}</p>
      <Form method="get" className="search-form" role="search">
        <TextField name="q" label={t("units.search")} hint={t("units.searchHint")} defaultValue={data.q} type="search" />
        <button type="submit" className="button secondary">{t("units.searchButton")}</button>
      </Form>
      {data.units.length === 0 ? <p className="empty">{t("units.none")}</p> : (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t("units.name")}</th><th scope="col">{t("units.code")}</th><th scope="col">{t("units.level")}</th><th scope="col">{t("units.state")}</th></tr></thead>
            <tbody>
              {data.units.map((u) => (
                <tr key={u.code}>
                  <td><Link to={`/quan-tri/don-vi/${encodeURIComponent(u.code)}`}>{u.name}</Link></td>
                  <td>{u.code}</td>
                  <td>{t(`units.levels.${u.level}`)}</td>
                  <td>{u.active ? <span className="badge ok">{t("units.active")}</span> : <span className="badge">{t("units.retiredTo", { name: unitName(u.successor_code) })}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.more && <p className="hint">{t("units.more", { count: data.units.length })}</p>}
      <AddCard id="new-unit" title={t("units.new")} submit={t("units.create")} busy={busy}>
        <div className="form-grid">
          <ProvinceSelect name="provinceCode" label={t("units.province")} errors={err("provinceCode")} provinces={data.provinces} />
          <TextField name="suffix" label={t("units.suffix")} hint={t("units.suffixHint")} errors={err("suffix")} required />
        </div>
        <TextField name="name" label={t("units.name")} errors={err("name")} required />
      </AddCard>
    </AdminLayout>
  );
}
