/** OWASP's CSV-injection rule, in the one function every CSV writer uses. */
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { spreadsheetSafe, SPREADSHEET_SAFE_CAST } from "../../../domain/csv";

describe("spreadsheetSafe", () => {
  it.each(["=HYPERLINK(\"https://evil.example\",\"Xem\")", "+84 905", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠A1"])(
    "keeps %j as text with a leading quote",
    (cell) => expect(spreadsheetSafe(cell)).toBe(`'${cell}`),
  );

  it.each(["Hội Cựu chiến binh", "HL-42", "2026-11-01T00:00:00.000Z", "", "a=b", " =1"])("leaves %j alone", (cell) => {
    expect(spreadsheetSafe(cell)).toBe(cell);
  });

  it("applies to every string cell through csv-stringify's cast, numbers untouched", () => {
    const csv = stringify([["=1+1", -5, "HL-42"]], { cast: SPREADSHEET_SAFE_CAST });
    expect(csv).toBe("'=1+1,-5,HL-42\n");
  });
});
