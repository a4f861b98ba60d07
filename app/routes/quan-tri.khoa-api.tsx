/** /quan-tri/khoa-api — partner API keys: create (shown once, only its hash is kept) and revoke. */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { normalizeText } from "../../domain/text";
import { insertApiKey, listApiKeys, revokeApiKey } from "../../db/queries/api-keys";
import { auditAdmin, fieldErrors } from "~/components/staff/admin.server";
import { ActionNotice, SelectField, TextField } from "~/components/staff/forms";
import { formatDateTime } from "~/components/staff/format";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { generateToken, sha256Hex } from "~/utils/crypto.server";
import { pageTitle } from "~/components/staff/staff.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";

const KeySchema = z.object({
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(2, tooShort(2)).max(200, tooLong(200))),
  channel: z.enum(["web", "hotline", "in_person", "partner"], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  rateLimit: z.coerce.number({ invalid_type_error: "wholeNumber" }).int("wholeNumber").min(1, "wholeNumber").max(100_000, "tooLarge").default(600),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  return json({ user: staffView(user), title: await pageTitle(request, "admin", "keys.title"), keys: await listApiKeys(context.db) });
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
    return json({ intent: "revoke", ok, errors: null, key: null }, { status: ok ? 200 : 409 });
  }
  const parsed = KeySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ intent: "create", ok: false, errors: fieldErrors(parsed.error), key: null }, { status: 400 });
  const key = generateToken("tb_");
  const id = await insertApiKey(context.db, {
    name: parsed.data.name, channel: parsed.data.channel, prefix: key.slice(0, 10), keyHash: sha256Hex(key),
    rateLimitPerMin: parsed.data.rateLimit, createdAt: at,
  });
  await auditAdmin(context, admin, "api_key_created", { keyId: id, name: parsed.data.name, channel: parsed.data.channel });
  return json({ intent: "create", ok: true, errors: null, key }, { headers: noStore });
}

export default function ApiKeys() {
  const { t, i18n } = useTranslation("admin");
  const { t: ts } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const err = (f: string) => (result?.errors as Record<string, string[]> | null | undefined)?.[f];
  return (
    <StaffLayout user={data.user} title={data.title}>
      {result?.ok && result.key && (
        <div className="notice warn" role="status">
          <p>{t("keys.created")}</p>
          <p><code className="secret">{result.key}</code></p>
          <p className="hint">{t("keys.once")}</p>
        </div>
      )}
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
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="keyId" value={k.id} />
                      <span className="badge ok">{t("users.active")}</span>{" "}
                      <button type="submit" className="link-button" disabled={busy}>{t("keys.revoke")}</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="new-key">
        <h2 id="new-key">{t("keys.new")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <TextField name="name" label={t("keys.name")} errors={err("name")} required />
            <SelectField name="channel" label={t("keys.channel")} errors={err("channel")} defaultValue="partner">
              {(["partner", "hotline", "in_person", "web"] as const).map((c) => <option key={c} value={c}>{ts(`channel.${c}`)}</option>)}
            </SelectField>
            <TextField name="rateLimit" label={t("keys.rateLimit")} errors={err("rateLimit")} type="number" min={1} defaultValue={600} />
          </div>
          <button type="submit" className="button" disabled={busy}>{t("keys.create")}</button>
        </Form>
      </section>
    </StaffLayout>
  );
}
