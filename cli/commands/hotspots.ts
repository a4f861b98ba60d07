/**
 * `hotspots [--province CODE] [--at ISO] [--format jsonl|table]` (CONTRACT.md): the hotspot
 * alerts current at a moment — computed from scratch by the same operation the worker uses
 * (core/hotspots.ts), over the complete Vietnam days before it. One JSON object per line
 * (or a table); nothing at all when there are none.
 */
import type { Kysely } from "kysely";
import { detectProvinceHotspots, lastCompleteDay, provincesToWatch } from "../../core/hotspots";
import { detectProvincesHotspots } from "../../core/hotspots-parallel";
import type { Database } from "../../db/schema";
import { findUnit } from "../../db/queries/units";
import type { HotspotAlert } from "../../domain/hotspots";
import { CliError } from "../errors";

export interface HotspotOptions {
  province?: string;
  at?: string;
  format?: string;
}

/** Validates the arguments before anything is read: a clear one-line reason for each. */
export function parseHotspotOptions(values: HotspotOptions, now: Date): { province: string | null; through: string; format: "jsonl" | "table" } {
  const format = values.format ?? "jsonl";
  if (format !== "jsonl" && format !== "table") throw new CliError(`--format must be jsonl or table (got "${format}")`);
  let at = now;
  if (values.at !== undefined) {
    at = new Date(values.at);
    if (!/^\d{4}-\d{2}-\d{2}/.test(values.at) || Number.isNaN(at.getTime())) {
      throw new CliError(`--at must be an ISO date or time, e.g. 2026-12-07T08:00:00+07:00 (got "${values.at}")`);
    }
  }
  const province = values.province ?? null;
  if (province !== null && !/^\d{2}$/.test(province)) throw new CliError(`--province must be a two-digit province code, e.g. 48 (got "${province}")`);
  return { province, through: lastCompleteDay(at), format };
}

export interface HotspotLine {
  provinceCode: string;
  wardCode?: string;
  wardCodes?: string[];
  category: string;
  incidents: number;
  expected: number;
  since: string;
  raisedOn: string;
  through: string;
  rise: number;
  score: number;
  confidence: number;
}

function lineOf(provinceCode: string, alert: HotspotAlert): HotspotLine {
  const where = alert.wardCodes.length === 1 ? { wardCode: alert.wardCodes[0]! } : { wardCodes: alert.wardCodes };
  return {
    provinceCode, ...where, category: alert.category, incidents: alert.incidents, expected: round(alert.expected, 2), since: alert.since,
    raisedOn: alert.raisedOn, through: alert.at, rise: alert.rise, score: round(alert.score, 2), confidence: round(alert.confidence, 4),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The alerts current at the end of `through` in one province or every watched one. */
export async function listHotspots(db: Kysely<Database>, options: { province: string | null; through: string }): Promise<HotspotLine[]> {
  if (options.province !== null) {
    const unit = await findUnit(db, options.province);
    if (!unit) throw new CliError(`unknown province "${options.province}"; import it first (npm run cli -- units import --province ${options.province})`);
  }
  if (options.province !== null) return (await detectProvinceHotspots(db, options.province, options.through)).map((alert) => lineOf(options.province!, alert));
  // Every watched province: the detectors in threads (docs/decisions/0095), the same alerts in the same order.
  const byProvince = await detectProvincesHotspots(db, await provincesToWatch(db), options.through);
  return [...byProvince].flatMap(([province, alerts]) => alerts.map((alert) => lineOf(province, alert)));
}

export function formatHotspots(lines: HotspotLine[], format: "jsonl" | "table"): string {
  if (lines.length === 0) return "";
  if (format === "jsonl") return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
  const header = ["province", "wards", "category", "incidents", "expected", "since", "rise", "score", "confidence"];
  const rows = lines.map((l) => [
    l.provinceCode, l.wardCode ?? l.wardCodes!.join("+"), l.category, String(l.incidents), l.expected.toFixed(1), l.since, `x${l.rise}`,
    l.score.toFixed(1), `${(l.confidence * 100).toFixed(1)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}
