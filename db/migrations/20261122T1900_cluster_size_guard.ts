/**
 * `tips.cluster_size` mirrors `clusters.size` (migration 1500). On SQLite a tip
 * whose cluster changes is brought in step by a second UPDATE of its row from
 * a trigger — a second rewrite of the row and of the queue index, for every tip
 * the pipeline routes and every tip a merge moves. Writers that already set the
 * right size with the new cluster (the pipeline does) now skip it: the trigger
 * runs only when the size is not already the cluster's. (PostgreSQL sets the
 * size in a BEFORE trigger, on the row being written, so it needs no change.)
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger tips_cluster_size_update`.execute(db);
  await sql`create trigger tips_cluster_size_update after update of cluster_id on tips
    when new.cluster_size is not coalesce((select size from clusters where id = new.cluster_id), 1)
    begin
      update tips set cluster_size = coalesce((select size from clusters where id = new.cluster_id), 1) where id = new.id;
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger tips_cluster_size_update`.execute(db);
  await sql`create trigger tips_cluster_size_update after update of cluster_id on tips
    begin
      update tips set cluster_size = coalesce((select size from clusters where id = new.cluster_id), 1) where id = new.id;
    end`.execute(db);
}
