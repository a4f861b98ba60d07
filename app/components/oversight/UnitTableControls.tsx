/**
 * The unit table's search and pages. Both are plain GET links and a GET form
 * that carries the period, filters and sort as hidden fields, so they work
 * without JavaScript; the search matches names with diacritics folded.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface UnitPaging {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  previous: string | null;
  next: string | null;
  links: Array<{ page: number; href: string; current: boolean } | null>;
}

export function UnitSearch({ q, hidden }: { q: string; hidden: Array<[string, string]> }) {
  const { t } = useTranslation("oversight");
  const clear = `?${new URLSearchParams(hidden)}#units`;
  return (
    <form method="get" action="/giam-sat#units" className="unit-search no-print" role="search" aria-label={t("units.search")}>
      {hidden.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <label htmlFor="unit-search">{t("units.search")}</label>
      <div className="unit-search-row">
        <input id="unit-search" name="q" type="search" defaultValue={q} maxLength={80} aria-describedby="unit-search-hint" autoComplete="off" />
        <button type="submit" className="button">{t("units.searchSubmit")}</button>
      </div>
      <p className="hint" id="unit-search-hint">{t("units.searchHint")}</p>
      {q && <p><Link to={clear} reloadDocument>{t("units.searchClear")}</Link></p>}
    </form>
  );
}

export function UnitPager({ paging, q }: { paging: UnitPaging; q: string }) {
  const { t } = useTranslation("oversight");
  const shown = q
    ? t("units.shownSearch", { from: paging.from, to: paging.to, total: paging.total, q })
    : t("units.shown", { from: paging.from, to: paging.to, total: paging.total });
  return (
    <>
      <p className="hint" role="status" data-testid="unit-count">{paging.total === 0 ? t("units.searchNone", { q }) : shown}</p>
      {paging.pages > 1 && (
        <nav className="pager unit-pager no-print" aria-label={t("units.pages")}>
          {paging.previous ? <Link to={paging.previous} preventScrollReset rel="prev">{t("units.previousPage")}</Link> : null}
          <ul className="page-numbers">
            {paging.links.map((link, i) =>
              link === null ? (
                <li key={`gap-${i}`} aria-hidden="true">…</li>
              ) : (
                <li key={link.page}>
                  {link.current ? (
                    <span aria-current="page" className="current-page">
                      <span className="visually-hidden">{t("units.currentPage", { page: link.page })}</span>
                      <span aria-hidden="true">{link.page}</span>
                    </span>
                  ) : (
                    <Link to={link.href} preventScrollReset aria-label={t("units.page", { page: link.page })}>{link.page}</Link>
                  )}
                </li>
              ),
            )}
          </ul>
          {paging.next ? <Link to={paging.next} preventScrollReset rel="next">{t("units.nextPage")}</Link> : null}
        </nav>
      )}
    </>
  );
}
