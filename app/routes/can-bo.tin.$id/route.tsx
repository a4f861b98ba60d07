/**
 * /can-bo/tin/:id — one tip: what the tipster sent, where it happened, its
 * duplicates, cases, the thread with the tipster and the audit trail; and,
 * for officers of the owning unit, the actions (each a POST with an intent).
 * Supervisors of the province read it; a tip outside the scope is a 404. The
 * tipster's identity is never on a GET: it is revealed by a POST with a reason.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { AuditTrail } from "~/components/staff/AuditTrail";
import { ActionNotice, FieldError } from "~/components/staff/forms";
import { DeadlineBadge, formatDate, formatDateTime, StatusBadge, useCategoryLabel, ValuableBadge } from "~/components/staff/format";
import { pageTitle, parseId } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { describeReason } from "~/components/staff/similarity";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { WardMap } from "~/components/staff/WardMap";
import { findTipForStaff } from "../../../db/queries/staff-tips";
import { getUnitScope, notFound, requireOfficer, requireRole } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { runTipAction, type TipActionResult, type TipIntent } from "./actions.server";
import { loadTipPage } from "./tip.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} — Tin Báo` }];
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, "officer", "supervisor");
  const tipId = parseId(params.id);
  if (!tipId) notFound();
  const units = await getUnitScope(context.db, user);
  const page = await loadTipPage(context, user, units, tipId);
  if (!page) notFound();
  return json({ user: staffView(user), title: await pageTitle(request, "staff", "tip.title", { id: tipId }), ...page }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireOfficer(request, context);
  const tipId = parseId(params.id);
  if (!tipId) notFound();
  const units = await getUnitScope(context.db, user);
  const tip = await findTipForStaff(context.db, tipId, units);
  if (!tip) notFound();
  // A unit that received a copy for information reads the tip but does not act on it.
  if (tip.access !== "owner") throw new Response("Forbidden", { status: 403 });
  const result = await runTipAction(context, user, units, tipId, await requireForm(request));
  const status = result.ok ? 200 : result.errors ? 400 : result.problem === "unknown" ? 400 : 409;
  // An identity shown in this response must not be kept by any cache.
  return json(result, { status, headers: { "Cache-Control": "private, no-store" } });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function useIntentResult(intent: TipIntent): TipActionResult | undefined {
  const result = useActionData<typeof action>() as TipActionResult | undefined;
  return result?.intent === intent ? result : undefined;
}

/** A form that empties itself once its action has succeeded (with JavaScript; without, the page reloads anyway). */
function useResetOnSuccess(intent: TipIntent) {
  const ref = useRef<HTMLFormElement>(null);
  const result = useIntentResult(intent);
  useEffect(() => {
    if (result?.ok) ref.current?.reset();
  }, [result]);
  return ref;
}

function errorsOf(result: TipActionResult | undefined, field: string) {
  return result?.errors?.[field];
}

function Problem({ intent }: { intent: TipIntent }) {
  const { t } = useTranslation("staff");
  const result = useIntentResult(intent);
  if (!result) return null;
  if (result.ok) return <ActionNotice kind="ok">{t(`tip.done.${intent}`)}{result.problem ? ` ${t(`tip.problems.${result.problem}`)}` : ""}</ActionNotice>;
  if (result.problem) return <ActionNotice kind="error">{t(`tip.problems.${result.problem}`)}</ActionNotice>;
  return <ActionNotice kind="error">{t("tip.problems.checkFields")}</ActionNotice>;
}

function Submit({ children, className = "button" }: { children: React.ReactNode; className?: string }) {
  const busy = useNavigation().state === "submitting";
  return <button type="submit" className={className} disabled={busy}>{children}</button>;
}

function ReasonField({ intent, id, label, rows = 2 }: { intent: TipIntent; id: string; label: string; rows?: number }) {
  const result = useIntentResult(intent);
  const errors = errorsOf(result, "reason");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="reason" rows={rows} required aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined} className="short" />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

function Summary({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const tip = data.tip;
  const lng = i18n.language;
  return (
    <dl className="facts">
      <dt>{t("tip.category")}</dt><dd>{category(tip.category)}</dd>
      <dt>{t("tip.status")}</dt><dd><StatusBadge status={tip.status} /></dd>
      <dt>{t("tip.occurred")}</dt>
      <dd>
        {tip.occurredPrecision === "ongoing" ? <span className="badge danger">{t("precision.ongoing")}</span>
          : tip.occurredAt ? `${formatDateTime(tip.occurredAt, lng)} (${t(`precision.${tip.occurredPrecision}`)})`
          : t("precision.unknown")}
      </dd>
      <dt>{t("tip.received")}</dt><dd>{formatDateTime(tip.createdAt, lng)}</dd>
      <dt>{t("tip.channel")}</dt><dd>{t(`channel.${tip.channel}`)}</dd>
      <dt>{t("tip.unit")}</dt><dd>{tip.unitCode ? data.unitNames[tip.unitCode] ?? tip.unitCode : "—"}{tip.access === "copy" && <> <span className="badge">{t("tip.copyBadge")}</span></>}</dd>
      {data.sourceOrg && <><dt>{t("tip.sourceOrg")}</dt><dd>{lng === "en" ? data.sourceOrg.en : data.sourceOrg.vi}</dd></>}
      <dt>{t("tip.deadline")}</dt>
      <dd>
        {tip.status === "closed" ? t("tip.closedOn", { date: formatDateTime(tip.closedAt, lng) }) : (
          <><DeadlineBadge daysLeft={tip.daysLeft} /> {t("tip.deadlineDate", { date: formatDate(tip.deadlineAt, lng) })}</>
        )}
      </dd>
      <dt>{t("tip.valuable")}</dt>
      <dd><ValuableBadge valuable={tip.valuable} />{tip.valuableReason && <> — {tip.valuableReason}</>}</dd>
      <dt>{t("tip.handler")}</dt>
      <dd>{tip.claimedByName ? t("queue.handledBy", { name: tip.claimedByName }) : t("tip.unclaimed")}</dd>
      <dt>{t("tip.reporter")}</dt><dd>{tip.identified ? t("tip.identified") : t("tip.anonymous")}</dd>
    </dl>
  );
}

function Place({ data }: { data: LoaderData }) {
  const { t } = useTranslation("staff");
  const tip = data.tip;
  const given =
    tip.locationKind === "ward" ? t("place.givenWard", { ward: tip.locationWardCode ? data.unitNames[tip.locationWardCode] ?? tip.locationWardCode : "" })
    : tip.locationKind === "address" ? t("place.givenAddress", { address: tip.locationAddress ?? "" })
    : tip.locationKind === "point" ? t("place.givenPoint", { lat: tip.locationLat?.toFixed(5), lng: tip.locationLng?.toFixed(5) })
    : t("place.givenNone");
  return (
    <section aria-labelledby="place-title" className="card">
      <h2 id="place-title">{t("place.title")}</h2>
      <div className="place">
        <div>
          <p>{given}</p>
          <dl className="facts">
            <dt>{t("place.resolved")}</dt><dd>{data.place.wardName ?? t("place.unresolved")}</dd>
            <dt>{t("place.method")}</dt><dd>{t(`place.methods.${tip.resolveMethod ?? "none"}`, { defaultValue: tip.resolveMethod ?? "" })}</dd>
            <dt>{t("place.confidence")}</dt><dd>{tip.resolveConfidence === null ? "—" : `${Math.round(tip.resolveConfidence * 100)}%`}</dd>
          </dl>
          {data.place.candidates.length > 1 && (
            <>
              <p>{t("place.candidates")}</p>
              <ul>{data.place.candidates.map((c) => <li key={c.code}>{c.name} ({c.code})</li>)}</ul>
            </>
          )}
        </div>
        {data.place.map && (
          <figure className="ward-figure">
            <WardMap map={data.place.map} label={t("place.mapLabel", { ward: data.place.wardName ?? "" })} />
            <figcaption>{data.place.map.point ? t("place.mapPoint") : t("place.mapNoPoint")}</figcaption>
          </figure>
        )}
      </div>
    </section>
  );
}

function Cluster({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(data.labels);
  const merge = useIntentResult("merge");
  const mergeForm = useResetOnSuccess("merge");
  const splitForm = useResetOnSuccess("split");
  const reasonText = (r: { score: number | null; reasons: string[]; matchedTipId: number | null }) =>
    [r.score !== null ? t("cluster.score", { score: Math.round(r.score * 100) }) : null,
     r.matchedTipId ? t("cluster.matched", { id: r.matchedTipId }) : null,
     ...r.reasons.map((x) => describeReason(x, t, { unit: (code) => data.unitNames[code] ?? code, category }))].filter(Boolean).join(" · ");
  return (
    <section aria-labelledby="cluster-title" className="card">
      <h2 id="cluster-title">{t("cluster.title")}</h2>
      <p>{data.cluster.size > 1 ? t("queue.reportedBy", { count: data.cluster.size }) : t("cluster.alone")}</p>
      {data.cluster.ownReasons.map((r, i) => <p key={i} className="hint">{t("cluster.whyThis")} {reasonText(r)}</p>)}
      {data.cluster.peers.length > 0 && (
        <div className="side-by-side">
          <article className="peer this">
            <h3>{t("cluster.thisTip", { id: data.tip.id })}</h3>
            <p className="tip-text">{data.tip.description}</p>
          </article>
          {data.cluster.peers.map((p) => (
            <article className="peer" key={p.id}>
              <h3><Link to={`/can-bo/tin/${p.id}`}>{t("queue.tipNumber", { id: p.id })}</Link> · {category(p.category)}</h3>
              <p className="hint">{formatDateTime(p.createdAt, i18n.language)}{p.wardName ? ` · ${p.wardName}` : ""} · <StatusBadge status={p.status} /></p>
              <p className="tip-text">{p.description}</p>
              {p.reasons.map((r, i) => <p key={i} className="similarity">{reasonText(r)}</p>)}
            </article>
          ))}
        </div>
      )}
      {data.cluster.hidden > 0 && <p>{t("cluster.hidden", { count: data.cluster.hidden })}</p>}
      {data.canAct && (
        <div className="action-grid">
          <Form method="post" className="action-box" ref={mergeForm}>
            <input type="hidden" name="intent" value="merge" />
            <Problem intent="merge" />
            <div className="field">
              <label htmlFor="targetTipId">{t("cluster.mergeLabel")}</label>
              <span className="hint" id="targetTipId-hint">{t("cluster.mergeHint")}</span>
              <input id="targetTipId" name="targetTipId" type="number" min={1} inputMode="numeric" required
                aria-invalid={merge?.errors?.targetTipId ? true : undefined} aria-describedby="targetTipId-hint targetTipId-error" />
              <FieldError id="targetTipId-error" errors={errorsOf(merge, "targetTipId")} />
            </div>
            <Submit className="button secondary">{t("cluster.merge")}</Submit>
          </Form>
          {data.cluster.size > 1 && (
            <Form method="post" className="action-box" ref={splitForm}>
              <input type="hidden" name="intent" value="split" />
              <Problem intent="split" />
              <ReasonField intent="split" id="split-reason" label={t("cluster.splitReason")} />
              <Submit className="button secondary">{t("cluster.split")}</Submit>
            </Form>
          )}
        </div>
      )}
    </section>
  );
}

function Actions({ data }: { data: LoaderData }) {
  const { t } = useTranslation("staff");
  const tip = data.tip;
  const valuable = useIntentResult("valuable");
  const reroute = useIntentResult("reroute");
  const extend = useIntentResult("extend");
  const rerouteForm = useResetOnSuccess("reroute");
  const extendForm = useResetOnSuccess("extend");
  const open = tip.status !== "closed";
  if (!open) return null;
  return (
    <section aria-labelledby="actions-title" className="card">
      <h2 id="actions-title">{t("tip.actionsTitle")}</h2>
      <div className="action-grid">
        <Form method="post" className="action-box">
          <input type="hidden" name="intent" value="valuable" />
          <h3>{t("tip.valuableTitle")}</h3>
          <Problem intent="valuable" />
          <fieldset aria-describedby={valuable?.errors?.valuable ? "valuable-error" : undefined}>
            <legend>{t("tip.valuableQuestion")}</legend>
            <label className="choice"><input type="radio" name="valuable" value="1" defaultChecked={tip.valuable === true} /> <span>{t("valuable.yes")}</span></label>
            <label className="choice"><input type="radio" name="valuable" value="0" defaultChecked={tip.valuable === false} /> <span>{t("valuable.no")}</span></label>
            <FieldError id="valuable-error" errors={errorsOf(valuable, "valuable")} />
          </fieldset>
          <ReasonField intent="valuable" id="valuable-reason" label={t("tip.valuableReason")} />
          <Submit>{t("tip.saveValuable")}</Submit>
        </Form>

        <Form method="post" className="action-box" ref={rerouteForm}>
          <input type="hidden" name="intent" value="reroute" />
          <h3>{t("tip.rerouteTitle")}</h3>
          <Problem intent="reroute" />
          <div className="field">
            <label htmlFor="toUnit">{t("tip.rerouteTo")}</label>
            <select id="toUnit" name="toUnit" required defaultValue="" aria-invalid={reroute?.errors?.toUnit ? true : undefined} aria-describedby="toUnit-error">
              <option value="" disabled>{t("tip.chooseUnit")}</option>
              {data.rerouteTargets.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
            </select>
            <FieldError id="toUnit-error" errors={errorsOf(reroute, "toUnit")} />
          </div>
          <ReasonField intent="reroute" id="reroute-reason" label={t("tip.rerouteReason")} />
          <Submit className="button secondary">{t("tip.reroute")}</Submit>
        </Form>

        <Form method="post" className="action-box" ref={extendForm}>
          <input type="hidden" name="intent" value="extend" />
          <h3>{t("tip.extendTitle")}</h3>
          <p className="hint">{t("tip.extendHint", { days: data.extensionDaysLeft })}</p>
          <Problem intent="extend" />
          <div className="field">
            <label htmlFor="days">{t("tip.extendDays")}</label>
            <input id="days" name="days" type="number" min={1} max={60} required inputMode="numeric"
              aria-invalid={extend?.errors?.days ? true : undefined} aria-describedby="days-error" />
            <FieldError id="days-error" errors={errorsOf(extend, "days")} />
          </div>
          <ReasonField intent="extend" id="extend-reason" label={t("tip.extendReason")} />
          <Submit className="button secondary">{t("tip.extend")}</Submit>
          {data.extensions.length > 0 && (
            <ul className="hint">
              {data.extensions.map((e) => <li key={e.id}>{t("tip.extensionLine", { days: e.days, reason: e.reason, by: e.by ?? "" })}</li>)}
            </ul>
          )}
        </Form>

        <Form method="post" className="action-box">
          <input type="hidden" name="intent" value="close" />
          <h3>{t("tip.closeTitle")}</h3>
          <p className="hint">{t("tip.closeHint")}</p>
          <Problem intent="close" />
          <Submit className="button secondary">{t("tip.close")}</Submit>
        </Form>
      </div>
    </section>
  );
}

function Identity({ data }: { data: LoaderData }) {
  const { t } = useTranslation("staff");
  const reveal = useIntentResult("reveal");
  if (!data.tip.identified || !data.canAct) return null;
  return (
    <section aria-labelledby="identity-title" className="card warn-card">
      <h2 id="identity-title">{t("identity.title")}</h2>
      {reveal?.ok && reveal.identity ? (
        <dl className="facts">
          <dt>{t("identity.name")}</dt><dd>{reveal.identity.name || "—"}</dd>
          <dt>{t("identity.phone")}</dt><dd>{reveal.identity.phone || "—"}</dd>
          <dt>{t("identity.email")}</dt><dd>{reveal.identity.email || "—"}</dd>
        </dl>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="reveal" />
          <p>{t("identity.warning")}</p>
          <Problem intent="reveal" />
          <ReasonField intent="reveal" id="reveal-reason" label={t("identity.reason")} />
          <Submit className="button secondary">{t("identity.show")}</Submit>
        </Form>
      )}
    </section>
  );
}

function Cases({ data }: { data: LoaderData }) {
  const { t } = useTranslation("staff");
  const link = useIntentResult("linkCase");
  return (
    <section aria-labelledby="cases-title" className="card">
      <h2 id="cases-title">{t("tip.casesTitle")}</h2>
      {data.cases.visible.length === 0 ? <p>{t("tip.noCases")}</p> : (
        <ul>
          {data.cases.visible.map((c) => (
            <li key={c.id}>
              <Link to={`/can-bo/vu-viec/${c.id}`}>{c.number}</Link> — {c.title}
              {c.decision && <> · {t(`decision.${c.decision}`)}</>}
              {c.arrests > 0 && <> · {t("case.arrestsCount", { count: c.arrests })}</>}
            </li>
          ))}
        </ul>
      )}
      {data.cases.hidden > 0 && <p className="hint">{t("tip.casesHidden", { count: data.cases.hidden })}</p>}
      {data.canAct && (
        <div className="action-grid">
          <div className="action-box">
            <Link to={`/can-bo/vu-viec/moi?tin=${data.tip.id}`} className="button">{t("tip.newCase")}</Link>
          </div>
          {data.recentCases.length > 0 && (
            <Form method="post" className="action-box">
              <input type="hidden" name="intent" value="linkCase" />
              <Problem intent="linkCase" />
              <div className="field">
                <label htmlFor="caseId">{t("tip.linkCase")}</label>
                <select id="caseId" name="caseId" required defaultValue="" aria-describedby="caseId-error">
                  <option value="" disabled>{t("tip.chooseCase")}</option>
                  {data.recentCases.map((c) => <option key={c.id} value={c.id}>{c.number} — {c.title}</option>)}
                </select>
                <FieldError id="caseId-error" errors={errorsOf(link, "caseId")} />
              </div>
              <Submit className="button secondary">{t("tip.link")}</Submit>
            </Form>
          )}
        </div>
      )}
    </section>
  );
}

function Thread({ data }: { data: LoaderData }) {
  const { t, i18n } = useTranslation("staff");
  const message = useIntentResult("message");
  const formRef = useResetOnSuccess("message");
  return (
    <section aria-labelledby="thread-title" className="card">
      <h2 id="thread-title">{t("thread.title")}</h2>
      <p className="hint">{t("thread.hint")}</p>
      {data.messages.length === 0 ? <p>{t("thread.empty")}</p> : (
        <ol className="thread">
          {data.messages.map((m) => (
            <li key={m.id} className={m.author === "officer" ? "from-officer" : "from-tipster"}>
              <p className="thread-meta">
                {m.author === "officer" ? t("thread.officer", { name: m.by ?? "" }) : t("thread.tipster")} ·{" "}
                <time dateTime={m.at}>{formatDateTime(m.at, i18n.language)}</time>
              </p>
              <p className="tip-text">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {data.canAct && data.tip.status !== "closed" && (
        <Form method="post" ref={formRef}>
          <input type="hidden" name="intent" value="message" />
          <Problem intent="message" />
          <div className="field">
            <label htmlFor="message-body">{t("thread.ask")}</label>
            <span className="hint" id="message-hint">{t("thread.askHint")}</span>
            <textarea id="message-body" name="body" required rows={3} aria-invalid={message?.errors?.body ? true : undefined}
              aria-describedby="message-hint message-error" />
            <FieldError id="message-error" errors={errorsOf(message, "body")} />
          </div>
          <Submit>{t("thread.send")}</Submit>
        </Form>
      )}
    </section>
  );
}

export default function TipPage() {
  const { t } = useTranslation("staff");
  const data = useLoaderData<typeof loader>();
  const tip = data.tip;
  const claimAction = data.canAct && tip.status !== "closed" && tip.claimedBy === null ? (
    <Form method="post">
      <input type="hidden" name="intent" value="claim" />
      <Submit>{t("queue.claim")}</Submit>
    </Form>
  ) : null;
  return (
    <StaffLayout user={data.user} title={data.title} actions={claimAction}>
      {data.user.role === "officer" && <p><Link to="/can-bo">{t("tip.backToQueue")}</Link></p>}
      <Problem intent="claim" />
      {!data.canAct && <p className="notice">{tip.access === "copy" ? t("tip.readOnlyCopy") : t("tip.readOnly")}</p>}
      <Summary data={data} />
      <section aria-labelledby="content-title" className="card">
        <h2 id="content-title">{t("tip.content")}</h2>
        <p className="tip-text">{tip.purged ? t("tip.purged") : tip.description}</p>
        {data.photos.length > 0 && data.user.role !== "officer" && <p className="hint">{t("tip.photosOfficersOnly", { count: data.photos.length })}</p>}
        {data.photos.length > 0 && data.user.role === "officer" && (
          <ul className="photos">
            {data.photos.map((p, i) => (
              <li key={p.id}>
                <a href={`/can-bo/anh/${p.id}`}>
                  <img src={`/can-bo/anh/${p.id}`} alt={t("tip.photoAlt", { n: i + 1, id: tip.id })} width={p.width} height={p.height} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Identity data={data} />
      <Place data={data} />
      <Cluster data={data} />
      {data.canAct && <Actions data={data} />}
      <Cases data={data} />
      <Thread data={data} />
      <section aria-labelledby="trail-title" className="card">
        <h2 id="trail-title">{t("tip.trail")}</h2>
        <AuditTrail events={data.events} unitNames={data.unitNames} />
      </section>
    </StaffLayout>
  );
}
