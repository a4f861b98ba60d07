/**
 * /quan-tri/dia-danh — the gazetteer of places (issue 12): landmarks and streets of a
 * province with the ward(s) they lie in, which the address resolver matches before
 * ward names. Folded search, add/edit/retire, CSV import (preview, then import; every
 * bad line named) and export, and the duty desk's pending suggestions to accept or
 * reject. Every change goes to the system log.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  acceptSuggestion, findPlace, listPlaces, listSuggestions, PLACE_KINDS, rejectSuggestion, retirePlace, upsertPlace,
} from "../../db/queries/places";
import { appendAudit } from "../../db/queries/audit";
import type { PlaceKind } from "../../db/schema";
import { PLACE_CSV_LIMITS, parsePlacesCsv, type PlaceCsvError } from "../../domain/places-csv";
import { foldVietnamese, normalizeText } from "../../domain/text";
import { fieldErrors } from "~/components/staff/admin.server";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { ActionNotice, SelectField, TextField } from "~/components/staff/forms";
import { pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { requireAdmin } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { provinceAndWards } from "~/components/staff/places.server";
import { titleMeta } from "~/utils/meta";
import { RowAction } from "~/components/staff/RowAction";

export const meta = titleMeta;
export const handle = { i18n: ["staff", "admin"] };
export const headers = staffHeaders;

const PAGE_SIZE = 50;
const CSV_FORM_LIMITS = { maxBytes: PLACE_CSV_LIMITS.maxBytes + 64 * 1024, maxFields: 16, maxFieldBytes: 4 * 1024, files: { fields: ["file"], maxFileBytes: PLACE_CSV_LIMITS.maxBytes } };

const PlaceSchema = z.object({
  id: z.string().optional().transform((v) => (v ? Number(v) : undefined)).pipe(z.number().int().positive().optional()),
  name: z.string({ required_error: "required" }).transform(normalizeText).pipe(z.string().min(2, tooShort(2)).max(120, tooLong(120)))
    .refine((v) => foldVietnamese(v).split(" ").length >= 2, "placeNameWords"),
  kind: z.enum(PLACE_KINDS as [PlaceKind, ...PlaceKind[]], { required_error: "chooseOne", invalid_type_error: "chooseOne" }),
  aliases: z.string().optional().transform((v) => (v ?? "").split(/\r?\n/).map(normalizeText).filter(Boolean)).pipe(z.array(z.string().max(120, tooLong(120))).max(20, "tooMany")),
  source: z.string().optional().transform((v) => normalizeText(v ?? "")).pipe(z.string().max(300, tooLong(300))),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(request, context);
  const url = new URL(request.url);
  const { provinces, province, wards } = await provinceAndWards(context.db, url.searchParams.get("province"));
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get("page")) || 1));
  const editId = Number(url.searchParams.get("edit")) || null;
  const edit = editId ? await findPlace(context.db, editId) : null;
  return json({
    user: staffView(user),
    title: await pageTitle(request, "admin", "places.title"),
    provinces, province, wards: wards.map((w) => ({ code: w.code, name: w.name })), q,
    listing: await listPlaces(context.db, { provinceCode: province, search: q, page, pageSize: PAGE_SIZE }),
    suggestions: await listSuggestions(context.db, { provinceCode: province }),
    edit: edit && edit.provinceCode === province ? edit : null,
  });
}

type ActionResult =
  | { intent: string; ok: true; count?: number; errors: null; csvErrors?: null; preview?: Array<{ line: number; name: string; wards: number }> }
  | { intent: string; ok: false; errors: Record<string, string[]> | null; csvErrors?: PlaceCsvError[]; problem?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const url = new URL(request.url);
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  const form = await requireForm(request, multipart ? CSV_FORM_LIMITS : undefined);
  const intent = String(form.get("intent") ?? "");
  const { province, wards } = await provinceAndWards(context.db, String(form.get("province") ?? url.searchParams.get("province") ?? ""));
  const wardCodes = new Set(wards.map((w) => w.code));
  const now = new Date().toISOString();
  const reply = (data: ActionResult, status = 200) => json<ActionResult>(data, { status });

  if (intent === "retire") {
    const id = Number(form.get("id"));
    const place = Number.isInteger(id) && id > 0 ? await findPlace(context.db, id) : null;
    if (!place || place.provinceCode !== province) return reply({ intent, ok: false, errors: null, problem: "notFound" }, 404);
    const ok = await retirePlace(context.db, id, now, admin.id);
    return reply(ok ? { intent, ok: true, errors: null } : { intent, ok: false, errors: null, problem: "alreadyRetired" }, ok ? 200 : 409);
  }
  if (intent === "accept" || intent === "reject") {
    const id = Number(form.get("id"));
    if (!Number.isInteger(id) || id <= 0) return reply({ intent, ok: false, errors: null, problem: "notFound" }, 404);
    const kind = String(form.get("kind") ?? "other");
    const outcome = intent === "accept"
      ? await acceptSuggestion(context.db, { id, userId: admin.id, kind: (PLACE_KINDS as readonly string[]).includes(kind) ? (kind as PlaceKind) : "other" }, now)
      : await rejectSuggestion(context.db, { id, userId: admin.id }, now);
    if (!outcome.ok) return reply({ intent, ok: false, errors: null, problem: outcome.error === "not-found" ? "notFound" : "alreadyDecided" }, outcome.error === "not-found" ? 404 : 409);
    return reply({ intent, ok: true, errors: null });
  }
  if (intent === "preview" || intent === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return reply({ intent, ok: false, errors: { file: ["chooseFile"] } }, 400);
    const text = await file.text();
    const wardProvince = new Map(wards.map((w) => [w.code, province]));
    const { rows, errors } = parsePlacesCsv(text, { wardProvince, provinces: new Set([province]), onlyProvince: province, defaultSource: `import ${file.name}`.slice(0, 200) });
    if (errors.length) return reply({ intent, ok: false, errors: null, csvErrors: errors.slice(0, 200) }, 400);
    if (intent === "preview") return reply({ intent, ok: true, errors: null, count: rows.length, preview: rows.slice(0, 20).map((r) => ({ line: r.line, name: r.name, wards: r.wardCodes.length })) });
    await context.db.transaction().execute(async (trx) => {
      for (const r of rows) await upsertPlace(trx, { provinceCode: province, name: r.name, kind: r.kind, wardCodes: r.wardCodes, aliases: r.aliases, source: r.source }, now);
    });
    await appendAudit(context.db, { at: now, actorUserId: admin.id, type: "place.import", data: { provinceCode: province, lines: rows.length } });
    return reply({ intent, ok: true, errors: null, count: rows.length });
  }
  // save
  const parsed = PlaceSchema.safeParse(Object.fromEntries([...form].filter(([, v]) => typeof v === "string")));
  const chosen = form.getAll("wardCodes").map(String).filter(Boolean);
  const errors: Record<string, string[]> = parsed.success ? {} : fieldErrors(parsed.error);
  if (!chosen.length) errors.wardCodes = ["chooseWard"];
  else if (chosen.some((c) => !wardCodes.has(c))) errors.wardCodes = ["unknownWard"];
  if (!parsed.success || Object.keys(errors).length) return reply({ intent: "save", ok: false, errors }, 400);
  if (parsed.data.id) {
    const existing = await findPlace(context.db, parsed.data.id);
    if (!existing || existing.provinceCode !== province) return reply({ intent: "save", ok: false, errors: null, problem: "notFound" }, 404);
  }
  await upsertPlace(context.db, {
    id: parsed.data.id, provinceCode: province, name: parsed.data.name, kind: parsed.data.kind, wardCodes: chosen,
    aliases: parsed.data.aliases, source: parsed.data.source || `admin ${admin.email}`,
  }, now, admin.id);
  return reply({ intent: "save", ok: true, errors: null });
}

export default function Places() {
  const { t, i18n } = useTranslation("admin");
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  const wardName = new Map(data.wards.map((w) => [w.code, w.name]));
  const names = (codes: readonly string[]) => codes.map((c) => wardName.get(c) ?? c).join(", ");
  const err = (f: string) => (result && !result.ok ? result.errors?.[f] : undefined);
  const errorText = (keys: string[] | undefined) => keys?.map((k) => t(`places.errors.${k.split(":")[0]}`, { defaultValue: t("places.errors.invalid") })).join(" ");
  const edit = data.edit;
  const pages = Math.max(1, Math.ceil(data.listing.total / data.listing.pageSize));
  const link = (params: Record<string, string | number>) => `?${new URLSearchParams({ province: data.province, ...(data.q ? { q: data.q } : {}), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) })}`;
  return (
    <StaffLayout user={data.user} title={data.title}>
      {result?.ok && <ActionNotice kind="ok">{t(`places.done.${result.intent}`, { count: result.count ?? 0 })}</ActionNotice>}
      {result && !result.ok && "problem" in result && result.problem && <ActionNotice kind="error">{t(`places.problems.${result.problem}`)}</ActionNotice>}
      <p>{t("places.lead")}</p>

      <Form method="get" className="form-grid" role="search" aria-label={t("places.searchLabel")}>
        <SelectField name="province" label={t("places.province")} defaultValue={data.province}>
          {data.provinces.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
        </SelectField>
        <TextField name="q" label={t("places.search")} hint={t("places.searchHint")} defaultValue={data.q} type="search" />
        <div className="field"><button type="submit" className="button">{t("places.find")}</button></div>
      </Form>

      <p>{t("places.count", { count: data.listing.total })} · <a href={`/quan-tri/dia-danh.csv?province=${data.province}`} download>{t("places.export")}</a></p>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t("places.name")}</th><th scope="col">{t("places.kind")}</th><th scope="col">{t("places.wards")}</th><th scope="col">{t("places.aliases")}</th><th scope="col">{t("places.source")}</th><th scope="col">{t("places.actions")}</th></tr></thead>
          <tbody>
            {data.listing.rows.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{t(`places.kinds.${p.kind}`)}</td>
                <td>{names(p.wardCodes)}</td>
                <td>{p.aliases.join("; ")}</td>
                <td>{p.source}</td>
                <td>
                  <Link to={link({ edit: p.id }) + "#place-form"} aria-label={t("places.editOne", { name: p.name })}>{t("places.edit")}</Link>{" "}
                  <RowAction intent="retire" fields={{ province: data.province, id: p.id }} text={t("places.retire")} label={t("places.retireOne", { name: p.name })} busy={busy} secondary />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label={t("places.pages")}>
          {data.listing.page > 1 && <Link to={link({ page: data.listing.page - 1 })}>{t("places.previous")}</Link>}{" "}
          {t("places.pageOf", { page: data.listing.page, pages })}{" "}
          {data.listing.page < pages && <Link to={link({ page: data.listing.page + 1 })}>{t("places.next")}</Link>}
        </nav>
      )}

      <section className="card" aria-labelledby="suggestions">
        <h2 id="suggestions">{t("places.suggestions", { count: data.suggestions.length })}</h2>
        {data.suggestions.length === 0 ? <p>{t("places.noSuggestions")}</p> : (
          <ul className="plain-list">
            {data.suggestions.map((s) => (
              <li key={s.id}>
                <p>{t("places.suggestion", { phrase: s.phrase, ward: s.wardName ?? s.wardCode, by: s.suggestedByName ?? "—" })}{s.tipId ? ` (${t("places.fromTip", { id: s.tipId })})` : ""}</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="province" value={data.province} />
                  <input type="hidden" name="id" value={s.id} />
                  <label htmlFor={`kind-${s.id}`}>{t("places.kind")}</label>{" "}
                  <select id={`kind-${s.id}`} name="kind" defaultValue="other">
                    {PLACE_KINDS.map((k) => <option key={k} value={k}>{t(`places.kinds.${k}`)}</option>)}
                  </select>{" "}
                  <button type="submit" name="intent" value="accept" className="button" disabled={busy} aria-label={t("places.acceptOne", { phrase: s.phrase })}>{t("places.accept")}</button>{" "}
                  <button type="submit" name="intent" value="reject" className="button secondary" disabled={busy} aria-label={t("places.rejectOne", { phrase: s.phrase })}>{t("places.reject")}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="place-form" id="place-form">
        <h2 id="place-form-title">{edit ? t("places.editTitle", { name: edit.name }) : t("places.new")}</h2>
        <Form method="post" key={edit?.id ?? "new"}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="province" value={data.province} />
          {edit && <input type="hidden" name="id" value={edit.id} />}
          <div className="form-grid">
            <div className="field">
              <label htmlFor="name">{t("places.name")}</label>
              <span className="hint" id="name-hint">{t("places.nameHint")}</span>
              <input id="name" name="name" type="text" required defaultValue={edit?.name ?? ""} aria-invalid={err("name") ? true : undefined} aria-describedby="name-hint name-error" />
              <span id="name-error" className="field-error">{errorText(err("name"))}</span>
            </div>
            <SelectField name="kind" label={t("places.kind")} defaultValue={edit?.kind ?? "market"}>
              {PLACE_KINDS.map((k) => <option key={k} value={k}>{t(`places.kinds.${k}`)}</option>)}
            </SelectField>
            <div className="field">
              <label htmlFor="wardCodes">{t("places.wards")}</label>
              <span className="hint" id="wardCodes-hint">{t("places.wardsHint")}</span>
              <select id="wardCodes" name="wardCodes" multiple size={8} defaultValue={edit?.wardCodes ?? []} aria-invalid={err("wardCodes") ? true : undefined} aria-describedby="wardCodes-hint wardCodes-error">
                {data.wards.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
              </select>
              <span id="wardCodes-error" className="field-error">{errorText(err("wardCodes"))}</span>
            </div>
            <div className="field">
              <label htmlFor="aliases">{t("places.aliases")}</label>
              <span className="hint" id="aliases-hint">{t("places.aliasesHint")}</span>
              <textarea id="aliases" name="aliases" rows={3} defaultValue={edit?.aliases.join("\n") ?? ""} aria-describedby="aliases-hint aliases-error" />
              <span id="aliases-error" className="field-error">{errorText(err("aliases"))}</span>
            </div>
            <div className="field">
              <label htmlFor="source">{t("places.source")}</label>
              <span className="hint" id="source-hint">{t("places.sourceHint")}</span>
              <input id="source" name="source" type="text" defaultValue={edit?.source ?? ""} aria-describedby="source-hint source-error" />
              <span id="source-error" className="field-error">{errorText(err("source"))}</span>
            </div>
          </div>
          <button type="submit" className="button" disabled={busy}>{t("places.save")}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="csv-import">
        <h2 id="csv-import">{t("places.importTitle")}</h2>
        <p>{t("places.importLead")}</p>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="province" value={data.province} />
          <div className="field">
            <label htmlFor="file">{t("places.file")}</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-error" />
            <span id="file-error" className="field-error">{errorText(err("file"))}</span>
          </div>
          <button type="submit" name="intent" value="preview" className="button secondary" disabled={busy}>{t("places.preview")}</button>{" "}
          <button type="submit" name="intent" value="import" className="button" disabled={busy}>{t("places.import")}</button>
        </Form>
        {result && !result.ok && result.csvErrors?.length ? (
          <div role="alert">
            <p>{t("places.csvErrors", { count: result.csvErrors.length })}</p>
            <ul>{result.csvErrors.map((e, i) => <li key={i}>{t("places.csvLine", { line: e.line })}{e.column ? ` (${e.column})` : ""}: {en ? e.message.en : e.message.vi}</li>)}</ul>
          </div>
        ) : null}
        {result?.ok && result.intent === "preview" && result.preview && (
          <ul>{result.preview.map((r) => <li key={r.line}>{t("places.csvLine", { line: r.line })}: {r.name} ({t("places.wardCount", { count: r.wards })})</li>)}</ul>
        )}
      </section>
    </StaffLayout>
  );
}
