/**
 * Period and filters as a GET form: the URL holds the whole question, so it
 * can be bookmarked, shared, printed, exported, and needs no JavaScript.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface FilterOptions {
  units: Array<{ code: string; name: string }>;
  categories: Array<{ code: string; label: string }>;
  channels: Array<{ code: string; label: string }>;
  orgs: Array<{ code: string; label: string }>;
}

export interface FilterState {
  /** The province a national supervisor looks into (docs/decisions/0078). */
  province?: string | null;
  period: string;
  from: string;
  to: string;
  unit: string;
  category: string;
  channel: string;
  org: string;
  sort: string | null;
  dir: string | null;
}

const PRESETS = ["month", "quarter", "year", "last_month", "last_quarter", "last_year", "custom"] as const;

export function FilterForm({ state, options, action }: { state: FilterState; options: FilterOptions; action: string }) {
  const { t } = useTranslation("oversight");
  const select = (name: "unit" | "category" | "channel" | "org", items: Array<{ code: string; label: string }>) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{t(`filters.${name}`)}</label>
      <select id={`filter-${name}`} name={name} defaultValue={state[name]}>
        <option value="">{t("filters.all")}</option>
        {items.map((i) => <option key={i.code} value={i.code}>{i.label}</option>)}
      </select>
    </div>
  );
  return (
    <Form method="get" action={action} className="oversight-filters no-print">
      <fieldset>
        <legend>{t("filters.legend")}</legend>
        <div className="filter-form">
          <div className="field">
            <label htmlFor="filter-period">{t("filters.period")}</label>
            <select id="filter-period" name="period" defaultValue={state.period}>
              {PRESETS.map((p) => <option key={p} value={p}>{t(`filters.presets.${p}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-from">{t("filters.from")}</label>
            <input id="filter-from" name="from" type="date" defaultValue={state.from} aria-describedby="filter-dates-hint" />
          </div>
          <div className="field">
            <label htmlFor="filter-to">{t("filters.to")}</label>
            <input id="filter-to" name="to" type="date" defaultValue={state.to} aria-describedby="filter-dates-hint" />
          </div>
          {select("unit", options.units.map((u) => ({ code: u.code, label: u.name })))}
          {select("category", options.categories)}
          {select("channel", options.channels)}
          {select("org", options.orgs)}
          <p className="hint" id="filter-dates-hint">{t("filters.customHint")}</p>
          {state.province && <input type="hidden" name="province" value={state.province} />}
          {state.sort && <input type="hidden" name="sort" value={state.sort} />}
          {state.dir && <input type="hidden" name="dir" value={state.dir} />}
          <div className="button-row">
            <button type="submit" className="button">{t("filters.apply")}</button>
            <Link to={action} className="button secondary">{t("filters.reset")}</Link>
          </div>
        </div>
      </fieldset>
    </Form>
  );
}
