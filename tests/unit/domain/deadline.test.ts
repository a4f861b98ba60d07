import { describe, expect, it } from "vitest";
import { daysLeft, deadlineFor, extensionDaysLeft, extensionRefusal } from "../../../domain/deadline";

describe("deadlineFor (Criminal Procedure Code art. 147: 20 days)", () => {
  it("ends at 24:00 on the 20th day after the day of receipt, Vietnam time", () => {
    expect(deadlineFor("2026-03-01T10:00:00+07:00")).toBe("2026-03-21T16:59:59.000Z");
  });

  it("counts the receipt day in Vietnam, not in UTC", () => {
    // 18:30 UTC on 1 March is 01:30 on 2 March in Hồ Chí Minh City.
    expect(deadlineFor("2026-03-01T18:30:00Z")).toBe("2026-03-22T16:59:59.000Z");
    expect(deadlineFor("2026-03-01T16:59:59Z")).toBe("2026-03-21T16:59:59.000Z");
  });

  it("crosses month and year ends", () => {
    expect(deadlineFor("2026-12-20T09:00:00+07:00")).toBe("2027-01-09T16:59:59.000Z");
  });

  it("adds an extension", () => {
    expect(deadlineFor("2026-03-01T10:00:00+07:00", 40)).toBe("2026-04-30T16:59:59.000Z");
  });

  it("refuses nonsense", () => {
    expect(() => deadlineFor("yesterday")).toThrow(RangeError);
    expect(() => deadlineFor("2026-03-01T10:00:00+07:00", -1)).toThrow(RangeError);
    expect(() => deadlineFor("2026-03-01T10:00:00+07:00", 1.5)).toThrow(RangeError);
  });
});

describe("daysLeft", () => {
  const deadline = deadlineFor("2026-03-01T10:00:00+07:00");

  it("counts calendar days to the last day", () => {
    expect(daysLeft(deadline, "2026-03-01T10:00:00+07:00")).toBe(20);
    expect(daysLeft(deadline, "2026-03-20T23:59:00+07:00")).toBe(1);
  });

  it("is 0 on the last day and negative after it", () => {
    expect(daysLeft(deadline, "2026-03-21T00:00:00+07:00")).toBe(0);
    expect(daysLeft(deadline, "2026-03-21T23:59:00+07:00")).toBe(0);
    expect(daysLeft(deadline, "2026-03-21T17:30:00Z")).toBe(-1);
  });
});

describe("extensions (art. 147(2)–(3): at most 60 days at a time, 120 in all)", () => {
  it("allows up to 60 days at a time while the 120 last", () => {
    expect(extensionRefusal(0, 60)).toBeNull();
    expect(extensionRefusal(0, 61)).toBe("stepTooLong");
    expect(extensionRefusal(60, 60)).toBeNull();
    expect(extensionRefusal(100, 20)).toBeNull();
    expect(extensionRefusal(100, 21)).toBe("tooLong");
    expect(extensionRefusal(120, 1)).toBe("tooLong");
  });

  it("counts what is left and refuses parts of days", () => {
    expect(extensionDaysLeft(0)).toBe(120);
    expect(extensionDaysLeft(45)).toBe(75);
    expect(extensionDaysLeft(130)).toBe(0);
    expect(extensionRefusal(0, 0)).toBe("notWholeDays");
    expect(extensionRefusal(0, 1.5)).toBe("notWholeDays");
  });
});
