/**
 * /can-bo/truc-ban — the province duty desk (issue 12; docs/decisions/0056-province-duty-desk.md).
 * The tips the pipeline could not place in a ward — owned by a province unit, open, in no
 * ward — oldest first, each with the resolver's guesses (ward names, scores, the words that
 * carried them) and why it is here; each is routed in one step to a ward of the province (a
 * folded search: "hai chau" finds "Phường Hải Châu", old names too) or a specialised unit,
 * with a reason that goes into its history. Officers attached to a province unit, and the
 * province's supervisors and administrators, work it (auth.server.ts getDeskProvinces);
 * anyone else gets a 404.
 *
 * Without JavaScript the search is a GET that comes back to the same tip, the page scrolled
 * to its list and the focus on it (the fragment names the list, which has autofocus); with
 * JavaScript the list filters as one types. Routing is a POST (same-origin guard, body
 * limits), then a redirect (PRG). When a tip goes to a ward, the place phrase of its address
 * is offered to the gazetteer (/quan-tri/dia-danh) so the next "chợ X" resolves by itself.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { countDeskTips, listDeskTargets, listDeskTips, listDeskUnits, placeDeskTip } from "../../db/queries/duty-desk";
import { suggestPlace } from "../../db/queries/places";
import { findLatestTipEventOfUser } from "../../db/queries/tip-events";
import { findUnits } from "../../db/queries/units";
import { placePhrase } from "../../domain/place-phrase";
import { normalizeText, foldVietnamese } from "../../domain/text";
import { useSentenceContext } from "~/components/staff/AuditTrail";
import { asReason, describeReason } from "~/components/staff/audit-sentences";
import { tooLong, tooShort } from "~/components/staff/error-keys";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { formatDateTime, StatusBadge, useCategoryLabel } from "~/components/staff/format";
import { announce, categoryLabels, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { filterWards, type WardChoice } from "~/components/intake/ward-filter";
import { useHydrated } from "~/components/intake/use-hydrated";
import { getDeskProvinces, notFound, requireRole, type StaffUser } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { wardChoices } from "~/utils/ward-choices.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

/** Tips shown at once: a desk routes from the top; the rest come as the top ones leave. */
const PAGE = 30;
/** Search results listed before the whole province. */
const MAX_FOUND = 12;

const text = (min: number, max: number) =>
  z.string({ required_error: "required" }).transform((v) => normalizeText(v)).pipe(z.string().min(min, tooShort(min)).max(max, tooLong(max)));

const PlaceSchema = z.object({
  tipId: z.coerce.number({ invalid_type_error: "invalid" }).int("invalid").positive("invalid"),
  toUnit: z.string({ required_error: "chooseOne" }).trim().min(1, "chooseOne").max(40, "chooseOne"),
  reason: text(3, 1000),
});

interface Desk {
  user: StaffUser;
  provinces: string[];
  province: string;
}

/** The user's desk provinces and the one this request is about (`?tinh=`); 404 for anyone without a desk or another province. */
async function openDesk(request: Request, context: LoaderFunctionArgs["context"], asked: string | null): Promise<Desk> {
  const user = await requireRole(request, context, "officer", "supervisor", "admin");
  const provinces = await getDeskProvinces(context.db, user);
  if (provinces.length === 0) notFound();
  if (asked !== null) {
    if (!provinces.includes(asked)) notFound();
    return { user, provinces, province: asked };
  }
  // A deployment's administrator sees every province: start with the home province.
  const home = (context.config.HOME_PROVINCES ?? []).find((code) => provinces.includes(code));
  return { user, provinces, province: home ?? provinces[0]! };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { user, provinces, province } = await openDesk(request, context, url.searchParams.get("tinh"));
  const db = context.db;
  const allUnits = await listDeskUnits(db, provinces);
  const units = await listDeskUnits(db, [province]);
  const [counts, page, wards, targets, labels] = await Promise.all([
    countDeskTips(db, allUnits), listDeskTips(db, units, PAGE), wardChoices(db, province), listDeskTargets(db, province), categoryLabels(db),
  ]);

  const searchTip = Number(url.searchParams.get("tin"));
  const query = normalizeText(url.searchParams.get("q") ?? "").slice(0, 100);
  const search = Number.isInteger(searchTip) && searchTip > 0 && query ? { tipId: searchTip, query } : null;

  const doneId = Number(url.searchParams.get("da-chuyen"));
  const done = Number.isInteger(doneId) && doneId > 0 ? await findOwnPlacement(context, doneId, user.id) : null;

  // Names for every code the page shows: provinces, guessed wards, where a routed tip went.
  const codes = new Set<string>([...provinces, ...(done ? [done.toUnit] : [])]);
  for (const tip of page.tips) {
    for (const c of tip.detail?.candidates ?? []) codes.add(c.wardCode);
    for (const c of tip.candidateCodes) codes.add(c);
    if (tip.formProvinceCode) codes.add(tip.formProvinceCode);
    for (const reason of [asReason(tip.detail?.because), asReason(tip.detail?.routing)]) for (const value of Object.values(reason?.params ?? {})) for (const v of [value].flat()) if (typeof v === "string") codes.add(v);
  }
  const unitNames = Object.fromEntries((await findUnits(db, [...codes])).map((u) => [u.code, u.name]));
  const provinceName = unitNames[province] ?? province;

  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", provinces.length > 1 || user.role !== "officer" ? "dutyDesk.titleProvince" : "dutyDesk.title", { province: provinceName }),
    province,
    provinces: provinces
      .filter((code) => code === province || (counts[code] ?? 0) > 0)
      .map((code) => ({ code, name: unitNames[code] ?? code, waiting: counts[code] ?? 0 })),
    tips: page.tips.map((tip) => ({
      ...tip,
      guesses: (tip.detail?.candidates.length ? tip.detail.candidates : tip.candidateCodes.map((wardCode) => ({ wardCode, score: 0, words: [] as string[] })))
        .filter((c) => wards.some((w) => w.code === c.wardCode)),
    })),
    more: page.more,
    wards,
    specials: targets.filter((t) => t.level === "special").map((t) => ({ code: t.code, name: t.name })),
    unitNames,
    labels,
    search,
    done: done ? { id: doneId, unit: unitNames[done.toUnit] ?? done.toUnit, phrase: done.suggestedPhrase } : null,
  }, { headers: { "Cache-Control": "private, no-store" } });
}

/** The notice after a redirect: only about a routing this very user made (the tip is out of their scope now). */
async function findOwnPlacement(context: LoaderFunctionArgs["context"], tipId: number, userId: number) {
  const data = await findLatestTipEventOfUser(context.db, { tipId, type: "placed", userId });
  if (!data) return null;
  if (typeof data.toUnit !== "string") return null;
  return { toUnit: data.toUnit, suggestedPhrase: typeof data.suggestedPhrase === "string" ? data.suggestedPhrase : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const url = new URL(request.url);
  const { user, province } = await openDesk(request, context, url.searchParams.get("tinh"));
  const form = await requireForm(request);
  const values = { tipId: String(form.get("tipId") ?? ""), toUnit: String(form.get("toUnit") ?? ""), reason: String(form.get("reason") ?? "") };
  const parsed = PlaceSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return json({ tipId: Number(values.tipId) || null, values, errors, problem: null }, { status: 400 });
  }
  const input = parsed.data;
  const at = new Date().toISOString();
  // The province's own names are no place of their own ("Đà Nẵng" alone is what put the tip here).
  const provinceNames = (await findUnits(context.db, [province])).map((u) => foldVietnamese(u.name.replace(/^(Thành phố|Tỉnh)\s+/i, "")));
  const outcome = await placeDeskTip(
    context.db, input.tipId,
    { toUnit: input.toUnit, reason: input.reason, phraseOf: (address) => placePhrase(address, provinceNames) },
    { userId: user.id, actorKind: user.role, deskUnits: await listDeskUnits(context.db, [province]), at },
  );
  if (!outcome.ok) {
    return outcome.problem === "badTarget"
      ? json({ tipId: input.tipId, values, errors: { toUnit: ["deskTarget"] }, problem: null }, { status: 400 })
      : json({ tipId: input.tipId, values, errors: null, problem: "gone" }, { status: 409 });
  }
  await announce(context, [outcome.fromUnit, input.toUnit], input.tipId, "routed");
  if (outcome.wardCode && outcome.suggestedPhrase) {
    // Learning (issue 12, item 5): the administrator accepts or rejects it on /quan-tri/dia-danh.
    await suggestPlace(context.db, { provinceCode: outcome.provinceCode, phrase: outcome.suggestedPhrase, wardCode: outcome.wardCode, tipId: input.tipId, userId: user.id }, at);
  }
  return redirect(`/can-bo/truc-ban?tinh=${encodeURIComponent(province)}&da-chuyen=${input.tipId}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type DeskRow = LoaderData["tips"][number];

export default function DutyDesk() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  return (
    <StaffLayout user={data.user} title={data.title}>
      {data.done && (
        <ActionNotice kind="ok">
          {t("dutyDesk.done", { id: data.done.id, unit: data.done.unit })}
          {data.done.phrase && <> {t("dutyDesk.doneSuggested", { phrase: data.done.phrase })}</>}
        </ActionNotice>
      )}
      <p>{t("dutyDesk.lead")}</p>
      {data.provinces.length > 1 && (
        <nav aria-label={t("dutyDesk.province")} className="desk-provinces">
          <span>{t("dutyDesk.otherProvinces")}</span>{" "}
          {data.provinces.map((p) => (
            <Link key={p.code} to={`?tinh=${p.code}`} aria-current={p.code === data.province ? "page" : undefined}>
              {p.name} ({t("dutyDesk.waiting", { count: p.waiting })})
            </Link>
          ))}
        </nav>
      )}
      <p className="hint" role="status">{t("dutyDesk.waiting", { count: data.provinces.find((p) => p.code === data.province)?.waiting ?? 0 })}</p>
      {data.tips.length === 0 ? <p className="empty">{t("dutyDesk.empty")}</p> : (
        <ol className="desk-list">
          {data.tips.map((tip) => <li key={tip.id}><DeskTip tip={tip} data={data} /></li>)}
        </ol>
      )}
      {data.more && <p className="hint">{t("dutyDesk.more")}</p>}
    </StaffLayout>
  );
}

function DeskTip({ tip, data }: { tip: DeskRow; data: LoaderData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const ctx = useSentenceContext(data.unitNames, data.labels);
  const because = asReason(tip.detail?.because);
  const routedBecause = asReason(tip.detail?.routing);
  const words = tip.detail?.words ?? [];
  const name = (code: string) => data.unitNames[code] ?? code;
  return (
    <article id={`tip-${tip.id}`} className="card desk-tip" aria-labelledby={`tip-${tip.id}-title`}>
      <div className="desk-info">
        <h2 id={`tip-${tip.id}-title`}>
          <Link to={`/can-bo/tin/${tip.id}`}>{t("dutyDesk.tip", { id: tip.id })}</Link> · {category(tip.category)}
        </h2>
        <p className="desk-meta">
          <span>{t("dutyDesk.received", { date: formatDateTime(tip.createdAt, i18n.language) })}</span> <StatusBadge status={tip.status} />
        </p>
        <p className="desk-excerpt">{tip.excerpt}</p>
        <dl className="desk-facts">
          <dt>{t("dutyDesk.address")}</dt>
          <dd>{tip.address ? <q>{tip.address}</q> : t("dutyDesk.noAddress")}</dd>
          {tip.formProvinceCode && <dd>{t("dutyDesk.formProvince", { province: name(tip.formProvinceCode) })}</dd>}
          <dt>{t("dutyDesk.why")}</dt>
          <dd>{because ? describeReason(because, ctx) : t("dutyDesk.whyUnknown")}</dd>
          {routedBecause && <dd>{describeReason(routedBecause, ctx)}</dd>}
          {words.length > 0 && <dd>{t("dutyDesk.words", { words: words.map((w) => `“${w}”`).join(", ") })}</dd>}
          <dt>{t("dutyDesk.candidates")}</dt>
          {tip.guesses.length === 0 ? <dd>{t("dutyDesk.noCandidates")}</dd> : (
            <dd>
              <ul className="desk-guesses">
                {tip.guesses.map((g) => (
                  <li key={g.wardCode}>
                    {t("dutyDesk.candidate", { ward: name(g.wardCode), percent: Math.round(g.score * 100) })}
                    {g.words.length > 0 && <> ({t("dutyDesk.candidateWords", { words: g.words.join(" ") })})</>}
                  </li>
                ))}
              </ul>
            </dd>
          )}
        </dl>
      </div>
      <RouteForm tip={tip} data={data} />
    </article>
  );
}

function RouteForm({ tip, data }: { tip: DeskRow; data: LoaderData }) {
  const { t } = useTranslation("staff");
  const hydrated = useHydrated();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const mine = result && result.tipId === tip.id ? result : null;
  const searched = data.search?.tipId === tip.id ? data.search.query : "";
  const [query, setQuery] = useState(searched);
  const wards = data.wards as WardChoice[];
  const guessCodes = tip.guesses.map((g) => g.wardCode);
  const found = useMemo(
    () => (query.trim() ? filterWards(wards, query).map((m) => m.ward).filter((w) => !guessCodes.includes(w.code)).slice(0, MAX_FOUND) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, wards],
  );
  const errors = (mine?.errors ?? null) as Record<string, string[]> | null;
  const listId = `to-${tip.id}`;
  const name = (code: string) => data.unitNames[code] ?? wards.find((w) => w.code === code)?.name ?? code;
  const lone = found.length === 1 && query === searched ? found[0]!.code : "";
  const [chosen, setChosen] = useState(mine?.values.toUnit ?? lone);
  const searchStatus = query.trim() ? (found.length ? t("dutyDesk.searchFound", { count: found.length, query }) : t("dutyDesk.searchNone", { query })) : "";
  return (
    <div className="desk-route">
      {mine?.problem === "gone" && <ActionNotice kind="error">{t("dutyDesk.gone")}</ActionNotice>}
      <Form
        method="get"
        action={`#${listId}`}
        className="desk-search"
        onSubmit={(e) => {
          // With JavaScript the list already follows what is typed.
          if (hydrated) e.preventDefault();
        }}
      >
        <input type="hidden" name="tinh" value={data.province} />
        <input type="hidden" name="tin" value={tip.id} />
        <label htmlFor={`q-${tip.id}`}>{t("dutyDesk.search")}</label>
        <div className="search-row">
          <input
            id={`q-${tip.id}`} name="q" type="search" value={query} maxLength={100} autoComplete="off"
            onChange={(e) => {
              setQuery(e.target.value);
              const matches = e.target.value.trim() ? filterWards(wards, e.target.value).filter((m) => !guessCodes.includes(m.ward.code)) : [];
              if (matches.length === 1) setChosen(matches[0]!.ward.code);
            }}
          />
          <button type="submit" className="button secondary">{t("dutyDesk.searchButton")}</button>
        </div>
      </Form>
      <Form method="post" action={`?tinh=${encodeURIComponent(data.province)}`}>
        <input type="hidden" name="tipId" value={tip.id} />
        <div className="field">
          <label htmlFor={listId}>{t("dutyDesk.to")}</label>
          <p className="hint" id={`${listId}-status`} role="status">{searchStatus}</p>
          <select
            id={listId} name="toUnit" required value={chosen} onChange={(e) => setChosen(e.target.value)}
            autoFocus={searched !== "" && !mine}
            aria-invalid={errors?.toUnit ? true : undefined}
            aria-describedby={`${listId}-status ${listId}-error`}
          >
            <option value="">{t("dutyDesk.choose")}</option>
            {tip.guesses.length > 0 && (
              <optgroup label={t("dutyDesk.groupCandidates")}>
                {tip.guesses.map((g) => <option key={g.wardCode} value={g.wardCode}>{name(g.wardCode)}</option>)}
              </optgroup>
            )}
            {found.length > 0 && (
              <optgroup label={t("dutyDesk.groupFound")}>
                {found.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
              </optgroup>
            )}
            {data.specials.length > 0 && (
              <optgroup label={t("dutyDesk.groupSpecial")}>
                {data.specials.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
              </optgroup>
            )}
            <optgroup label={t("dutyDesk.groupAll")}>
              {wards.filter((w) => !guessCodes.includes(w.code) && !found.some((f) => f.code === w.code)).map((w) => (
                <option key={w.code} value={w.code}>{w.name}</option>
              ))}
            </optgroup>
          </select>
          <FieldError id={`${listId}-error`} errors={errors?.toUnit} />
        </div>
        <div className="field">
          <label htmlFor={`reason-${tip.id}`}>{t("dutyDesk.reason")}</label>
          <span className="hint" id={`reason-${tip.id}-hint`}>{t("dutyDesk.reasonHint")}</span>
          <textarea
            id={`reason-${tip.id}`} name="reason" rows={2} required minLength={3} maxLength={1000} defaultValue={mine?.values.reason ?? ""}
            aria-invalid={errors?.reason ? true : undefined} aria-describedby={`reason-${tip.id}-hint reason-${tip.id}-error`}
          />
          <FieldError id={`reason-${tip.id}-error`} errors={errors?.reason} />
        </div>
        <button type="submit" className="button" disabled={busy}>{t("dutyDesk.submit")}</button>
      </Form>
    </div>
  );
}
