/**
 * /quan-tri/khoa-api — partner API keys: create (shown once, only its hash is kept) and revoke. Creating is
 * post/redirect/get: the POST redirects to ?tao=<id>, which shows the new key once (new-key-cookie.server.ts); the
 * form's one-time token makes a reload or a second click of the same form create nothing.
 */
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { normalizeText } from "../../domain/text";
import { findApiKey, insertApiKeyOnce, listApiKeys, revokeApiKey } from "../../db/queries/api-keys";
import { serializeNewKey, takeNewKey } from "~/components/staff/new-key-cookie.server";
import { auditAdmin, createOnceToken, fieldErrors, newApiKey } from "~/components/staff/admin.server";
import { ActionNotice, SelectField, TextField, useFormResult } from "~/components/staff/forms";
import { formatDateTime } from "~/components/staff/format";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { AdminLayout } from "~/components/staff/AdminLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { titleMeta } from "~/utils/meta";
import { AddCard } from "~/components/staff/AddCard";
import { RowAction } from "~/components/staff/RowAction";

const KeySchema = z.object({
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(2, tooShort(2)).max(200, tooLong(200))),
  channel: z.enum(["web", "hotline", "in_person", "partner"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  rateLimit: z.coerce.number({ invalid_type_error: "wholeNumber" }).int("wholeNumber").min(1, "wholeNumber").max(100_000, "tooLarge").default(600),
  createToken: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/).optional(),
});

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
// The page that shows a new key also forgets it (the cookie's Set-Cookie).
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const out = new Headers(staffHeaders());
  const cookie = loaderHeaders.get("Set-Cookie");
  if (cookie) out.set("Set-Cookie", cookie);
  return out;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const createdId = parseId(new URL(request.url).searchParams.get("tao") ?? undefined);
  const created = createdId ? await findApiKey(context.db, createdId) : undefined;
  const shown = created ? await takeNewKey(request, created.id, context.config) : { key: null, clear: null };
  return json(
    {
      user: staffView(user), title: await pageTitle(request, "admin", "keys.title"), keys: await listApiKeys(context.db),
      created: created ? { id: created.id, name: created.name, prefix: created.prefix, key: shown.key } : null,
      // A fresh token per page view: the form it is in creates at most one key.
      createToken: createOnceToken(),
    },
    { headers: shown.clear ? { "Set-Cookie": shown.clear } : undefined },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await requireForm(request);
  const at = new Date().toISOString();
  const noStore = { "Cache-Control": "private, no-store" };
  if (form.get("intent") === "revoke") {
    const id = Number(form.get("keyId"));
    const ok = Number.isInteger(id) && id > 0 && (await revokeApiKey(context.db, id, at));
    if (ok) await auditAdmin(context, admin, "api_key_revoked", { keyId: id });
    return json({ intent: "revoke", ok, errors: null }, { status: ok ? 200 : 409 });
  }
  const parsed = KeySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ intent: "create", ok: false, errors: fieldErrors(parsed.error) }, { status: 400 });
  const { key, prefix, keyHash } = newApiKey();
  const { id, created } = await insertApiKeyOnce(context.db, {
    name: parsed.data.name, channel: parsed.data.channel, prefix, keyHash,
    rateLimitPerMin: parsed.data.rateLimit, createdAt: at, createToken: parsed.data.createToken ?? createOnceToken(),
  });
  if (!created) return redirect(`/quan-tri/khoa-api?tao=${id}`, { headers: noStore });
  await auditAdmin(context, admin, "api_key_created", { keyId: id, name: parsed.data.name, channel: parsed.data.channel });
  return redirect(`/quan-tri/khoa-api?tao=${id}`, { headers: { ...noStore, "Set-Cookie": await serializeNewKey(id, key, context.config) } });
}

export default function ApiKeys() {
  const { t, i18n } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const { result, busy, err } = useFormResult<typeof action>();
  return (
    <AdminLayout user={data.user} title={data.title}>
      {data.created && (data.created.key ? (
        <div className="notice warn" role="status">
          <p>{t("keys.createdNamed", { name: data.created.name })}</p>
          <p><code className="secret">{data.created.key}</code></p>
          <p className="hint">{t("keys.once")}</p>
        </div>
      ) : (
        <div className="notice" role="status">
          <p>{t("keys.alreadyShown", { name: data.created.name, prefix: data.created.prefix })}</p>
        </div>
      ))}
      {result?.ok && result.intent === "revoke" && <ActionNotice kind="ok">{t("keys.revoked")}</ActionNotice>}
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t("keys.name")}</th><th scope="col">{t("keys.channel")}</th><th scope="col">{t("keys.prefix")}</th><th scope="col" className="num">{t("keys.rateLimit")}</th><th scope="col">{t("keys.created_at")}</th><th scope="col">{t("users.state")}</th></tr></thead>
          <tbody>
            {data.keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{ts(`channel.${k.channel}`)}</td>
                <td><code>{k.prefix}…</code></td>
                <td className="num">{k.rate_limit_per_min}</td>
                <td>{formatDateTime(k.created_at, i18n.language)}</td>
                <td>
                  {k.revoked_at ? <span className="badge">{t("keys.revokedOn", { date: formatDateTime(k.revoked_at, i18n.language) })}</span> : (
                    <RowAction intent="revoke" fields={{ keyId: k.id }} text={t("keys.revoke")} busy={busy}>
                      <span className="badge ok">{t("users.active")}</span>{" "}
                    </RowAction>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddCard id="new-key" title={t("keys.new")} intent="create" hidden={{ createToken: data.createToken }} submit={t("keys.create")} busy={busy}>
        <div className="form-grid">
          <TextField name="name" label={t("keys.name")} errors={err("name")} required />
          <SelectField name="channel" label={t("keys.channel")} errors={err("channel")} defaultValue="partner">
            {(["partner", "hotline", "in_person", "web"] as const).map((c) => <option key={c} value={c}>{ts(`channel.${c}`)}</option>)}
          </SelectField>
          <TextField name="rateLimit" label={t("keys.rateLimit")} errors={err("rateLimit")} type="number" min={1} defaultValue={600} />
        </div>
      </AddCard>
    </AdminLayout>
  );
}
