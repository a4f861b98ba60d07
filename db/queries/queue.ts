/**
 * A unit's queue (docs/decisions/0020-queue-order.md). Open tabs are in
 * priority order — tips.queue_rank (still happening, violent category, more
 * reports first: domain/queue-priority.ts), then the legal deadline, then id — read straight from the
 * index tips_queue and paginated by keyset: the next page starts after the
 * last row's (queue_rank, deadline_at, id), a row-value comparison both
 * dialects answer from the index. The done tab is most recently closed first.
 * Every query is limited to the caller's units in SQL.
 */
import { sql, type Kysely } from "kysely";
import type { Database, TipStatus } from "../schema";
import { clusterSizeOfTip } from "./clusters";
import { isEmptyScope, unitInScope, unitsScope, type UnitScope } from "./scope";

export const QUEUE_TABS = ["new", "in_progress", "waiting", "done"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export const TAB_STATUS: Record<QueueTab, TipStatus> = {
  new: "routed",
  in_progress: "in_progress",
  waiting: "waiting_tipster",
  done: "closed",
};

export interface QueueFilters {
  category?: string | null;
  /** Inclusive lower and exclusive upper bound on created_at (ISO UTC). */
  receivedFrom?: string | null;
  receivedBefore?: string | null;
  valuable?: "yes" | "no" | "undecided" | null;
  /** Reported by two or more people. */
  corroborated?: boolean;
  /** Already folded (domain/text.ts foldVietnamese). */
  searchFolded?: string | null;
}

export type QueueCursor =
  | { kind: "priority"; rank: number; deadline: string; id: number }
  | { kind: "closed"; closedAt: string; id: number };

export interface QueueRow {
  id: number;
  status: TipStatus;
  category: string;
  excerpt: string;
  occurredPrecision: string;
  createdAt: string;
  unitCode: string;
  wardCode: string | null;
  wardName: string | null;
  clusterSize: number;
  deadlineAt: string;
  claimedBy: number | null;
  claimedByName: string | null;
  valuable: boolean | null;
  closedAt: string | null;
  purged: boolean;
  /** The generated priority rank (lower first); part of the page cursor. */
  queueRank: number;
}

export const EXCERPT_CHARS = 180;

/** `like` pattern for a folded search, with the wildcards in the text escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `after`: the page after that row; `before`: the page before it (read backwards along the same index, then
 * turned round), so an officer can page back without OFFSET.
 */
type QueueOptions = { scope: UnitScope; tab: QueueTab; filters?: QueueFilters; after?: QueueCursor | null; before?: QueueCursor | null; limit: number };

export interface QueuePage {
  rows: QueueRow[];
  next: QueueCursor | null;
  /** The cursor of the page before this one, or null on the first page. */
  prev: QueueCursor | null;
}

/**
 * Beyond this many units one `unit_code in (…)` query (sorting the matches) is
 * cheaper than one index walk per unit.
 */
const MERGE_UNITS_UP_TO = 8;

/** Sort order of the tabs, as a comparator over the rows' cursors. */
function compareRows(closed: boolean) {
  return (a: { cursor: QueueCursor }, b: { cursor: QueueCursor }) => compareCursors(a.cursor, b.cursor, closed);
}

function compareCursors(a: QueueCursor, b: QueueCursor, closed: boolean): number {
  if (closed && a.kind === "closed" && b.kind === "closed") {
    // Newest first: descending on (closed_at, id).
    return a.closedAt < b.closedAt ? 1 : a.closedAt > b.closedAt ? -1 : b.id - a.id;
  }
  if (a.kind === "priority" && b.kind === "priority") {
    return a.rank - b.rank || (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) || a.id - b.id;
  }
  return 0;
}

/**
 * One page of the queue. For an officer of a few units, each unit's page is
 * read from its own range of the index (in order, stopping at `limit`) and the
 * pages are merged: a single `in (…)` query would have to sort every match of
 * every unit first. The keyset cursor is the same tuple whatever the unit, so
 * the merged pages follow one another exactly.
 */
export async function listQueue(db: Kysely<Database>, options: QueueOptions): Promise<QueuePage> {
  if (isEmptyScope(options.scope)) return { rows: [], next: null, prev: null };
  const closed = options.tab === "done";
  const backwards = !!options.before;
  let rows: QueueRow[];
  let more: boolean;
  const scope = options.scope;
  if (scope.kind === "all" || scope.units.length === 1 || scope.units.length > MERGE_UNITS_UP_TO) {
    ({ rows, more } = await listQueueOnce(db, options));
  } else {
    const pages = await Promise.all(scope.units.map((unit) => listQueueOnce(db, { ...options, scope: unitsScope([unit]) })));
    const merged = pages
      .flatMap((page) => page.rows.map((row) => ({ row, cursor: cursorOf(row, closed) })))
      .sort(compareRows(closed));
    // Forwards the first `limit` rows of the merge; backwards the last (the ones nearest the row we came from).
    rows = (backwards ? merged.slice(Math.max(0, merged.length - options.limit)) : merged.slice(0, options.limit)).map((m) => m.row);
    // More remains if any unit had more, or the merge left rows over.
    more = merged.length > options.limit || pages.some((p) => p.more);
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (backwards) return { rows, next: last ? cursorOf(last, closed) : null, prev: more && first ? cursorOf(first, closed) : null };
  return { rows, next: more && last ? cursorOf(last, closed) : null, prev: options.after && first ? cursorOf(first, closed) : null };
}

function cursorOf(row: QueueRow, closed: boolean): QueueCursor {
  return closed ? { kind: "closed", closedAt: row.closedAt ?? "", id: row.id } : { kind: "priority", rank: row.queueRank, deadline: row.deadlineAt, id: row.id };
}

/** One index range, in display order; `more`: rows remain beyond it in the direction read. */
async function listQueueOnce(db: Kysely<Database>, options: QueueOptions): Promise<{ rows: QueueRow[]; more: boolean }> {
  const f = options.filters ?? {};
  const closed = options.tab === "done";
  let query = db
    .selectFrom("tips")
    .leftJoin("units as ward", "ward.code", "tips.ward_code")
    .leftJoin("users as claimer", "claimer.id", "tips.claimed_by")
    .select([
      "tips.id", "tips.status", "tips.category", "tips.occurred_precision", "tips.created_at", "tips.unit_code", "tips.ward_code",
      "ward.name as ward_name", clusterSizeOfTip.as("cluster_size"), "tips.deadline_at", "tips.claimed_by", "claimer.name as claimer_name",
      "tips.valuable", "tips.closed_at", "tips.purged_at", "tips.queue_rank",
      sql<string>`substr(tips.description, 1, ${EXCERPT_CHARS})`.as("excerpt"),
    ])
    .where(unitInScope(options.scope, "tips.unit_code"))
    .where("tips.status", "=", TAB_STATUS[options.tab]);

  if (f.category) query = query.where("tips.category", "=", f.category);
  if (f.receivedFrom) query = query.where("tips.created_at", ">=", f.receivedFrom);
  if (f.receivedBefore) query = query.where("tips.created_at", "<", f.receivedBefore);
  if (f.valuable === "yes") query = query.where("tips.valuable", "=", 1);
  if (f.valuable === "no") query = query.where("tips.valuable", "=", 0);
  if (f.valuable === "undecided") query = query.where("tips.valuable", "is", null);
  if (f.corroborated) query = query.where("tips.cluster_size", ">=", 2);
  if (f.searchFolded) query = query.where(sql<boolean>`tips.description_folded like ${containsPattern(f.searchFolded)} escape '\\'`);

  const after = options.after;
  const before = options.before;
  if (closed) {
    if (before?.kind === "closed") {
      query = query
        .where((eb) => eb(eb.refTuple("tips.closed_at", "tips.id"), ">", eb.tuple(before.closedAt, before.id)))
        .orderBy("tips.closed_at", "asc").orderBy("tips.id", "asc");
    } else {
      if (after?.kind === "closed") {
        query = query.where((eb) => eb(eb.refTuple("tips.closed_at", "tips.id"), "<", eb.tuple(after.closedAt, after.id)));
      }
      query = query.orderBy("tips.closed_at", "desc").orderBy("tips.id", "desc");
    }
  } else if (before?.kind === "priority") {
    // The same index walked the other way from the row we came from.
    query = query
      .where((eb) => eb(eb.refTuple("tips.queue_rank", "tips.deadline_at", "tips.id"), "<", eb.tuple(before.rank, before.deadline, before.id)))
      .orderBy("tips.queue_rank", "desc").orderBy("tips.deadline_at", "desc").orderBy("tips.id", "desc");
  } else {
    if (after?.kind === "priority") {
      query = query.where((eb) =>
        eb(eb.refTuple("tips.queue_rank", "tips.deadline_at", "tips.id"), ">", eb.tuple(after.rank, after.deadline, after.id)),
      );
    }
    query = query.orderBy("tips.queue_rank").orderBy("tips.deadline_at").orderBy("tips.id");
  }

  const found = await query.limit(options.limit + 1).execute();
  const kept = found.slice(0, options.limit);
  if (before) kept.reverse();
  const rows: QueueRow[] = kept.map((r) => ({
    id: r.id,
    status: r.status,
    category: r.category,
    excerpt: r.excerpt,
    occurredPrecision: r.occurred_precision,
    createdAt: r.created_at,
    unitCode: r.unit_code ?? "",
    wardCode: r.ward_code,
    wardName: r.ward_name,
    clusterSize: r.cluster_size,
    deadlineAt: r.deadline_at,
    claimedBy: r.claimed_by,
    claimedByName: r.claimer_name,
    valuable: r.valuable === null ? null : r.valuable === 1,
    closedAt: r.closed_at,
    purged: r.purged_at !== null,
    queueRank: r.queue_rank,
  }));
  return { rows, more: found.length > options.limit };
}

/**
 * Open tips per status for the tab labels. Counted unit by unit: each count is
 * a covering range of tips_unit_status, while `unit_code in (a, b)` lets SQLite
 * prefer the status index and count every open tip of the country.
 */
export async function countOpenQueue(db: Kysely<Database>, scope: UnitScope): Promise<Record<"routed" | "in_progress" | "waiting_tipster", number>> {
  const counts = { routed: 0, in_progress: 0, waiting_tipster: 0 };
  const ranges = scope.kind === "all" ? [scope] : scope.units.map((unit) => unitsScope([unit]));
  const perUnit = await Promise.all(
    ranges.map((range) =>
      db
        .selectFrom("tips")
        .select(["status", db.fn.countAll<number>().as("n")])
        .where(unitInScope(range, "unit_code"))
        .where("status", "in", ["routed", "in_progress", "waiting_tipster"])
        .groupBy("status")
        .execute(),
    ),
  );
  for (const r of perUnit.flat()) counts[r.status as keyof typeof counts] += Number(r.n);
  return counts;
}

export interface CopyRow {
  id: number;
  category: string;
  excerpt: string;
  createdAt: string;
  status: TipStatus;
  unitCode: string | null;
  copiedTo: string;
}

/** "For information" copies sent to the units, newest first: read-only for them. */
export async function listCopies(db: Kysely<Database>, scope: UnitScope, limit: number): Promise<CopyRow[]> {
  if (isEmptyScope(scope)) return [];
  const rows = await db
    .selectFrom("tip_copies")
    .innerJoin("tips", "tips.id", "tip_copies.tip_id")
    .select([
      "tips.id", "tips.category", "tips.created_at", "tips.status", "tips.unit_code", "tip_copies.unit_code as copied_to",
      sql<string>`substr(tips.description, 1, ${EXCERPT_CHARS})`.as("excerpt"),
    ])
    .where(unitInScope(scope, "tip_copies.unit_code"))
    .where("tips.status", "<>", "closed")
    .orderBy("tip_copies.tip_id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id, category: r.category, excerpt: r.excerpt, createdAt: r.created_at, status: r.status,
    unitCode: r.unit_code, copiedTo: r.copied_to,
  }));
}
