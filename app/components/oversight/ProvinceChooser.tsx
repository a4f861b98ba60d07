/**
 * The national view's province chooser (docs/decisions/0078): a GET form that keeps the
 * period and filters as hidden fields (so it works without JavaScript), and the way back
 * to every province side by side. Shown to whoever sees every province.
 */
import { Link } from "@remix-run/react";

export interface ProvinceChooserData {
  label: string;
  submit: string;
  current: string;
  options: Array<{ code: string; name: string }>;
  hidden: Array<[string, string]>;
  national: { label: string; href: string } | null;
}

export function ProvinceChooser({ chooser, action }: { chooser: ProvinceChooserData; action: string }) {
  return (
    <form method="get" action={action} className="province-chooser no-print">
      {chooser.hidden.map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <label htmlFor="province-choice">{chooser.label}</label>
      <div className="unit-search-row">
        <select id="province-choice" name="province" defaultValue={chooser.current}>
          {chooser.options.map((p) => <option key={p.code} value={p.code}>{p.code ? `${p.name} (${p.code})` : p.name}</option>)}
        </select>
        <button type="submit" className="button">{chooser.submit}</button>
      </div>
      {chooser.national && <p><Link to={`${action}${chooser.national.href}`} reloadDocument>{chooser.national.label}</Link></p>}
    </form>
  );
}
