/**
 * GET /bao-tin/xa-phuong?tinh=48 — the communes/wards of one province, with their
 * pre-2025 names, for the tip form's picker when JavaScript is on. Public reference
 * data: cacheable.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { wardChoices } from "~/utils/ward-choices.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const province = new URL(request.url).searchParams.get("tinh") ?? "";
  if (!/^\d{1,3}$/.test(province)) return Response.json({ error: "tinh must be a province code" }, { status: 400 });
  return Response.json(
    { province, wards: await wardChoices(context.db, province) },
    { headers: { "Cache-Control": "public, max-age=3600" } },
  );
}
