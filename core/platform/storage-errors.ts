/**
 * Storage that cannot take a write right now — SQLite busy or locked past the
 * busy timeout, a full disk, PostgreSQL unreachable — is not the submitter's
 * fault and not a bug: the answer is "try again shortly" (503 + Retry-After),
 * and because every tip is written in one transaction, nothing was half-stored.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/;
const PG_UNAVAILABLE = new Set(["53100", "53200", "53300", "57P01", "57P03", "08000", "08001", "08003", "08006", "40P01", "55P03"]);
/** Network to PostgreSQL, and the file system under SQLite (the WAL sync after a commit: db/sqlite-driver.ts). */
const OS_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOSPC", "EIO", "EDQUOT"]);

export const RETRY_AFTER_SECONDS = 5;

export function isStorageUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  return SQLITE_UNAVAILABLE.test(code) || PG_UNAVAILABLE.has(code) || OS_UNAVAILABLE.has(code);
}
