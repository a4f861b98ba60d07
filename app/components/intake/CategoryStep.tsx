import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { CategoryOption } from "../../../db/queries/intake-reference";
import { FieldError } from "./ErrorSummary";
import { radioGroup } from "./radio-group";
import { StepHeading } from "./StepHeading";
import { useErrorText } from "./use-error-text";

export function CategoryStep(props: { field: FieldMetadata<string | undefined>; categories: CategoryOption[]; step: number; total: number }) {
  const { field, categories } = props;
  const { t, i18n } = useTranslation("intake");
  const errorText = useErrorText();
  const english = i18n.language === "en";
  const radio = radioGroup(field);
  return (
    <section className="step" aria-labelledby="step-category">
      <StepHeading id="step-category" step={props.step} total={props.total} title={t("category.title")} />
      <fieldset aria-describedby={field.descriptionId}>
        <legend>
          {t("category.legend")} <span className="required-mark" aria-hidden="true">*</span>
        </legend>
        <p className="hint" id={field.descriptionId}>{t("category.hint")}</p>
        <FieldError id={field.errorId} messages={errorText(field.errors)} />
        <div className="choice-grid">
          {categories.map((category) => {
            const props = radio(category.code);
            return (
              <label className="choice card-choice" key={category.code} htmlFor={props.id}>
                <input {...props} required />
                <span>
                  <strong>{english ? category.labelEn : category.labelVi}</strong>
                  <small>{english ? category.descriptionEn : category.descriptionVi}</small>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
    </section>
  );
}
