/**
 * GET /bao-tin/xa-phuong?tinh=48 — the communes/wards of one province, for the
 * tip form's picker when JavaScript is on. Public reference data: cacheable.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listWards } from "../../db/queries/intake-reference";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const province = new URL(request.url).searchParams.get("tinh") ?? "";
  if (!/^\d{1,3}$/.test(province)) return Response.json({ error: "tinh must be a province code" }, { status: 400 });
  const wards = await listWards(context.db, province);
  return Response.json(
    { province, wards: wards.map((w) => ({ code: w.code, name: w.name })) },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
}
