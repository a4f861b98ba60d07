/**
 * What is known about when an incident happened, from the stored instant and its
 * precision (tips.occurred_at, occurred_precision). An approximate time is a day,
 * never a made-up clock time: the tip form stores an approximate day without a time
 * as 00:00 Vietnam time, so 00:00 means "no time given"; any other time given as
 * approximate is shown as the part of the day it falls in. Vietnam keeps UTC+07:00
 * all year, so a fixed offset is exact.
 */
/** As stored in tips.occurred_precision. */
export type IncidentPrecision = "exact" | "approximate" | "ongoing" | "unknown";

export type PartOfDay = "night" | "morning" | "midday" | "afternoon" | "evening";

export type IncidentTime =
  | { kind: "exact"; at: string }
  /** `day` is a Vietnam calendar day, YYYY-MM-DD. */
  | { kind: "approximate"; day: string; partOfDay: PartOfDay | null }
  | { kind: "ongoing"; since: string | null }
  | { kind: "unknown" };

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Where each part of the day starts (Vietnam hour), in order. */
const PARTS: Array<[startHour: number, part: PartOfDay]> = [[0, "night"], [5, "morning"], [11, "midday"], [13, "afternoon"], [18, "evening"], [22, "night"]];

export function describeIncidentTime(occurredAt: string | null, precision: IncidentPrecision): IncidentTime {
  const local = occurredAt === null ? null : new Date(Date.parse(occurredAt) + VIETNAM_OFFSET_MS);
  if (local === null || Number.isNaN(local.getTime())) return precision === "ongoing" ? { kind: "ongoing", since: null } : { kind: "unknown" };
  const day = local.toISOString().slice(0, 10);
  switch (precision) {
    case "exact":
      return { kind: "exact", at: occurredAt! };
    case "ongoing":
      return { kind: "ongoing", since: day };
    case "unknown":
      return { kind: "unknown" };
    case "approximate": {
      const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
      const partOfDay = minutes === 0 ? null : PARTS.filter(([start]) => local.getUTCHours() >= start).at(-1)![1];
      return { kind: "approximate", day, partOfDay };
    }
  }
}
