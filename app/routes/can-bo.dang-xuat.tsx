/** /can-bo/dang-xuat — POST ends the session. A GET changes nothing. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin, SIGN_IN_PATH, signOut } from "~/utils/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const cookie = await signOut(request, context);
  return redirect(`${SIGN_IN_PATH}?da-dang-xuat`, { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/can-bo");
}
