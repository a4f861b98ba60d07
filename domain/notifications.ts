/**
 * Staff notifications (issue 16): which events there are, who receives each, the
 * key that makes each one happen once, and when the art. 147 reminders are due.
 * Pure: no I/O. A notification says what happened to which tip in which unit,
 * and when — never a tipster's words or identity.
 */
export const NOTIFICATION_KINDS = [
  "tip_new", "tip_rerouted", "tipster_answered", "deadline_5d", "deadline_2d", "deadline_passed",
  "identity_requested", "identity_approved", "identity_refused",
  "hotspot_alert",
  // Escalation and extensions (docs/decisions/0072-escalation.md).
  "tip_unclaimed", "escalation_head", "escalation_province", "extension_requested", "extension_decided",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds about a batch of a unit's tips: they link to the escalation list, not to one tip. */
export const ESCALATION_KINDS: readonly NotificationKind[] = ["escalation_head", "escalation_province"];

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * Who hears of an event about a tip: the officer who took the tip when it concerns
 * their work on it (the tipster's answer, its deadline), else every officer of the
 * unit whose queue it is in. A new or rerouted tip is nobody's yet: the unit. (If the
 * one who took it is no longer an officer of the unit, the unit hears: see
 * db/queries/notifications.ts insertUnitNotifications.)
 */
export function recipientsOf(kind: NotificationKind, tip: { unitCode: string; claimedBy: number | null }): { unitCode: string; onlyUser: number | null } {
  const personal = kind === "tipster_answered" || kind.startsWith("deadline_");
  return { unitCode: tip.unitCode, onlyUser: personal ? tip.claimedBy : null };
}

/**
 * The reminder steps before and at the deadline, most urgent last. `daysBefore`
 * counts Vietnamese calendar days like domain/deadline.ts's daysLeft: "5 days left"
 * is due from the start of the day five days before the deadline's day.
 * The deadline itself is the step's key, so an extended deadline is reminded of again.
 */
export const REMINDER_STEPS = [
  { kind: "deadline_5d", daysBefore: 5 },
  { kind: "deadline_2d", daysBefore: 2 },
  { kind: "deadline_passed", daysBefore: null },
] as const satisfies ReadonlyArray<{ kind: NotificationKind; daysBefore: number | null }>;
export type ReminderKind = (typeof REMINDER_STEPS)[number]["kind"];

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * For each step, the window of deadlines (as stored: UTC ISO) the step is the most
 * urgent due one for at `nowIso`: [from, to) — `from` null = no lower bound — and
 * the steps after it, whose earlier notification makes this one moot. A clock that
 * jumps past several steps fires only the latest: "5 days left" after the deadline
 * passed would be noise.
 */
export function reminderWindows(nowIso: string): Array<{ kind: ReminderKind; from: string | null; to: string; moot: ReminderKind[] }> {
  const now = Date.parse(nowIso);
  if (Number.isNaN(now)) throw new RangeError(`not an ISO date-time: '${nowIso}'`);
  // The end of today in Vietnam: a deadline (23:59:59 of its day) ≤ end of today + n days has ≤ n days left.
  const endOfToday = Math.floor((now + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - VIETNAM_OFFSET_MS;
  const bound = (days: number) => new Date(endOfToday + days * DAY_MS).toISOString();
  // A deadline is stored as 23:59:59 of its last day and ends at 24:00, a second later:
  // deadline_at < passed ⇔ deadline_at + 1 s ≤ now.
  const passed = new Date(now - 999).toISOString();
  const kinds = REMINDER_STEPS.map((s) => s.kind);
  return [
    { kind: "deadline_passed", from: null, to: passed, moot: kinds.slice(2) },
    { kind: "deadline_2d", from: passed, to: bound(2), moot: kinds.slice(1) },
    { kind: "deadline_5d", from: bound(2), to: bound(5), moot: kinds.slice(0) },
  ];
}

/**
 * How far below its mark a deadline scan looks again (docs/decisions/0081-scan-marks.md).
 * Deadlines only move forward and closed tips stay closed, so a deadline that passed
 * before the last complete scan's bound was dealt with then; the margin covers workers
 * whose clocks disagree or were set back, at the cost of a day's deadlines per run.
 */
export const SCAN_MARK_MARGIN_MS = DAY_MS;

/** The lowest deadline a scan must read, given its mark (null: never scanned — read all). */
export function scanFloor(lookedTo: string | null): string | null {
  return lookedTo === null ? null : new Date(Date.parse(lookedTo) - SCAN_MARK_MARGIN_MS).toISOString();
}

/**
 * What makes an event happen once: with the recipient and the kind, the step —
 * the deadline for a reminder, the message for an answer, the time of a
 * reroute (a tip may come back to a unit), nothing for a new tip (routed once).
 */
export type NotificationEvent =
  | { kind: "tip_new" }
  | { kind: "tip_rerouted"; at: string }
  | { kind: "tipster_answered"; messageId: number }
  | { kind: ReminderKind; deadlineAt: string }
  | { kind: "tip_unclaimed"; unitCode: string }
  | { kind: "escalation_head" | "escalation_province"; at: string }
  | { kind: "extension_requested" | "extension_decided"; requestId: number }
  | { kind: IdentityRequestKind; requestId: number };

export function notificationStep(event: NotificationEvent): string {
  switch (event.kind) {
    case "tip_new": return "";
    case "tip_rerouted": return `at:${event.at}`;
    case "tipster_answered": return `message:${event.messageId}`;
    case "identity_requested": case "identity_approved": case "identity_refused": return `request:${event.requestId}`;
    // Once per unit the tip waits in (a tip rerouted to another unit waits there anew).
    case "tip_unclaimed": return `unit:${event.unitCode}`;
    // A digest: one per recipient, unit and scan batch (docs/decisions/0072-escalation.md).
    case "escalation_head":
    case "escalation_province": return `at:${event.at}`;
    case "extension_requested":
    case "extension_decided": return `request:${event.requestId}`;
    default: return event.deadlineAt;
  }
}

/**
 * The steps of an identity request (docs/decisions/0044-identity-requests.md): filed
 * (to the custodians who can decide it, never the requester), then approved or refused
 * (to the requester). Each once per request: the request is the step.
 */
export type IdentityRequestKind = "identity_requested" | "identity_approved" | "identity_refused";

/** What a notification is about: a tip, or a hotspot alert (exactly one of the two), in a unit. */
export interface NotificationSubject {
  kind: NotificationKind;
  tipId: number | null;
  alertId: number | null;
  unitCode?: string;
}

/** The list of tips escalated to a unit head or a supervisor (docs/decisions/0072-escalation.md). */
export const ESCALATION_PATH = "/can-bo/bao-cao-cap-tren";

/**
 * Where a notification leads: a request to decide, to the custodians' page; an
 * escalation (a digest of a unit's tips), to the escalation list of that unit; an
 * alert, to the alert; anything else, to its tip. A path: the list links it, an email
 * puts PUBLIC_URL in front.
 */
export function notificationPath(n: NotificationSubject): string {
  if (n.kind === "identity_requested") return "/can-bo/danh-tinh";
  if (ESCALATION_KINDS.includes(n.kind)) return n.unitCode ? `${ESCALATION_PATH}?don-vi=${encodeURIComponent(n.unitCode)}` : ESCALATION_PATH;
  return n.alertId !== null ? `/can-bo/diem-nong/${n.alertId}` : `/can-bo/tin/${n.tipId}`;
}

/**
 * Whether a hotspot alert's officers and supervisors are told now, and under which
 * step key (docs/decisions/0070-hotspot-alerts.md): once when it is first current, and
 * again only when the rise that fits it has at least doubled since they were last told
 * (×2 → ×5, ×3 → ×10, ×5 → ×10 → ×20: at most four times an alert, never daily). A
 * handled alert is not announced again. Null: nothing to tell.
 */
export function hotspotAlertStep(alert: { rise: number; notifiedRise: number | null; state: "open" | "handled" }): string | null {
  if (alert.state === "handled") return null;
  if (alert.notifiedRise === null) return "raised";
  return alert.rise >= 2 * alert.notifiedRise ? `rise:${alert.rise}` : null;
}
