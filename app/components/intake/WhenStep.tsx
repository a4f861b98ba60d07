import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { WHEN_CHOICES, type WhenChoice } from "./tip-form-schema";
import { FieldError } from "./ErrorSummary";
import { radioGroup } from "./radio-group";
import { StepHeading } from "./StepHeading";
import { useErrorText } from "./use-error-text";
import { useHydrated } from "./use-hydrated";
import { vietnamDay } from "../../../domain/vietnam-time";

interface WhenFields {
  when: FieldMetadata<string | undefined>;
  occurredDate: FieldMetadata<string | undefined>;
  occurredTime: FieldMetadata<string | undefined>;
}

/** Today in Vietnam as YYYY-MM-DD, the date picker's upper bound. */
function vietnamToday(): string {
  return vietnamDay(new Date().toISOString());
}

export function WhenStep({ fields, step, total }: { fields: WhenFields; step: number; total: number }) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText();
  const { when, occurredDate, occurredTime } = fields;
  const [choice, setChoice] = useState<string | undefined>(when.initialValue);
  const radio = radioGroup(when);
  // Without JavaScript the date fields stay visible whatever is chosen (the server ignores them for "unknown").
  const hideDate = useHydrated() && choice === "unknown";
  return (
    <section className="step" aria-labelledby="step-when">
      <StepHeading id="step-when" step={step} total={total} title={t("when.title")} />
      <fieldset>
        <legend>
          {t("when.legend")} <span className="required-mark" aria-hidden="true">*</span>
        </legend>
        <FieldError id={when.errorId} messages={errorText(when.errors)} />
        {WHEN_CHOICES.map((value: WhenChoice) => {
          const props = radio(value);
          return (
            <label className="choice" key={value} htmlFor={props.id}>
              <input {...props} onChange={() => setChoice(value)} />
              <span>{t(`when.${value}`)}</span>
            </label>
          );
        })}
      </fieldset>
      {choice === "ongoing" ? <p className="notice warn emergency-inline">{t("emergency.body", { ns: "common" })}</p> : null}
      <div className="inline-fields" hidden={hideDate}>
        <div className="field">
          <label htmlFor={occurredDate.id}>{t("when.date")}</label>
          <span className="hint" id={occurredDate.descriptionId}>{t("when.dateHint")}</span>
          <input
            {...getInputProps(occurredDate, { type: "date", ariaDescribedBy: occurredDate.descriptionId })}
            max={vietnamToday()}
            autoComplete="off"
          />
          <FieldError id={occurredDate.errorId} messages={errorText(occurredDate.errors)} />
        </div>
        <div className="field">
          <label htmlFor={occurredTime.id}>{t("when.time")}</label>
          <span className="hint" id={occurredTime.descriptionId}>{t("when.timeHint")}</span>
          <input {...getInputProps(occurredTime, { type: "time", ariaDescribedBy: occurredTime.descriptionId })} autoComplete="off" />
          <FieldError id={occurredTime.errorId} messages={errorText(occurredTime.errors)} />
        </div>
      </div>
    </section>
  );
}
