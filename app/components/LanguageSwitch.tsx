import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The language button, in the public and the staff header. Without JavaScript it
 * is a plain form that comes back to this very page (path and query). Once hydrated
 * it switches in place through a fetcher, so nothing typed into the page is lost.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const location = useLocation();
  const fetcher = useFetcher();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const target = t("language.switchToLang");
  return (
    <fetcher.Form method="post" action="/language" className="language-switch">
      <input type="hidden" name="lng" value={target} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {hydrated ? <input type="hidden" name="stay" value="1" /> : null}
      <button type="submit" className="link-button" lang={target}>
        {t("language.switchTo")}
      </button>
    </fetcher.Form>
  );
}
