/** /can-bo/vu-viec/moi — open a case for one of the officer's units, optionally from a tip (?tin=ID). */
import { parseWithZod } from "@conform-to/zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseNumberTaken, createCase } from "../../db/queries/cases";
import { listedUnits, scopeIncludes } from "../../db/queries/scope";
import { findTipForStaff } from "../../db/queries/staff-tips";
import { findUnits } from "../../db/queries/units";
import { CaseSchema, seizuresFrom } from "~/components/staff/case-schema";
import { CaseForm } from "~/components/staff/CaseForm";
import { useCategoryLabel } from "~/components/staff/format";
import { categoryLabels, pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { requireOfficerScope } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireOfficerScope(request, context);
  const tipId = parseId(new URL(request.url).searchParams.get("tin") ?? undefined);
  const tip = tipId ? await findTipForStaff(context.db, tipId, scope) : null;
  const [unitRows, labels] = await Promise.all([findUnits(context.db, listedUnits(scope)), categoryLabels(context.db)]);
  const ownUnit = tip?.access === "owner" && tip.unitCode ? tip.unitCode : listedUnits(scope)[0];
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "cases.new"),
    units: unitRows.map((u) => ({ code: u.code, name: u.name })),
    labels,
    tip: tip ? { id: tip.id } : null,
    defaults: { unitCode: ownUnit, category: tip?.category ?? "", tipIds: tip ? [tip.id] : [], arrests: 0 },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, scope } = await requireOfficerScope(request, context);
  const submission = parseWithZod(await requireForm(request), { schema: CaseSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (!scopeIncludes(scope, value.unitCode)) return json({ result: submission.reply({ fieldErrors: { unitCode: ["unitUnavailable"] } }) }, { status: 400 });
  if (await caseNumberTaken(context.db, value.unitCode, value.number)) {
    return json({ result: submission.reply({ fieldErrors: { number: ["numberTaken"] } }) }, { status: 400 });
  }
  const caseId = await createCase(
    context.db,
    {
      unitCode: value.unitCode,
      fields: {
        number: value.number, title: value.title, category: value.category, decision: value.decision ?? null,
        decisionDate: value.decisionDate ?? null, arrests: value.arrests, arrestedAt: value.arrestedAt ?? null,
      },
      seizures: seizuresFrom(value),
      tipIds: value.tipIds,
    },
    { userId: user.id, scope, at: new Date().toISOString() },
  );
  if (!caseId) return json({ result: submission.reply({ fieldErrors: { unitCode: ["unitUnavailable"] } }) }, { status: 400 });
  return redirect(`/can-bo/vu-viec/${caseId}?da-tao`);
}

export default function NewCase() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const category = useCategoryLabel(data.labels);
  return (
    <StaffLayout user={data.user} title={data.title}>
      {data.tip && <p>{t("cases.fromTip")} <Link to={`/can-bo/tin/${data.tip.id}`}>{t("queue.tipNumber", { id: data.tip.id })}</Link></p>}
      <CaseForm
        id="new-case"
        units={data.units}
        categories={Object.keys(data.labels).map((code) => ({ code, label: category(code) }))}
        defaults={data.defaults}
        lastResult={actionData?.result}
        submitLabel={t("cases.create")}
      />
    </StaffLayout>
  );
}
