import { describe, expect, it } from "vitest";
import { describeIncidentTime } from "../../../domain/incident-time";

describe("describeIncidentTime", () => {
  it("keeps an exact time exact", () => {
    expect(describeIncidentTime("2026-10-03T14:30:00.000Z", "exact")).toEqual({ kind: "exact", at: "2026-10-03T14:30:00.000Z" });
  });

  it("gives an approximate day without a time as the Vietnam day alone, never 00:00", () => {
    // 3 October 00:00 in Vietnam is 2 October 17:00 UTC.
    expect(describeIncidentTime("2026-10-02T17:00:00.000Z", "approximate")).toEqual({ kind: "approximate", day: "2026-10-03", partOfDay: null });
  });

  it("gives an approximate time as the part of the day it falls in", () => {
    const at = (vietnamTime: string) => new Date(`2026-10-03T${vietnamTime}:00+07:00`).toISOString();
    expect(describeIncidentTime(at("21:30"), "approximate")).toMatchObject({ day: "2026-10-03", partOfDay: "evening" });
    expect(describeIncidentTime(at("06:00"), "approximate")).toMatchObject({ partOfDay: "morning" });
    expect(describeIncidentTime(at("12:15"), "approximate")).toMatchObject({ partOfDay: "midday" });
    expect(describeIncidentTime(at("15:00"), "approximate")).toMatchObject({ partOfDay: "afternoon" });
    expect(describeIncidentTime(at("23:10"), "approximate")).toMatchObject({ partOfDay: "night" });
    expect(describeIncidentTime(at("02:00"), "approximate")).toMatchObject({ day: "2026-10-03", partOfDay: "night" });
  });

  it("dates an ongoing incident from the day it started, when given", () => {
    expect(describeIncidentTime("2026-12-31T17:00:00.000Z", "ongoing")).toEqual({ kind: "ongoing", since: "2027-01-01" });
    expect(describeIncidentTime(null, "ongoing")).toEqual({ kind: "ongoing", since: null });
  });

  it("says nothing made up when the time is unknown", () => {
    expect(describeIncidentTime(null, "unknown")).toEqual({ kind: "unknown" });
    expect(describeIncidentTime("2026-10-03T00:00:00.000Z", "unknown")).toEqual({ kind: "unknown" });
    expect(describeIncidentTime(null, "approximate")).toEqual({ kind: "unknown" });
  });
});
