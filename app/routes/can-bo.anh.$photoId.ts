/**
 * /can-bo/anh/:photoId — a tip photo, only for officers whose units own the tip
 * or received a copy (404 otherwise; supervisors' reports do not need pictures),
 * never cached by the browser or a proxy.
 * Files live in DATA_DIR/uploads under random names; nothing public serves them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPhotoForStaff } from "../../db/queries/staff-tips";
import { parseId } from "~/components/staff/staff.server";
import { getUnitScope, notFound, requireOfficer } from "~/utils/auth.server";

const SAFE_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireOfficer(request, context);
  const photoId = parseId(params.photoId);
  if (!photoId) notFound();
  const photo = await findPhotoForStaff(context.db, photoId, await getUnitScope(context.db, user));
  if (!photo || !SAFE_FILE_NAME.test(photo.file_name) || photo.file_name.includes("..")) notFound();
  let data: Buffer;
  try {
    data = await readFile(path.join(path.resolve(context.config.DATA_DIR), "uploads", photo.file_name));
  } catch {
    notFound();
  }
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": photo.mime === "image/png" || photo.mime === "image/webp" ? photo.mime : "image/jpeg",
      "Content-Length": String(data.byteLength),
      "Cache-Control": "private, no-store",
      "Content-Disposition": `inline; filename="tin-${photo.tip_id}-anh-${photoId}.jpg"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
