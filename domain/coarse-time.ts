/**
 * Every stored time about a public submission — a tip's receipt, its hand-over
 * to the pipeline and the pipeline's events, a tipster's messages and follow-up
 * sessions — is kept to the minute. A second- or millisecond-precise time can
 * be joined with network logs or with whatever else saw the request arrive, and
 * so link a tip to its sender (issue 18). Deadlines (art. 147: days), the
 * queue's order (ties broken by id), idempotency windows (hours) and the
 * oversight figures (days) need nothing finer.
 */
export function coarseTime(now: Date = new Date()): string {
  const rounded = new Date(now);
  rounded.setUTCSeconds(0, 0);
  return rounded.toISOString();
}
