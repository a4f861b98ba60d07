/**
 * /can-bo/nhap-tin — an officer records a tip received by phone (hotline) or in
 * person. It goes through the same acceptTip as the web form (core/tips.ts: the
 * same checks, commit, then the pipeline), recorded as entered by this officer, who
 * names the province (one of their units'), and the page shows
 * the receipt once so the officer can read it out to the caller. The receipt is
 * not stored or logged anywhere.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatReceipt } from "../../domain/receipt";
import { listProvinces, listWards } from "../../db/queries/intake-reference";
import { listActiveSourceOrgs } from "../../db/queries/source-orgs";
import { listedUnits, type UnitScope } from "../../db/queries/scope";
import { findUnits } from "../../db/queries/units";
import { ADDRESS_MAX, DESCRIPTION_MAX, DESCRIPTION_MIN, EMAIL_MAX, NAME_MAX } from "../../domain/tip-limits";
import type { TipLocation } from "../../core/tips";
import { acceptPhoneTip } from "~/utils/accept-tip.server";
import { FieldError } from "~/components/staff/forms";
import { useCategoryLabel } from "~/components/staff/format";
import { categoryLabels, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireOfficer } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { fromVietnamWallClock } from "../../domain/vietnam-time";
import { titleMeta } from "~/utils/meta";

const optionalText = (max: number) => z.string().trim().max(max, tooLong(max)).optional();

export const PhoneTipSchema = z.object({
  channel: z.enum(["hotline", "in_person"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  category: z.string({ required_error: "required" }).regex(/^[a-z_]{1,40}$/, "required"),
  description: z.string({ required_error: "required" }).trim().min(DESCRIPTION_MIN, tooShort(DESCRIPTION_MIN)).max(DESCRIPTION_MAX, tooLong(DESCRIPTION_MAX)),
  occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "dateTime").optional(),
  occurredPrecision: z.enum(["exact", "approximate", "ongoing", "unknown"]).default("unknown"),
  province: z.string().regex(/^\d{1,3}$/, "chooseOne").optional(),
  wardCode: z.string().max(20).optional(),
  address: optionalText(ADDRESS_MAX),
  sourceOrg: z.string().max(40).optional(),
  reporterName: optionalText(NAME_MAX),
  reporterPhone: z.string().trim().regex(/^[0-9+() .-]{6,20}$/, "phone").optional(),
  reporterEmail: z.string().trim().email("email").max(EMAIL_MAX, tooLong(EMAIL_MAX)).optional(),
});

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

async function provincesOf(context: LoaderFunctionArgs["context"], scope: UnitScope): Promise<string[]> {
  return [...new Set((await findUnits(context.db, listedUnits(scope))).map((u) => u.provinceCode))];
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireOfficer(request, context);
  const provinces = await provincesOf(context, await getUnitScope(context.db, user));
  const [labels, provinceList, wards, orgs] = await Promise.all([
    categoryLabels(context.db),
    listProvinces(context.db),
    Promise.all(provinces.map((p) => listWards(context.db, p))).then((lists) => lists.flat()),
    listActiveSourceOrgs(context.db, provinces[0] ?? null),
  ]);
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "entry.title"),
    labels,
    provinces: provinceList.filter((p) => provinces.includes(p.code)),
    wards: wards.map((w) => ({ code: w.code, name: w.name })),
    orgs: orgs.map((o) => ({ code: o.code, vi: o.name_vi, en: o.name_en })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOfficer(request, context);
  const provinces = await provincesOf(context, await getUnitScope(context.db, user));
  const submission = parseWithZod(await requireForm(request), { schema: PhoneTipSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), receipt: null }, { status: 400 });
  const v = submission.value;
  const details = { provinceCode: v.province ?? null, address: v.address ?? null };
  const location: TipLocation = v.wardCode
    ? { kind: "ward", wardCode: v.wardCode, ...details }
    : v.address ? { kind: "address", ...details, address: v.address } : { kind: "none", ...details };
  const accepted = await acceptPhoneTip(
    { db: context.db, dataKey: context.config.DATA_KEY, receipts: context.receipts },
    {
      channel: v.channel,
      category: v.category,
      description: v.description,
      occurredAt: v.occurredAt ? fromVietnamWallClock(v.occurredAt) : null,
      occurredPrecision: v.occurredAt || v.occurredPrecision === "ongoing" ? v.occurredPrecision : "unknown",
      location,
      reporter: v.reporterName || v.reporterPhone || v.reporterEmail
        ? { name: v.reporterName, phone: v.reporterPhone, email: v.reporterEmail }
        : null,
      sourceOrgCode: v.sourceOrg ?? null,
      recordedBy: { kind: "officer", userId: user.id, provinces },
    },
  );
  if (!accepted.ok) return json({ result: submission.reply({ fieldErrors: accepted.fieldErrors }), receipt: null }, { status: 400 });
  const receipt = accepted.receipt;
  // Shown once, in this response only; never cached.
  return json({ result: submission.reply({ resetForm: true }), receipt: formatReceipt(receipt) }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function EnterTip() {
  const { t, i18n } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const category = useCategoryLabel(data.labels);
  const [form, fields] = useForm({
    id: "enter-tip",
    lastResult: actionData?.result,
    defaultValue: { channel: "hotline", occurredPrecision: "unknown" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhoneTipSchema }),
  });

  if (actionData?.receipt) {
    return (
      <StaffLayout user={data.user} title={data.title}>
        <div className="notice ok" role="status">
          <p>{t("entry.saved")}</p>
          <p>{t("entry.readOut")}</p>
          <p className="receipt-code" aria-label={t("entry.receiptLabel")}>{actionData.receipt}</p>
          <p>{t("entry.notStored")}</p>
        </div>
        <p><Link to="/can-bo/nhap-tin" className="button">{t("entry.another")}</Link></p>
      </StaffLayout>
    );
  }

  return (
    <StaffLayout user={data.user} title={data.title}>
      <p>{t("entry.lead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <fieldset>
          <legend>{t("entry.channel")}</legend>
          {(["hotline", "in_person"] as const).map((c) => (
            <label className="choice" key={c}>
              <input {...getInputProps(fields.channel, { type: "radio", value: c })} key={c} />
              <span>{t(`channel.${c}`)}</span>
            </label>
          ))}
          <FieldError id={fields.channel.errorId} errors={fields.channel.errors} />
        </fieldset>
        <div className="field">
          <label htmlFor={fields.category.id}>{t("tip.category")}</label>
          <select {...getSelectProps(fields.category)}>
            <option value="">{t("case.chooseCategory")}</option>
            {Object.keys(data.labels).map((code) => <option key={code} value={code}>{category(code)}</option>)}
          </select>
          <FieldError id={fields.category.errorId} errors={fields.category.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t("entry.description")}</label>
          <span className="hint" id={`${fields.description.id}-hint`}>{t("entry.descriptionHint")}</span>
          <textarea {...getTextareaProps(fields.description)} aria-describedby={`${fields.description.id}-hint ${fields.description.errorId}`} />
          <FieldError id={fields.description.errorId} errors={fields.description.errors} />
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={fields.occurredAt.id}>{t("entry.occurredAt")}</label>
            <input {...getInputProps(fields.occurredAt, { type: "datetime-local" })} />
            <FieldError id={fields.occurredAt.errorId} errors={fields.occurredAt.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.occurredPrecision.id}>{t("entry.precision")}</label>
            <select {...getSelectProps(fields.occurredPrecision)}>
              {(["exact", "approximate", "ongoing", "unknown"] as const).map((p) => <option key={p} value={p}>{t(`precision.${p}`)}</option>)}
            </select>
          </div>
        </div>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={fields.province.id}>{t("entry.province")}</label>
            <select {...getSelectProps(fields.province)}>
              {data.provinces.length !== 1 && <option value="">{t("entry.provinceChoose")}</option>}
              {data.provinces.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
            </select>
            <FieldError id={fields.province.errorId} errors={fields.province.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.wardCode.id}>{t("entry.ward")}</label>
            <select {...getSelectProps(fields.wardCode)}>
              <option value="">{t("entry.wardUnknown")}</option>
              {data.wards.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
            </select>
            <FieldError id={fields.wardCode.errorId} errors={fields.wardCode.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.address.id}>{t("entry.address")}</label>
            <input {...getInputProps(fields.address, { type: "text" })} />
            <FieldError id={fields.address.errorId} errors={fields.address.errors} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={fields.sourceOrg.id}>{t("tip.sourceOrg")}</label>
          <select {...getSelectProps(fields.sourceOrg)}>
            <option value="">{t("entry.noOrg")}</option>
            {data.orgs.map((o) => <option key={o.code} value={o.code}>{i18n.language === "en" ? o.en : o.vi}</option>)}
          </select>
          <FieldError id={fields.sourceOrg.errorId} errors={fields.sourceOrg.errors} />
        </div>
        <fieldset>
          <legend>{t("entry.reporterTitle")}</legend>
          <p className="hint">{t("entry.reporterHint")}</p>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={fields.reporterName.id}>{t("identity.name")}</label>
              <input {...getInputProps(fields.reporterName, { type: "text" })} autoComplete="off" />
              <FieldError id={fields.reporterName.errorId} errors={fields.reporterName.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.reporterPhone.id}>{t("identity.phone")}</label>
              <input {...getInputProps(fields.reporterPhone, { type: "tel" })} autoComplete="off" />
              <FieldError id={fields.reporterPhone.errorId} errors={fields.reporterPhone.errors} />
            </div>
            <div className="field">
              <label htmlFor={fields.reporterEmail.id}>{t("identity.email")}</label>
              <input {...getInputProps(fields.reporterEmail, { type: "email" })} autoComplete="off" />
              <FieldError id={fields.reporterEmail.errorId} errors={fields.reporterEmail.errors} />
            </div>
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>{t("entry.submit")}</button>
      </Form>
    </StaffLayout>
  );
}
