/**
 * A table of figures built on the server (oversight-view.server.ts): words for
 * people, the same rows as the exports. Columns with a sort key become links
 * that reorder the table through the URL, so sorting works without JavaScript.
 */
import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { PageTable } from "~/utils/oversight-view.server";

export interface SortState {
  key: string;
  dir: "asc" | "desc";
  /** The link that sorts by `key` in `dir`. */
  href: (key: string, dir: "asc" | "desc") => string;
}

export function DataTable({ table, caption, captionHidden = false, sort, hideColumns = [], id }: {
  table: PageTable;
  caption: string;
  /** The caption only for screen readers, where a heading just above already names the table. */
  captionHidden?: boolean;
  sort?: SortState;
  hideColumns?: string[];
  id?: string;
}) {
  const { t } = useTranslation("oversight");
  const shown = table.columns.map((c, i) => ({ ...c, index: i })).filter((c) => !hideColumns.includes(c.key));
  const cellsOf = (row: { cells: string[] }) => shown.map((c) => row.cells[c.index]);
  return (
    // The box scrolls sideways on a phone: focusable and named, so a keyboard can scroll it too.
    <div className="table-wrap figures-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="figures" id={id}>
        <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {shown.map((c) => {
              const sorted = sort && c.sort === sort.key;
              const next = sorted && sort.dir === "desc" ? "asc" : "desc";
              return (
                <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}
                  aria-sort={sorted ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
                  {sort && c.sort ? (
                    <Link to={sort.href(c.sort, next)} className="sort-link" preventScrollReset>
                      {c.label}
                      <span className="visually-hidden">
                        {" "}({sorted ? t(sort.dir === "asc" ? "units.sortedAsc" : "units.sortedDesc") + ", " : ""}{t(next === "asc" ? "units.sortAsc" : "units.sortDesc")})
                      </span>
                      {sorted && <span aria-hidden="true" className="sort-mark">{sort.dir === "asc" ? " ▲" : " ▼"}</span>}
                    </Link>
                  ) : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <Fragment key={r}>
              {/* A group's heading row above its first row (units: province, specialised units, wards). */}
              {row.group && row.group !== table.rows[r - 1]?.group && (
                <tr className="group-row">
                  <th scope="colgroup" colSpan={shown.length}>{row.group}</th>
                </tr>
              )}
              <tr>
                {cellsOf(row).map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">{row.href ? <Link to={row.href}>{cell}</Link> : cell}</th>
                  ) : (
                    <td key={i} className={shown[i].numeric ? "num" : undefined}>{cell}</td>
                  ),
                )}
              </tr>
            </Fragment>
          ))}
        </tbody>
        {table.total && (
          <tfoot>
            <tr>
              {cellsOf(table.total).map((cell, i) =>
                i === 0 ? <th key={i} scope="row">{t("breakdowns.total")}</th> : <td key={i} className={shown[i].numeric ? "num" : undefined}>{cell}</td>,
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
