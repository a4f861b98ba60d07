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

/** What a tipster added to a tip since `since`: messages, and the stored bytes of their photos. */
export async function countTipsterAdditionsSince(db: Kysely<Database>, tipId: number, since: string): Promise<{ messages: number; photoBytes: number }> {
  const messages = await db
    .selectFrom("tip_messages")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("tip_id", "=", tipId)
    .where("author", "=", "tipster")
    .where("at", ">=", since)
    .executeTakeFirstOrThrow();
  const photos = await db
    .selectFrom("tip_photos")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>("bytes"), eb.val(0)).as("bytes"))
    .where("tip_id", "=", tipId)
    .where("message_id", "is not", null)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return { messages: Number(messages.n), photoBytes: Number(photos.bytes) };
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
