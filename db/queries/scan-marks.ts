/**
 * How far a periodic scan has looked (docs/decisions/0081-scan-marks.md): read at the
 * start of a run, moved forward once the run has dealt with everything before its
 * bound. Several processes may scan at once; the mark only ever moves forward.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export type ScanName = "deadline_passed" | "overdue_escalation";

export async function readScanMark(db: Kysely<Database>, name: ScanName): Promise<string | null> {
  const row = await db.selectFrom("scan_marks").select("looked_to").where("name", "=", name).executeTakeFirst();
  return row?.looked_to ?? null;
}

/** Records that every row before `lookedTo` has been dealt with; never moves a mark back. */
export async function advanceScanMark(db: Kysely<Database>, name: ScanName, lookedTo: string, at: string): Promise<void> {
  await db
    .insertInto("scan_marks")
    .values({ name, looked_to: lookedTo, updated_at: at })
    .onConflict((oc) => oc.column("name").doUpdateSet({ looked_to: lookedTo, updated_at: at }).where("scan_marks.looked_to", "<", lookedTo))
    .execute();
}
