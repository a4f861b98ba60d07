/**
 * Runs once before the suite: says loudly which real services are missing.
 * scripts/test.mjs already decided (under CI=true a missing one fails the run).
 */
export default function setup() {
  const skipped = [
    process.env.TINBAO_SKIP_BROWSER && "browser tests (install: apt-get install -y chromium)",
    process.env.TINBAO_SKIP_PG && "PostgreSQL runs (install: apt-get install -y postgresql)",
  ].filter(Boolean);
  for (const s of skipped) process.stderr.write(`\n*** SKIPPING ${s} ***\n`);
}
