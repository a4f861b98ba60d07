/**
 * /can-bo — the unit's queue: tips routed to the officer's units by status tab,
 * in priority order (db/queries/queue.ts), with filters and keyset pages, and
 * the tips copied to the units for information, read-only. Claiming a tip
 * ("Nhận xử lý") is a POST here.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { daysLeft } from "../../domain/deadline";
import { foldVietnamese } from "../../domain/text";
import { extensionMarkers } from "../../db/queries/extension-requests";
import { countOpenQueue, listCopies, listQueue, QUEUE_TABS, type QueueCursor, type QueueTab } from "../../db/queries/queue";
import { listedUnits } from "../../db/queries/scope";
import { claimTip } from "../../db/queries/staff-tips";
import { findTipOwner } from "../../db/queries/tips";
import { findUnits } from "../../db/queries/units";
import { ActionNotice } from "~/components/staff/forms";
import { DeadlineBadge, formatDate, formatDateTime, StatusBadge, useCategoryLabel, useStaticT, ValuableBadge } from "~/components/staff/format";
import { LiveUpdates } from "~/components/staff/LiveUpdates";
import { StaffLayout } from "~/components/staff/StaffLayout";
import { announce, categoryLabels, decodeCursor, encodeCursor, pageTitle } from "~/components/staff/staff.server";
import { staffHeaders, staffView } from "~/components/staff/staff-view";
import { getUnitScope, requireOfficer, requireOfficerScope } from "~/utils/auth.server";
import { requireForm } from "~/utils/request-body.server";
import { vietnamDayEnd, vietnamDayStart } from "../../domain/vietnam-time";
import { isDay } from "../../domain/stats";
import { titleMeta } from "~/utils/meta";

export const PAGE_SIZE = 50;

const day = z.string().refine(isDay);

const FiltersSchema = z.object({
  tab: z.enum(QUEUE_TABS).catch("new"),
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  valuable: z.enum(["yes", "no", "undecided"]).optional().catch(undefined),
  corroborated: z.literal("1").optional().catch(undefined),
});

const CursorSchema: z.ZodType<QueueCursor> = z.union([
  z.object({ kind: z.literal("priority"), rank: z.number().int(), deadline: z.string().max(40), id: z.number().int().positive() }),
  z.object({ kind: z.literal("closed"), closedAt: z.string().max(40), id: z.number().int().positive() }),
]);

export const meta = titleMeta;
export const handle = { i18n: "staff" };
export const headers = staffHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireOfficerScope(request, context);
  const url = new URL(request.url);
  const params = FiltersSchema.parse(Object.fromEntries(url.searchParams));
  // Forwards after a row (`sau`) or backwards before one (`truoc`): keyset both ways (docs/decisions/0020-queue-order.md).
  const before = decodeCursor(url.searchParams.get("truoc"), CursorSchema);
  const after = before ? null : decodeCursor(url.searchParams.get("sau"), CursorSchema);
  const now = new Date().toISOString();
  const search = params.q ? foldVietnamese(params.q) : null;

  const [page, counts, copies, labels, unitRows] = await Promise.all([
    listQueue(context.db, {
      scope,
      tab: params.tab as QueueTab,
      after,
      before,
      limit: PAGE_SIZE,
      filters: {
        category: params.category,
        receivedFrom: params.from ? vietnamDayStart(params.from) : null,
        receivedBefore: params.to ? vietnamDayEnd(params.to) : null,
        valuable: params.valuable,
        corroborated: params.corroborated === "1",
        searchFolded: search,
      },
    }),
    countOpenQueue(context.db, scope),
    listCopies(context.db, scope, 20),
    categoryLabels(context.db),
    findUnits(context.db, listedUnits(scope)),
  ]);
  // Pending and granted extensions of the tips shown (docs/decisions/0072-escalation.md).
  const extensions = await extensionMarkers(context.db, page.rows.map((r) => r.id));
  return json({
    user: staffView(user),
    title: await pageTitle(request, "staff", "queue.title"),
    units: unitRows.map((u) => ({ code: u.code, name: u.name })),
    params,
    counts,
    labels,
    rows: page.rows.map((r) => ({ ...r, daysLeft: daysLeft(r.deadlineAt, now), extension: extensions[r.id] ?? null })),
    next: page.next ? encodeCursor(page.next) : null,
    prev: page.prev ? encodeCursor(page.prev) : null,
    paged: after !== null || before !== null,
    copies,
  });
}

const ClaimSchema = z.object({ intent: z.literal("claim"), tipId: z.coerce.number().int().positive() });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOfficer(request, context);
  const parsed = ClaimSchema.safeParse(Object.fromEntries(await requireForm(request)));
  if (!parsed.success) return json({ ok: false, tipId: null }, { status: 400 });
  const scope = await getUnitScope(context.db, user);
  const tipId = parsed.data.tipId;
  const claimed = await claimTip(context.db, tipId, { userId: user.id, scope, at: new Date().toISOString() });
  if (claimed) {
    await announce(context, [await findTipOwner(context.db, tipId)], tipId, "claimed");
  }
  return json({ ok: claimed, tipId }, { status: claimed ? 200 : 409 });
}

function TabLink({ tab, count }: { tab: QueueTab; count?: number }) {
  const { t } = useTranslation("staff");
  const [searchParams] = useSearchParams();
  const current = (searchParams.get("tab") ?? "new") === tab;
  const next = new URLSearchParams(searchParams);
  next.set("tab", tab);
  next.delete("sau");
  next.delete("truoc");
  return (
    <Link to={`?${next}`} aria-current={current ? "page" : undefined} className={current ? "tab current" : "tab"}>
      {t(`queue.tabs.${tab}`)}
      {count !== undefined && <span className="tab-count"> ({count})</span>}
    </Link>
  );
}

export default function Queue() {
  const { i18n } = useTranslation("staff");
  const t = useStaticT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const category = useCategoryLabel(data.labels);
  const lng = i18n.language;
  const p = data.params;
  const nextParams = new URLSearchParams(searchParams);
  nextParams.delete("truoc");
  if (data.next) nextParams.set("sau", data.next);
  const prevParams = new URLSearchParams(searchParams);
  prevParams.delete("sau");
  if (data.prev) prevParams.set("truoc", data.prev);
  const firstParams = new URLSearchParams(searchParams);
  firstParams.delete("sau");
  firstParams.delete("truoc");
  const filtered = !!(p.q || p.category || p.from || p.to || p.valuable || p.corroborated);

  return (
    <StaffLayout user={data.user} title={data.title}>
      <p className="staff-units">{t("queue.units", { units: data.units.map((u) => u.name).join(", ") })}</p>
      <LiveUpdates />
      {actionData && !actionData.ok && <ActionNotice kind="error">{t("queue.claimFailed")}</ActionNotice>}

      <nav className="tabs" aria-label={t("queue.tabsLabel")}>
        <TabLink tab="new" count={data.counts.routed} />
        <TabLink tab="in_progress" count={data.counts.in_progress} />
        <TabLink tab="waiting" count={data.counts.waiting_tipster} />
        <TabLink tab="done" />
      </nav>

      <details className="filters" open={filtered}>
        <summary>{t("queue.filters.title")}</summary>
        <Form method="get" className="filter-form">
          <input type="hidden" name="tab" value={p.tab} />
          <div className="field">
            <label htmlFor="q">{t("queue.filters.search")}</label>
            <span className="hint" id="q-hint">{t("queue.filters.searchHint")}</span>
            <input id="q" name="q" type="search" defaultValue={p.q ?? ""} aria-describedby="q-hint" />
          </div>
          <div className="field">
            <label htmlFor="category">{t("queue.filters.category")}</label>
            <select id="category" name="category" defaultValue={p.category ?? ""}>
              <option value="">{t("queue.filters.any")}</option>
              {Object.keys(data.labels).map((code) => <option key={code} value={code}>{category(code)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="from">{t("queue.filters.from")}</label>
            <input id="from" name="from" type="date" defaultValue={p.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="to">{t("queue.filters.to")}</label>
            <input id="to" name="to" type="date" defaultValue={p.to ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="valuable">{t("queue.filters.valuable")}</label>
            <select id="valuable" name="valuable" defaultValue={p.valuable ?? ""}>
              <option value="">{t("queue.filters.any")}</option>
              <option value="yes">{t("valuable.yes")}</option>
              <option value="no">{t("valuable.no")}</option>
              <option value="undecided">{t("valuable.undecided")}</option>
            </select>
          </div>
          <label className="choice">
            <input type="checkbox" name="corroborated" value="1" defaultChecked={p.corroborated === "1"} />
            <span>{t("queue.filters.corroborated")}</span>
          </label>
          <div className="button-row">
            <button type="submit" className="button">{t("queue.filters.apply")}</button>
            <Link to={`?tab=${p.tab}`} className="button secondary">{t("queue.filters.clear")}</Link>
          </div>
        </Form>
      </details>

      {/* One form for every "take" button of the page (each button sends its tip's id). */}
      <Form method="post" id="claim-form">
        <input type="hidden" name="intent" value="claim" />
      </Form>
      {data.rows.length === 0 ? (
        <p className="empty">{filtered ? t("queue.emptyFiltered") : t("queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue">
            <caption className="visually-hidden">{t("queue.caption", { tab: t(`queue.tabs.${p.tab}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("queue.col.tip")}</th>
                <th scope="col">{t("queue.col.place")}</th>
                <th scope="col">{t("queue.col.received")}</th>
                <th scope="col" className="num">{t("queue.col.reports")}</th>
                <th scope="col">{t("queue.col.deadline")}</th>
                <th scope="col">{t("queue.col.handler")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/can-bo/tin/${row.id}`} className="tip-link">
                      {t("queue.tipNumber", { id: row.id })} · {category(row.category)}
                    </Link>
                    {row.occurredPrecision === "ongoing" && <span className="badge danger">{t("queue.ongoing")}</span>}
                    <p className="excerpt">{row.purged ? t("tip.purged") : row.excerpt}</p>
                  </td>
                  <td>{row.wardName ?? t("queue.noPlace")}</td>
                  <td>{formatDateTime(row.createdAt, lng)}</td>
                  <td className="num">{t("queue.reportedBy", { count: row.clusterSize })}</td>
                  <td>
                    {row.status === "closed" ? (
                      <><StatusBadge status={row.status} /> <ValuableBadge valuable={row.valuable} /></>
                    ) : (
                      <>
                        <DeadlineBadge daysLeft={row.daysLeft} />{" "}
                        <small className="meta">{formatDate(row.deadlineAt, lng)}</small>
                        {row.extension && <> <span className={row.extension === "pending" ? "badge warn" : "badge"}>{t(`queue.extension.${row.extension}`)}</span></>}
                      </>
                    )}
                  </td>
                  <td>
                    {row.claimedByName ? (
                      t("queue.handledBy", { name: row.claimedByName })
                    ) : row.status !== "closed" ? (
                      <button type="submit" form="claim-form" name="tipId" value={row.id} className="button small" disabled={busy}
                        aria-label={t("queue.claimTip", { id: row.id })}>
                        {t("queue.claim")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("queue.pages")}>
        {data.paged && <Link to={`?${firstParams}`}>{t("queue.firstPage")}</Link>}
        {data.prev && <Link to={`?${prevParams}`} rel="prev">{t("queue.prevPage")}</Link>}
        {data.next && <Link to={`?${nextParams}`} rel="next">{t("queue.nextPage")}</Link>}
      </nav>

      <section aria-labelledby="copies-title">
        <h2 id="copies-title">{t("queue.copies.title")}</h2>
        <p className="hint">{t("queue.copies.hint")}</p>
        {data.copies.length === 0 ? (
          <p className="empty">{t("queue.copies.empty")}</p>
        ) : (
          <ul className="copies">
            {data.copies.map((c) => (
              <li key={`${c.id}-${c.copiedTo}`}>
                <Link to={`/can-bo/tin/${c.id}`}>{t("queue.tipNumber", { id: c.id })} · {category(c.category)}</Link>{" "}
                {/* Copies come only from a province's routing rule for the tip's type (domain/routing.ts). */}
                <StatusBadge status={c.status} /> <span className="hint">{t("queue.copies.why", { category: category(c.category) })}</span>
                <p className="excerpt">{c.excerpt}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </StaffLayout>
  );
}
