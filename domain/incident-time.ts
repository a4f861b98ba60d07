/**
 * What is known about when an incident happened, from the stored instant and its
 * precision (tips.occurred_at, occurred_precision). An approximate time is a day,
 * never a made-up clock time: the tip form stores an approximate day without a time
 * as 00:00 Vietnam time, so 00:00 means "no time given"; any other time given as
 * approximate is shown as the part of the day it falls in (Vietnam's wall clock:
 * domain/vietnam-time.ts).
 */
import { vietnamWallClock } from "./vietnam-time";

/** As stored in tips.occurred_precision. */
export type IncidentPrecision = "exact" | "approximate" | "ongoing" | "unknown";

export type PartOfDay = "night" | "morning" | "midday" | "afternoon" | "evening";

export type IncidentTime =
  | { kind: "exact"; at: string }
  /** `day` is a Vietnam calendar day, YYYY-MM-DD. */
  | { kind: "approximate"; day: string; partOfDay: PartOfDay | null }
  | { kind: "ongoing"; since: string | null }
  | { kind: "unknown" };

/** Where each part of the day starts (Vietnam hour), in order. */
const PARTS: Array<[startHour: number, part: PartOfDay]> = [[0, "night"], [5, "morning"], [11, "midday"], [13, "afternoon"], [18, "evening"], [22, "night"]];

export function describeIncidentTime(occurredAt: string | null, precision: IncidentPrecision): IncidentTime {
  if (occurredAt === null || Number.isNaN(Date.parse(occurredAt))) return precision === "ongoing" ? { kind: "ongoing", since: null } : { kind: "unknown" };
  const { day, hour, minute } = vietnamWallClock(occurredAt);
  switch (precision) {
    case "exact":
      return { kind: "exact", at: occurredAt! };
    case "ongoing":
      return { kind: "ongoing", since: day };
    case "unknown":
      return { kind: "unknown" };
    case "approximate": {
      const partOfDay = hour === 0 && minute === 0 ? null : PARTS.filter(([start]) => hour >= start).at(-1)![1];
      return { kind: "approximate", day, partOfDay };
    }
  }
}
