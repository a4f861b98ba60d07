/**
 * The staff audit log: sign-ins and their failures, administrators' changes,
 * case changes. (What happens to a tip goes to its own trail, tip-events.ts.)
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface AuditInput {
  at: string;
  actorUserId: number | null;
  type: string;
  data?: Record<string, unknown>;
}

export async function appendAudit(db: Kysely<Database>, entry: AuditInput): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({ at: entry.at, actor_user_id: entry.actorUserId, type: entry.type, data: JSON.stringify(entry.data ?? {}) })
    .execute();
}

export interface AuditView {
  id: number;
  at: string;
  actorUserId: number | null;
  actorName: string | null;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Newest first, keyset-paginated by id: `beforeId` gives the page older than an entry; `afterId` the page newer
 * than one, read oldest first (the caller reverses it).
 */
export async function listAudit(
  db: Kysely<Database>,
  options: { beforeId?: number | null; afterId?: number | null; limit: number; types?: string[] },
): Promise<AuditView[]> {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select(["audit_log.id", "audit_log.at", "audit_log.actor_user_id", "users.name", "audit_log.type", "audit_log.data"])
    .orderBy("audit_log.id", options.afterId ? "asc" : "desc")
    .limit(options.limit);
  if (options.beforeId) query = query.where("audit_log.id", "<", options.beforeId);
  if (options.afterId) query = query.where("audit_log.id", ">", options.afterId);
  if (options.types?.length) query = query.where("audit_log.type", "in", options.types);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actorUserId: r.actor_user_id, actorName: r.name, type: r.type,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}
