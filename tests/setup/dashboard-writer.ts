/**
 * One writer process for dashboard-concurrency.test.ts: random changes to
 * tips, clusters, cases, links and seizures, each in its own transaction.
 *
 *   tsx tests/setup/dashboard-writer.ts DATABASE_URL SEED COUNT
 */
import type { Kysely } from "kysely";
import { openDatabase } from "../../db/client";
import type { Database, TipChannel } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { SUPERVISOR_UNITS } from "./dashboard-fixture";

const CATEGORIES = ["drugs", "theft", "fraud", "violence"];
const CHANNELS: TipChannel[] = ["web", "hotline", "in_person", "partner"];
const ORGS = [null, "HCCB", "HND", "HLHPN", "CLB-PCTP"];

export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function randomChange(db: Kysely<Database>, random: () => number, n: number): Promise<void> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  // Anywhere in the last two months, including either side of midnight in Vietnam.
  const at = () => new Date(Date.parse("2026-10-01T00:00:00.000Z") + Math.floor(random() * 52 * 24 * 60) * 60_000).toISOString();
  await db.transaction().execute(async (trx) => {
    const tipIds = (await trx.selectFrom("tips").select("id").execute()).map((r) => r.id);
    const clusterIds = (await trx.selectFrom("clusters").select("id").execute()).map((r) => r.id);
    const caseIds = (await trx.selectFrom("cases").select("id").execute()).map((r) => r.id);
    const op = random();
    if (op < 0.35) {
      const createdAt = at();
      const cluster = random() < 0.4 ? pick(clusterIds) : random() < 0.5 ? null
        : (await trx.insertInto("clusters").values({ created_at: createdAt, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow()).id;
      await trx.insertInto("tips").values({
        receipt_hash: `concurrent-${n}-${random()}`, channel: pick(CHANNELS), category: pick(CATEGORIES), description: "Tin thử",
        description_folded: "tin thu", occurred_precision: "unknown", location_kind: "none", source_org_code: pick(ORGS),
        status: pick(["routed", "in_progress", "closed"] as const), valuable: pick([null, 0, 1]), unit_code: pick(SUPERVISOR_UNITS),
        cluster_id: cluster, deadline_at: deadlineFor(createdAt),
        first_triaged_at: random() < 0.6 ? new Date(Date.parse(createdAt) + Math.floor(random() * 5000) * 60_000).toISOString() : null,
        created_at: createdAt, updated_at: createdAt,
      }).execute();
    } else if (op < 0.5) {
      await trx.updateTable("tips").set({ valuable: pick([0, 1]) }).where("id", "=", pick(tipIds)).execute();
    } else if (op < 0.6) {
      await trx.updateTable("tips").set({ cluster_id: pick(clusterIds) }).where("id", "=", pick(tipIds)).execute();
    } else if (op < 0.65) {
      await trx.updateTable("tips").set({ unit_code: pick(SUPERVISOR_UNITS), channel: pick(CHANNELS), source_org_code: pick(ORGS) }).where("id", "=", pick(tipIds)).execute();
    } else if (op < 0.7) {
      // Closed, reopened, or given a later deadline: the backlog moves.
      const tip = await trx.selectFrom("tips").select(["id", "created_at"]).where("id", "=", pick(tipIds)).executeTakeFirstOrThrow();
      // A tip past "received" always has an owner (docs/decisions/0055): one still unrouted gets a unit as it moves.
      const status = pick(["in_progress", "closed"] as const);
      const owner = pick(SUPERVISOR_UNITS);
      await trx.updateTable("tips")
        .set((eb) => ({ status, unit_code: eb.fn.coalesce("unit_code", eb.val(owner)), deadline_at: deadlineFor(tip.created_at, Math.floor(random() * 40)) }))
        .where("id", "=", tip.id).execute();
    } else if (op < 0.8) {
      const createdAt = at();
      const { id } = await trx.insertInto("cases").values({
        unit_code: pick(SUPERVISOR_UNITS), number: `C-${n}-${random()}`, title: "Vụ thử", category: pick(CATEGORIES), decision: null,
        decision_date: null, arrests: Math.floor(random() * 4), arrested_at: null, created_by: null, created_at: createdAt, updated_at: createdAt,
      }).returning("id").executeTakeFirstOrThrow();
      for (const tipId of new Set([pick(tipIds), pick(tipIds)])) await trx.insertInto("case_tips").values({ case_id: id, tip_id: tipId, created_at: createdAt }).execute();
      await trx.insertInto("case_seizures").values({ case_id: id, kind: pick(["guns", "drugs_g", "money_vnd"]), quantity: Math.round(random() * 1000) / 10, note: null }).execute();
    } else if (op < 0.88) {
      const caseId = pick(caseIds);
      const tipId = pick(tipIds);
      const linked = await trx.selectFrom("case_tips").select("tip_id").where("case_id", "=", caseId).where("tip_id", "=", tipId).executeTakeFirst();
      if (linked) await trx.deleteFrom("case_tips").where("case_id", "=", caseId).where("tip_id", "=", tipId).execute();
      else await trx.insertInto("case_tips").values({ case_id: caseId, tip_id: tipId, created_at: at() }).execute();
    } else if (op < 0.95) {
      await trx.updateTable("cases").set({ arrests: Math.floor(random() * 6) }).where("id", "=", pick(caseIds)).execute();
    } else {
      await trx.deleteFrom("case_seizures").where("case_id", "=", pick(caseIds)).execute();
    }
  });
}


if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, seed, count] = process.argv.slice(2);
  const handle = openDatabase(url);
  const random = seededRandom(Number(seed));
  try {
    for (let i = 0; i < Number(count); i++) await randomChange(handle.db, random, Number(seed) * 1000 + i);
  } finally {
    await handle.close();
  }
}
