/**
 * The gazetteer's CSV format (CLI `places import/export`, the admin page):
 *
 *   province_code,name,kind,ward_codes,aliases,source
 *   48,Chợ Cồn,market,20242,Chợ Cồn Đà Nẵng,seed: …
 *
 * `ward_codes` and `aliases` hold several values separated by "|". UTF-8, an optional BOM,
 * quotes as RFC 4180. Every bad line gets its own error (line number, column, what is
 * wrong); nothing is stored unless every line is right. Export cells go through
 * spreadsheetSafe.
 */
import { spreadsheetSafe } from "./csv";
import { foldVietnamese, normalizeText } from "./text";

export const PLACE_CSV_HEADER = ["province_code", "name", "kind", "ward_codes", "aliases", "source"] as const;
export const PLACE_KIND_CODES = [
  "market", "school", "hospital", "station", "industrial-park", "beach", "bridge", "pagoda", "church", "tourist",
  "street", "other",
] as const;
export type PlaceKindCode = (typeof PLACE_KIND_CODES)[number];

/** Limits checked before and while parsing. */
export const PLACE_CSV_LIMITS = { maxBytes: 1_000_000, maxRows: 5_000, maxName: 120, maxAliases: 20, maxWards: 40, maxSource: 300 };

export interface PlaceCsvRow {
  line: number;
  provinceCode: string;
  name: string;
  kind: PlaceKindCode;
  wardCodes: string[];
  aliases: string[];
  source: string;
}

export interface PlaceCsvError {
  line: number;
  column: string | null;
  message: { vi: string; en: string };
}

export interface PlaceCsvResult {
  rows: PlaceCsvRow[];
  errors: PlaceCsvError[];
}

export interface PlaceCsvOptions {
  /** Ward code → its province code (every current ward). */
  wardProvince: ReadonlyMap<string, string>;
  /** Known province codes. */
  provinces: ReadonlySet<string>;
  /** Only lines of this province are accepted (the admin page's province), when given. */
  onlyProvince?: string | undefined;
  defaultSource?: string;
}

/** RFC 4180 records; a quote left open is reported by the caller as a format error. */
export function parseCsvRecords(text: string): { records: Array<{ line: number; cells: string[] }>; unterminatedAt: number | null } {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === "")) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (ch === "\n") line += 1;
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && cell === "") {
      quoted = true;
      i += 1;
      continue;
    }
    if (ch === ",") {
      cells.push(cell);
      cell = "";
      i += 1;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && src[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
      i += 1;
      continue;
    }
    cell += ch;
    i += 1;
  }
  if (quoted) return { records, unterminatedAt: recordLine };
  if (cell !== "" || cells.length) endRecord();
  return { records, unterminatedAt: null };
}

const msg = (vi: string, en: string) => ({ vi, en });

export function parsePlacesCsv(text: string, options: PlaceCsvOptions): PlaceCsvResult {
  const errors: PlaceCsvError[] = [];
  if (Buffer.byteLength(text, "utf8") > PLACE_CSV_LIMITS.maxBytes) {
    return { rows: [], errors: [{ line: 0, column: null, message: msg("Tệp quá lớn (tối đa 1 MB).", "The file is too large (1 MB at most).") }] };
  }
  const { records, unterminatedAt } = parseCsvRecords(text);
  if (unterminatedAt !== null) {
    errors.push({ line: unterminatedAt, column: null, message: msg("Dấu ngoặc kép mở mà không đóng.", "A quote is opened and never closed.") });
  }
  const header = records.shift();
  const names = header?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const missing = PLACE_CSV_HEADER.filter((h) => h !== "aliases" && h !== "source" && !names.includes(h));
  if (!header || missing.length) {
    errors.push({
      line: header?.line ?? 1, column: null,
      message: msg(`Dòng tiêu đề phải có các cột: ${PLACE_CSV_HEADER.join(", ")}.`, `The header line must name the columns: ${PLACE_CSV_HEADER.join(", ")}.`),
    });
    return { rows: [], errors };
  }
  if (records.length > PLACE_CSV_LIMITS.maxRows) {
    errors.push({ line: 0, column: null, message: msg(`Quá nhiều dòng (tối đa ${PLACE_CSV_LIMITS.maxRows}).`, `Too many lines (${PLACE_CSV_LIMITS.maxRows} at most).`) });
    return { rows: [], errors };
  }
  const col = (cells: string[], name: string) => {
    const at = names.indexOf(name);
    return at === -1 ? "" : normalizeText(cells[at] ?? "");
  };
  const rows: PlaceCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const lineErrors: PlaceCsvError[] = [];
    const fail = (column: string, vi: string, en: string) => lineErrors.push({ line, column, message: msg(vi, en) });
    if (cells.length > names.length) fail("", `Dòng có ${cells.length} cột, tiêu đề có ${names.length}.`, `The line has ${cells.length} columns, the header ${names.length}.`);
    const provinceCode = col(cells, "province_code");
    const name = col(cells, "name").replace(/\s+/g, " ");
    const kind = col(cells, "kind").toLowerCase();
    const wardCodes = col(cells, "ward_codes").split("|").map((w) => w.trim()).filter(Boolean);
    const aliases = col(cells, "aliases").split("|").map((a) => a.trim().replace(/\s+/g, " ")).filter(Boolean);
    const source = col(cells, "source") || options.defaultSource || "import";
    if (!options.provinces.has(provinceCode)) fail("province_code", `Mã tỉnh “${provinceCode}” không có.`, `Province code “${provinceCode}” does not exist.`);
    else if (options.onlyProvince && provinceCode !== options.onlyProvince) fail("province_code", `Chỉ nhận địa danh của tỉnh ${options.onlyProvince}.`, `Only places of province ${options.onlyProvince} are accepted.`);
    if (!name) fail("name", "Thiếu tên địa danh.", "The place has no name.");
    else if (name.length > PLACE_CSV_LIMITS.maxName) fail("name", `Tên dài quá ${PLACE_CSV_LIMITS.maxName} ký tự.`, `The name is longer than ${PLACE_CSV_LIMITS.maxName} characters.`);
    else if (foldVietnamese(name).split(" ").length < 2 && !aliases.length) fail("name", "Tên một từ quá chung, cần ít nhất hai từ (ví dụ “Chợ Cồn”).", "A one-word name is too generic: give at least two words (e.g. “Chợ Cồn”).");
    if (!(PLACE_KIND_CODES as readonly string[]).includes(kind)) fail("kind", `Loại “${kind}” không có; dùng: ${PLACE_KIND_CODES.join(", ")}.`, `Kind “${kind}” is unknown; use: ${PLACE_KIND_CODES.join(", ")}.`);
    if (!wardCodes.length) fail("ward_codes", "Cần ít nhất một mã xã, phường.", "At least one ward code is needed.");
    else if (wardCodes.length > PLACE_CSV_LIMITS.maxWards) fail("ward_codes", `Nhiều hơn ${PLACE_CSV_LIMITS.maxWards} xã, phường.`, `More than ${PLACE_CSV_LIMITS.maxWards} wards.`);
    for (const code of wardCodes) {
      const province = options.wardProvince.get(code);
      if (!province) fail("ward_codes", `Mã xã, phường “${code}” không có.`, `Ward code “${code}” does not exist.`);
      else if (options.provinces.has(provinceCode) && province !== provinceCode) fail("ward_codes", `Xã, phường “${code}” không thuộc tỉnh ${provinceCode}.`, `Ward “${code}” is not in province ${provinceCode}.`);
    }
    if (aliases.length > PLACE_CSV_LIMITS.maxAliases) fail("aliases", `Nhiều hơn ${PLACE_CSV_LIMITS.maxAliases} tên khác.`, `More than ${PLACE_CSV_LIMITS.maxAliases} other names.`);
    if (aliases.some((a) => a.length > PLACE_CSV_LIMITS.maxName)) fail("aliases", `Một tên khác dài quá ${PLACE_CSV_LIMITS.maxName} ký tự.`, `An other name is longer than ${PLACE_CSV_LIMITS.maxName} characters.`);
    if (source.length > PLACE_CSV_LIMITS.maxSource) fail("source", `Nguồn dài quá ${PLACE_CSV_LIMITS.maxSource} ký tự.`, `The source is longer than ${PLACE_CSV_LIMITS.maxSource} characters.`);
    const key = `${provinceCode}|${foldVietnamese(name)}`;
    if (name && seen.has(key)) fail("name", `Trùng tên với dòng ${seen.get(key)}.`, `Same name as line ${seen.get(key)}.`);
    if (name) seen.set(key, line);
    if (lineErrors.length) errors.push(...lineErrors);
    else rows.push({ line, provinceCode, name, kind: kind as PlaceKindCode, wardCodes: [...new Set(wardCodes)], aliases, source });
  }
  return { rows, errors };
}

export interface PlaceCsvRecord {
  provinceCode: string;
  name: string;
  kind: string;
  wardCodes: readonly string[];
  aliases: readonly string[];
  source: string;
  active?: boolean;
}

function csvCell(value: string): string {
  const safe = spreadsheetSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 CSV with a BOM (spreadsheets read the diacritics), the import's columns, active places only by default. */
export function placesToCsv(records: readonly PlaceCsvRecord[], options: { bom?: boolean } = {}): string {
  const lines = [PLACE_CSV_HEADER.join(",")];
  for (const r of records) {
    lines.push([r.provinceCode, r.name, r.kind, r.wardCodes.join("|"), r.aliases.join("|"), r.source].map(csvCell).join(","));
  }
  return (options.bom === false ? "" : "\uFEFF") + lines.join("\r\n") + "\r\n";
}
