/**
 * /giam-sat/xuat?table=units&format=csv&period=…&unit=… — every dashboard
 * table as a download, for the same period, filters and scope as the page
 * that links here. CSV is UTF-8 with a BOM (Excel reads the Vietnamese) and
 * headed in the page's language; JSON carries stable keys and the period.
 * Figures only: nothing about tipsters, no tip content, no identity.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { spreadsheetSafe, SPREADSHEET_SAFE_CAST } from "../../domain/csv";
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
  const csv = stringify(rows.map((r) => r.raw.map((v) => v ?? "")), {
    header: true,
    columns: table.columns.map((c) => spreadsheetSafe(c.label)),
    bom: true,
    cast: SPREADSHEET_SAFE_CAST,
  });
  return new Response(csv, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
}
