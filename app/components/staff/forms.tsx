/**
 * Small pieces shared by staff forms. Zod messages are translation keys
 * ("required", "tooLong:200"…) under `errors` in the staff namespace, so one schema
 * serves the action (server) and Conform (browser) in both languages; a limit after
 * the key (error-keys.ts) picks the message that states it.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readErrorKey } from "./error-keys";

export function FieldError({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation("staff");
  if (!errors?.length) return null;
  return (
    <span id={id} className="field-error">
      {errors.map((e) => {
        const { key, limit } = readErrorKey(e);
        return t(`errors.${key}`, { context: limit === undefined ? undefined : "limit", limit, defaultValue: t("errors.invalid") });
      }).join(" ")}
    </span>
  );
}

interface FieldProps {
  /** The control's `name`; also its id, and the stem of the hint and error ids. */
  name: string;
  label: string;
  hint?: string;
  errors?: string[] | null;
}

/**
 * A labelled text input with an optional hint and its error message, linked by
 * `aria-describedby`, and marked `aria-invalid` while it has an error. `type`
 * defaults to "text"; other input props pass through.
 */
export function TextField({ name, label, hint, errors, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledField name={name} label={label} hint={hint} errors={errors}>
      <input id={name} name={name} type="text" aria-invalid={invalid(errors)} {...input} aria-describedby={describedBy(name, hint)} />
    </LabelledField>
  );
}

/** A labelled select (its options as children) with an optional hint and its error message. */
export function SelectField({ name, label, hint, errors, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <LabelledField name={name} label={label} hint={hint} errors={errors}>
      <select id={name} name={name} aria-invalid={invalid(errors)} {...select} aria-describedby={describedBy(name, hint)}>{children}</select>
    </LabelledField>
  );
}

function LabelledField({ name, label, hint, errors, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint && <span className="hint" id={`${name}-hint`}>{hint}</span>}
      {children}
      <FieldError id={`${name}-error`} errors={errors} />
    </div>
  );
}

const invalid = (errors: string[] | null | undefined) => (errors?.length ? true : undefined);

// Names the error id even while there is no error (FieldError renders nothing), as
// the hand-written fields did; screen readers skip an id that is not there.
function describedBy(name: string, hint: string | undefined) {
  return hint ? `${name}-hint ${name}-error` : `${name}-error`;
}

/** A notice that the last action worked or failed, announced to screen readers. */
export function ActionNotice({ kind, children }: { kind: "ok" | "error"; children: React.ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}


/** A form page's last action result, whether a form is being sent, and one field's errors from that result. */
export function useFormResult<Action extends (...args: never[]) => unknown>() {
  const result = useActionData<Action>();
  const busy = useNavigation().state === "submitting";
  const err = (field: string) => (result as { errors?: Record<string, string[]> | null } | undefined)?.errors?.[field];
  return { result, busy, err };
}
