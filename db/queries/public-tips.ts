/**
 * What a resident holding a receipt may see and do: the tip's public state, and
 * adding to its thread. Officer identities never leave this module: callers get
 * whether a message came from an officer, not which one.
 */
import type { Kysely } from "kysely";
import type { Database, TipStatus } from "../schema";

export interface PublicTipState {
  id: number;
  status: TipStatus;
  valuable: boolean | null;
  linkedToCase: boolean;
  category: string;
  createdAt: string;
  purged: boolean;
}

export async function findPublicTipState(db: Kysely<Database>, tipId: number): Promise<PublicTipState | undefined> {
  const row = await db
    .selectFrom("tips")
    .select((eb) => [
      "tips.id", "tips.status", "tips.valuable", "tips.category", "tips.created_at", "tips.purged_at",
      eb.exists(eb.selectFrom("case_tips").select("case_tips.tip_id").whereRef("case_tips.tip_id", "=", "tips.id")).as("linked"),
    ])
    .where("tips.id", "=", tipId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    status: row.status,
    valuable: row.valuable === null ? null : row.valuable === 1,
    linkedToCase: Boolean(row.linked),
    category: row.category,
    createdAt: row.created_at,
    purged: row.purged_at !== null,
  };
}

export interface PublicMessage {
  from: "officer" | "tipster";
  at: string;
  body: string;
}

/** The thread, oldest first, without officer user ids. */
export async function listPublicMessages(db: Kysely<Database>, tipId: number): Promise<PublicMessage[]> {
  const rows = await db
    .selectFrom("tip_messages")
    .select(["author", "at", "body"])
    .where("tip_id", "=", tipId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ from: r.author, at: r.at, body: r.body }));
}

/**
 * An open question is answered: `waiting_tipster` goes back to `in_progress`.
 * Returns whether the status changed (the caller records the event).
 */
export async function resumeTipAfterTipster(db: Kysely<Database>, tipId: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable("tips")
    .set({ status: "in_progress", updated_at: at })
    .where("id", "=", tipId)
    .where("status", "=", "waiting_tipster")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
