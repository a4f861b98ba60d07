import type { Kysely } from "kysely";
import { nationalScopeProblem } from "../../domain/staff-scope";
import { hashPassword, generateToken, sha256Hex } from "../../core/platform/crypto";
import { insertApiKey } from "../../db/queries/api-keys";
import { findUnit } from "../../db/queries/units";
import { createUser, findUserByEmail } from "../../db/queries/users";
import type { Database, TipChannel, UserRole } from "../../db/schema";
import { CliError } from "../errors";

const ROLES: UserRole[] = ["officer", "supervisor", "admin"];
const CHANNELS: TipChannel[] = ["web", "hotline", "in_person", "partner"];
export const MIN_PASSWORD_LENGTH = 12;

export async function createUserCommand(
  db: Kysely<Database>,
  input: { email?: string; name?: string; role?: string; units: string[]; province?: string; national?: boolean; password: string },
): Promise<number> {
  const email = input.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CliError("--email must be an email address");
  const name = input.name?.normalize("NFC").trim();
  if (!name) throw new CliError("--name is required");
  if (!ROLES.includes(input.role as UserRole)) throw new CliError(`--role must be one of ${ROLES.join(", ")}`);
  const role = input.role as UserRole;
  const national = input.national === true;
  const problem = nationalScopeProblem({ role, national, provinceCode: input.province ?? null, units: input.units });
  if (problem === "nationalSupervisorOnly") throw new CliError("--national is for --role supervisor only");
  if (problem === "nationalAlone") throw new CliError("--national already covers every province and unit: drop --province and --unit");
  if (role === "officer" && input.units.length === 0) throw new CliError("an officer needs --unit CODE");
  for (const code of [...input.units, ...(input.province ? [input.province] : [])]) {
    if (!(await findUnit(db, code))) throw new CliError(`unknown unit "${code}" (run units import first)`);
  }
  const password = input.password.replace(/\r?\n$/, "");
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`the password on standard input must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await findUserByEmail(db, email)) throw new CliError(`a user with email ${email} already exists`);
  return createUser(db, {
    email, name, role, passwordHash: await hashPassword(password),
    provinceCode: input.province ?? null, national, unitCodes: input.units, createdAt: new Date().toISOString(),
  });
}

export async function createApiKeyCommand(
  db: Kysely<Database>,
  input: { name?: string; channel?: string; rateLimit?: string },
): Promise<{ id: number; key: string }> {
  const name = input.name?.normalize("NFC").trim();
  if (!name) throw new CliError("--name is required");
  if (!CHANNELS.includes(input.channel as TipChannel)) throw new CliError(`--channel must be one of ${CHANNELS.join(", ")}`);
  const rateLimit = input.rateLimit === undefined ? 600 : Number(input.rateLimit);
  if (!Number.isInteger(rateLimit) || rateLimit < 1) throw new CliError("--rate-limit must be a positive whole number (per minute)");
  const key = generateToken("tb_");
  const id = await insertApiKey(db, {
    name, channel: input.channel as TipChannel, prefix: key.slice(0, 10), keyHash: sha256Hex(key),
    rateLimitPerMin: rateLimit, createdAt: new Date().toISOString(),
  });
  return { id, key };
}
