/**
 * /giam-sat/ban-do.svg?province=CODE&v=VERSION — a province's ward outlines for the ward map
 * (docs/decisions/0083-lighter-ward-map.md): one SVG document of paths with ids, which the
 * dashboard's and the report's maps draw with `<use href>`. The wards are those the signed-in
 * supervisor or administrator may see of that province (none of another province: 404). The
 * address carries the outlines' version (outlinesHref), so the browser keeps the file for a
 * year when it is asked for the current one and checks again otherwise. Ward boundaries are
 * public geography: kept in the browser's private cache like any staff page's asset.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { outlineDocument } from "~/components/oversight/ward-choropleth";
import { getUnitScope, notFound } from "~/utils/auth.server";
import { requireOverseer } from "~/utils/oversight-page.server";
import { mapWards, outlinesVersion, projectedProvince } from "~/utils/ward-map-page.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireOverseer(request, context);
  const params = new URL(request.url).searchParams;
  const province = params.get("province") ?? "";
  if (!/^[0-9]{2}$/.test(province)) notFound();
  const wards = await mapWards(context.db, province, await getUnitScope(context.db, user));
  if (wards.length === 0) notFound();
  const document = outlineDocument(await projectedProvince(context.db, province, wards));
  return new Response(document, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": params.get("v") === outlinesVersion(wards) ? "private, max-age=31536000, immutable" : "private, no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
