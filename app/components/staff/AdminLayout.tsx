/**
 * The frame of the administration pages: the staff frame (whose header, for an administrator, names only
 * Administration, the dashboard and the report, so it fits one line at 1,280 px) with the administration's own
 * section menu under the title — compact, one line at 1,280 px, wrapping into rows on a phone, never sideways.
 */
import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { StaffViewUser } from "./staff-view";
import { StaffLayout } from "./StaffLayout";

export const ADMIN_SECTIONS = [
  { to: "/quan-tri", key: "admin", end: true },
  { to: "/quan-tri/nguoi-dung", key: "users" },
  { to: "/quan-tri/don-vi", key: "units" },
  { to: "/quan-tri/quy-tac", key: "rules" },
  { to: "/quan-tri/to-chuc", key: "sourceOrgs" },
  { to: "/quan-tri/dia-danh", key: "places" },
  { to: "/quan-tri/loai-vu-viec", key: "categories" },
  { to: "/quan-tri/khoa-api", key: "apiKeys" },
  { to: "/quan-tri/nhat-ky", key: "auditLog" },
] as const;

export function AdminMenu() {
  const { t } = useTranslation("staff");
  return (
    <nav aria-label={t("layout.adminNav")} className="admin-menu">
      <ul>
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.to}><NavLink to={s.to} end={"end" in s ? s.end : false}>{t(`layout.adminSections.${s.key}`)}</NavLink></li>
        ))}
      </ul>
    </nav>
  );
}

export function AdminLayout({ user, title, children, actions }: { user: StaffViewUser; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <StaffLayout user={user} title={title} actions={actions} before={<AdminMenu />}>
      {children}
    </StaffLayout>
  );
}
