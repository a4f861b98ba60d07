/** The thread between officers and the (possibly anonymous) tipster of one tip. */
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface MessageInput {
  tipId: number;
  author: "officer" | "tipster";
  userId: number | null;
  body: string;
  at: string;
}

export async function insertMessage(db: Kysely<Database>, message: MessageInput): Promise<number> {
  const row = await db
    .insertInto("tip_messages")
    .values({ tip_id: message.tipId, author: message.author, user_id: message.userId, body: message.body, at: message.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface MessageView {
  id: number;
  author: "officer" | "tipster";
  userId: number | null;
  body: string;
  at: string;
}

/** Oldest first. Officer user ids are for staff views only; public views must drop them. */
export async function listMessages(db: Kysely<Database>, tipId: number): Promise<MessageView[]> {
  const rows = await db
    .selectFrom("tip_messages")
    .select(["id", "author", "user_id", "body", "at"])
    .where("tip_id", "=", tipId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, author: r.author, userId: r.user_id, body: r.body, at: r.at }));
}
