/**
 * Every tip past `received` has an owning unit (issue 12; docs/decisions/0055-every-tip-has-an-owner.md).
 *
 * 1. `tips.resolve_detail`: for a tip the pipeline could not place, the resolver's candidates
 *    with their scores and words, and why — what the province duty desk shows.
 * 2. Tips already lost (past `received`, no unit) are given their province's unit: the province
 *    the tip names (`location_province_code`) when its unit exists; otherwise the single province
 *    unit when only one exists; otherwise the lowest-coded province unit. Each gets an
 *    `owner_assigned` event in its audit trail, chained like every other event, saying which rule.
 * 3. CHECK (status = 'received' OR unit_code IS NOT NULL). PostgreSQL adds it in place; SQLite
 *    cannot add a constraint to a table, so the table is rebuilt (sqlite.org/lang_altertable.html,
 *    "other kinds of table schema changes"): foreign keys off, one transaction, the new table
 *    made from the current definition plus the constraint (so columns added by any earlier
 *    migration come along), rows copied, the old table dropped, the new one renamed, its indexes
 *    and triggers re-created from their stored SQL, `foreign_key_check` clean, foreign keys on.
 *
 * Frozen in time: imports nothing from the app; the event hash is the audit trail's format
 * (db/queries/tip-events.ts hashTipEvent) written out here.
 */
import { createHash } from "node:crypto";
import { type Kysely, PostgresAdapter, sql } from "kysely";

const CONSTRAINT = "tips_have_an_owner";
const CHECK = "check (status = 'received' or unit_code is not null)";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tips").addColumn("resolve_detail", "text").execute();
  if (isPostgres(db)) {
    // The migrator runs each PostgreSQL migration in a transaction: the moves and the constraint commit together.
    await giveLostTipsAnOwner(db);
    await sql.raw(`alter table tips add constraint ${CONSTRAINT} ${CHECK}`).execute(db);
    return;
  }
  await rebuildSqliteTips(db, async (trx) => {
    await giveLostTipsAnOwner(trx);
    return (definition) => addConstraint(definition);
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`alter table tips drop constraint ${CONSTRAINT}`).execute(db);
  } else {
    await rebuildSqliteTips(db, async () => (definition) => definition.replace(new RegExp(`,\\s*constraint ${CONSTRAINT} [^)]*\\)\\s*\\)\\s*$`, "i"), "\n)"));
  }
  await db.schema.alterTable("tips").dropColumn("resolve_detail").execute();
}

/** `create table "tips" (… )` → the same with the constraint before the closing parenthesis. */
function addConstraint(definition: string): string {
  const end = definition.lastIndexOf(")");
  return `${definition.slice(0, end)}, constraint ${CONSTRAINT} ${CHECK})`;
}

interface LostTip {
  id: number;
  location_province_code: string | null;
}

async function giveLostTipsAnOwner(db: Kysely<any>): Promise<void> {
  const lost = (await db
    .selectFrom("tips")
    .select(["id", "location_province_code"])
    .where("status", "<>", "received")
    .where("unit_code", "is", null)
    .orderBy("id")
    .execute()) as LostTip[];
  if (lost.length === 0) return;
  const provinces = ((await db.selectFrom("units").select("code").where("level", "=", "province").orderBy("code").execute()) as Array<{ code: string }>)
    .map((r) => r.code);
  if (provinces.length === 0) {
    throw new Error(`${lost.length} tips were routed to no unit and no province unit exists to give them to: import the units first (npm run cli -- units import)`);
  }
  // To the minute, as every stored time about a submission (docs/decisions/0041).
  const at = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  for (const tip of lost) {
    const named = tip.location_province_code && provinces.includes(tip.location_province_code) ? tip.location_province_code : null;
    const [unitCode, code, english] = named
      ? [named, "lost-named-province", `routed to no unit; given to the province it names, ${named}`]
      : provinces.length === 1
        ? [provinces[0]!, "lost-only-province", `routed to no unit; given to the only province, ${provinces[0]}`]
        : [provinces[0]!, "lost-lowest-province", `routed to no unit and names no province; given to the lowest-coded province, ${provinces[0]}`];
    await db.updateTable("tips").set({ unit_code: unitCode, updated_at: at }).where("id", "=", tip.id).execute();
    const previous = (await db.selectFrom("tip_events").select("hash").where("tip_id", "=", tip.id).orderBy("id", "desc").limit(1).executeTakeFirst()) as
      | { hash: string }
      | undefined;
    const data = JSON.stringify({ unitCode, reason: english, because: { code, params: { province: unitCode } } });
    const prevHash = previous?.hash ?? null;
    const hash = createHash("sha256").update(JSON.stringify([tip.id, at, "system", null, "owner_assigned", data, prevHash])).digest("hex");
    await db
      .insertInto("tip_events")
      .values({ tip_id: tip.id, at, actor_kind: "system", actor_user_id: null, type: "owner_assigned", data, prev_hash: prevHash, hash })
      .execute();
  }
}

/**
 * Rebuilds SQLite's `tips` with a changed definition. `prepare` runs first inside the
 * transaction (data changes the new definition needs) and returns the change to make.
 */
async function rebuildSqliteTips(db: Kysely<any>, prepare: (trx: Kysely<any>) => Promise<(definition: string) => string>): Promise<void> {
  // Must be outside a transaction; while off, dropping `tips` does not touch the rows that refer to it.
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const change = await prepare(trx);
      const table = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'tips'`.execute(trx)).rows[0];
      if (!table) throw new Error("no tips table");
      const companions = (await sql<{ type: string; name: string; sql: string }>`
        select type, name, sql from sqlite_master where tbl_name = 'tips' and type in ('index', 'trigger') and sql is not null order by type, name`.execute(trx)).rows;
      // Generated columns (hidden 2 and 3) are computed by the new table, not copied.
      const columns = (await sql<{ name: string; hidden: number }>`select name, hidden from pragma_table_xinfo('tips')`.execute(trx)).rows
        .filter((c) => c.hidden === 0)
        .map((c) => `"${c.name}"`)
        .join(", ");
      const sequence = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'tips'`.execute(trx)).rows[0]?.seq ?? null;

      const definition = change(table.sql).replace(/^create table\s+("tips"|tips)/i, 'create table "tips_rebuilt"');
      if (!/^create table "tips_rebuilt"/i.test(definition)) throw new Error("unexpected tips definition");
      await sql.raw(definition).execute(trx);
      await sql.raw(`insert into "tips_rebuilt" (${columns}) select ${columns} from "tips"`).execute(trx);
      await sql`drop table tips`.execute(trx);
      // Legacy rename: triggers of other tables that name `tips` are not re-parsed while it is missing.
      await sql`pragma legacy_alter_table = on`.execute(trx);
      await sql`alter table tips_rebuilt rename to tips`.execute(trx);
      await sql`pragma legacy_alter_table = off`.execute(trx);
      for (const companion of companions) await sql.raw(companion.sql).execute(trx);
      // Ids are never reused, whatever AUTOINCREMENT's counter would say after the copy.
      if (sequence !== null) await sql`update sqlite_sequence set seq = max(seq, ${sequence}) where name = 'tips'`.execute(trx);
      const broken = (await sql`pragma foreign_key_check`.execute(trx)).rows;
      if (broken.length > 0) throw new Error(`rebuilding tips would break ${broken.length} foreign keys`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
