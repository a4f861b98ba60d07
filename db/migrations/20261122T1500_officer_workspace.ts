/**
 * The officer workspace (docs/decisions/0020-queue-order.md, 0021-staff-sessions.md):
 *
 * - `tips.cluster_size` mirrors `clusters.size` (kept in step by triggers, whoever
 *   writes clusters) and `tips.queue_rank` (generated) folds the priority order —
 *   still happening, violent category, reported by more people — into one
 *   ascending integer, so a unit's queue is one index range read in order and
 *   keyset pagination is a row-value comparison on (queue_rank, deadline_at, id).
 * - `cluster_exclusions`: a tip an officer split from a cluster; the pipeline must
 *   not put it back.
 * - `deadline_extensions`: art. 147(2)-(3) extensions with their reason.
 *
 * Frozen in time: imports nothing from the app; SQLite and PostgreSQL differ only
 * in the generated column's storage and in trigger syntax.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Lower ranks come first. Tier 0: still happening and violent; 1: one of the two;
 * 2: neither. Within a tier, more reports first (capped so the tier dominates).
 */
const QUEUE_RANK = sql`(
  (case when occurred_precision = 'ongoing' then 0 else 1 end
   + case when category in ('violence', 'weapons', 'robbery', 'trafficking') then 0 else 1 end) * 1000000
  + (case when cluster_size >= 999999 then 1 else 1000000 - cluster_size end))`;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema.alterTable("tips").addColumn("cluster_size", "integer", (c) => c.notNull().defaultTo(1)).execute();
  // SQLite can only add a VIRTUAL generated column; PostgreSQL only has STORED ones.
  await db.schema
    .alterTable("tips")
    .addColumn("queue_rank", "integer", (c) => (postgres ? c.generatedAlwaysAs(QUEUE_RANK).stored() : c.generatedAlwaysAs(QUEUE_RANK)))
    .execute();

  if (postgres) {
    await sql`create function tinbao_tip_cluster_size() returns trigger language plpgsql as $$
      begin
        new.cluster_size := coalesce((select size from clusters where id = new.cluster_id), 1);
        return new;
      end $$`.execute(db);
    await sql`create trigger tips_cluster_size before insert or update of cluster_id on tips
      for each row execute function tinbao_tip_cluster_size()`.execute(db);
    await sql`create function tinbao_cluster_size_changed() returns trigger language plpgsql as $$
      begin
        update tips set cluster_size = new.size where cluster_id = new.id and cluster_size <> new.size;
        return null;
      end $$`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      for each row execute function tinbao_cluster_size_changed()`.execute(db);
  } else {
    await sql`create trigger tips_cluster_size_insert after insert on tips when new.cluster_id is not null
      begin
        update tips set cluster_size = coalesce((select size from clusters where id = new.cluster_id), 1) where id = new.id;
      end`.execute(db);
    await sql`create trigger tips_cluster_size_update after update of cluster_id on tips
      begin
        update tips set cluster_size = coalesce((select size from clusters where id = new.cluster_id), 1) where id = new.id;
      end`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      begin
        update tips set cluster_size = new.size where cluster_id = new.id and cluster_size <> new.size;
      end`.execute(db);
  }
  await sql`update tips set cluster_size = coalesce((select size from clusters where clusters.id = tips.cluster_id), 1)
    where cluster_id is not null`.execute(db);

  // Open tabs: priority order. Done tab: most recently closed first.
  await db.schema.createIndex("tips_queue").on("tips").columns(["unit_code", "status", "queue_rank", "deadline_at", "id"]).execute();
  await db.schema.createIndex("tips_queue_closed").on("tips").columns(["unit_code", "status", "closed_at", "id"]).execute();

  await db.schema
    .createTable("cluster_exclusions")
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("cluster_id", "integer", (c) => c.notNull().references("clusters.id"))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("cluster_exclusions_pk", ["tip_id", "cluster_id"])
    .execute();

  const extensions = db.schema.createTable("deadline_extensions");
  await (postgres
    ? extensions.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : extensions.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()))
    .addColumn("tip_id", "integer", (c) => c.notNull().references("tips.id"))
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("previous_deadline_at", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("deadline_extensions_tip").on("deadline_extensions").columns(["tip_id", "id"]).execute();

  await db.schema.createIndex("audit_log_at").on("audit_log").columns(["at", "id"]).execute();
  await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();
  await db.schema.createIndex("cases_unit_created").on("cases").columns(["unit_code", "created_at", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema.dropIndex("cases_unit_created").execute();
  await db.schema.dropIndex("sessions_expires").execute();
  await db.schema.dropIndex("audit_log_at").execute();
  await db.schema.dropTable("deadline_extensions").execute();
  await db.schema.dropTable("cluster_exclusions").execute();
  await db.schema.dropIndex("tips_queue_closed").execute();
  await db.schema.dropIndex("tips_queue").execute();
  if (postgres) {
    await sql`drop trigger clusters_size_changed on clusters`.execute(db);
    await sql`drop trigger tips_cluster_size on tips`.execute(db);
    await sql`drop function tinbao_cluster_size_changed()`.execute(db);
    await sql`drop function tinbao_tip_cluster_size()`.execute(db);
  } else {
    await sql`drop trigger clusters_size_changed`.execute(db);
    await sql`drop trigger tips_cluster_size_update`.execute(db);
    await sql`drop trigger tips_cluster_size_insert`.execute(db);
  }
  await db.schema.alterTable("tips").dropColumn("queue_rank").execute();
  await db.schema.alterTable("tips").dropColumn("cluster_size").execute();
}
