/**
 * The frame of every staff page (officers, supervisors, administrators): the staff
 * header — who is signed in, the sections their role may open, the language, signing
 * out — instead of the residents' header, 113 strip and footer (root.tsx leaves
 * pages under staff-frame.ts's paths to this). Loaders pass
 * `staffView(user)` (./staff-view.ts) so no more than name and role
 * reach the browser.
 *
 *   export async function loader({ request, context }) {
 *     const user = await requireSupervisor(request, context);
 *     return { user: staffView(user), … };
 *   }
 *   export default function Page() {
 *     const { user } = useLoaderData<typeof loader>();
 *     return <StaffLayout user={user} title={t("…")}>…</StaffLayout>;
 *   }
 */
import { Form, Link, NavLink, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../LanguageSwitch";
import type { StaffViewUser } from "./staff-view";

const SECTIONS: Record<StaffViewUser["role"], Array<{ to: string; key: string; end?: boolean }>> = {
  officer: [
    { to: "/can-bo", key: "queue", end: true },
    { to: "/can-bo/vu-viec", key: "cases" },
    { to: "/can-bo/nhap-tin", key: "enterTip" },
    { to: "/can-bo/tim-kiem", key: "search" },
  ],
  supervisor: [
    { to: "/giam-sat", key: "dashboard", end: true },
    { to: "/giam-sat/bao-cao", key: "report" },
    { to: "/can-bo/vu-viec", key: "cases" },
    { to: "/can-bo/tim-kiem", key: "search" },
  ],
  // The administration's own pages are in its section menu (AdminLayout), so this line fits at 1,280 px.
  admin: [
    { to: "/quan-tri", key: "admin" },
    { to: "/giam-sat", key: "dashboard", end: true },
    { to: "/giam-sat/bao-cao", key: "report" },
  ],
};

/**
 * The staff header; without a user (an error page under a staff path) just the name
 * of the workspace and the language.
 */
export function StaffHeader({ user }: { user: StaffViewUser | null }) {
  const { t } = useTranslation("staff");
  const { t: tc } = useTranslation("common");
  // The root loader says whether the user works a province duty desk, and how many tips wait there.
  const desk = useRouteLoaderData<{ desk?: { waiting: number } | null }>("root")?.desk ?? null;
  return (
    <>
      <a className="skip-link" href="#main">{tc("skipToContent")}</a>
      <header className="site-header staff-header">
        <div className="bar">
          <Link to={user ? SECTIONS[user.role][0]!.to : "/can-bo/dang-nhap"} className="brand">
            {tc("appName")}
            <small>{t("layout.workspace")}</small>
          </Link>
          {user && (
            <nav aria-label={t("layout.nav")} className="staff-nav">
              {SECTIONS[user.role].map((s) => (
                <NavLink key={s.to} to={s.to} end={s.end}>{t(`layout.sections.${s.key}`)}</NavLink>
              ))}
              {desk && (
                <NavLink to="/can-bo/truc-ban">
                  {t("layout.sections.dutyDesk")} <span className="nav-count">{t("layout.deskWaiting", { count: desk.waiting })}</span>
                </NavLink>
              )}
            </nav>
          )}
          <div className="staff-who">
            {user && (
              <>
                <span>{t("layout.signedInAs", { name: user.name, role: t(`roles.${user.role}`) })}</span>
                <NavLink to="/can-bo/mat-khau">{t("layout.changePassword")}</NavLink>
                <Form method="post" action="/can-bo/dang-xuat">
                  <button type="submit" className="link-button">{t("layout.signOut")}</button>
                </Form>
              </>
            )}
            <LanguageSwitch />
          </div>
        </div>
      </header>
    </>
  );
}

export function StaffLayout({ user, title, children, actions, before }: {
  user: StaffViewUser; title: string; children: ReactNode; actions?: ReactNode;
  /** Above the title: a section's own menu (AdminLayout). */
  before?: ReactNode;
}) {
  return (
    <>
      <StaffHeader user={user} />
      <main id="main" tabIndex={-1} className="wide staff">
        {before}
        <div className="staff-title">
          <h1>{title}</h1>
          {actions}
        </div>
        {children}
      </main>
    </>
  );
}
