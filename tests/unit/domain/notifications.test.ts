import { describe, expect, it } from "vitest";
import { deadlineFor, daysLeft } from "../../../domain/deadline";
import { hotspotAlertStep, notificationStep, recipientsOf, reminderWindows } from "../../../domain/notifications";

/** The step due for a deadline at `now`, as the scan decides it: the window it falls in. */
function stepAt(deadlineAt: string, now: string): string | null {
  const w = reminderWindows(now).find((x) => (x.from === null || deadlineAt >= x.from) && deadlineAt < x.to);
  return w?.kind ?? null;
}

describe("reminder windows", () => {
  // Received 1 March 2026 in Vietnam: the last day is 21 March, deadline 21 March 23:59:59 +07.
  const deadline = deadlineFor("2026-03-01T03:00:00.000Z");

  it("agree with daysLeft at every hour from 8 days before to 2 days after", () => {
    for (let t = Date.parse(deadline) - 8 * 86_400_000; t < Date.parse(deadline) + 2 * 86_400_000; t += 3_600_000) {
      const now = new Date(t).toISOString();
      const left = daysLeft(deadline, now);
      const expected = t >= Date.parse(deadline) + 1000 ? "deadline_passed" : left <= 2 ? "deadline_2d" : left <= 5 ? "deadline_5d" : null;
      expect(stepAt(deadline, now), now).toBe(expected);
    }
  });

  it("start the 5-day reminder at midnight in Vietnam, five days before the last day", () => {
    expect(deadline).toBe("2026-03-21T16:59:59.000Z");
    expect(stepAt(deadline, "2026-03-15T16:59:59.999Z")).toBeNull(); // 23:59 on 15 March in Vietnam: 6 days left
    expect(stepAt(deadline, "2026-03-15T17:00:00.000Z")).toBe("deadline_5d"); // 00:00 on 16 March
    expect(stepAt(deadline, "2026-03-18T17:00:00.000Z")).toBe("deadline_2d");
    expect(stepAt(deadline, "2026-03-21T16:59:59.999Z")).toBe("deadline_2d"); // the last second is still in time
    expect(stepAt(deadline, "2026-03-21T17:00:00.000Z")).toBe("deadline_passed");
  });

  it("make later steps moot: a jump past the deadline gives only 'passed'", () => {
    const windows = reminderWindows("2026-04-30T00:00:00.000Z");
    expect(windows.find((w) => w.kind === "deadline_5d")!.moot).toEqual(["deadline_5d", "deadline_2d", "deadline_passed"]);
    expect(windows.find((w) => w.kind === "deadline_passed")!.moot).toEqual(["deadline_passed"]);
    expect(stepAt(deadline, "2026-04-30T00:00:00.000Z")).toBe("deadline_passed");
  });

  it("refuse a time that is not one", () => {
    expect(() => reminderWindows("yesterday")).toThrow(RangeError);
  });
});

describe("who hears of what", () => {
  it("a new or rerouted tip: the unit's officers even when someone took it", () => {
    expect(recipientsOf("tip_new", { unitCode: "20275", claimedBy: 7 })).toEqual({ unitCode: "20275", onlyUser: null });
    expect(recipientsOf("tip_rerouted", { unitCode: "20275", claimedBy: null })).toEqual({ unitCode: "20275", onlyUser: null });
  });
  it("an answer or a deadline: the officer who took the tip, else the unit", () => {
    expect(recipientsOf("tipster_answered", { unitCode: "20275", claimedBy: 7 })).toEqual({ unitCode: "20275", onlyUser: 7 });
    expect(recipientsOf("deadline_2d", { unitCode: "20275", claimedBy: 7 })).toEqual({ unitCode: "20275", onlyUser: 7 });
    expect(recipientsOf("deadline_passed", { unitCode: "20275", claimedBy: null })).toEqual({ unitCode: "20275", onlyUser: null });
  });
  it("keys: a reminder per deadline (an extension is reminded of again), an answer per message", () => {
    expect(notificationStep({ kind: "tip_new" })).toBe("");
    expect(notificationStep({ kind: "deadline_5d", deadlineAt: "2026-03-21T16:59:59.000Z" })).toBe("2026-03-21T16:59:59.000Z");
    expect(notificationStep({ kind: "tipster_answered", messageId: 12 })).toBe("message:12");
    expect(notificationStep({ kind: "tip_rerouted", at: "2026-03-02T01:00:00.000Z" })).toBe("at:2026-03-02T01:00:00.000Z");
  });
});

describe("hotspotAlertStep", () => {
  it("announces an alert once, again only when its rise has doubled, never when handled", () => {
    expect(hotspotAlertStep({ rise: 3, notifiedRise: null, state: "open" })).toBe("raised");
    expect(hotspotAlertStep({ rise: 3, notifiedRise: 3, state: "open" })).toBeNull();
    expect(hotspotAlertStep({ rise: 5, notifiedRise: 3, state: "open" })).toBeNull();
    expect(hotspotAlertStep({ rise: 10, notifiedRise: 3, state: "open" })).toBe("rise:10");
    expect(hotspotAlertStep({ rise: 5, notifiedRise: 2, state: "open" })).toBe("rise:5");
    expect(hotspotAlertStep({ rise: 10, notifiedRise: 5, state: "open" })).toBe("rise:10");
    expect(hotspotAlertStep({ rise: 2, notifiedRise: 5, state: "open" })).toBeNull();
    expect(hotspotAlertStep({ rise: 20, notifiedRise: 2, state: "handled" })).toBeNull();
    expect(hotspotAlertStep({ rise: 3, notifiedRise: null, state: "handled" })).toBeNull();
  });
});
