import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, type ShouldRevalidateFunction,
  useLoaderData, useLocation, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import font400 from "@fontsource/be-vietnam-pro/400.css";
import font600 from "@fontsource/be-vietnam-pro/600.css";
import font700 from "@fontsource/be-vietnam-pro/700.css";
import { useChangeLanguage } from "remix-i18next/react";
import { LanguageSwitch } from "./components/LanguageSwitch";
import { StaffHeader } from "./components/staff/StaffLayout";
import { usesStaffFrame } from "./components/staff/staff-frame";
import { i18next } from "./i18n/i18next.server";
import { deskLink } from "./utils/desk-link.server";
import { notificationBell } from "./utils/notification-bell.server";
import appStyles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "stylesheet", href: font400 },
  { rel: "stylesheet", href: font600 },
  { rel: "stylesheet", href: font700 },
  { rel: "stylesheet", href: appStyles },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  // Staff pages: the duty desk's link in the staff menu, with how many tips wait there, and the
  // notification bell's unread count (public pages: nothing).
  const staffPage = usesStaffFrame(new URL(request.url).pathname);
  const [desk, bell] = staffPage ? await Promise.all([deskLink(request, context), notificationBell(request, context)]) : [null, null];
  return { locale, nonce: context.cspNonce, desk, bell };
}

export const handle = { i18n: "common" };

/**
 * Remix keeps a parent's data across client-side navigation; the staff header's counts
 * (duty desk, notification bell) must be those of the page just opened, as without JavaScript.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate, nextUrl }) =>
  defaultShouldRevalidate || usesStaffFrame(nextUrl.pathname);

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  // Without the root loader's data (it failed), the language is the request's, as the server's i18next instance has it.
  const locale = data?.locale ?? i18n.language;
  const nonce = data?.nonce;
  const error = useRouteError();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Referer only to ourselves (nothing third-party exists); "no-referrer" would make
            browsers send `Origin: null` with our own form posts, which look like CSRF. */}
        <meta name="referrer" content="same-origin" />
        {/* An error page has its own title; the failed route's meta has no data to make one. */}
        {error ? <ErrorTitle error={error} /> : <Meta />}
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">{t("skipToContent")}</a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            {t("appName")}
            <small>{t("tagline")}</small>
          </Link>
          <nav className="site-nav" aria-label={t("nav.home")}>
            <Link to="/bao-tin">{t("nav.report")}</Link>
            <Link to="/theo-doi">{t("nav.followUp")}</Link>
            <LanguageSwitch />
          </nav>
        </div>
      </header>
      <div className="emergency" role="note">
        <p>
          {t("emergency.title")} {t("emergency.body")} <a href="tel:113">{t("emergency.call")}</a>
        </p>
      </div>
    </>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="bar">
        <p>{t("footer.note")}</p>
        <p>{t("footer.privacy")} · <Link to="/can-bo/dang-nhap">{t("nav.staff")}</Link></p>
      </div>
    </footer>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  useChangeLanguage(locale);
  // Staff pages bring their own frame (StaffLayout): signed-in staff need neither the residents' menu nor the 113 strip.
  if (usesStaffFrame(useLocation().pathname)) return <Outlet />;
  return (
    <>
      <SiteHeader />
      <Outlet />
      <SiteFooter />
    </>
  );
}

/** What the error page says: a missing page, a form the server would not read (request-body.server.ts), or anything else. */
function errorText(error: unknown): { title: string; body: string } {
  if (!isRouteErrorResponse(error)) return { title: "error.title", body: "error.generic" };
  if (error.status === 404) return { title: "error.notFoundTitle", body: "error.notFound" };
  if (error.data === "form.tooLarge") return { title: "error.formTitle", body: "error.formTooLarge" };
  if (error.data === "form.unreadable") return { title: "error.formTitle", body: "error.formUnreadable" };
  return { title: "error.title", body: "error.generic" };
}

function ErrorTitle({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return <title>{`${t(errorText(error).title)} — ${t("appName")}`}</title>;
}

/** Never shows a stack trace or an error message from the server. */
export function ErrorBoundary() {
  const { t } = useTranslation();
  const text = errorText(useRouteError());
  const staff = usesStaffFrame(useLocation().pathname);
  return (
    <>
      {staff ? <StaffHeader user={null} /> : <SiteHeader />}
      <main id="main" tabIndex={-1}>
        <h1>{t(text.title)}</h1>
        <p>{t(text.body)}</p>
        <p>
          {staff
            ? <Link to="/can-bo/dang-nhap" className="button secondary">{t("error.backToWork")}</Link>
            : <Link to="/" className="button secondary">{t("error.backHome")}</Link>}
        </p>
      </main>
      {staff ? null : <SiteFooter />}
    </>
  );
}
