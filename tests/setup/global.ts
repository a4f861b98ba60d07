/**
 * Runs once before the suite: says loudly which real services are missing
 * (scripts/test.mjs already decided; under CI=true a missing one fails the
 * run), and builds the migrated database templates the test databases are
 * copied from (db-template.ts), so the workers do not race to build them.
 */
import { ensurePgTemplate, ensureSqliteTemplate } from "./db-template";
import { PG_ADMIN_URL, pgAvailable, TEST_DIALECT } from "./db";

export default async function setup() {
  const skipped = [
    process.env.TINBAO_SKIP_BROWSER && "browser tests (install: apt-get install -y chromium)",
    process.env.TINBAO_SKIP_PG && "PostgreSQL runs (install: apt-get install -y postgresql)",
  ].filter(Boolean);
  for (const s of skipped) process.stderr.write(`\n*** SKIPPING ${s} ***\n`);
  await ensureSqliteTemplate();
  if (TEST_DIALECT === "postgres" && pgAvailable) await ensurePgTemplate(PG_ADMIN_URL);
}
