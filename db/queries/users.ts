import type { Kysely } from "kysely";
import type { Database, UserRole } from "../schema";

export interface NewUserInput {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
  provinceCode?: string | null;
  unitCodes?: string[];
  createdAt: string;
}

/** Creates a user and their unit assignments in one transaction; returns the id. */
export async function createUser(db: Kysely<Database>, input: NewUserInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("users")
      .values({
        email: input.email.toLowerCase(),
        name: input.name,
        password_hash: input.passwordHash,
        role: input.role,
        province_code: input.provinceCode ?? null,
        created_at: input.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.unitCodes?.length) {
      await trx.insertInto("user_units").values(input.unitCodes.map((unit_code) => ({ user_id: id, unit_code }))).execute();
    }
    return id;
  });
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "password_hash", "disabled", "failed_logins", "locked_until", "province_code"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("users").select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
