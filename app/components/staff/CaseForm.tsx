/** Create or edit a case: number, title, category, legal decision, arrests and seizures by type. */
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SEIZURE_KINDS } from "../../../domain/seizures";
import { CaseSchema, DECISIONS, type CaseInput } from "./case-schema";
import { FieldError } from "./forms";

export function CaseForm({
  id, units, categories, defaults, lastResult, submitLabel,
}: {
  id: string;
  units: Array<{ code: string; name: string }>;
  categories: Array<{ code: string; label: string }>;
  defaults: Partial<Omit<CaseInput, "decision">> & { decision?: string | null };
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("staff");
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: { ...defaults, decision: defaults.decision ?? undefined },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CaseSchema }),
  });
  const tipIds = defaults.tipIds ?? [];
  return (
    <Form method="post" {...getFormProps(form)} className="case-form">
      <input type="hidden" name="intent" value="save" />
      {tipIds.map((tipId, i) => <input key={tipId} type="hidden" name={`tipIds[${i}]`} value={tipId} />)}
      <FieldError id={form.errorId} errors={form.errors} />
      {units.length > 1 ? (
        <div className="field">
          <label htmlFor={fields.unitCode.id}>{t("case.unit")}</label>
          <select {...getSelectProps(fields.unitCode)}>
            {units.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
          </select>
          <FieldError id={fields.unitCode.errorId} errors={fields.unitCode.errors} />
        </div>
      ) : (
        <input type="hidden" name={fields.unitCode.name} value={units[0]?.code ?? ""} />
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={fields.number.id}>{t("case.number")}</label>
          <span className="hint" id={`${fields.number.id}-hint`}>{t("case.numberHint")}</span>
          <input {...getInputProps(fields.number, { type: "text" })} aria-describedby={`${fields.number.id}-hint ${fields.number.errorId}`} />
          <FieldError id={fields.number.errorId} errors={fields.number.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.category.id}>{t("case.category")}</label>
          <select {...getSelectProps(fields.category)}>
            <option value="">{t("case.chooseCategory")}</option>
            {categories.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select>
          <FieldError id={fields.category.errorId} errors={fields.category.errors} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={fields.title.id}>{t("case.titleField")}</label>
        <input {...getInputProps(fields.title, { type: "text" })} />
        <FieldError id={fields.title.errorId} errors={fields.title.errors} />
      </div>

      <fieldset>
        <legend>{t("case.decisionTitle")}</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={fields.decision.id}>{t("case.decision")}</label>
            <select {...getSelectProps(fields.decision)}>
              <option value="">{t("case.noDecision")}</option>
              {DECISIONS.map((d) => <option key={d} value={d}>{t(`decision.${d}`)}</option>)}
            </select>
            <FieldError id={fields.decision.errorId} errors={fields.decision.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.decisionDate.id}>{t("case.decisionDate")}</label>
            <input {...getInputProps(fields.decisionDate, { type: "date" })} />
            <FieldError id={fields.decisionDate.errorId} errors={fields.decisionDate.errors} />
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("case.arrestsTitle")}</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={fields.arrests.id}>{t("case.arrests")}</label>
            <input {...getInputProps(fields.arrests, { type: "number" })} min={0} inputMode="numeric" />
            <FieldError id={fields.arrests.errorId} errors={fields.arrests.errors} />
          </div>
          <div className="field">
            <label htmlFor={fields.arrestedAt.id}>{t("case.arrestedAt")}</label>
            <input {...getInputProps(fields.arrestedAt, { type: "date" })} />
            <FieldError id={fields.arrestedAt.errorId} errors={fields.arrestedAt.errors} />
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("case.seizuresTitle")}</legend>
        <p className="hint">{t("case.seizuresHint")}</p>
        <div className="form-grid seizures">
          {SEIZURE_KINDS.map((kind) => (
            <div className="field" key={kind}>
              <label htmlFor={fields[kind].id}>{t(`seizure.${kind}`)}</label>
              <input {...getInputProps(fields[kind], { type: "number" })} min={0} step={kind === "drugs_g" || kind === "explosives" || kind === "other" ? "any" : 1} inputMode="decimal" />
              <FieldError id={fields[kind].errorId} errors={fields[kind].errors} />
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor={fields.seizureNote.id}>{t("case.seizureNote")}</label>
          <input {...getInputProps(fields.seizureNote, { type: "text" })} />
          <FieldError id={fields.seizureNote.errorId} errors={fields.seizureNote.errors} />
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={busy}>{submitLabel}</button>
    </Form>
  );
}

