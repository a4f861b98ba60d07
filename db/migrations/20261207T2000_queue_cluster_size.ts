/**
 * `tips.cluster_size` becomes the size the queue orders a cluster's tips by, no longer an exact
 * mirror of `clusters.size` (docs/decisions/0087): the exact size below 128 reports, then the
 * largest power of two not above it (domain/queue-priority.ts `queueClusterSize`, the same rule).
 *
 * Why: `clusters_size_changed` (migration 1500) rewrote every member tip — its row, and the
 * generated `queue_rank` in the `tips_queue` index — at each join, so a cluster's n-th report
 * cost n row writes inside the worker's write transaction: quadratic for a viral incident (1 ms
 * at 252 members, measured in ADR 0086). Now the members are rewritten only when the value the
 * queue orders by changes: at every join while the cluster is small, then at each doubling —
 * amortised under two row writes a join, whatever the size. The trigger itself is skipped (WHEN)
 * when the value does not change, so it does not even look the members up.
 *
 * The pages show a cluster's real size from `clusters.size`; the queue order is unchanged below
 * 128 reports, and above it clusters tie within a doubling (then the deadline decides).
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql, type RawBuilder } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** The queue's size for `size` (an SQL expression evaluated once per branch: keep it a column or a small sub-select). */
function queueSize(size: string): RawBuilder<unknown> {
  const steps: string[] = [`when ${size} < 128 then ${size}`];
  for (let step = 128; step < 2 ** 30; step *= 2) steps.push(`when ${size} < ${step * 2} then ${step}`);
  return sql.raw(`(case ${steps.join(" ")} else ${2 ** 30} end)`);
}

const CLUSTER_OF_NEW = "coalesce((select size from clusters where id = new.cluster_id), 1)";
/** SQLite: the queue's size of the new row's cluster, its size read once. */
const queueSizeOfNew = () => sql`(select ${queueSize("s")} from (select ${sql.raw(CLUSTER_OF_NEW)} as s))`;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create or replace function tinbao_tip_cluster_size() returns trigger language plpgsql as $$
      declare s integer;
      begin
        s := ${sql.raw(CLUSTER_OF_NEW)};
        new.cluster_size := ${queueSize("s")};
        return new;
      end $$`.execute(db);
    await sql`create or replace function tinbao_cluster_size_changed() returns trigger language plpgsql as $$
      declare q integer;
      begin
        q := ${queueSize("new.size")};
        update tips set cluster_size = q where cluster_id = new.id and cluster_size <> q;
        return null;
      end $$`.execute(db);
    await sql`drop trigger clusters_size_changed on clusters`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      for each row when (${queueSize("old.size")} is distinct from ${queueSize("new.size")})
      execute function tinbao_cluster_size_changed()`.execute(db);
  } else {
    await sql`drop trigger tips_cluster_size_insert`.execute(db);
    await sql`drop trigger tips_cluster_size_update`.execute(db);
    await sql`drop trigger clusters_size_changed`.execute(db);
    await sql`create trigger tips_cluster_size_insert after insert on tips
      when new.cluster_id is not null and new.cluster_size is not ${queueSizeOfNew()}
      begin
        update tips set cluster_size = ${queueSizeOfNew()} where id = new.id;
      end`.execute(db);
    await sql`create trigger tips_cluster_size_update after update of cluster_id on tips
      when new.cluster_size is not ${queueSizeOfNew()}
      begin
        update tips set cluster_size = ${queueSizeOfNew()} where id = new.id;
      end`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      when ${queueSize("old.size")} <> ${queueSize("new.size")}
      begin
        update tips set cluster_size = ${queueSize("new.size")} where cluster_id = new.id and cluster_size <> ${queueSize("new.size")};
      end`.execute(db);
  }
  await sql`update tips set cluster_size = ${queueSize("cluster_size")} where cluster_size >= 128`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create or replace function tinbao_tip_cluster_size() returns trigger language plpgsql as $$
      begin
        new.cluster_size := coalesce((select size from clusters where id = new.cluster_id), 1);
        return new;
      end $$`.execute(db);
    await sql`create or replace function tinbao_cluster_size_changed() returns trigger language plpgsql as $$
      begin
        update tips set cluster_size = new.size where cluster_id = new.id and cluster_size <> new.size;
        return null;
      end $$`.execute(db);
    await sql`drop trigger clusters_size_changed on clusters`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      for each row execute function tinbao_cluster_size_changed()`.execute(db);
  } else {
    await sql`drop trigger tips_cluster_size_insert`.execute(db);
    await sql`drop trigger tips_cluster_size_update`.execute(db);
    await sql`drop trigger clusters_size_changed`.execute(db);
    await sql`create trigger tips_cluster_size_insert after insert on tips when new.cluster_id is not null
      begin
        update tips set cluster_size = ${sql.raw(CLUSTER_OF_NEW)} where id = new.id;
      end`.execute(db);
    await sql`create trigger tips_cluster_size_update after update of cluster_id on tips
      when new.cluster_size is not ${sql.raw(CLUSTER_OF_NEW)}
      begin
        update tips set cluster_size = ${sql.raw(CLUSTER_OF_NEW)} where id = new.id;
      end`.execute(db);
    await sql`create trigger clusters_size_changed after update of size on clusters
      begin
        update tips set cluster_size = new.size where cluster_id = new.id and cluster_size <> new.size;
      end`.execute(db);
  }
  await sql`update tips set cluster_size = coalesce((select size from clusters where clusters.id = tips.cluster_id), 1)
    where cluster_id is not null`.execute(db);
}
