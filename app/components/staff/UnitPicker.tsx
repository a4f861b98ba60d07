/**
 * Picking a unit or a province by name on administration pages, without JavaScript: a text field tied to a
 * <datalist> of "Name (code)" suggestions (each labelled with its folded name, so typing "phuong an hai" finds
 * "Phường An Hải" in browsers that filter on labels), and a select of provinces. Whatever is typed is resolved on
 * the server (admin.server.ts resolveUnitEntry): a code, a suggestion, or a name with or without diacritics.
 */
import { useTranslation } from "react-i18next";
import { foldVietnamese } from "../../../domain/text";
import { FieldError, SelectField, TextField } from "./forms";

export interface PickerUnit {
  code: string;
  name: string;
  level: string;
  provinceCode: string;
}

/** What a suggestion reads, and what the server accepts back: "Phường An Hải (20275)". */
export function unitChoice(unit: { code: string; name: string }): string {
  return `${unit.name} (${unit.code})`;
}

export function UnitOptions({ id, units }: { id: string; units: PickerUnit[] }) {
  return (
    <datalist id={id}>
      {units.map((u) => <option key={u.code} value={unitChoice(u)} label={foldVietnamese(u.name)} />)}
    </datalist>
  );
}

export function UnitField({ name, label, hint, errors, listId, defaultValue, required }: {
  name: string; label: string; hint?: string; errors?: string[] | null; listId: string; defaultValue?: string; required?: boolean;
}) {
  return <TextField name={name} label={label} hint={hint} errors={errors} list={listId} autoComplete="off" defaultValue={defaultValue} required={required} maxLength={300} />;
}

export function ProvinceSelect({ name, label, hint, errors, provinces, defaultValue, optional }: {
  name: string; label: string; hint?: string; errors?: string[] | null; provinces: Array<{ code: string; name: string }>; defaultValue?: string | null; optional?: boolean;
}) {
  const { t } = useTranslation("admin");
  return (
    <SelectField name={name} label={label} hint={hint} errors={errors} defaultValue={defaultValue ?? ""} required={!optional}>
      <option value="">{optional ? t("picker.noProvince") : t("picker.chooseProvince")}</option>
      {provinces.map((p) => <option key={p.code} value={p.code}>{unitChoice(p)}</option>)}
    </SelectField>
  );
}

export type UnitLabels = Record<string, { name: string; active: boolean }>;

/** code → "Phường An Hải (20275)", "… (20275, đã ngừng hoạt động)" for a retired unit, the bare code when unknown. */
export function useUnitLabel(labels: UnitLabels) {
  const { t } = useTranslation("admin");
  return (code: string | null | undefined) => {
    if (!code) return "—";
    const found = labels[code];
    if (!found) return code;
    return found.active ? unitChoice({ code, name: found.name }) : t("picker.retiredUnit", { name: found.name, code });
  };
}

/** The national-scope checkbox of a supervisor's account (docs/decisions/0078): every province, with no province or unit chosen. */
export function NationalField({ errors, defaultChecked }: { errors?: string[] | null; defaultChecked?: boolean }) {
  const { t } = useTranslation("admin");
  return (
    <div className="field">
      <label className="choice" htmlFor="national">
        <input type="checkbox" id="national" name="national" value="1" defaultChecked={defaultChecked}
          aria-invalid={errors?.length ? true : undefined} aria-describedby="national-hint national-error" />
        <span>{t("users.nationalField")}</span>
      </label>
      <span className="hint" id="national-hint">{t("users.nationalHint")}</span>
      <FieldError id="national-error" errors={errors} />
    </div>
  );
}
