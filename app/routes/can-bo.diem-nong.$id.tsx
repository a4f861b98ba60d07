/**
 * /can-bo/diem-nong/:id — one hotspot alert (issue 17; docs/decisions/0070-hotspot-alerts.md):
 * its sentence, its evolution day by day, links to the ward's tips of that type and days,
 * and — for an officer of its ward or a supervisor of its province, while it is open — a
 * form to mark it handled with a note (POST, same-origin check of every staff form, the
 * system log records it). Outside the user's area an alert is a 404.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { HotspotAlertCard } from "~/components/oversight/HotspotAlerts";
import type { Locale } from "~/components/oversight/report";
import { ActionNotice } from "~/components/staff/forms";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { titleMeta } from "~/utils/meta";
import { i18next } from "~/i18n/i18next.server";
import { getUnitScope, notFound, requireRole } from "~/utils/auth.server";
import { alertView, handleHotspotAlert } from "~/utils/hotspots.server";
import { requireForm } from "~/utils/request-body.server";

export const meta = titleMeta;
export const handle = { i18n: ["oversight", "staff"] };
export const headers = staffHeaders;

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const NOTE_MAX = 1000;
const HandleSchema = z.object({ intent: z.literal("handle"), note: z.string().trim().min(1).max(NOTE_MAX) });

async function guard(request: Request, context: LoaderFunctionArgs["context"], rawId: string | undefined) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const id = Id.safeParse(rawId);
  if (!id.success) throw notFound();
  return { user, id: id.data, scope: await getUnitScope(context.db, user) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, id, scope } = await guard(request, context, params.id);
  const locale: Locale = (await i18next.getLocale(request)) === "en" ? "en" : "vi";
  const alert = await alertView(context.db, user, scope, locale, id);
  if (!alert) throw notFound();
  const t = await i18next.getFixedT(request, "staff");
  const done = new URL(request.url).searchParams.has("da-xu-ly");
  return json({ user: staffView(user), title: t("hotspots.alertTitle", { id }), alert, done }, { headers: staffHeaders() });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, id, scope } = await guard(request, context, params.id);
  const fields = Object.fromEntries(await requireForm(request));
  const parsed = HandleSchema.safeParse(fields);
  if (!parsed.success) {
    // What was typed comes back, never lost.
    return json({ error: "note" as const, note: typeof fields.note === "string" ? fields.note : "" }, { status: 400 });
  }
  const changed = await handleHotspotAlert(context.db, id, scope, { userId: user.id, note: parsed.data.note }, new Date());
  if (!changed) return json({ error: "cannot" as const }, { status: 409 });
  return redirect(`/can-bo/diem-nong/${id}?da-xu-ly`, { status: 303 });
}

export default function HotspotAlertPage() {
  const { t } = useTranslation("staff");
  const { user, title, alert, done } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <StaffLayout user={user} title={title}>
      <p><Link to="/can-bo/diem-nong">{t("hotspots.back")}</Link></p>
      {done && <ActionNotice kind="ok">{t("hotspots.handle.done")}</ActionNotice>}
      {failed?.error === "cannot" && <ActionNotice kind="error">{t("hotspots.handle.cannot")}</ActionNotice>}
      <HotspotAlertCard alert={alert} detailLink={false} fullTable />
      {alert.state === "open" && (
        <section aria-labelledby="handle-title" className="hotspot-handle">
          <h2 id="handle-title">{t("hotspots.handle.heading")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="handle" />
            <div className="field">
              <label htmlFor="note">{t("hotspots.handle.note")}</label>
              <span id="note-hint" className="hint">{t("hotspots.handle.hint")}</span>
              <textarea
                id="note" name="note" maxLength={NOTE_MAX} required defaultValue={failed && "note" in failed ? failed.note : undefined}
                aria-describedby={failed?.error === "note" ? "note-hint note-error" : "note-hint"}
                aria-invalid={failed?.error === "note" ? true : undefined}
              />
              {failed?.error === "note" && <span id="note-error" className="field-error">{t("hotspots.handle.noteRequired")}</span>}
            </div>
            <p className="button-row"><button type="submit" className="button">{t("hotspots.handle.submit")}</button></p>
          </Form>
        </section>
      )}
    </StaffLayout>
  );
}
