/**
 * /can-bo/diem-nong — the hotspot alerts current now in the user's area (issue 17;
 * docs/decisions/0070-hotspot-alerts.md): an officer sees those of their units' wards, a
 * supervisor those of their province. Each leads to its page, where it is marked handled.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { HotspotAlerts } from "~/components/oversight/HotspotAlerts";
import type { Locale } from "~/components/oversight/report";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { titleMeta } from "~/utils/meta";
import { i18next } from "~/i18n/i18next.server";
import { getUnitScope, requireRole } from "~/utils/auth.server";
import { currentAlertViews } from "~/utils/hotspots.server";

export const meta = titleMeta;
export const handle = { i18n: ["oversight", "staff"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const locale: Locale = (await i18next.getLocale(request)) === "en" ? "en" : "vi";
  const t = await i18next.getFixedT(request, "staff");
  const alerts = await currentAlertViews(context.db, user, await getUnitScope(context.db, user), locale);
  return json({ user: staffView(user), title: t("hotspots.listTitle"), alerts }, { headers: staffHeaders() });
}

export default function HotspotAlertList() {
  const { user, title, alerts } = useLoaderData<typeof loader>();
  return (
    <StaffLayout user={user} title={title}>
      <HotspotAlerts alerts={alerts} ownPage />
    </StaffLayout>
  );
}
