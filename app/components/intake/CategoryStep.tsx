import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { CategoryOption } from "../../../db/queries/intake-reference";
import { groupCategories } from "./category-groups";
import { FieldError } from "./ErrorSummary";
import { radioGroup } from "./radio-group";
import { StepHeading } from "./StepHeading";
import { useErrorText } from "./use-error-text";

/**
 * Step 1: the kind of crime, as short choices in a few named groups. Each choice's
 * explanation is its accessible description, and shows on screen once chosen (CSS),
 * so the list stays short on a phone without JavaScript.
 */
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
        {groupCategories(categories).map(({ group, categories: members }) => (
          <fieldset className="category-group" key={group}>
            <legend>{t(`category.groups.${group}`)}</legend>
            <div className="choice-grid compact">
              {members.map((category) => {
                const input = radio(category.code);
                const hintId = `${input.id}-hint`;
                const describedBy = [input["aria-describedby"], hintId].filter(Boolean).join(" ");
                // Named by its label alone, described by its explanation (both inside the <label>, which would read them as one name).
                return (
                  <label className="choice card-choice" key={category.code} htmlFor={input.id}>
                    <input {...input} aria-labelledby={`${input.id}-label`} aria-describedby={describedBy} required />
                    <span>
                      <strong id={`${input.id}-label`}>{english ? category.labelEn : category.labelVi}</strong>
                      <small id={hintId} className="category-hint">{english ? category.descriptionEn : category.descriptionVi}</small>
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))}
      </fieldset>
    </section>
  );
}
