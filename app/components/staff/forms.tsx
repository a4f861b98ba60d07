/**
 * Small pieces shared by staff forms. Zod messages are translation keys
 * ("required", "tooLong"…) under `errors` in the staff namespace, so one schema
 * serves the action (server) and Conform (browser) in both languages.
 */
import { useTranslation } from "react-i18next";

export function FieldError({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation("staff");
  if (!errors?.length) return null;
  return (
    <span id={id} className="field-error">
      {errors.map((e) => t(`errors.${e}`, { defaultValue: t("errors.invalid") })).join(" ")}
    </span>
  );
}

/** A notice that the last action worked or failed, announced to screen readers. */
export function ActionNotice({ kind, children }: { kind: "ok" | "error"; children: React.ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

