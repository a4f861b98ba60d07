/**
 * `npx tsx scripts/check-labelled-tips.ts [FILE.jsonl ...]`
 *
 * Validates a labelled tips file (the tips-dev.jsonl format) before anyone
 * evaluates on it: every line is one JSON object with exactly the known fields;
 * categories are the contract's codes; ward codes exist; a map point lies inside
 * its labelled ward's polygon (with a margin, and in no other ward); an address
 * resolves, through the application's own resolver, to the labelled ward; a
 * ward-code location equals its label; every report of one incident carries the
 * same ward, lies within MAX_INCIDENT_SPAN_H of the others and comes from a
 * different identified reporter; no externalRef is used twice. Prints the
 * composition (incident sizes, location forms, categories) and exits 1 when any
 * line fails.
 *
 * Reference files (danang-wards.json, danang-ward-mappings.json,
 * danang-wards.geojson) come from TINBAO_SHARED_DATA, default ../shared/data;
 * without arguments it checks tips-dev.jsonl there and the tuning and test files
 * of tests/fixtures/triage (tips-tune.jsonl … tips-tune8.jsonl, tips-test.jsonl … tips-test7.jsonl).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CONTRACT_CATEGORIES } from "../db/queries/categories";
import { createAddressResolver, type AddressResolver } from "../domain/address";
import { createWardLocator, type WardLocator } from "../domain/geo";
import type { EvalReference } from "../domain/triage-eval";
import { hasDiacritics } from "../domain/text";
import { loadReference, sharedDataDir } from "./eval-triage-domain";

/** Reports of one incident lie at most this far apart ("within a day or so"; the dev sample's rule is 48 h). */
export const MAX_INCIDENT_SPAN_H = 48;
/** A map point and its 8 neighbours this far away (degrees, ≈ 220 m) must all lie in the labelled ward only. */
export const POINT_MARGIN_DEG = 0.002;

const TOP_KEYS = ["category", "description", "externalRef", "label", "location", "occurredAt", "reporter"];
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2})$/;
const PHONE = /^09\d{8}$/;
const MIN_DESCRIPTION = 20;

export type LocationFormCode = "ward code" | "point" | "address, current names" | "address, old names" | "address, no diacritics";

export interface CheckOptions {
  /** The offset every occurredAt must carry (the deployment's zone). */
  utcOffset?: string;
  /** Inclusive year range of occurredAt. */
  years?: readonly [number, number];
  maxIncidentSpanHours?: number;
  pointMarginDeg?: number;
}

export interface CheckSummary {
  tips: number;
  incidents: number;
  /** Incident size → how many incidents have it. */
  sizes: Record<number, number>;
  tipsInMultiReport: number;
  forms: Record<string, number>;
  /** Addresses without diacritics, split by whether they name a current or a pre-2025 ward. */
  noDiacritics: { current: number; old: number };
  categories: Record<string, number>;
  wards: number;
  identifiedReporters: number;
  /** Incidents whose reports use more than one category. */
  mixedCategoryIncidents: number;
  /** Incidents whose reports use more than one location form. */
  mixedFormIncidents: number;
}

export interface CheckResult {
  errors: string[];
  summary: CheckSummary;
}

interface Reference {
  wardCodes: Set<string>;
  resolver: AddressResolver;
  /** One locator per ward: is the point inside this ward's polygon? */
  inWard: Map<string, WardLocator>;
  locator: WardLocator;
  provinceCode: string | undefined;
}

export function prepareReference(reference: EvalReference): Reference {
  return {
    wardCodes: new Set(reference.gazetteer.wards.map((ward) => ward.code)),
    resolver: createAddressResolver(reference.gazetteer),
    inWard: new Map(reference.boundaries.map((feature) => [feature.code, createWardLocator([feature])])),
    locator: createWardLocator(reference.boundaries),
    provinceCode: reference.provinceCode,
  };
}

interface Seen {
  line: number;
  wardCode: string;
  at: number | null;
  phone: string | null;
  category: string;
  form: LocationFormCode | null;
}

/** Checks the lines of one labelled file. Pure apart from the prepared reference. */
export function checkLabelledTips(text: string, reference: Reference, options: CheckOptions = {}): CheckResult {
  const offset = options.utcOffset ?? "+07:00";
  const [firstYear, lastYear] = options.years ?? [2026, 2026];
  const maxSpanMs = (options.maxIncidentSpanHours ?? MAX_INCIDENT_SPAN_H) * 3_600_000;
  const margin = options.pointMarginDeg ?? POINT_MARGIN_DEG;
  const categories = new Set<string>(CONTRACT_CATEGORIES);

  const errors: string[] = [];
  const refs = new Map<string, number>();
  const incidents = new Map<string, Seen[]>();
  const forms: Record<string, number> = {};
  const categoryCounts: Record<string, number> = {};
  const wards = new Set<string>();
  const noDiacritics = { current: 0, old: 0 };
  let identified = 0;
  let tips = 0;

  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, index) => {
    const n = index + 1;
    const fail = (message: string) => errors.push(`line ${n}: ${message}`);
    if (!raw.trim()) return fail("empty line");
    let tip: unknown;
    try {
      tip = JSON.parse(raw);
    } catch (error) {
      return fail(`not JSON (${(error as Error).message})`);
    }
    if (!isObject(tip)) return fail("not a JSON object");
    tips += 1;
    const keys = Object.keys(tip).sort();
    if (keys.join() !== TOP_KEYS.join()) return fail(`fields ${keys.join(", ")}; expected ${TOP_KEYS.join(", ")}`);

    const ref = tip.externalRef;
    if (typeof ref !== "string" || !/^[A-Z]{1,3}-\d{4}$/.test(ref)) fail(`externalRef ${JSON.stringify(ref)} is not like D-0001`);
    else if (refs.has(ref)) fail(`externalRef ${ref} already used on line ${refs.get(ref)}`);
    else refs.set(ref, n);

    const category = tip.category;
    if (typeof category !== "string" || !categories.has(category)) fail(`unknown category ${JSON.stringify(category)}`);
    else categoryCounts[category] = (categoryCounts[category] ?? 0) + 1;

    const description = tip.description;
    if (typeof description !== "string" || description.trim().length < MIN_DESCRIPTION) {
      fail(`description missing or shorter than ${MIN_DESCRIPTION} characters`);
    } else if (description !== description.normalize("NFC")) {
      fail("description is not NFC");
    }

    const at = checkTime(tip.occurredAt, offset, firstYear, lastYear, fail);

    let phone: string | null = null;
    const reporter = tip.reporter;
    if (reporter !== null) {
      if (
        !isObject(reporter) || Object.keys(reporter).sort().join() !== "name,phone" ||
        typeof reporter.name !== "string" || !reporter.name.trim() ||
        typeof reporter.phone !== "string" || !PHONE.test(reporter.phone)
      ) {
        fail(`reporter must be null or {name, phone: 09 + 8 digits}, got ${JSON.stringify(reporter)}`);
      } else {
        identified += 1;
        phone = reporter.phone;
      }
    }

    const label = tip.label;
    if (!isObject(label) || Object.keys(label).sort().join() !== "incident,wardCode") return fail("label must be {wardCode, incident}");
    const { wardCode, incident } = label;
    if (typeof incident !== "string" || !/^[A-Z]{1,3}-\d{3,4}$/.test(incident)) fail(`label.incident ${JSON.stringify(incident)} is not like DI-001`);
    if (typeof wardCode !== "string" || !reference.wardCodes.has(wardCode)) return fail(`label.wardCode ${JSON.stringify(wardCode)} does not exist`);
    wards.add(wardCode);

    const form = checkLocation(tip.location, wardCode, reference, margin, fail);
    if (form) {
      forms[form.form] = (forms[form.form] ?? 0) + 1;
      if (form.form === "address, no diacritics") noDiacritics[form.viaOld ? "old" : "current"] += 1;
    }
    if (typeof incident === "string") {
      const list = incidents.get(incident) ?? [];
      list.push({ line: n, wardCode, at, phone, category: String(category), form: form?.form ?? null });
      incidents.set(incident, list);
    }
  });

  const sizes: Record<number, number> = {};
  let tipsInMultiReport = 0;
  let mixedCategoryIncidents = 0;
  let mixedFormIncidents = 0;
  for (const [incident, reports] of incidents) {
    sizes[reports.length] = (sizes[reports.length] ?? 0) + 1;
    if (reports.length > 1) tipsInMultiReport += reports.length;
    const where = `incident ${incident} (lines ${reports.map((r) => r.line).join(", ")})`;
    const wardsOf = new Set(reports.map((r) => r.wardCode));
    if (wardsOf.size > 1) errors.push(`${where}: several wards ${[...wardsOf].sort().join(", ")}`);
    const times = reports.flatMap((r) => (r.at === null ? [] : [r.at]));
    if (times.length > 1 && Math.max(...times) - Math.min(...times) > maxSpanMs) {
      errors.push(`${where}: reports span ${((Math.max(...times) - Math.min(...times)) / 3_600_000).toFixed(1)} h, more than ${maxSpanMs / 3_600_000} h`);
    }
    const phones = reports.flatMap((r) => (r.phone ? [r.phone] : []));
    if (new Set(phones).size !== phones.length) errors.push(`${where}: the same reporter twice`);
    if (new Set(reports.map((r) => r.category)).size > 1) mixedCategoryIncidents += 1;
    if (new Set(reports.map((r) => r.form)).size > 1) mixedFormIncidents += 1;
  }

  return {
    errors,
    summary: {
      tips,
      incidents: incidents.size,
      sizes,
      tipsInMultiReport,
      forms,
      noDiacritics,
      categories: categoryCounts,
      wards: wards.size,
      identifiedReporters: identified,
      mixedCategoryIncidents,
      mixedFormIncidents,
    },
  };
}

function checkTime(value: unknown, offset: string, firstYear: number, lastYear: number, fail: (m: string) => void): number | null {
  const match = typeof value === "string" ? ISO_LOCAL.exec(value) : null;
  if (!match) {
    fail(`occurredAt ${JSON.stringify(value)} is not ISO 8601 with an offset (YYYY-MM-DDTHH:MM[:SS]±HH:MM)`);
    return null;
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const ms = Date.parse(value as string);
  // Date.parse accepts 2026-02-30; a real calendar date round-trips through Date.UTC.
  const utc = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0));
  if (Number.isNaN(ms) || utc.getUTCMonth() !== mo! - 1 || utc.getUTCDate() !== d! || h! > 23 || mi! > 59) {
    fail(`occurredAt ${value as string} is not a real date and time`);
    return null;
  }
  if (match[7] !== offset) fail(`occurredAt ${value as string} must carry the offset ${offset}`);
  if (y! < firstYear || y! > lastYear) fail(`occurredAt ${value as string} is outside ${firstYear}–${lastYear}`);
  return ms;
}

function checkLocation(
  location: unknown,
  wardCode: string,
  reference: Reference,
  margin: number,
  fail: (m: string) => void,
): { form: LocationFormCode; viaOld: boolean } | null {
  const keys = isObject(location) ? Object.keys(location).sort().join() : "";
  if (!isObject(location) || !["wardCode", "lat,lng", "address"].includes(keys)) {
    fail(`location must be exactly one of {wardCode} | {lat, lng} | {address}, got ${JSON.stringify(location)}`);
    return null;
  }
  if (keys === "wardCode") {
    if (location.wardCode !== wardCode) fail(`location.wardCode ${JSON.stringify(location.wardCode)} differs from the label ${wardCode}`);
    return { form: "ward code", viaOld: false };
  }
  if (keys === "lat,lng") {
    const { lat, lng } = location;
    if (typeof lat !== "number" || typeof lng !== "number" || !Number.isFinite(lat) || !Number.isFinite(lng)) {
      fail("lat and lng must be finite numbers");
      return null;
    }
    const own = reference.inWard.get(wardCode);
    if (!own) {
      fail(`ward ${wardCode} has no polygon`);
      return null;
    }
    const problems = new Set<string>();
    for (const dLat of [0, -margin, margin]) {
      for (const dLng of [0, -margin, margin]) {
        const [pLat, pLng] = [lat + dLat, lng + dLng];
        const where = dLat === 0 && dLng === 0 ? "the point" : `the point moved ${dLat.toFixed(3)}°, ${dLng.toFixed(3)}°`;
        if (own.locate(pLat, pLng) !== wardCode) problems.add(`${where} (${pLat.toFixed(6)}, ${pLng.toFixed(6)}) is not inside ward ${wardCode}`);
        const other = reference.locator.locate(pLat, pLng);
        if (other && other !== wardCode) problems.add(`${where} lies in ward ${other} (label ${wardCode})`);
      }
    }
    for (const problem of problems) fail(problem);
    return { form: "point", viaOld: false };
  }
  const address = location.address;
  if (typeof address !== "string" || !address.trim()) {
    fail("address must be a non-empty string");
    return null;
  }
  const resolution = reference.resolver.resolve(address, { provinceCode: reference.provinceCode });
  if (resolution.wardCode !== wardCode) {
    fail(`address ${JSON.stringify(address)} resolves to ${resolution.wardCode ?? "no ward"} (${resolution.reason}), label is ${wardCode}`);
  }
  const viaOld = resolution.method === "old-address";
  const form: LocationFormCode = !hasDiacritics(address)
    ? "address, no diacritics"
    : viaOld ? "address, old names" : "address, current names";
  return { form, viaOld };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function formatSummary(summary: CheckSummary): string {
  const list = (record: Record<string | number, number>) =>
    Object.entries(record).sort(([a], [b]) => (Number(a) - Number(b)) || a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`).join(", ");
  const multi = Object.entries(summary.sizes).filter(([size]) => Number(size) > 1).reduce((sum, [, count]) => sum + count, 0);
  return [
    `tips ${summary.tips}, incidents ${summary.incidents} (${multi} reported by 2 or more, ${summary.tipsInMultiReport} tips in them)`,
    `incident sizes: ${list(summary.sizes)}`,
    `location forms: ${list(summary.forms)} (no diacritics: ${summary.noDiacritics.current} current names, ${summary.noDiacritics.old} pre-2025 names)`,
    `categories: ${list(summary.categories)}`,
    `wards covered: ${summary.wards}; identified reporters: ${summary.identifiedReporters}`,
    `multi-report incidents with mixed categories: ${summary.mixedCategoryIncidents}; with mixed location forms: ${summary.mixedFormIncidents}`,
  ].join("\n");
}

function main(): number {
  const dataDir = sharedDataDir();
  const files = process.argv.length > 2
    ? process.argv.slice(2)
    : [
      path.join(dataDir, "tips-dev.jsonl"),
      ...["tips-tune.jsonl", "tips-tune2.jsonl", "tips-tune3.jsonl", "tips-tune4.jsonl", "tips-tune5.jsonl", "tips-tune6.jsonl", "tips-tune7.jsonl", "tips-tune8.jsonl", "tips-test.jsonl", "tips-test2.jsonl", "tips-test3.jsonl", "tips-test4.jsonl", "tips-test5.jsonl", "tips-test6.jsonl", "tips-test7.jsonl"].map((name) => path.resolve(import.meta.dirname, "../tests/fixtures/triage", name)),
    ];
  const reference = prepareReference(loadReference(dataDir));
  let failed = 0;
  for (const file of files) {
    const { errors, summary } = checkLabelledTips(readFileSync(file, "utf8"), reference);
    console.log(`${file}\n${formatSummary(summary)}`);
    if (errors.length) {
      failed += 1;
      console.log(`FAILED: ${errors.length} error(s)`);
      for (const error of errors) console.log(`  ${error}`);
    } else {
      console.log("OK");
    }
    console.log("");
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) process.exitCode = main();
