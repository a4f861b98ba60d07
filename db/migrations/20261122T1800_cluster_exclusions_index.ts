/**
 * Before a new tip merges clusters, the pipeline asks whether an officer kept any
 * of them apart (a tip split from one of the others). The exclusions are looked
 * up by the clusters involved, so they are indexed by cluster: the check reads
 * only the few exclusions of those clusters, however many officers have made.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("cluster_exclusions_cluster").on("cluster_exclusions").columns(["cluster_id", "tip_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("cluster_exclusions_cluster").execute();
}
