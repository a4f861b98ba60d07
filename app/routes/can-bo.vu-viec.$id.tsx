/**
 * /can-bo/vu-viec/:id — a case: decision, arrests, seizures and the tips that
 * led to it. Officers of the case's unit edit it and link or unlink tips;
 * supervisors of the province read it; either withdraws a case entered by
 * mistake, with a reason (withdrawCase); outside the scope it is a 404.
 */
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { caseNumberTaken, findCase, linkTipToCase, unlinkTipFromCase, updateCase, withdrawCase } from "../../db/queries/cases";
import { normalizeText } from "../../domain/text";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { findUnit } from "../../db/queries/units";
import { CaseSchema, seizuresFrom } from "~/components/staff/case-schema";
import { CaseForm } from "~/components/staff/CaseForm";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { formatDate, formatDateTime, formatNumber, StatusBadge, useCategoryLabel } from "~/components/staff/format";
import { categoryLabels, pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, notFound, requireRole } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const caseId = parseId(params.id);
  if (!caseId) notFound();
  const scope = await getUnitScope(context.db, user);
  const found = await findCase(context.db, caseId, scope);
  if (!found) notFound();
  const [labels, unitRow] = await Promise.all([categoryLabels(context.db), findUnit(context.db, found.unitCode)]);
  const seizure = (kind: string) => found.seizures.find((s) => s.kind === kind)?.quantity;
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "case.title", { number: found.number }),
    found,
    labels,
    units: unitRow ? [{ code: unitRow.code, name: unitRow.name }] : [],
    canEdit: user.role === "officer" && !found.withdrawn,
    canWithdraw: (user.role === "officer" || user.role === "supervisor") && !found.withdrawn,
    defaults: {
      unitCode: found.unitCode, number: found.number, title: found.title, category: found.category,
      decision: found.decision, decisionDate: found.decisionDate ?? undefined, arrests: found.arrests,
      arrestedAt: found.arrestedAt ?? undefined,
      guns: seizure("guns"), primitive_weapons: seizure("primitive_weapons"), explosives: seizure("explosives"),
      drugs_g: seizure("drugs_g"), money_vnd: seizure("money_vnd"), vehicles: seizure("vehicles"), other: seizure("other"),
      seizureNote: found.seizures.find((s) => s.kind === "other")?.note ?? undefined,
    },
  });
}

const LinkSchema = z.object({ tipId: z.coerce.number({ invalid_type_error: "tipNumber" }).int("tipNumber").positive("tipNumber") });
const WithdrawSchema = z.object({
  reason: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(5, tooShort(5)).max(1000, tooLong(1000))),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Officers of the case's unit change it; supervisors may only withdraw it.
  const user = await requireRole(request, context, "officer", "supervisor");
  const caseId = parseId(params.id);
  if (!caseId) notFound();
  const scope = await getUnitScope(context.db, user);
  const existing = await findCase(context.db, caseId, scope);
  if (!existing) notFound();
  const form = await requireForm(request);
  const actor = { userId: user.id, scope, at: new Date().toISOString() };
  const intent = form.get("intent");

  if (intent === "withdraw") {
    const parsed = WithdrawSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return json({ intent, ok: false, errors: { reason: parsed.error.issues.map((i) => i.message) }, result: null }, { status: 400 });
    const tips = await withdrawCase(context.db, caseId, parsed.data.reason, { ...actor, actorKind: user.role === "supervisor" ? "supervisor" : "officer" });
    return json({ intent, ok: tips !== null, errors: null, result: null }, { status: tips ? 200 : 409 });
  }
  if (user.role !== "officer") throw new Response("Forbidden", { status: 403 });

  if (intent === "link" || intent === "unlink") {
    const parsed = LinkSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return json({ intent, ok: false, errors: { tipId: ["tipNumber"] }, result: null }, { status: 400 });
    if (intent === "unlink") {
      const ok = await unlinkTipFromCase(context.db, caseId, parsed.data.tipId, actor);
      return json({ intent, ok, errors: null, result: null }, { status: ok ? 200 : 409 });
    }
    const outcome = await linkTipToCase(context.db, caseId, parsed.data.tipId, actor);
    if (outcome === "not-found") return json({ intent, ok: false, errors: { tipId: ["tipNotVisible"] }, result: null }, { status: 400 });
    return json({ intent, ok: true, errors: null, result: null });
  }

  const submission = parseWithZod(form, { schema: CaseSchema });
  if (submission.status !== "success") return json({ intent: "save", ok: false, errors: null, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (await caseNumberTaken(context.db, existing.unitCode, value.number, caseId)) {
    return json({ intent: "save", ok: false, errors: null, result: submission.reply({ fieldErrors: { number: ["numberTaken"] } }) }, { status: 400 });
  }
  const ok = await updateCase(context.db, caseId, {
    fields: {
      number: value.number, title: value.title, category: value.category, decision: value.decision ?? null,
      decisionDate: value.decisionDate ?? null, arrests: value.arrests, arrestedAt: value.arrestedAt ?? null,
    },
    seizures: seizuresFrom(value),
  }, actor);
  return json({ intent: "save", ok, errors: null, result: submission.reply() }, { status: ok ? 200 : 409 });
}

export default function CasePage() {
  const { t, i18n } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const category = useCategoryLabel(data.labels);
  const c = data.found;
  const lng = i18n.language;
  const linkErrors = actionData && (actionData.intent === "link" || actionData.intent === "unlink") ? (actionData.errors as Record<string, string[]> | null)?.tipId : undefined;
  const withdrawErrors = actionData?.intent === "withdraw" ? (actionData.errors as Record<string, string[]> | null)?.reason : undefined;
  return (
    <StaffLayout user={data.user} title={data.title}>
      <p><Link to="/can-bo/vu-viec">{t("case.backToCases")}</Link></p>
      {searchParams.has("da-tao") && !actionData && <ActionNotice kind="ok">{t("case.created")}</ActionNotice>}
      {actionData?.ok && <ActionNotice kind="ok">{t(`case.done.${actionData.intent}`)}</ActionNotice>}
      {actionData && !actionData.ok && !actionData.result && !linkErrors && !withdrawErrors && <ActionNotice kind="error">{t("tip.problems.stale")}</ActionNotice>}
      {c.withdrawn && (
        <div className="notice warn" role="status">
          <p>{t("case.withdrawnNotice", { date: formatDateTime(c.withdrawn.at, lng) })}</p>
          <p>{t("case.withdrawnReason", { reason: c.withdrawn.reason })}</p>
        </div>
      )}

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{c.title}</h2>
        <dl className="facts">
          <dt>{t("case.unit")}</dt><dd>{c.unitName}</dd>
          <dt>{t("case.category")}</dt><dd>{category(c.category)}</dd>
          <dt>{t("case.decision")}</dt>
          <dd>{c.decision ? `${t(`decision.${c.decision}`)} (${formatDate(c.decisionDate, lng)})` : t("case.noDecision")}</dd>
          <dt>{t("case.arrests")}</dt>
          <dd>{c.arrests > 0 ? `${t("case.arrestsCount", { count: c.arrests })} (${formatDate(c.arrestedAt, lng)})` : "0"}</dd>
          <dt>{t("case.seizuresTitle")}</dt>
          <dd>
            {c.seizures.length === 0 ? t("case.noSeizures") : (
              <ul className="seizure-list">
                {c.seizures.map((s) => (
                  <li key={s.kind}>{t(`seizure.${s.kind}`)}: {formatNumber(s.quantity, lng)}{s.note ? ` (${s.note})` : ""}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t("case.createdBy")}</dt><dd>{c.createdByName ?? "—"} · {formatDateTime(c.createdAt, lng)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="tips-title">
        <h2 id="tips-title">{t("case.tipsTitle")}</h2>
        {c.tips.length === 0 ? <p>{t("case.noTips")}</p> : (
          <ul className="case-tips">
            {c.tips.map((tip) => (
              <li key={tip.id}>
                {tip.visible ? (
                  <>
                    <Link to={`/can-bo/tin/${tip.id}`}>{t("queue.tipNumber", { id: tip.id })}</Link> · {category(tip.category)} <StatusBadge status={tip.status} />
                    <p className="excerpt">{tip.excerpt}</p>
                    {data.canEdit && (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="unlink" />
                        <input type="hidden" name="tipId" value={tip.id} />
                        <button type="submit" className="link-button">{t("case.unlink", { id: tip.id })}</button>
                      </Form>
                    )}
                  </>
                ) : t("case.otherUnitTip")}
              </li>
            ))}
          </ul>
        )}
        {data.canEdit && (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="link" />
            <div className="field">
              <label htmlFor="link-tip">{t("case.linkTip")}</label>
              <input id="link-tip" name="tipId" type="number" min={1} inputMode="numeric" required aria-describedby="link-tip-error"
                aria-invalid={linkErrors ? true : undefined} />
              <FieldError id="link-tip-error" errors={linkErrors} />
            </div>
            <button type="submit" className="button secondary">{t("tip.link")}</button>
          </Form>
        )}
      </section>

      {data.canEdit && (
        <section className="card" aria-labelledby="edit-title">
          <h2 id="edit-title">{t("case.edit")}</h2>
          <CaseForm
            id="edit-case"
            units={data.units}
            categories={Object.keys(data.labels).map((code) => ({ code, label: category(code) }))}
            defaults={data.defaults}
            lastResult={actionData?.intent === "save" ? actionData.result : undefined}
            submitLabel={t("case.save")}
          />
        </section>
      )}

      {data.canWithdraw && (
        <section className="card" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t("case.withdrawTitle")}</h2>
          <p className="hint">{t("case.withdrawHint", { count: c.tips.length })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <div className="field">
              <label htmlFor="withdraw-reason">{t("case.withdrawReason")}</label>
              <textarea id="withdraw-reason" name="reason" rows={2} required className="short" maxLength={1000}
                aria-invalid={withdrawErrors ? true : undefined} aria-describedby="withdraw-reason-error" />
              <FieldError id="withdraw-reason-error" errors={withdrawErrors} />
            </div>
            <button type="submit" className="button danger">{t("case.withdraw")}</button>
          </Form>
        </section>
      )}
    </StaffLayout>
  );
}
