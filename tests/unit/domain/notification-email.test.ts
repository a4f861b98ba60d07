/**
 * The email rules (domain/notification-email.ts): when an email is due under quiet hours
 * and the digest, how retries space out, and what an email says — on fixed instants.
 */
import { describe, expect, it } from "vitest";
import { composeNotificationEmail, emailDueAt, emailRetryDelayMs, inQuietHours, NOTIFICATION_KIND_WORDS } from "../../../domain/notification-email";
import { NOTIFICATION_KINDS } from "../../../domain/notifications";
import { vietnamInstant } from "../../../domain/vietnam-time";

const vn = (day: number, hour: number, minute = 0) => vietnamInstant(2026, 3, day, hour, minute);
const immediate = { delivery: "immediate" as const, digestHour: 7, quiet: null };

describe("when an email is due", () => {
  it("right away without quiet hours", () => {
    expect(emailDueAt(vn(2, 23, 30), immediate)).toBe(vn(2, 23, 30));
  });

  it("quiet hours across midnight hold it until they end, the same night or the next morning", () => {
    const quiet = { ...immediate, quiet: { from: 22, to: 6 } };
    expect(emailDueAt(vn(2, 21, 59), quiet)).toBe(vn(2, 21, 59));
    expect(emailDueAt(vn(2, 22), quiet)).toBe(vn(3, 6));
    expect(emailDueAt(vn(3, 2, 15), quiet)).toBe(vn(3, 6));
    expect(emailDueAt(vn(3, 6), quiet)).toBe(vn(3, 6));
  });

  it("quiet hours within a day (12–14) hold it until 14:00 that day", () => {
    const quiet = { ...immediate, quiet: { from: 12, to: 14 } };
    expect(emailDueAt(vn(2, 12, 30), quiet)).toBe(vn(2, 14));
    expect(emailDueAt(vn(2, 14, 1), quiet)).toBe(vn(2, 14, 1));
    expect([11, 12, 13, 14].map((h) => inQuietHours(h, quiet.quiet))).toEqual([false, true, true, false]);
  });

  it("a digest is due at its hour, Vietnam time: the same day before it, the next day after it", () => {
    const digest = { delivery: "digest" as const, digestHour: 7, quiet: { from: 6, to: 8 } };
    expect(emailDueAt(vn(2, 6, 59), digest)).toBe(vn(2, 7));
    expect(emailDueAt(vn(2, 7), digest)).toBe(vn(2, 7));
    expect(emailDueAt(vn(2, 7, 1), digest)).toBe(vn(3, 7));
    expect(emailDueAt(vn(2, 23, 59), { ...digest, digestHour: 0 })).toBe(vn(3, 0));
  });

  it("retries wait 1, 2, 4 … minutes, never more than an hour", () => {
    expect([1, 2, 3, 6, 7, 30].map(emailRetryDelayMs)).toEqual([60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);
  });
});

describe("what an email says", () => {
  it("every kind has words in both languages", () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(NOTIFICATION_KIND_WORDS.vi[kind]).toMatch(/\S/);
      expect(NOTIFICATION_KIND_WORDS.en[kind]).toMatch(/\S/);
    }
  });

  it("one event: its kind, the tip's number, the time in Vietnam and the link", () => {
    const mail = composeNotificationEmail([{ kind: "deadline_2d", tipId: 42, createdAt: vn(2, 9, 5) }], "vi", "https://tinbao.example.vn/");
    expect(mail.subject).toBe("[Tin Báo] Tin #42: Còn 2 ngày đến hạn giải quyết");
    expect(mail.text).toContain("https://tinbao.example.vn/can-bo/tin/42");
    expect(mail.text).toContain("09:05");
    expect(mail.text).toContain("https://tinbao.example.vn/can-bo/thong-bao/email");
  });

  it("a request to decide links to the custodians' page; a digest names its day and counts its events", () => {
    const events = [
      { kind: "identity_requested" as const, tipId: 7, createdAt: vn(2, 10) },
      { kind: "tip_new" as const, tipId: 8, createdAt: vn(2, 15) },
    ];
    const mail = composeNotificationEmail(events, "en", "https://tinbao.example.vn", vn(3, 7));
    expect(mail.subject).toBe("[Tin Báo] Daily digest of 03/03/2026: 2 notifications");
    expect(mail.text).toContain("https://tinbao.example.vn/can-bo/danh-tinh");
    expect(mail.text).toContain("https://tinbao.example.vn/can-bo/tin/8");
    expect(mail.text).toContain("Tip #7: An identity request awaits a decision");
  });
});
