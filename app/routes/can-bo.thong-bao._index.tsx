/**
 * /can-bo/thong-bao — an officer's or supervisor's notifications (issue 16; docs/decisions/0065-notifications.md):
 * newest first, unread ones marked, each linking to its tip or hotspot alert (0070); "mark read" per item and
 * "mark all read" are POST forms answered with a redirect back (works without
 * JavaScript; a reload posts nothing). Only the officer's own notifications, of the
 * units that are theirs now. `?truoc=ID` pages to older ones.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listNotifications, markRead } from "../../core/notifications";
import { EMAIL_PREFERENCES_PATH } from "../../domain/notification-email";
import { ESCALATION_KINDS, notificationPath } from "../../domain/notifications";
import { formatDateTime } from "~/components/staff/format";
import { ActionNotice } from "~/components/staff/forms";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireNotified } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

const PAGE_SIZE = 50;
const PATH = "/can-bo/thong-bao";

/** A positive id from the query or a form, else undefined. */
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const ReadSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: Id, truoc: Id.optional().catch(undefined) }),
  z.object({ intent: z.literal("readAll"), truoc: Id.optional().catch(undefined) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireNotified(request, context);
  const before = Id.safeParse(new URL(request.url).searchParams.get("truoc"));
  const beforeId = before.success ? before.data : undefined;
  const items = await listNotifications(context.db, user, await getUnitScope(context.db, user), { limit: PAGE_SIZE + 1, beforeId });
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "notifications.title"),
    items: items.slice(0, PAGE_SIZE),
    olderFrom: items.length > PAGE_SIZE ? items[PAGE_SIZE - 1]!.id : null,
    paged: beforeId !== undefined,
    beforeId: beforeId ?? null,
  }, { headers: staffHeaders() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireNotified(request, context);
  const parsed = ReadSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ error: "invalid" as const }, { status: 400 });
  const scope = await getUnitScope(context.db, user);
  await markRead(context.db, user, scope, new Date(), parsed.data.intent === "read" ? { id: parsed.data.id } : {});
  return redirect(parsed.data.truoc ? `${PATH}?truoc=${parsed.data.truoc}` : PATH, { status: 303 });
}

export default function Notifications() {
  const { t, i18n } = useTranslation("staff");
  const { user, title, items, olderFrom, paged, beforeId } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const keepPage = beforeId !== null ? <input type="hidden" name="truoc" value={beforeId} /> : null;
  const anyUnread = items.some((n) => n.readAt === null);
  // A notification is about a tip or a hotspot alert (exactly one).
  const subjectName = (n: { tipId: number | null; alertId: number | null }) =>
    n.tipId !== null ? t("notifications.tip", { id: n.tipId }) : t("notifications.alert", { id: n.alertId });
  return (
    <StaffLayout
      user={user}
      title={title}
      actions={anyUnread ? (
        <Form method="post">
          {keepPage}
          <button type="submit" name="intent" value="readAll" className="button secondary">{t("notifications.markAllRead")}</button>
        </Form>
      ) : undefined}
    >
      <p>{t("notifications.lead")}</p>
      {failed && <ActionNotice kind="error">{t("errors.invalid")}</ActionNotice>}
      {items.length === 0 ? <p>{t("notifications.none")}</p> : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.readAt === null ? "unread" : undefined}>
              <span>
                <span className="visually-hidden">{n.readAt === null ? t("notifications.unread") : t("notifications.read")}: </span>
                <Link to={notificationPath(n)}>{ESCALATION_KINDS.includes(n.kind) ? n.unitName : subjectName(n)}</Link>{" — "}
                {t(`notifications.kinds.${n.kind}`)}
                <small className="meta">{t("notifications.unitAt", { unit: n.unitName, time: formatDateTime(n.createdAt, i18n.language) })}</small>
              </span>
              {n.readAt === null && (
                <Form method="post">
                  <input type="hidden" name="id" value={n.id} />
                  {keepPage}
                  <button type="submit" name="intent" value="read" className="link-button" aria-label={`${t("notifications.markRead")}: ${subjectName(n)}`}>
                    {t("notifications.markRead")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="button-row">
        {olderFrom !== null && <Link to={`${PATH}?truoc=${olderFrom}`}>{t("notifications.older")}</Link>}
        {paged && <Link to={PATH}>{t("notifications.newest")}</Link>}
        <Link to={EMAIL_PREFERENCES_PATH}>{t("notifications.emailLink")}</Link>
      </p>
    </StaffLayout>
  );
}
