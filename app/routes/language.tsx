/** POST /language — switch between Vietnamese and English; works without JavaScript. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";

/** Only same-site paths: never an open redirect. */
function safeRedirectTarget(value: FormDataEntryValue | null): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  if (!isLanguage(lng)) throw new Response("Unsupported language", { status: 400 });
  return redirect(safeRedirectTarget(form.get("redirectTo")), {
    headers: { "Set-Cookie": await languageCookie.serialize(lng) },
  });
}

export async function loader() {
  return redirect("/");
}
