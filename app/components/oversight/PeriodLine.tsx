/**
 * The period, the period it is compared with (the same period last year),
 * and, in words, what makes either provisional: not ended yet, or most tips
 * not assessed yet (never conveyed by colour alone).
 */
export function PeriodLine({ period }: {
  period: { current: string; previous: string; currentNote: string | null; previousNote: string | null };
}) {
  return (
    <div className="period-line">
      <p><strong>{period.current}</strong></p>
      {period.currentNote && <p className="notice warn partial-note" data-testid="current-note">{period.currentNote}</p>}
      <p>{period.previous}</p>
      {period.previousNote && <p className="hint partial-note" data-testid="previous-note">{period.previousNote}</p>}
    </div>
  );
}
