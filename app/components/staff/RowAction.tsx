/**
 * One action on one row of a list (revoke a key, deactivate a rule, retire a place, switch a code on or off):
 * a small POST form carrying the intent and the row's identifying fields, with what to show before its button.
 * `label` names the thing acted on for screen readers when the button's text alone ("Retire") would not.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export function RowAction({ intent, fields, text, label, busy, secondary = false, children }: {
  intent: string;
  fields: Record<string, string | number>;
  text: string;
  label?: string;
  busy: boolean;
  /** A button (secondary) rather than a link-like button. */
  secondary?: boolean;
  children?: ReactNode;
}) {
  return (
    <Form method="post" className={secondary ? "inline-form" : undefined}>
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {children}
      <button type="submit" name="intent" value={intent} className={secondary ? "button secondary" : "link-button"} disabled={busy} aria-label={label}>{text}</button>
    </Form>
  );
}
