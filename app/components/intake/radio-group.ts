import type { FieldMetadata } from "@conform-to/react";

/**
 * Props for each radio of a group, reading the field's metadata once. (Conform's
 * getCollectionProps re-reads it for every option: a measurable cost on the
 * 17-category list of every form render.)
 */
export function radioGroup(field: FieldMetadata<string | undefined>, fallback?: string) {
  const { id, name, errorId } = field;
  const checked = field.initialValue ?? fallback;
  const invalid = Boolean(field.errors);
  return (value: string) => ({
    type: "radio" as const,
    id: `${id}-${value}`,
    name,
    value,
    defaultChecked: checked === value,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId : undefined,
  });
}
