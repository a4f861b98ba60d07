/**
 * `tips_routed_updated`: the untaken tips (status `routed`) by `updated_at`, the time a tip was last
 * written — at the latest, when it was routed into the unit it is in (placement, reroute, the duty
 * desk, a unit's dissolution each set it). The unclaimed scans (docs/decisions/0095) keep a mark per
 * "unclaimed after" value and read tips received since it by tips_unclaimed; this index gives them
 * the other half — tips received before the mark but routed into their unit since (a reroute of an
 * old tip) — without walking every untaken tip of the history. Only untaken tips are in it: a few
 * per cent of a national history.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists tips_routed_updated on tips (updated_at) where status = 'routed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tips_routed_updated`.execute(db);
}
