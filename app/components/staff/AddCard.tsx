/**
 * The card under an administrator's list that adds one more of its things (a unit, a user, a key, a rule, a
 * category, an organisation): a titled section holding one POST form — its intent, its hidden fields, the
 * page's own fields, and the submit button, disabled while the form is being sent.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export function AddCard({ id, title, hint, intent, hidden = {}, submit, busy, children }: {
  id: string;
  title: string;
  hint?: string;
  intent?: string;
  hidden?: Record<string, string>;
  submit: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {hint && <p className="hint">{hint}</p>}
      <Form method="post">
        {intent && <input type="hidden" name="intent" value={intent} />}
        {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        {children}
        <button type="submit" className="button" disabled={busy}>{submit}</button>
      </Form>
    </section>
  );
}
