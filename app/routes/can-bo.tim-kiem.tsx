/**
 * /can-bo/tim-kiem?loai=&gia-tri= — the search by identifier (issue 13, item 3): a
 * phone, bank account, plate, web address or handle typed in any form is read with
 * the pipeline's normaliser (domain/entity-search.ts) and every tip naming it is
 * listed — those of the reader's units, newest first, and only a count of the
 * others. A GET form: the address can be shared and works without JavaScript.
 */
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ENTITY_KINDS } from "../../domain/entities";
import { readEntityQuery } from "../../domain/entity-search";
import { findTipsWithEntity } from "../../db/queries/tip-entities";
import { SelectField, TextField } from "~/components/staff/forms";
import { EntityMatches } from "~/components/staff/LinkedTips";
import { categoryLabels, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { getUnitScope, requireRole } from "~/utils/auth.server";
import { titleMeta } from "~/utils/meta";

/** Tips listed per identifier; more than this is a pattern to read in the count, not a list. */
export const SEARCH_LISTED = 100;

/** The per-field message when the value is not a … of the chosen kind (or of any kind). */
const UNREADABLE = { "": "notIdentifier", phone: "notPhone", account: "notAccount", plate: "notPlate", url: "notUrl", handle: "notHandle" } as const;

const SearchSchema = z.object({
  loai: z.enum(["", ...ENTITY_KINDS]).catch(""),
  "gia-tri": z.string().trim().max(200, "tooLong"),
});

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const params = new URL(request.url).searchParams;
  const base = {
    user: staffView(user),
    title: await pageTitle(request, "staff", "search.title"),
    kind: params.get("loai") ?? "",
    value: params.get("gia-tri") ?? "",
  };
  const headers = { "Cache-Control": "private, no-store" };
  // The empty form: nothing asked yet.
  if (!params.has("gia-tri")) return json({ ...base, errors: null, results: null, labels: {} }, { headers });

  const parsed = SearchSchema.safeParse({ loai: params.get("loai") ?? "", "gia-tri": params.get("gia-tri") ?? "" });
  const entities = parsed.success ? readEntityQuery(parsed.data["gia-tri"], parsed.data.loai || undefined) : [];
  if (!parsed.success || entities.length === 0) {
    const error = !parsed.success ? parsed.error.issues[0]?.message ?? "invalid"
      : !parsed.data["gia-tri"] ? "required"
      : UNREADABLE[parsed.data.loai];
    return json({ ...base, errors: { "gia-tri": [error] }, results: null, labels: {} }, { status: 400, headers });
  }
  const scope = await getUnitScope(context.db, user);
  const [results, labels] = await Promise.all([
    Promise.all(entities.map((entity) => findTipsWithEntity(context.db, entity, scope, { limit: SEARCH_LISTED }))),
    categoryLabels(context.db),
  ]);
  return json({ ...base, errors: null, results, labels }, { headers });
}

export default function EntitySearch() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const valueErrors = data.errors?.["gia-tri"] ?? null;
  return (
    <StaffLayout user={data.user} title={data.title}>
      <p>{t("search.lead")}</p>
      <Form method="get" className="filter-form" noValidate>
        <SelectField name="loai" label={t("search.kind")} defaultValue={data.kind}>
          <option value="">{t("search.anyKind")}</option>
          {ENTITY_KINDS.map((kind) => <option key={kind} value={kind}>{t(`search.kinds.${kind}`)}</option>)}
        </SelectField>
        <TextField name="gia-tri" label={t("search.value")} hint={t("search.valueHint")} defaultValue={data.value}
          errors={valueErrors} autoFocus={valueErrors !== null} autoComplete="off" spellCheck={false} />
        <div className="button-row"><button type="submit" className="button">{t("search.submit")}</button></div>
      </Form>
      {data.results && (
        <section aria-labelledby="search-results" className="card">
          <h2 id="search-results">{t("search.results")}</h2>
          {data.results.map((match) => (
            <EntityMatches key={`${match.entity.kind}:${match.entity.value}`} match={match} labels={data.labels} sentence="found" listed={SEARCH_LISTED} />
          ))}
        </section>
      )}
    </StaffLayout>
  );
}
