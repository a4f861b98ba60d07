/**
 * A tip's lifecycle (CONTRACT.md, "Tip status"): which statuses are open, which
 * moves between statuses are allowed, and what closing needs. The queries that
 * change a tip (db/queries/staff-tips.ts, duty-desk.ts, units.ts) take their
 * open-status list from here and keep only the mechanics; the tip page's actions
 * ask here why a change is refused.
 *
 *   received ──pipeline──▶ routed ⇄ in_progress ⇄ waiting_tipster
 *                            └──────────┴──────────────┴──▶ closed (final)
 *
 * `received` is the pipeline's alone: no officer acts on a tip before it has an
 * owner. Every open status may move to any other open one (claimed, rerouted back
 * to `routed`, a question sent, the tipster's answer) and to `closed`, but only
 * once the tip's value is decided: the valuable-tip ratio counts closed tips, so
 * a closed tip without a decision would be a hole in it (docs/decisions/0030).
 */

export const TIP_STATUSES = ["received", "routed", "in_progress", "waiting_tipster", "closed"] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

/** Statuses of a tip in a unit's queue, that officers may still act on. */
export const OPEN_STATUSES = ["routed", "in_progress", "waiting_tipster"] as const satisfies readonly TipStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export function isOpen(status: TipStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly TipStatus[]).includes(status);
}

/** Whether a tip may go from one status to another. */
export function canMove(from: TipStatus, to: TipStatus): boolean {
  if (from === "received") return to === "routed";
  if (isOpen(from)) return isOpen(to) || to === "closed";
  return false;
}

export type CloseRefusal = "notOpen" | "decideValueFirst";

/**
 * Why a tip cannot be closed now, or null when it can. `valuable` as stored: null
 * while undecided (the database keeps 1/0, the pages true/false).
 */
export function closeRefusal(tip: { status: TipStatus; valuable: boolean | number | null }): CloseRefusal | null {
  if (!canMove(tip.status, "closed")) return "notOpen";
  if (tip.valuable === null) return "decideValueFirst";
  return null;
}
