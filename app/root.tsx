import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration,
  useFetcher, useLoaderData, useLocation, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import font400 from "@fontsource/be-vietnam-pro/400.css";
import font600 from "@fontsource/be-vietnam-pro/600.css";
import font700 from "@fontsource/be-vietnam-pro/700.css";
import { useChangeLanguage } from "remix-i18next/react";
import { i18next } from "./i18n/i18next.server";
import appStyles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: font400 },
  { rel: "stylesheet", href: font600 },
  { rel: "stylesheet", href: font700 },
  { rel: "stylesheet", href: appStyles },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  return { locale, nonce: context.cspNonce };
}

export const handle = { i18n: "common" };

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? "vi";
  const nonce = data?.nonce;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Referer only to ourselves (nothing third-party exists); "no-referrer" would make
            browsers send `Origin: null` with our own form posts, which look like CSRF. */}
        <meta name="referrer" content="same-origin" />
        <Meta />
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

/**
 * The language button. Without JavaScript it is a plain form that comes back to
 * this very page (path and query). Once hydrated it switches in place through a
 * fetcher, so nothing typed into the page is lost.
 */
function LanguageSwitch() {
  const { t } = useTranslation();
  const location = useLocation();
  const fetcher = useFetcher();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const target = t("language.switchToLang");
  return (
    <fetcher.Form method="post" action="/language">
      <input type="hidden" name="lng" value={target} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {hydrated ? <input type="hidden" name="stay" value="1" /> : null}
      <button type="submit" className="link-button" lang={target}>
        {t("language.switchTo")}
      </button>
    </fetcher.Form>
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

/** Never shows a stack trace or an error message from the server. */
export function ErrorBoundary() {
  const { t } = useTranslation();
  const text = errorText(useRouteError());
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <h1>{t(text.title)}</h1>
        <p>{t(text.body)}</p>
        <p><Link to="/" className="button secondary">{t("error.backHome")}</Link></p>
      </main>
      <SiteFooter />
    </>
  );
}
