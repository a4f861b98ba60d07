/**
 * SQLite only: `dedupe_versions`, a counter per ward (`w:CODE`) and per cluster (`c:ID`) that
 * triggers bump whenever a tip of that ward or cluster is inserted, changed or deleted, or a
 * cluster exclusion of such a tip is added or removed (docs/decisions/0087).
 *
 * The worker compares a tip with its candidates on a read snapshot, outside the write lock,
 * and reads the counters of every ward and cluster it looked at in the same snapshot; in its
 * short write transaction it reads them again: unchanged, the snapshot's decision stands;
 * changed, it compares again inside the lock. A trigger, not the application, keeps them, so
 * no writer (the pipeline, officers' merges and splits, the retention purge, bulk loaders)
 * can forget one. PostgreSQL needs none of it: its workers decide under a per-ward advisory
 * lock and the web process never waits on their row locks.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const bump = (key: string) =>
  `insert into dedupe_versions (key, version) select ${key}, 1 where ${key} is not null
     on conflict (key) do update set version = version + 1;`;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table dedupe_versions (key text primary key, version integer not null) without rowid`.execute(db);
  const tipKeys = (row: "new" | "old") => [`'w:' || ${row}.ward_code`, `'c:' || ${row}.cluster_id`];
  await sql.raw(`create trigger tips_dedupe_version_insert after insert on tips
    when new.ward_code is not null or new.cluster_id is not null
    begin ${tipKeys("new").map(bump).join(" ")} end`).execute(db);
  await sql.raw(`create trigger tips_dedupe_version_update after update on tips
    when coalesce(new.ward_code, old.ward_code, new.cluster_id, old.cluster_id) is not null
    begin ${[...tipKeys("old"), ...tipKeys("new")].map(bump).join(" ")} end`).execute(db);
  await sql.raw(`create trigger tips_dedupe_version_delete after delete on tips
    when old.ward_code is not null or old.cluster_id is not null
    begin ${tipKeys("old").map(bump).join(" ")} end`).execute(db);
  const exclusionKeys = (row: "new" | "old") => [
    `(select 'w:' || ward_code from tips where id = ${row}.tip_id)`, `'c:' || ${row}.cluster_id`,
    `(select 'c:' || cluster_id from tips where id = ${row}.tip_id)`,
  ];
  await sql.raw(`create trigger cluster_exclusions_dedupe_version_insert after insert on cluster_exclusions
    begin ${exclusionKeys("new").map(bump).join(" ")} end`).execute(db);
  await sql.raw(`create trigger cluster_exclusions_dedupe_version_delete after delete on cluster_exclusions
    begin ${exclusionKeys("old").map(bump).join(" ")} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const trigger of [
    "tips_dedupe_version_insert", "tips_dedupe_version_update", "tips_dedupe_version_delete",
    "cluster_exclusions_dedupe_version_insert", "cluster_exclusions_dedupe_version_delete",
  ]) await sql.raw(`drop trigger ${trigger}`).execute(db);
  await db.schema.dropTable("dedupe_versions").execute();
}
