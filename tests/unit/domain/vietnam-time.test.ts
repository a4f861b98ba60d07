/** Vietnam time (domain/vietnam-time.ts): UTC+07:00 all year, checked at day, month, year and leap-day boundaries. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromVietnamWallClock, vietnamDay, vietnamDayEnd, vietnamDayNumber, vietnamDayStart, vietnamInstant, vietnamTimestamp, vietnamWallClock,
} from "../../../domain/vietnam-time";

describe("Vietnam time", () => {
  it("puts an instant on its Vietnam calendar day: the day turns at 17:00 UTC", () => {
    expect(vietnamDay("2026-11-21T16:59:59.999Z")).toBe("2026-11-21");
    expect(vietnamDay("2026-11-21T17:00:00.000Z")).toBe("2026-11-22");
    expect(vietnamDay("2026-06-30T23:30:00+07:00")).toBe("2026-06-30");
  });

  it("turns months, years and leap days at Vietnam's midnight, not UTC's", () => {
    expect(vietnamDay("2026-12-31T16:59:59.999Z")).toBe("2026-12-31");
    expect(vietnamDay("2026-12-31T17:00:00.000Z")).toBe("2027-01-01"); // New Year's Eve, 00:00 in Hà Nội
    expect(vietnamDay("2027-02-28T17:00:00.000Z")).toBe("2027-03-01");
    expect(vietnamDay("2028-02-28T17:00:00.000Z")).toBe("2028-02-29");
    expect(vietnamDayStart("2027-01-01")).toBe("2026-12-31T17:00:00.000Z");
    expect(vietnamDayEnd("2026-12-31")).toBe("2026-12-31T17:00:00.000Z");
    expect(vietnamDayEnd("2028-02-28")).toBe("2028-02-28T17:00:00.000Z");
    expect(vietnamDayStart("2028-02-29")).toBe("2028-02-28T17:00:00.000Z");
  });

  it("counts whole Vietnam days between instants", () => {
    expect(vietnamDayNumber("2026-12-31T17:00:00.000Z") - vietnamDayNumber("2026-12-31T16:59:59.999Z")).toBe(1);
    expect(vietnamDayNumber("2026-03-01T00:00:00+07:00") - vietnamDayNumber("2026-02-28T23:59:59+07:00")).toBe(1);
    expect(vietnamDayNumber("1970-01-01T00:00:00+07:00")).toBe(0);
  });

  it("reads the wall clock and writes instants in Vietnam's offset", () => {
    expect(vietnamWallClock("2026-11-21T18:30:00.000Z")).toEqual({ day: "2026-11-22", hour: 1, minute: 30 });
    expect(vietnamTimestamp(new Date("2026-11-21T18:30:00.000Z"))).toBe("2026-11-22T01:30:00+07:00");
    expect(vietnamTimestamp(new Date("2026-12-31T17:00:00.000Z"))).toBe("2027-01-01T00:00:00+07:00");
  });

  it("turns a Vietnam wall-clock time into the UTC instant", () => {
    expect(vietnamInstant(2026, 10, 3, 21, 30)).toBe("2026-10-03T14:30:00.000Z");
    expect(vietnamInstant(2027, 1, 1)).toBe("2026-12-31T17:00:00.000Z");
    expect(fromVietnamWallClock("2026-10-03T21:30")).toBe("2026-10-03T14:30:00.000Z");
    expect(fromVietnamWallClock("2026-03-21T23:59:59")).toBe("2026-03-21T16:59:59.000Z");
    expect(fromVietnamWallClock("2026-10-03")).toBe("2026-10-02T17:00:00.000Z");
  });

  it("refuses wall-clock times that do not exist rather than rolling them over", () => {
    for (const bad of ["2026-02-29", "2026-02-30T10:00", "2026-13-01", "2026-10-03T24:00", "2026-10-03T21:60", "2026-10-03 21:30", "garbage"]) {
      expect(() => fromVietnamWallClock(bad), bad).toThrow(RangeError);
    }
    expect(() => vietnamDay("not a time")).toThrow(RangeError);
  });

  it("round-trips every day through its first and last instants", () => {
    const day = fc.integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2060, 11, 31) / 86_400_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(day, (d) => {
      const start = Date.parse(vietnamDayStart(d));
      const end = Date.parse(vietnamDayEnd(d));
      return vietnamDay(new Date(start).toISOString()) === d && vietnamDay(new Date(end - 1).toISOString()) === d
        && vietnamDay(new Date(start - 1).toISOString()) !== d && vietnamDay(new Date(end).toISOString()) !== d && end - start === 86_400_000;
    }));
  });
});
