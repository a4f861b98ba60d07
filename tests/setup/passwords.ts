/**
 * Password hashes for accounts a test set-up writes straight into the database.
 * argon2id as in production (core/platform/crypto.ts hashPassword), but with
 * the cheapest parameters (4 MiB, t = 1, p = 1): verification reads them from
 * the hash, so every sign-in of such an account costs milliseconds instead of
 * a 64 MiB, t = 3 verification (~0.3–0.5 s of CPU, ~50 sign-ins per file in
 * some files). Production hashes are still made and verified where the app makes
 * them: accounts created by an administrator or the CLI, the sign-in's dummy
 * hash for unknown emails, and tests/unit/core/platform/crypto.test.ts, which
 * pins hashPassword's parameters. Never used outside tests.
 */
import argon2 from "argon2";

export function fixturePasswordHash(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
}
