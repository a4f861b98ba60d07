/**
 * The supervisors' CSV downloads as a spreadsheet user of each language reads
 * them (issue 14, docs/decisions/0033): headings in the page's language with
 * their units, no machine keys, vi with ";" and a decimal comma, en with ","
 * and a point, ratios in percent, a UTF-8 BOM; and the report page linking its
 * own downloads for the same period and filters. Real web process, real
 * database, the hand-worked fixture (dashboard-fixture.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePasswordHash } from "../setup/passwords";
import { languageCookie } from "../../app/i18n/i18next.server";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { createUser } from "../../db/queries/users";
import { startApp, type RunningApp } from "../setup/app-server";
import { enrolForTests, passSecondFactorOverHttp } from "../setup/second-factor";
/** Fixed so the test can enrol the supervisor's second factor before the server starts. */
const DATA_KEY = Buffer.alloc(32, 9).toString("base64");
import { insertFixture, UNITS } from "../setup/dashboard-fixture";

const EMAIL = "giamsat@csv.tinbao.vn";
const PASSWORD = "mật khẩu giám sát đủ dài";
// The fixture's month, whatever today's date; compared with 1–22 November 2025.
const PERIOD = "period=custom&from=2026-11-01&to=2026-11-22";

/** RFC 4180 rows with the given separator, as a spreadsheet reads them (quoted cells, doubled quotes). */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [[]];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += text[++i];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) rows[rows.length - 1].push(cell), (cell = "");
    else if (c === "\n") rows[rows.length - 1].push(cell), (cell = ""), rows.push([]);
    else if (c !== "\r") cell += c;
  }
  if (cell || rows[rows.length - 1].length) rows[rows.length - 1].push(cell);
  return rows.filter((r) => r.length > 0);
}

describe("oversight CSV downloads in the page's language", () => {
  let app: RunningApp;
  let cookie: string;

  beforeAll(async () => {
    app = await startApp({
      env: { DATA_KEY },
      setup: async (env) => {
        const handle = openDatabase(env.DATABASE_URL!);
        try {
          await migrateToLatest(handle.db);
          await insertFixture(handle.db);
          const supervisorId = await createUser(handle.db, {
            email: EMAIL, name: "Lê Minh Châu", role: "supervisor", provinceCode: "48", passwordHash: await fixturePasswordHash(PASSWORD),
            createdAt: new Date().toISOString(),
          });
          await enrolForTests(handle.db, supervisorId, EMAIL, DATA_KEY);
        } finally {
          await handle.close();
        }
      },
    });
    const res = await fetch(`${app.url}/can-bo/dang-nhap`, {
      method: "POST", redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: EMAIL, password: PASSWORD }),
    });
    expect(res.status).toBe(302);
    // Supervisors pass a second step (issue 18): with one of the test account's recovery codes.
    cookie = await passSecondFactorOverHttp(app.url, res.headers.get("set-cookie")!.split(";")[0], EMAIL);
  }, 180_000);
  afterAll(async () => app?.stop());

  async function download(table: string, language: "vi" | "en") {
    const lng = (await languageCookie.serialize(language)).split(";")[0];
    const res = await fetch(`${app.url}/giam-sat/xuat?table=${table}&format=csv&${PERIOD}`, { headers: { Cookie: `${cookie}; ${lng}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the Vietnamese
    const text = bytes.subarray(3).toString("utf8");
    return { text, rows: parseCsv(text, language === "vi" ? ";" : ",") };
  }

  it("writes the unit table for a Vietnamese spreadsheet: ';', decimal comma, percent, units in the headings", async () => {
    const { rows, text } = await download("units", "vi");
    expect(rows[0]).toEqual([
      "Mã đơn vị", "Đơn vị", "Tin báo", "Sự việc", "Đã đánh giá", "Chờ đánh giá", "Có giá trị", "Tỷ lệ có giá trị (%)",
      "Tỷ lệ sự việc có giá trị (%)", "Vụ việc", "Đối tượng bị bắt", "Xử lý lần đầu (trung vị) (phút)", "Tồn đọng", "Quá hạn",
    ]);
    // The period's columns (open and overdue are as of today, which the web process reads from the real clock).
    const period = rows.map((r) => r.slice(0, 12));
    // An Hải: 2 valuable of 3 assessed (T8 pending) = 66,7 %; both its incidents assessed and valuable.
    expect(period).toContainEqual([UNITS.anHai, "Phường An Hải", "4", "2", "3", "1", "2", "66,7", "100", "1", "3", "120"]);
    // Hải Châu: 1 of 2 assessed (T4 pending) = 50.
    expect(period).toContainEqual([UNITS.haiChau, "Phường Hải Châu", "3", "3", "2", "1", "1", "50", "50", "2", "2", "20"]);
    // A name with a comma needs no quotes with ';'; no incident opened here, so no incident ratio.
    expect(period).toContainEqual([UNITS.cyber, "Phòng An ninh mạng, Công an TP Đà Nẵng", "1", "0", "1", "0", "1", "100", "", "0", "0", "5"]);
    // Total: 4 of 7 assessed = 57,1 %; 3 valuable incidents of 5 assessed = 60 %.
    expect(period[period.length - 1]).toEqual(["", "Tổng", "9", "6", "7", "2", "4", "57,1", "60", "3", "5", "30"]);
    // Every row as wide as the heading; no machine keys, no fractions.
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
    expect(text).not.toMatch(/valuableIncidentRatio|valuableRatio|triageMedianWithinMinutes|0\.571|0,571/);
  });

  it("writes the same table for an English spreadsheet: ',' and a decimal point", async () => {
    const { rows } = await download("units", "en");
    expect(rows[0]).toEqual([
      "Unit code", "Unit", "Tips", "Incidents", "Assessed", "Awaiting assessment", "Valuable", "Valuable ratio (%)",
      "Incidents valuable ratio (%)", "Cases", "Arrested", "First handled (median) (minutes)", "Open", "Overdue",
    ]);
    const period = rows.map((r) => r.slice(0, 12));
    expect(period).toContainEqual([UNITS.anHai, "Phường An Hải", "4", "2", "3", "1", "2", "66.7", "100", "1", "3", "120"]);
    // A name with a comma is quoted, so it stays one cell.
    expect(period).toContainEqual([UNITS.cyber, "Phòng An ninh mạng, Công an TP Đà Nẵng", "1", "0", "1", "0", "1", "100", "", "0", "0", "5"]);
    expect(period[period.length - 1]).toEqual(["", "Total", "9", "6", "7", "2", "4", "57.1", "60", "3", "5", "30"]);
    expect(rows.every((r) => r.length === 14)).toBe(true);
  });

  it("writes the key figures against the same period last year, in words where the base is too small", async () => {
    const vi = (await download("summary", "vi")).rows;
    expect(vi[0]).toEqual(["Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Thay đổi (%)"]);
    // 9 tips against 2 a year earlier: no "+350 %".
    expect(vi).toContainEqual(["Tin báo nhận được", "9", "2", "quá ít để so sánh"]);
    expect(vi).toContainEqual(["Tin chờ đánh giá", "2", "0", ""]);
    expect(vi).toContainEqual(["Tỷ lệ tin có giá trị (%)", "57,1", "50", ""]);
    expect(vi).toContainEqual(["Một nửa số tin được xử lý lần đầu trong vòng (phút)", "30", "30", ""]);
    const en = (await download("summary", "en")).rows;
    expect(en[0]).toEqual(["Figure", "This period", "Same period last year", "Change (%)"]);
    expect(en).toContainEqual(["Tips received", "9", "2", "too few to compare"]);
    expect(en).toContainEqual(["Valuable-tip ratio (%)", "57.1", "50", ""]);
    expect(en.map((r) => r[0])).not.toContain("valuableRatio");
  });

  it("names rows instead of codes in breakdowns, and writes quantities with the language's decimal mark", async () => {
    const orgs = (await download("orgs", "en")).rows;
    expect(orgs[0][0]).toBe("Organisation / model");
    expect(orgs).toContainEqual(["Veterans' Association", "2", "1", "2", "0", "2", "100", "100", "2", "4"]);
    expect(orgs.flat()).not.toContain("HCCB");
    const seizures = (await download("seizures", "vi")).rows;
    expect(seizures).toEqual([["Loại tang vật", "Số lượng"], ["Ma túy (gam)", "1250,5"], ["Tiền (đồng)", "350000000"], ["Phương tiện", "2"], ["Tang vật khác", "3"]]);
    const series = (await download("series", "vi")).rows;
    expect(series[1].slice(0, 2)).toEqual(["01/11/2026", "01/11/2026"]);
    expect((await download("series", "en")).rows[1].slice(0, 2)).toEqual(["2026-11-01", "2026-11-01"]);
  });

  it("keeps the JSON export's stable keys and fractions for machines", async () => {
    const res = await fetch(`${app.url}/giam-sat/xuat?table=units&format=json&${PERIOD}`, { headers: { Cookie: cookie } });
    const body = await res.json();
    expect(body.previousPeriod).toEqual({ from: "2025-11-01", to: "2025-11-22" });
    const anHai = body.rows.find((r: { code: string }) => r.code === UNITS.anHai);
    expect(anHai).toMatchObject({ tips: 4, assessed: 3, pending: 1, valuableRatio: 0.6667, valuableIncidentRatio: 1 });
  });

  it("links the report's own downloads for the same period and filters", async () => {
    const res = await fetch(`${app.url}/giam-sat/bao-cao?${PERIOD}&category=drugs`, { headers: { Cookie: cookie } });
    const html = await res.text();
    for (const table of ["summary", "units", "categories", "orgs", "seizures"]) {
      expect(html).toContain(`href="/giam-sat/xuat?period=custom&amp;from=2026-11-01&amp;to=2026-11-22&amp;category=drugs&amp;table=${table}&amp;format=csv"`);
    }
  });
});
