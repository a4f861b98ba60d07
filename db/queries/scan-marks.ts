/**
 * How far a periodic scan has looked (docs/decisions/0081-scan-marks.md): read at the
 * start of a run, moved forward once the run has dealt with everything before its
 * bound. Several processes may scan at once; the mark only ever moves forward.
 * The unclaimed scans keep one mark per "unclaimed after" value (docs/decisions/0095).
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export type ScanName = "deadline_passed" | "overdue_escalation" | `unclaimed:${number}` | `unclaimed_escalation:${number}`;

/** The marks of the unclaimed report and the unclaimed escalation for units whose setting is `hours`. */
export const unclaimedMarkNames = (hours: number): ScanName[] => [`unclaimed:${hours}`, `unclaimed_escalation:${hours}`];

export async function readScanMark(db: Kysely<Database>, name: ScanName): Promise<string | null> {
  return (await readScanMarkRow(db, name)).lookedTo;
}

/** Records that every row before `lookedTo` has been dealt with; never moves a mark back. */
export async function advanceScanMark(db: Kysely<Database>, name: ScanName, lookedTo: string, at: string): Promise<void> {
  await db
    .insertInto("scan_marks")
    .values({ name, looked_to: lookedTo, updated_at: at })
    .onConflict((oc) => oc.column("name").doUpdateSet({ looked_to: lookedTo, updated_at: at }).where("scan_marks.looked_to", "<", lookedTo))
    .execute();
}

/** A mark as a run read it: `lookedTo` null when there is none or it was reset (resetScanMarks). */
export interface ScanMarkRead {
  lookedTo: string | null;
  row: { looked_to: string; updated_at: string } | null;
}

const RESET = "";

export async function readScanMarkRow(db: Kysely<Database>, name: ScanName): Promise<ScanMarkRead> {
  const row = (await db.selectFrom("scan_marks").select(["looked_to", "updated_at"]).where("name", "=", name).executeTakeFirst()) ?? null;
  return { lookedTo: row && row.looked_to !== RESET ? row.looked_to : null, row };
}

/**
 * Moves the mark from what the run read to `lookedTo`, and only from it (the row's two columns
 * compared): a mark reset meanwhile stays reset — what the run read may no longer hold — and a
 * mark another run moved stays where it is. Never moves a mark back.
 */
export async function moveScanMark(db: Kysely<Database>, name: ScanName, read: ScanMarkRead, lookedTo: string, at: string): Promise<void> {
  if (read.row === null) {
    await db.insertInto("scan_marks").values({ name, looked_to: lookedTo, updated_at: at }).onConflict((oc) => oc.column("name").doNothing()).execute();
    return;
  }
  await db.updateTable("scan_marks").set({ looked_to: lookedTo, updated_at: at })
    .where("name", "=", name).where("looked_to", "=", read.row.looked_to).where("updated_at", "=", read.row.updated_at)
    .where("looked_to", "<", lookedTo).execute();
}

/** Resets the marks (looked to nothing): the scans' next runs read everything, and a run under way does not move them. */
export async function resetScanMarks(db: Kysely<Database>, names: ScanName[], at: string): Promise<void> {
  for (const name of names) {
    await db.insertInto("scan_marks").values({ name, looked_to: RESET, updated_at: at })
      .onConflict((oc) => oc.column("name").doUpdateSet({ looked_to: RESET, updated_at: at })).execute();
  }
}
