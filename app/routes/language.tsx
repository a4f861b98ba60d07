/**
 * POST /language — switch between Vietnamese and English.
 *
 * Without JavaScript the form posts here and comes back to the same page, path
 * and query kept (a report's period, a queue's filters). With JavaScript the
 * header submits it through a fetcher (`stay`): the cookie is set, Remix
 * revalidates the loaders, and the page changes language in place — fields a
 * resident has half filled keep what they hold.
 */
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";
import { safeRedirectTarget } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await requireForm(request);
  const lng = form.get("lng");
  if (!isLanguage(lng)) throw new Response("Unsupported language", { status: 400 });
  const headers = { "Set-Cookie": await languageCookie.serialize(lng) };
  if (form.get("stay") === "1") return json({ language: lng }, { headers });
  return redirect(safeRedirectTarget(form.get("redirectTo"), "/"), { headers });
}

export async function loader() {
  return redirect("/");
}
