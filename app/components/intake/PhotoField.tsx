import type { FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldError } from "./ErrorSummary";
import { useErrorText } from "./use-error-text";

/** Up to five photos. Browsers cannot refill a file field, which the hint says plainly. */
export function PhotoField({ field, label }: { field: FieldMetadata<File[] | undefined>; label: string }) {
  const { t } = useTranslation("intake");
  const errorText = useErrorText();
  const [count, setCount] = useState(0);
  const hintId = field.descriptionId;
  const refillId = `${field.id}-refill`;
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <span className="hint" id={hintId}>{t("photos.hint")}</span>
      <span className="hint" id={refillId}>{t("photos.refill")}</span>
      <input
        type="file"
        id={field.id}
        name={field.name}
        multiple
        accept="image/*"
        onChange={(e) => setCount(e.target.files?.length ?? 0)}
        aria-invalid={field.errors ? true : undefined}
        aria-describedby={[hintId, refillId, field.errors ? field.errorId : ""].filter(Boolean).join(" ")}
      />
      <p className="hint" role="status">{count > 0 ? t("photos.chosen", { count }) : ""}</p>
      <FieldError id={field.errorId} messages={errorText(field.errors)} />
    </div>
  );
}
