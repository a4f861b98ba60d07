/**
 * /quan-tri/nhat-ky — the staff audit log: sign-ins and failures, administrators' changes, identity views, cases.
 * Each entry reads as a sentence with names (admin-audit.ts) and its other details as a key–value list; secrets
 * are never shown. Filter by kind of event; pages newer and older keep the filter (keyset on id, both ways).
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAudit } from "../../db/queries/audit";
import { userNames } from "../../db/queries/users";
import { auditDetails, auditSentence, referencesOf, withoutHidden, type AuditContext } from "~/components/staff/admin-audit";
import { unitLabels } from "~/components/staff/admin.server";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { formatDateTime, useCategoryLabel } from "~/components/staff/format";
import { SelectField } from "~/components/staff/forms";
import { useUnitLabel } from "~/components/staff/UnitPicker";
import { categoryLabels, pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { requireAdmin } from "~/utils/auth.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

const PAGE = 100;

/** The filter's choices: groups of event kinds. */
const GROUPS: Record<string, string[]> = {
  access: ["sign_in", "sign_out", "sign_in_failed", "sign_in_throttled", "account_locked", "password_check_failed", "password_changed"],
  accounts: ["user_created", "user_disabled", "user_enabled", "user_unlocked", "user_scope_changed", "password_reset"],
  setup: [
    "unit_created", "unit_renamed", "unit_retired", "routing_rule_added", "routing_rule_deactivated", "source_org_saved", "source_org_activated",
    "source_org_deactivated", "category_saved", "category_activated", "category_deactivated",
  ],
  keys: ["api_key_created", "api_key_revoked"],
  cases: ["case_created", "case_updated", "case_withdrawn", "identity_viewed"],
};
const ALL_TYPES = new Set(Object.values(GROUPS).flat());

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const type = params.get("loai") ?? "";
  const types = ALL_TYPES.has(type) ? [type] : Object.hasOwn(GROUPS, type) ? GROUPS[type] : undefined;
  const beforeId = parseId(params.get("truoc") ?? undefined);
  const afterId = beforeId ? null : parseId(params.get("sau") ?? undefined);
  const found = await listAudit(context.db, { beforeId, afterId, limit: PAGE + 1, types });
  const more = found.length > PAGE;
  // Secrets and device keys never leave the server, not even in the page's data.
  const rows = found.slice(0, PAGE).map((r) => ({ ...r, data: withoutHidden(r.data) }));
  if (afterId) rows.reverse(); // read oldest first going up; shown newest first
  const refs = referencesOf(rows);
  const users = await userNames(context.db, refs.users);
  return json({
    user: staffView(user), title: await pageTitle(request, "admin", "audit.title"), rows, filter: types ? type : "",
    units: await unitLabels(context.db, refs.units), users: Object.fromEntries(users), labels: await categoryLabels(context.db),
    older: (afterId || more) && rows.length ? rows[rows.length - 1]!.id : null,
    newer: (beforeId || (afterId && more)) && rows.length ? rows[0]!.id : null,
  });
}

export default function AuditLog() {
  const { t, i18n } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const unit = useUnitLabel(data.units);
  const category = useCategoryLabel(data.labels);
  const ctx: AuditContext = { t, ts, unit: (c) => unit(c), user: (id) => data.users[id] ?? `#${id}`, category };
  const page = (key: "truoc" | "sau", id: number) => `?${new URLSearchParams({ ...(data.filter ? { loai: data.filter } : {}), [key]: String(id) })}`;
  return (
    <AdminLayout user={data.user} title={data.title}>
      <p>{t("audit.lead")}</p>
      <Form method="get" className="filter-form">
        <SelectField name="loai" label={t("audit.filter")} defaultValue={data.filter}>
          <option value="">{t("audit.allTypes")}</option>
          {Object.entries(GROUPS).map(([group, types]) => (
            <optgroup key={group} label={t(`audit.groups.${group}`)}>
              <option value={group}>{t(`audit.groups.${group}`)} — {t("audit.allTypes").toLowerCase()}</option>
              {types.map((type) => <option key={type} value={type}>{t(`audit.types.${type}`, { defaultValue: type })}</option>)}
            </optgroup>
          ))}
        </SelectField>
        <div className="button-row"><button type="submit" className="button secondary">{t("audit.apply")}</button></div>
      </Form>
      {data.rows.length === 0 ? <p className="empty">{t("audit.empty")}</p> : (
        <div className="table-wrap">
          <table className="audit-log">
            <thead><tr><th scope="col">{t("audit.at")}</th><th scope="col">{t("audit.actor")}</th><th scope="col">{t("audit.type")}</th></tr></thead>
            <tbody>
              {data.rows.map((r) => {
                const details = auditDetails(r, ctx);
                return (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.at, i18n.language)}</td>
                    <td>{r.actorName ?? "—"}</td>
                    <td>
                      <span className="audit-sentence">{auditSentence(r, ctx)}</span>
                      {details.length > 0 && (
                        <dl className="audit-details">
                          {details.map(([label, value], i) => <div key={i} className="audit-detail"><dt>{label}</dt><dd>{value}</dd></div>)}
                        </dl>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {(data.newer || data.older) && (
        <nav className="pager" aria-label={t("audit.pages")}>
          {data.newer && <Link to={page("sau", data.newer)} rel="prev">{t("audit.newer")}</Link>}
          {data.older && <Link to={page("truoc", data.older)} rel="next">{t("audit.older")}</Link>}
        </nav>
      )}
    </AdminLayout>
  );
}
