/**
 * /quan-tri/don-vi/:code — one unit: rename it (the code stays, so its tips, cases and figures follow the new
 * name), or retire it: its open tips move to a successor unit the administrator picks (each tip's trail says so),
 * and it leaves every picker while its history and figures stay (docs/decisions/0027-unit-rename-and-retirement.md).
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { countCasesOfUnit } from "../../db/queries/cases";
import { addUnitHead, findUnclaimedHours, listHeadCandidates, listUnitHeads, removeUnitHead, setUnclaimedHours } from "../../db/queries/escalation";
import { DEFAULT_UNCLAIMED_HOURS, UNCLAIMED_HOURS_MAX, UNCLAIMED_HOURS_MIN } from "../../domain/escalation";
import { countTipsOfUnit } from "../../db/queries/tips";
import { countOpenTipsOfUnit, findUnit, listPickerUnits, renameUnit, retireUnit } from "../../db/queries/units";
import { auditAdmin, fieldErrors, resolveUnitEntry, unitLabels } from "~/components/staff/admin.server";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { ActionNotice, TextField } from "~/components/staff/forms";
import { formatDateTime } from "~/components/staff/format";
import { UnitField, UnitOptions, useUnitLabel } from "~/components/staff/UnitPicker";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { notFound, requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

const RenameSchema = z.object({
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(3, tooShort(3)).max(200, tooLong(200))),
});
const RetireSchema = z.object({
  successor: z.string({ required_error: "required" }).trim().min(1, "required").max(300, tooLong(300)),
  reason: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(3, tooShort(3)).max(500, tooLong(500))),
});

const HeadSchema = z.object({ userId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const HoursSchema = z.object({
  hours: z.coerce.number({ invalid_type_error: "unclaimedHours" }).int("unclaimedHours").min(UNCLAIMED_HOURS_MIN, "unclaimedHours").max(UNCLAIMED_HOURS_MAX, "unclaimedHours"),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

async function loadUnit(context: LoaderFunctionArgs["context"], code: string | undefined) {
  if (!code || code.length > 20) return undefined;
  return findUnit(context.db, code);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const unit = await loadUnit(context, params.code);
  if (!unit) notFound();
  const [open, tips, cases, candidates, heads, headCandidates, unclaimedHours] = await Promise.all([
    countOpenTipsOfUnit(context.db, unit.code),
    countTipsOfUnit(context.db, unit.code),
    countCasesOfUnit(context.db, unit.code),
    unit.active ? listPickerUnits(context.db) : Promise.resolve([]),
    listUnitHeads(context.db, unit.code),
    listHeadCandidates(context.db, unit.code),
    findUnclaimedHours(context.db, unit.code),
  ]);
  return json({
    user: staffView(admin), title: await pageTitle(request, "admin", "unit.title", { name: unit.name }),
    unit: { code: unit.code, name: unit.name, level: unit.level, provinceCode: unit.provinceCode, active: unit.active, retiredAt: unit.retiredAt, successorCode: unit.successorCode },
    counts: { open, tips, cases },
    // Escalation (docs/decisions/0072-escalation.md): the unit's heads and its "unclaimed after" hours.
    heads, headCandidates, unclaimedHours: unclaimedHours ?? DEFAULT_UNCLAIMED_HOURS,
    names: await unitLabels(context.db, [unit.provinceCode, unit.successorCode ?? ""]),
    // Successors: active units of the same province first, then the others; never the unit itself.
    candidates: [...candidates.filter((c) => c.provinceCode === unit.provinceCode), ...candidates.filter((c) => c.provinceCode !== unit.provinceCode)]
      .filter((c) => c.code !== unit.code),
  });
}

type Result = { intent: string; ok: boolean; errors?: Record<string, string[]>; problem?: string; moved?: number };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const unit = await loadUnit(context, params.code);
  if (!unit) notFound();
  const form = await requireForm(request);
  const intent = String(form.get("intent") ?? "");
  const reply = (result: Result, status = 200) => json(result, { status });
  if (intent === "addHead" || intent === "removeHead") {
    const parsed = HeadSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return reply({ intent, ok: false, errors: { userId: ["chooseOne"] } }, 400);
    const actor = { userId: admin.id, at: new Date().toISOString() };
    const done = intent === "addHead" ? await addUnitHead(context.db, unit.code, parsed.data.userId, actor) : await removeUnitHead(context.db, unit.code, parsed.data.userId, actor);
    return done ? reply({ intent, ok: true }) : reply({ intent, ok: false, errors: { userId: ["chooseOne"] } }, 400);
  }
  if (intent === "unclaimedHours") {
    const parsed = HoursSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return reply({ intent, ok: false, errors: fieldErrors(parsed.error) }, 400);
    await setUnclaimedHours(context.db, unit.code, parsed.data.hours, { userId: admin.id, at: new Date().toISOString() });
    return reply({ intent, ok: true });
  }
  if (intent === "rename") {
    const parsed = RenameSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return reply({ intent, ok: false, errors: fieldErrors(parsed.error) }, 400);
    const from = await renameUnit(context.db, unit.code, parsed.data.name, foldVietnamese(parsed.data.name));
    await auditAdmin(context, admin, "unit_renamed", { code: unit.code, from, to: parsed.data.name });
    return reply({ intent, ok: true });
  }
  if (intent === "retire") {
    // Every field's problem at once: the schema's, then which unit the successor field names.
    const parsed = RetireSchema.safeParse(Object.fromEntries(form));
    const errors: Record<string, string[]> = parsed.success ? {} : fieldErrors(parsed.error);
    const entry = String(form.get("successor") ?? "").trim();
    const successor = entry && !errors.successor ? await resolveUnitEntry(context.db, entry.slice(0, 300)) : null;
    if (successor && !successor.ok) errors.successor = [successor.error];
    if (successor?.ok && successor.code === unit.code) errors.successor = ["successorSame"];
    if (!parsed.success || !successor?.ok || Object.keys(errors).length) return reply({ intent, ok: false, errors }, 400);
    const outcome = await retireUnit(context.db, { code: unit.code, successorCode: successor.code, reason: parsed.data.reason }, { userId: admin.id, at: new Date().toISOString() });
    if (!outcome.ok) return reply({ intent, ok: false, problem: outcome.problem }, 409);
    return reply({ intent, ok: true, moved: outcome.moved.length });
  }
  return reply({ intent, ok: false, problem: "unknown" }, 400);
}

export default function UnitPage() {
  const { t, i18n } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state === "submitting";
  const unitName = useUnitLabel(data.names);
  const errors = (intent: string, field: string) => (result?.intent === intent ? result.errors?.[field] : undefined);
  const u = data.unit;
  return (
    <AdminLayout user={data.user} title={data.title}>
      <p><Link to="/quan-tri/don-vi">{t("unit.back")}</Link></p>
      {result?.ok && <ActionNotice kind="ok">{result.intent === "retire" ? t("unit.done.retire", { count: result.moved ?? 0 }) : result.intent === "rename" ? t("unit.done.rename") : t("unit.done.escalation")}</ActionNotice>}
      {result && !result.ok && result.problem && <ActionNotice kind="error">{t(`unit.problems.${result.problem}`, { defaultValue: t("unit.problems.unknown") })}</ActionNotice>}
      <dl className="facts">
        <dt>{t("units.code")}</dt><dd>{u.code}</dd>
        <dt>{t("units.level")}</dt><dd>{t(`units.levels.${u.level}`)}</dd>
        <dt>{t("units.province")}</dt><dd>{unitName(u.provinceCode)}</dd>
        <dt>{t("units.state")}</dt>
        <dd>{u.active ? t("units.active") : t("unit.retiredOn", { date: u.retiredAt ? formatDateTime(u.retiredAt, i18n.language) : "—", name: unitName(u.successorCode) })}</dd>
        <dt>{t("unit.tips")}</dt><dd>{t("unit.tipCounts", { tips: data.counts.tips, open: data.counts.open, cases: data.counts.cases })}</dd>
      </dl>

      <section className="card" aria-labelledby="rename-title">
        <h2 id="rename-title">{t("unit.rename")}</h2>
        <p className="hint">{t("unit.renameHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="rename" />
          <TextField name="name" label={t("unit.newName")} errors={errors("rename", "name")} defaultValue={u.name} required maxLength={200} />
          <button type="submit" className="button" disabled={busy}>{t("unit.renameButton")}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="escalation-title">
        <h2 id="escalation-title">{t("unit.escalationTitle")}</h2>
        <p className="hint">{t("unit.escalationHint")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="unclaimedHours" />
          <TextField name="hours" label={t("unit.unclaimedHours")} errors={errors("unclaimedHours", "hours")} defaultValue={String(data.unclaimedHours)}
            inputMode="numeric" required maxLength={4} />
          <button type="submit" className="button secondary" disabled={busy}>{t("unit.save")}</button>
        </Form>
        <h3>{t("unit.heads")}</h3>
        {data.heads.length === 0 ? <p>{t("unit.noHeads")}</p> : (
          <ul>
            {data.heads.map((h) => (
              <li key={h.userId}>
                {h.name} ({h.email}){" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="removeHead" />
                  <input type="hidden" name="userId" value={h.userId} />
                  <button type="submit" className="link-button" disabled={busy} aria-label={t("unit.removeHeadOf", { name: h.name })}>{t("unit.removeHead")}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        {data.headCandidates.length > 0 && (
          <Form method="post">
            <input type="hidden" name="intent" value="addHead" />
            <div className="field">
              <label htmlFor="head-user">{t("unit.addHeadLabel")}</label>
              <select id="head-user" name="userId" required aria-invalid={errors("addHead", "userId") ? true : undefined}>
                {data.headCandidates.map((c) => <option key={c.userId} value={c.userId}>{c.name} ({c.email})</option>)}
              </select>
            </div>
            <button type="submit" className="button secondary" disabled={busy}>{t("unit.addHead")}</button>
          </Form>
        )}
      </section>

      {u.active && u.level !== "province" && (
        <section className="card" aria-labelledby="retire-title">
          <h2 id="retire-title">{t("unit.retire")}</h2>
          <p className="hint">{t("unit.retireHint", { count: data.counts.open })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="retire" />
            <UnitOptions id="successor-options" units={data.candidates} />
            <UnitField name="successor" label={t("unit.successor")} hint={t("picker.unitHint")} errors={errors("retire", "successor")} listId="successor-options" required />
            <TextField name="reason" label={t("unit.reason")} errors={errors("retire", "reason")} required maxLength={500} />
            <button type="submit" className="button danger" disabled={busy}>{t("unit.retireButton", { count: data.counts.open })}</button>
          </Form>
        </section>
      )}
    </AdminLayout>
  );
}
