import { Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "./use-hydrated";

/**
 * The receipt, shown once in the response to the form's POST (never in a URL,
 * cookie or log). Printable: the print style sheet keeps only this card.
 */
export function ReceiptView({ receipt, resent }: { receipt: string; resent: boolean }) {
  const { t } = useTranslation("intake");
  const hydrated = useHydrated();
  const heading = useRef<HTMLHeadingElement>(null);
  const next = t("receipt.next", { returnObjects: true }) as string[];
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="intake-receipt">
      <h1 ref={heading} tabIndex={-1}>{t("receipt.title")}</h1>
      <p className="no-print">{t("receipt.lead")}</p>
      {resent ? <p className="notice">{t("receipt.resent")}</p> : null}
      <section className="card receipt-card" aria-labelledby="receipt-code-label">
        <h2 id="receipt-code-label">{t("receipt.codeLabel")}</h2>
        <p className="receipt-code" data-testid="receipt">{receipt}</p>
        <p className="notice warn"><strong>{t("receipt.writeDown")}</strong></p>
        <p>{t("receipt.keepSafe")}</p>
      </section>
      <div className="button-row no-print">
        {hydrated ? (
          <button type="button" className="button" onClick={() => window.print()}>{t("receipt.print")}</button>
        ) : (
          <p className="hint">{t("receipt.printHint")}</p>
        )}
      </div>
      <section className="no-print" aria-labelledby="receipt-next">
        <h2 id="receipt-next">{t("receipt.nextTitle")}</h2>
        <ol className="steps">
          {next.map((line) => <li key={line}>{line}</li>)}
        </ol>
        <div className="button-row">
          <Link to="/theo-doi" className="button secondary">{t("receipt.followUp")}</Link>
          <Link to="/bao-tin" className="button secondary" reloadDocument>{t("receipt.another")}</Link>
        </div>
      </section>
    </div>
  );
}
