/**
 * Staff notifications by email (issue 16 item 4; docs/decisions/0073-notification-email.md):
 * when a user's email for a notification is due (right away, after their quiet hours,
 * or in their daily digest at the hour they chose, Vietnam time), and what it says —
 * the event's kind, the tip's number, the time and a link, in the user's language.
 * Never anything from the tip: no words, no place, no tipster. Plain text only (no
 * HTML, so nothing to track the reader with). Pure: no I/O.
 */
import type { NotificationKind } from "./notifications";
import { NOTIFICATION_KINDS, notificationPath } from "./notifications";
import { VIETNAM_TIME_ZONE, vietnamDay, vietnamInstant, vietnamWallClock } from "./vietnam-time";

export const EMAIL_LANGUAGES = ["vi", "en"] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];
export const EMAIL_DELIVERIES = ["immediate", "digest"] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];

export interface EmailPreferences {
  /** The kinds the user receives by email; the others stay in-app only. */
  kinds: NotificationKind[];
  delivery: EmailDelivery;
  /** Vietnam hour (0–23) of the daily digest. */
  digestHour: number;
  /** Vietnam hours [from, to) during which immediate emails wait; null = none. `from` > `to` spans midnight. */
  quiet: { from: number; to: number } | null;
  language: EmailLanguage;
}

/** The words for each kind of notification, on screen (app/i18n) and in emails alike. */
/**
 * The kinds a user may choose to receive by email: every kind about a tip. A hotspot
 * alert is about a place, not a tip, and is read on its page (docs/decisions/0070): in
 * Tin Báo only.
 */
export const EMAILED_KINDS = NOTIFICATION_KINDS.filter((kind) => kind !== "hotspot_alert");

export const NOTIFICATION_KIND_WORDS: Record<EmailLanguage, Record<NotificationKind, string>> = {
  vi: {
    tip_new: "Tin mới trong hàng chờ của đơn vị",
    tip_rerouted: "Tin được chuyển đến đơn vị",
    tipster_answered: "Người báo tin đã gửi trả lời hoặc bổ sung",
    deadline_5d: "Còn 5 ngày đến hạn giải quyết",
    deadline_2d: "Còn 2 ngày đến hạn giải quyết",
    deadline_passed: "Đã quá hạn giải quyết",
    identity_requested: "Có đề nghị xem danh tính chờ phê duyệt",
    identity_approved: "Đề nghị xem danh tính của anh/chị đã được phê duyệt",
    identity_refused: "Đề nghị xem danh tính của anh/chị bị từ chối",
    hotspot_alert: "Cảnh báo điểm nóng: sự việc tăng cao bất thường trên địa bàn",
    tip_unclaimed: "Tin trong hàng chờ chưa có cán bộ nhận xử lý",
    escalation_head: "Báo cáo trưởng đơn vị: có tin quá hạn hoặc lâu chưa nhận xử lý",
    escalation_province: "Báo cáo cấp trên: có tin quá hạn hoặc lâu chưa nhận xử lý",
    extension_requested: "Có đề nghị gia hạn chờ anh/chị duyệt",
    extension_decided: "Đề nghị gia hạn của anh/chị đã được quyết định",
  },
  en: {
    tip_new: "New tip in the unit's queue",
    tip_rerouted: "Tip rerouted to the unit",
    tipster_answered: "The tipster answered or added information",
    deadline_5d: "5 days left to decide",
    deadline_2d: "2 days left to decide",
    deadline_passed: "Decision deadline passed",
    identity_requested: "An identity request awaits a decision",
    identity_approved: "Your identity request was approved",
    identity_refused: "Your identity request was refused",
    hotspot_alert: "Hotspot alert: incidents well above the usual level in the area",
    tip_unclaimed: "A tip in the queue that nobody has taken",
    escalation_head: "Escalated to you as unit head: tips overdue or long untaken",
    escalation_province: "Escalated to you: tips overdue or long untaken",
    extension_requested: "An extension request waits for your approval",
    extension_decided: "Your extension request has been decided",
  },
};

const HOUR_MS = 3_600_000;

/** Whether a Vietnam hour lies in the quiet hours [from, to), which may span midnight. */
export function inQuietHours(hour: number, quiet: EmailPreferences["quiet"]): boolean {
  if (!quiet || quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}

/** The first instant at or after `iso` when the Vietnam wall clock reads `hour`:00. */
function nextVietnamHour(iso: string, hour: number): string {
  const { day } = vietnamWallClock(iso);
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const today = vietnamInstant(y, m, d, hour);
  return Date.parse(today) >= Date.parse(iso) ? today : new Date(Date.parse(today) + 24 * HOUR_MS).toISOString();
}

/**
 * When the email for a notification created at `createdAt` is due: in the next digest
 * at the chosen hour, or right away unless that falls in the quiet hours, then when
 * they end. Read with the preferences as they are at sending time.
 */
export function emailDueAt(createdAt: string, prefs: Pick<EmailPreferences, "delivery" | "digestHour" | "quiet">): string {
  if (prefs.delivery === "digest") return nextVietnamHour(createdAt, prefs.digestHour);
  if (!prefs.quiet || !inQuietHours(vietnamWallClock(createdAt).hour, prefs.quiet)) return createdAt;
  return nextVietnamHour(createdAt, prefs.quiet.to);
}

/** A retried send waits 1, 2, 4 … minutes, at most an hour: an SMTP server back within the hour is used within minutes. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export interface EmailEvent {
  kind: NotificationKind;
  tipId: number;
  createdAt: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
}

const WORDS = {
  vi: {
    tip: (id: number) => `Tin #${id}`,
    digestSubject: (day: string, n: number) => `[Tin Báo] Tóm tắt thông báo gửi ngày ${day}: ${n} thông báo`,
    manySubject: (n: number) => `[Tin Báo] ${n} thông báo mới`,
    intro: "Anh/chị có thông báo mới trên Tin Báo:",
    digestIntro: (day: string) => `Các thông báo của anh/chị từ thư tóm tắt trước đến nay (${day}):`,
    open: "Mở",
    footer: "Thư này chỉ báo có việc và đường dẫn; nội dung tin chỉ xem được sau khi đăng nhập.\nThay đổi loại thông báo nhận qua email, giờ yên lặng hoặc thư tóm tắt:",
  },
  en: {
    tip: (id: number) => `Tip #${id}`,
    digestSubject: (day: string, n: number) => `[Tin Báo] Daily digest of ${day}: ${n} notifications`,
    manySubject: (n: number) => `[Tin Báo] ${n} new notifications`,
    intro: "You have a new notification on Tin Báo:",
    digestIntro: (day: string) => `Your notifications since the previous digest (${day}):`,
    open: "Open",
    footer: "This email only says that something happened and where; the tip itself can be read only after signing in.\nChange which notifications come by email, quiet hours or the digest:",
  },
} as const;

/** Where a user changes what comes by email (the path of app/routes/can-bo.thong-bao.email.tsx). */
export const EMAIL_PREFERENCES_PATH = "/can-bo/thong-bao/email";

function formatVietnamTime(iso: string, language: EmailLanguage): string {
  return new Intl.DateTimeFormat(language === "vi" ? "vi-VN" : "en-GB", {
    timeZone: VIETNAM_TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(new Date(iso));
}

/**
 * One email: a single event, several that waited out the quiet hours, or a day's
 * digest (`digestAt`: the digest's time). Each event is its kind, the tip's number,
 * its time (Vietnam) and a link on `baseUrl`.
 */
export function composeNotificationEmail(events: EmailEvent[], language: EmailLanguage, baseUrl: string, digestAt: string | null = null): ComposedEmail {
  if (events.length === 0) throw new RangeError("an email needs at least one event");
  const w = WORDS[language];
  const kinds = NOTIFICATION_KIND_WORDS[language];
  const base = baseUrl.replace(/\/+$/, "");
  const lines = events.map((e) => `- ${w.tip(e.tipId)}: ${kinds[e.kind]} (${formatVietnamTime(e.createdAt, language)})\n  ${w.open}: ${base}${notificationPath({ kind: e.kind, tipId: e.tipId, alertId: null })}`);
  const day = digestAt ? formatDay(vietnamDay(digestAt)) : null;
  const first = events[0]!;
  const subject = day
    ? w.digestSubject(day, events.length)
    : events.length === 1 ? `[Tin Báo] ${w.tip(first.tipId)}: ${kinds[first.kind]}` : w.manySubject(events.length);
  const intro = day ? w.digestIntro(day) : w.intro;
  return { subject, text: `${intro}\n\n${lines.join("\n")}\n\n--\n${w.footer}\n${base}${EMAIL_PREFERENCES_PATH}\n` };
}

/** "2026-03-10" as 10/03/2026: both languages write the day first. */
function formatDay(day: string): string {
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}
