/** /quan-tri/dia-danh.csv?province=48 — the province's active places, in the import's format (spreadsheet-safe). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportPlaces } from "../../db/queries/places";
import { placesToCsv } from "../../domain/places-csv";
import { requireAdmin } from "~/utils/auth.server";
import { provinceAndWards } from "~/components/staff/places.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { province } = await provinceAndWards(context.db, new URL(request.url).searchParams.get("province"));
  const csv = placesToCsv((await exportPlaces(context.db, province)).filter((p) => p.active));
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="dia-danh-${province}.csv"`, "Cache-Control": "no-store" },
  });
}
