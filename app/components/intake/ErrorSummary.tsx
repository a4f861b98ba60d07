import { useEffect, useRef } from "react";

export interface SummaryItem {
  /** Id of the control to go to; form-wide problems have none. */
  target?: string;
  message: string;
}

/**
 * The list of problems at the top of a form, each linking to its field. It takes
 * focus when it appears or changes, so a screen reader announces it and a keyboard
 * user starts from it.
 */
export function ErrorSummary({ title, items }: { title: string; items: SummaryItem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = items.map((i) => `${i.target}:${i.message}`).join("|");
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (items.length === 0) return null;
  return (
    <div className="error-summary" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={`${item.target}:${item.message}`}>
            {item.target ? (
              <a
                href={`#${item.target}`}
                onClick={(event) => {
                  const control = document.getElementById(item.target!);
                  if (control) {
                    event.preventDefault();
                    control.focus();
                    control.scrollIntoView({ block: "center" });
                  }
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}
