/**
 * SQLite only: the `dedupe_versions` counters (migration 20261207T2010, docs/decisions/0087) are
 * bumped on an update of a tip only when a column the placement's comparison reads is set —
 * the ward, the cluster, the category, the time, the place, the text, the purge mark — and no
 * longer on any update (a claim, a status change, a deadline, the queue's cluster size): such
 * a change does not alter a decision, and before this it forced a concurrent placement in the
 * ward to compare again inside the write lock (docs/decisions/0091).
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const bump = (key: string) =>
  `insert into dedupe_versions (key, version) select ${key}, 1 where ${key} is not null
     on conflict (key) do update set version = version + 1;`;
const tipKeys = (row: "new" | "old") => [`'w:' || ${row}.ward_code`, `'c:' || ${row}.cluster_id`];
const body = [...tipKeys("old"), ...tipKeys("new")].map(bump).join(" ");

/**
 * What workers/intake.ts decideCluster reads of a tip: the candidate and member reads
 * (db/queries/pipeline.ts findNearestInTime, findNearbyPoints, readCandidates,
 * db/queries/clusters.ts readClusterMembers) and dedupeTipOf.
 */
const COMPARED_COLUMNS = [
  "ward_code", "cluster_id", "category", "dedupe_at", "occurred_at", "created_at",
  "location_lat", "location_lng", "location_address", "description", "purged_at",
];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger tips_dedupe_version_update`.execute(db);
  await sql.raw(`create trigger tips_dedupe_version_update after update of ${COMPARED_COLUMNS.join(", ")} on tips
    when coalesce(new.ward_code, old.ward_code, new.cluster_id, old.cluster_id) is not null
    begin ${body} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger tips_dedupe_version_update`.execute(db);
  await sql.raw(`create trigger tips_dedupe_version_update after update on tips
    when coalesce(new.ward_code, old.ward_code, new.cluster_id, old.cluster_id) is not null
    begin ${body} end`).execute(db);
}
