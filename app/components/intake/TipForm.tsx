import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { CategoryOption, PlaceOption } from "../../../db/queries/intake-reference";
import { CategoryStep } from "./CategoryStep";
import { ErrorSummary, FieldError, type SummaryItem } from "./ErrorSummary";
import { IdentityStep, type SourceOrgOption } from "./IdentityStep";
import { DESCRIPTION_MAX } from "../../../domain/tip-limits";
import { PhotoField } from "./PhotoField";
import { PlaceStep } from "./PlaceStep";
import { SafetyNote } from "./SafetyNote";
import { StepHeading } from "./StepHeading";
import { IDENTITY_CHOICES, tipFormSchema, WHEN_CHOICES, type TipFormValue } from "./tip-form-schema";
import { useErrorText } from "./use-error-text";
import { useHydrated } from "./use-hydrated";
import type { WardChoice } from "./ward-filter";
import { WhenStep } from "./WhenStep";

type TipFormInput = z.input<typeof tipFormSchema>;

const TOTAL_STEPS = 6;

/** The order problems are listed in the summary: the order of the page. */
const FIELD_ORDER = [
  "category", "description", "when", "occurredDate", "occurredTime", "province", "wardQuery", "wardCode",
  "address", "photos", "identity", "name", "phone", "email", "sourceOrg",
] as const;

/** Radio groups are reached through their first choice. */
const FIRST_CHOICE: Partial<Record<(typeof FIELD_ORDER)[number], string>> = {
  when: WHEN_CHOICES[0],
  identity: IDENTITY_CHOICES[0],
};

export interface TipFormProps {
  categories: CategoryOption[];
  provinces: PlaceOption[];
  wards: WardChoice[] | null;
  /** This render answers the commune search (no JavaScript): back to the place step. */
  searched: boolean;
  sourceOrgs: SourceOrgOption[];
  /** The signed render time (intake-guard.server.ts). */
  formToken: string;
  defaultProvince: string | null;
  lastResult: SubmissionResult<string[]> | undefined;
  /** For a rate-limit message. */
  retryMinutes: number | null;
}

export function TipForm(props: TipFormProps) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText({ minutes: props.retryMinutes ?? "" });
  const hydrated = useHydrated();
  const submitting = useNavigation().state === "submitting";
  const [form, fields] = useForm<TipFormInput, TipFormValue>({
    id: "tip",
    lastResult: props.lastResult,
    defaultValue: { province: props.defaultProvince ?? undefined, identity: "anonymous" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: tipFormSchema }),
  });
  const [length, setLength] = useState((fields.description.initialValue ?? "").length);

  const summary: SummaryItem[] = form.status !== "error" ? [] : [
    ...(errorText(form.errors) ?? []).map((message) => ({ message })),
    ...FIELD_ORDER.flatMap((name) => {
      const field = fields[name];
      const first = name === "category" ? props.categories[0]?.code : FIRST_CHOICE[name];
      const target = first ? `${field.id}-${first}` : field.id;
      return (errorText(field.errors) ?? []).map((message) => ({ target, message }));
    }),
  ];

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="intake-form">
      {/* Enter in any text field sends the tip, not the commune search further down. */}
      {hydrated ? null : <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />}
      {form.status === "error" ? (
        <ErrorSummary title={t("form.errorSummary", { count: summary.length })} items={summary} />
      ) : null}
      <SafetyNote />

      <input type="hidden" name="started" value={props.formToken} />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="tip-website">{t("form.honeypot")}</label>
        <input type="text" id="tip-website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <CategoryStep field={fields.category} categories={props.categories} step={1} total={TOTAL_STEPS} />

      <section className="step" aria-labelledby="step-what">
        <StepHeading id="step-what" step={2} total={TOTAL_STEPS} title={t("what.title")} />
        <div className="field">
          <label htmlFor={fields.description.id}>
            {t("what.label")} <span className="required-mark" aria-hidden="true">*</span>
          </label>
          <span className="hint" id={fields.description.descriptionId}>{t("what.hint")}</span>
          <textarea
            {...getTextareaProps(fields.description, { ariaDescribedBy: fields.description.descriptionId })}
            rows={8}
            required
            onChange={(e) => setLength(e.target.value.length)}
          />
          <p className={length > DESCRIPTION_MAX ? "counter over" : "counter"} aria-hidden="true">
            {hydrated ? t("what.counter", { count: length }) : ""}
          </p>
          <FieldError id={fields.description.errorId} messages={errorText(fields.description.errors)} />
        </div>
      </section>

      <WhenStep fields={fields} step={3} total={TOTAL_STEPS} />

      <PlaceStep
        form={form} fields={fields} provinces={props.provinces} wards={props.wards} searched={props.searched} step={4} total={TOTAL_STEPS}
      />

      <section className="step" aria-labelledby="step-photos">
        <StepHeading id="step-photos" step={5} total={TOTAL_STEPS} title={t("photos.title")} />
        <PhotoField field={fields.photos} label={t("photos.label")} />
      </section>

      <IdentityStep fields={fields} sourceOrgs={props.sourceOrgs} step={6} total={TOTAL_STEPS} />

      <div className="submit-area">
        <p className="hint">{t("form.submitHint")}</p>
        <p className="notice warn">{t("emergency.body", { ns: "common" })}</p>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? t("form.submitting") : t("form.submit")}
        </button>
      </div>
    </Form>
  );
}
