/**
 * The province duty desk (issue 12): tips the pipeline could not place in a ward sit in
 * their province unit's queue until an officer of the desk routes them, in one step, to a
 * ward or a special unit of the province. Reads are scoped to the desk's provinces in SQL;
 * a routing is one transaction that changes the tip only if it is still on the desk and
 * appends the `placed` event (docs/decisions/0056-province-duty-desk.md).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

type Db = Kysely<Database>;

/** Codes of the province units that exist: the provinces a tip can be handed to. */
export async function listProvinceUnitCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("units").select("code").where("level", "=", "province").orderBy("code").execute();
  return rows.map((r) => r.code);
}
