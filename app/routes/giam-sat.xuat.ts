/**
 * /giam-sat/xuat?table=units&format=csv&period=…&unit=… — every dashboard
 * table as a download, for the same period, filters and scope as the page
 * that links here. CSV is UTF-8 with a BOM (Excel reads the Vietnamese),
 * headed and numbered in the page's language (vi: ";" and 31,2; en: "," and
 * 31.2; docs/decisions/0033); JSON carries stable keys, raw fractions and the period.
 * Figures only: nothing about tipsters, no tip content, no identity.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { spreadsheetSafe } from "../../domain/csv";
import { i18next } from "~/i18n/i18next.server";
import { loadOversightPage, requireOverseer } from "~/utils/oversight-page.server";
import { buildTables, TABLE_KEYS } from "~/utils/oversight-view.server";

const ExportSchema = z.object({
  table: z.enum(TABLE_KEYS),
  format: z.enum(["csv", "json"]).catch("csv"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireOverseer(request, context);
  const url = new URL(request.url);
  const parsed = ExportSchema.safeParse({ table: url.searchParams.get("table"), format: url.searchParams.get("format") ?? undefined });
  if (!parsed.success) {
    const t = await i18next.getFixedT(request, "oversight");
    return new Response(`${t("exports.unknownTable", { tables: TABLE_KEYS.join(", ") })}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { table: key, format } = parsed.data;
  const now = new Date();
  const { figures, ctx, query, scope } = await loadOversightPage(request, context, now);
  const table = buildTables(figures, ctx)[key];
  const rows = table.total ? [...table.rows, table.total] : table.rows;
  const fileName = `tin-bao-${key}-${query.period.from}-${query.period.to}.${format}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "no-store",
  };

  if (format === "json") {
    const body = {
      table: key,
      period: query.period,
      previousPeriod: query.previous,
      filters: query.filters,
      scope: scope.kind === "all" ? "all" : scope.units,
      generatedAt: now.toISOString(),
      columns: table.columns.map((c) => ({ key: c.key, label: c.label })),
      rows: table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.key, r.raw[i]]))),
      total: table.total ? Object.fromEntries(table.columns.map((c, i) => [c.key, table.total!.raw[i]])) : null,
    };
    return new Response(JSON.stringify(body, null, 2), { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
  }
  // CSV for a spreadsheet in the page's language (0033): headings in words with their units, no machine codes,
  // numbers as that language writes them — vi: ";" between cells and a decimal comma (31,2), en: "," and "." —
  // ratios in percent, a BOM so Excel reads UTF-8. Text cells are made formula-safe; numbers are ours.
  const columns = table.columns.map((c, i) => ({ ...c, index: i })).filter((c) => c.csvLabel !== null);
  const csv = stringify(
    rows.map((r) => columns.map((c) => (c.numeric ? r.csv[c.index] : spreadsheetSafe(r.csv[c.index])))),
    {
      header: true,
      columns: columns.map((c) => spreadsheetSafe(c.csvLabel!)),
      bom: true,
      delimiter: ctx.locale === "vi" ? ";" : ",",
    },
  );
  return new Response(csv, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8", "Content-Language": ctx.locale } });
}
