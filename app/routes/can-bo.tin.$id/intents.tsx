/**
 * What the tip page's sections share: the page's data type, each action's result
 * (by intent), and the small form pieces every action uses.
 */
import type { SerializeFrom } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import type { TipActionResult, TipIntent } from "./actions.server";
import type { loader } from "./route";

export type TipPageData = SerializeFrom<typeof loader>;

export function useIntentResult(intent: TipIntent): TipActionResult | undefined {
  const result = useActionData<TipActionResult>() as TipActionResult | undefined;
  return result?.intent === intent ? result : undefined;
}

/** A form that empties itself once its action has succeeded (with JavaScript; without, the page reloads anyway). */
export function useResetOnSuccess(intent: TipIntent) {
  const ref = useRef<HTMLFormElement>(null);
  const result = useIntentResult(intent);
  useEffect(() => {
    if (result?.ok) ref.current?.reset();
  }, [result]);
  return ref;
}

export function errorsOf(result: TipActionResult | undefined, field: string) {
  return result?.errors?.[field];
}

export function Problem({ intent }: { intent: TipIntent }) {
  const { t } = useTranslation("staff");
  const result = useIntentResult(intent);
  if (!result) return null;
  if (result.ok) return <ActionNotice kind="ok">{t(`tip.done.${intent}`)}{result.problem ? ` ${t(`tip.problems.${result.problem}`)}` : ""}</ActionNotice>;
  if (result.problem) return <ActionNotice kind="error">{t(`tip.problems.${result.problem}`)}</ActionNotice>;
  return <ActionNotice kind="error">{t("tip.problems.checkFields")}</ActionNotice>;
}

export function Submit({ children, className = "button" }: { children: React.ReactNode; className?: string }) {
  const busy = useNavigation().state === "submitting";
  return <button type="submit" className={className} disabled={busy}>{children}</button>;
}

export function ReasonField({ intent, id, label, rows = 2 }: { intent: TipIntent; id: string; label: string; rows?: number }) {
  const result = useIntentResult(intent);
  const errors = errorsOf(result, "reason");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="reason" rows={rows} required aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined} className="short" />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
