import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldError } from "./ErrorSummary";
import { radioGroup } from "./radio-group";
import { StepHeading } from "./StepHeading";
import { IDENTITY_CHOICES } from "./tip-form-schema";
import { useErrorText } from "./use-error-text";
import { useHydrated } from "./use-hydrated";

type Text = FieldMetadata<string | undefined>;

export interface SourceOrgOption {
  code: string;
  name_vi: string;
  name_en: string;
}

/**
 * Anonymous (the default) or with details. With JavaScript the details appear
 * only when chosen, and are disabled (so not sent) otherwise; without it they are
 * always shown, and the server asks rather than guess if they conflict with the choice.
 */
export function IdentityStep(props: {
  fields: { identity: Text; name: Text; phone: Text; email: Text; sourceOrg: Text };
  sourceOrgs: SourceOrgOption[];
  step: number;
  total: number;
}) {
  const { identity, name, phone, email, sourceOrg } = props.fields;
  const { t, i18n } = useTranslation("intake");
  const errorText = useErrorText();
  const hydrated = useHydrated();
  const [choice, setChoice] = useState(identity.initialValue ?? "anonymous");
  const radio = radioGroup(identity, "anonymous");
  const detailsHidden = hydrated && choice !== "identified";
  const detail = (field: Text, type: "text" | "tel" | "email", label: string) => (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input
        {...getInputProps(field, { type, ariaDescribedBy: "identity-details-hint" })}
        autoComplete="off"
        disabled={detailsHidden}
        inputMode={type === "tel" ? "tel" : undefined}
      />
      <FieldError id={field.errorId} messages={errorText(field.errors)} />
    </div>
  );
  return (
    <section className="step" aria-labelledby="step-identity">
      <StepHeading id="step-identity" step={props.step} total={props.total} title={t("identity.title")} />
      <fieldset>
        <legend>{t("identity.legend")}</legend>
        <FieldError id={identity.errorId} messages={errorText(identity.errors)} />
        {IDENTITY_CHOICES.map((value) => {
          const props = radio(value);
          return (
            <label className="choice card-choice" key={value} htmlFor={props.id}>
              <input {...props} onChange={() => setChoice(value)} />
              <span>
                <strong>{t(`identity.${value}`)}</strong>
                <small>{t(`identity.${value}Hint`)}</small>
              </span>
            </label>
          );
        })}
      </fieldset>
      <div className="identity-details" hidden={detailsHidden}>
        <p className="hint" id="identity-details-hint">{t("identity.detailsHint")}</p>
        {detail(name, "text", t("identity.name"))}
        {detail(phone, "tel", t("identity.phone"))}
        {detail(email, "email", t("identity.email"))}
      </div>
      {props.sourceOrgs.length > 0 ? (
        <div className="field">
          <label htmlFor={sourceOrg.id}>{t("identity.sourceOrg")}</label>
          <span className="hint" id={sourceOrg.descriptionId}>{t("identity.sourceOrgHint")}</span>
          <select
            id={sourceOrg.id}
            name={sourceOrg.name}
            defaultValue={sourceOrg.initialValue ?? ""}
            aria-invalid={sourceOrg.errors ? true : undefined}
            aria-describedby={[sourceOrg.descriptionId, sourceOrg.errors ? sourceOrg.errorId : ""].filter(Boolean).join(" ")}
          >
            <option value="">{t("identity.sourceOrgNone")}</option>
            {props.sourceOrgs.map((org) => (
              <option key={org.code} value={org.code}>{i18n.language === "en" ? org.name_en : org.name_vi}</option>
            ))}
          </select>
          <FieldError id={sourceOrg.errorId} messages={errorText(sourceOrg.errors)} />
        </div>
      ) : null}
    </section>
  );
}
