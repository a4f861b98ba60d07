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
import { Form, Link, NavLink, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../LanguageSwitch";
import { listenLive } from "./live-events";
import type { StaffViewUser } from "./staff-view";

const SECTIONS: Record<StaffViewUser["role"], Array<{ to: string; key: string; end?: boolean }>> = {
  officer: [
    { to: "/can-bo", key: "queue", end: true },
    { to: "/can-bo/vu-viec", key: "cases" },
    { to: "/can-bo/nhap-tin", key: "enterTip" },
    { to: "/can-bo/tim-kiem", key: "search" },
    { to: "/can-bo/diem-nong", key: "hotspots" },
  ],
  supervisor: [
    { to: "/giam-sat", key: "dashboard", end: true },
    { to: "/giam-sat/bao-cao", key: "report" },
    { to: "/can-bo/bao-cao-cap-tren", key: "escalations" },
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
  // The root loader says whether the user works a province duty desk, and how many tips wait there;
  // and, for those who receive notifications, how many are unread.
  const root = useRouteLoaderData<{ desk?: { waiting: number } | null; bell?: { unread: number; live: boolean } | null }>("root");
  const desk = root?.desk ?? null;
  const bell = root?.bell ?? null;
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
              {bell && <NotificationBell unread={bell.unread} live={bell.live} />}
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

/** Where the bell asks for its count when the live stream says something changed. */
export const BELL_COUNT_PATH = "/can-bo/thong-bao/dem";

/**
 * The bell: a link to the notifications with the unread count, as the page was
 * loaded; with JavaScript the count follows the live stream (one small request per
 * burst of events) — for officers, whose stream it is; a supervisor's count is the page's.
 */
function NotificationBell({ unread, live }: { unread: number; live: boolean }) {
  const { t } = useTranslation("staff");
  const fetcher = useFetcher<{ unread: number }>();
  const [count, setCount] = useState(unread);
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  useEffect(() => setCount(unread), [unread]);
  useEffect(() => {
    if (fetcher.data) setCount(fetcher.data.unread);
  }, [fetcher.data]);
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = listenLive({
      onEvent: () => {
        clearTimeout(timer);
        timer = setTimeout(() => load.current(BELL_COUNT_PATH), 300);
      },
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [live]);
  return (
    <NavLink to="/can-bo/thong-bao" className="bell">
      <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {t("layout.bell")}{" "}
      <span className={count > 0 ? "nav-count bell-count unread" : "nav-count bell-count"} data-unread={count} aria-live="polite">
        ({t("layout.bellUnread", { count })})
      </span>
    </NavLink>
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
