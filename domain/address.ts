/**
 * Resolves a free-text Vietnamese address to a current (post-July-2025) ward code.
 *
 * Residents write addresses small-to-large ("kiệt 78 Hồ Nghinh, phường Phước Mỹ,
 * quận Sơn Trà, Đà Nẵng"), often with the pre-2025 ward and district, abbreviations
 * ("P.", "Q.", "TP", "TX."), and sometimes without diacritics. The resolver finds the
 * administrative names in the text, decides which one is the ward and which ones are
 * context (old district, province), and maps old names through the official
 * old→new ward mappings. It answers with a ward only when exactly one ward fits;
 * otherwise it returns the candidates and says why.
 *
 * Pure: the index is built once from the gazetteer; resolve() does no I/O and
 * never throws.
 */
import { createPlaceMatcher, type GazetteerPlace, type PlaceMatch, type PlaceMatcher } from "./places";
import { reason, type Reason } from "./reasons";
import { accentKey, foldVietnamese } from "./text";

export interface GazetteerProvince {
  code: string;
  name: string;
}

export interface GazetteerWard {
  code: string;
  name: string;
  provinceCode: string;
}

/** One row of the official old→new ward mapping; real data has nulls and duplicates. */
export interface WardMappingRow {
  oldWardName: string | null;
  oldDistrictName: string | null;
  oldProvinceName: string | null;
  newWardCode: string | null;
  newWardName?: string | null;
}

/**
 * A province name as people write it: the 34 current provinces, the 63 pre-2025 ones
 * (each with its merged successor) and short forms ("ĐN", "TP HCM", "Q.Nam");
 * db/seed/provinces.csv.
 */
export interface ProvinceName {
  name: string;
  /** The current province it means (a pre-2025 province: its successor). */
  code: string;
  /** A province that no longer exists: the address is written the old way. */
  old: boolean;
}

export interface Gazetteer {
  provinces: readonly GazetteerProvince[];
  wards: readonly GazetteerWard[];
  mappings: readonly WardMappingRow[];
  /** Province names, old names and short forms; without it old provinces constrain nothing. */
  provinceNames?: readonly ProvinceName[];
  /** Landmarks and streets (the places table), matched before ward names. */
  places?: readonly GazetteerPlace[];
}

export type AddressMethod = "address" | "old-address" | "none";

export interface ScoredCandidate {
  wardCode: string;
  score: number;
  words: string[];
  placeId?: number;
}

export interface AddressResolution {
  wardCode: string | null;
  method: AddressMethod;
  /** 0..1; 0 whenever wardCode is null. */
  confidence: number;
  /** Ward codes that fit the text; one when resolved, several when ambiguous. */
  candidates: string[];
  /** Short English explanation (logs, evaluation). */
  reason: string;
  /** The same as data, for the audit trail in the reader's language. */
  because: Reason<"location">;
  /** The province the text names (pre-2025 provinces mapped to their successor); null when none. */
  provinceCode?: string | null;
  /** The candidates, best first, with scores and the words that carried them. */
  scoredCandidates?: ScoredCandidate[];
  /** The gazetteer place that resolved it. */
  placeId?: number | null;
  /** The words that carried the match. */
  matchedWords?: string[];
}

export interface ResolveOptions {
  /** Only consider wards of this province (the deployment's province). */
  provinceCode?: string | undefined;
  /**
   * The provinces this deployment serves (`HOME_PROVINCES`): a soft preference, unlike `provinceCode`. When a
   * name that the text does not tie to a province fits several wards and exactly one of them lies in a home
   * province, that one is taken, at a lower confidence — "xa Hoa Tien" typed without diacritics to Đà Nẵng's
   * portal is Đà Nẵng's Hòa Tiến, not an old Hoả Tiến in Hậu Giang.
   */
  homeProvinces?: readonly string[] | undefined;
}

export interface AddressResolver {
  resolve(text: string, opts?: ResolveOptions): AddressResolution;
}

// ------------------------------------------------------------------ the index

type Level = "ward" | "district" | "city" | "province";

interface CurrentWardName {
  kind: "ward";
  label: string;
  accent: string;
  code: string;
  provinceCode: string;
}

interface OldWardName {
  kind: "oldWard";
  label: string;
  accent: string;
  /** Folded base name of the old district ("lien chieu"), null when the row has none. */
  district: string | null;
  districtLabel: string | null;
  /** Folded base name of the old province ("quang nam"). */
  province: string | null;
  /** Current ward codes the old ward went into; more than one = it was split. */
  targets: string[];
}

interface DistrictName {
  kind: "district";
  label: string;
  key: string;
}

interface ProvinceEntry {
  kind: "province";
  label: string;
  key: string;
  /** The current province it means (its successor for a pre-2025 one); null when unknown. */
  code: string | null;
  /** A pre-2025 province (old-ward names decide). */
  old: boolean;
}

type WardLike = CurrentWardName | OldWardName;
type NameEntry = WardLike | DistrictName | ProvinceEntry;

interface NameIndex {
  byName: Map<string, NameEntry[]>;
  longestName: number;
  provinceOfWard: Map<string, string>;
  wardsOfDistrict: Map<string, OldWardName[]>;
  places: PlaceMatcher | null;
  /** First words of province names that are also unit prefixes ("q" of "Q.Nam", "tp" of "TP HCM"). */
  prefixLikeProvinceStarts: Set<string>;
}

/** Unit-type words that start official names and that residents type before a name. */
const UNIT_PREFIXES: readonly { words: string[]; level: Level; spelled?: string }[] = [
  { words: ["thi", "tran"], level: "ward", spelled: "thị trấn" },
  { words: ["dac", "khu"], level: "ward", spelled: "đặc khu" },
  { words: ["thi", "xa"], level: "district", spelled: "thị xã" },
  { words: ["thanh", "pho"], level: "city", spelled: "thành phố" },
  { words: ["phuong"], level: "ward", spelled: "phường" },
  { words: ["xa"], level: "ward", spelled: "xã" },
  { words: ["quan"], level: "district", spelled: "quận" },
  { words: ["huyen"], level: "district", spelled: "huyện" },
  { words: ["tinh"], level: "province", spelled: "tỉnh" },
  // Abbreviations ("P.", "F" is chat spelling of phường, "TT.", "Q.", "H.", "TX.", "TP.").
  { words: ["p"], level: "ward" },
  { words: ["f"], level: "ward" },
  { words: ["x"], level: "ward" },
  { words: ["tt"], level: "ward" },
  { words: ["q"], level: "district" },
  { words: ["h"], level: "district" },
  { words: ["tx"], level: "district" },
  { words: ["tp"], level: "city" },
];

/** Words that make the name after them a street or landmark, not an area ("chợ Hà Lam"). */
// prettier-ignore
const LANDMARK_WORDS = new Set([
  "duong", "pho", "kiet", "hem", "ngo", "ngach", "cho", "song", "suoi", "cau", "bai", "bien",
  "nui", "deo", "ho", "lang", "ben", "cang", "kcn", "ccn", "truong", "vien", "chua", "dao",
  "thon", "ap", "ban", "to", "khoi", "xom", "doi", "ql", "dt", "tl", "lo", "so", "nha",
  // the last word of a landmark's kind: "đại học Bách khoa", "bến xe Trung tâm", "nhà thờ Con Gà", "siêu thị"…
  "hoc", "dh", "thpt", "thcs", "xe", "ga", "bay", "thi", "nghiep", "kcn", "dong", "tho", "quan", "vincom", "park",
  "mall", "plaza", "hotel", "resort", "ks", "bv",
]);

/**
 * A bare name (no "phường", "xã"…) made of one syllable is a generic word or a given name
 * far more often than a ward ("chợ", "Chờ", "Phan", "Cồn"): it never matches on its own.
 * These longer phrases are generic too.
 */
const GENERIC_NAMES = new Set(["trung tam", "ben xe", "khu pho", "nha tho", "cho moi", "khu dan cu"]);

export function createAddressResolver(gazetteer: Gazetteer): AddressResolver {
  const index = buildIndex(gazetteer);
  index.places = gazetteer.places?.length ? createPlaceMatcher(gazetteer.places) : null;
  return {
    resolve(text, opts = {}) {
      try {
        return resolveAddress(index, String(text ?? ""), opts);
      } catch {
        // Defensive: an address must never take the pipeline down.
        return unresolved([], "the address could not be read", reason("address-unreadable"));
      }
    },
  };
}

function buildIndex(gazetteer: Gazetteer): NameIndex {
  const byName = new Map<string, NameEntry[]>();
  const add = (base: string, entry: NameEntry) => {
    const key = foldVietnamese(base);
    if (!key) return;
    const list = byName.get(key) ?? [];
    list.push(entry);
    byName.set(key, list);
  };

  const provinceOfWard = new Map<string, string>();
  const wardsByName = new Map<string, GazetteerWard[]>();
  for (const ward of gazetteer.wards) {
    provinceOfWard.set(ward.code, ward.provinceCode);
    const base = stripUnitType(ward.name);
    const accent = accentKey(base);
    add(base, { kind: "ward", label: ward.name, accent, code: ward.code, provinceCode: ward.provinceCode });
    // Keyed by accentKey: the mappings file may spell a name with the old tone placement.
    const sameName = wardsByName.get(accentKey(ward.name)) ?? [];
    sameName.push(ward);
    wardsByName.set(accentKey(ward.name), sameName);
  }

  const provinceKeys = new Set<string>();
  const addProvince = (name: string, code: string | null, old: boolean) => {
    const base = stripUnitType(name);
    const key = provinceKey(base);
    if (!key || provinceKeys.has(key)) return;
    provinceKeys.add(key);
    add(key, { kind: "province", label: name, key, code, old });
  };
  const named = new Map((gazetteer.provinceNames ?? []).map((p) => [provinceKey(stripUnitType(p.name)), p]));
  for (const province of gazetteer.provinces) addProvince(province.name, province.code, false);
  for (const province of gazetteer.provinceNames ?? []) addProvince(province.name, province.code, province.old);
  for (const row of gazetteer.mappings) {
    if (!row.oldProvinceName) continue;
    const known = named.get(provinceKey(stripUnitType(row.oldProvinceName)));
    addProvince(row.oldProvinceName, known?.code ?? null, known?.old ?? true);
  }

  const wardsOfDistrict = new Map<string, OldWardName[]>();
  for (const oldWard of collectOldWards(gazetteer.mappings, provinceOfWard, wardsByName)) {
    add(stripUnitType(oldWard.label), oldWard);
    if (oldWard.district) {
      const list = wardsOfDistrict.get(oldWard.district) ?? [];
      list.push(oldWard);
      wardsOfDistrict.set(oldWard.district, list);
    }
  }
  for (const [key, oldWards] of wardsOfDistrict) {
    const label = oldWards[0]?.districtLabel ?? key;
    add(stripUnitType(label), { kind: "district", label, key });
  }

  const longestName = Math.max(1, ...[...byName.keys()].map((key) => key.split(" ").length));
  const prefixWords = new Set(UNIT_PREFIXES.map((prefix) => prefix.words[0]!));
  const prefixLikeProvinceStarts = new Set([...provinceKeys].map((key) => key.split(" ")[0]!).filter((word) => prefixWords.has(word)));
  return { byName, longestName, provinceOfWard, wardsOfDistrict, places: null, prefixLikeProvinceStarts };
}

/**
 * Groups mapping rows into one entry per old ward (name + district + province),
 * skipping unusable rows and recovering target codes that do not belong to the
 * gazetteer (or name a different ward) by the new ward's name.
 */
function collectOldWards(
  rows: readonly WardMappingRow[],
  provinceOfWard: ReadonlyMap<string, string>,
  wardsByName: ReadonlyMap<string, GazetteerWard[]>,
): OldWardName[] {
  const trusted = rows.filter((row) => row.oldWardName && targetIsConsistent(row, provinceOfWard, wardsByName));
  const usualProvince = usualProvinceByOldDistrict(trusted, provinceOfWard);

  const byKey = new Map<string, OldWardName>();
  for (const row of rows) {
    if (!row.oldWardName) continue;
    const target = targetIsConsistent(row, provinceOfWard, wardsByName)
      ? row.newWardCode
      : recoverTargetByName(row, wardsByName, usualProvince);
    if (!target) continue;
    const base = stripUnitType(row.oldWardName);
    const district = row.oldDistrictName ? foldVietnamese(stripUnitType(row.oldDistrictName)) : null;
    const province = row.oldProvinceName ? foldVietnamese(stripUnitType(row.oldProvinceName)) : null;
    const key = [accentKey(base), district, province].join("|");
    const entry = byKey.get(key) ?? {
      kind: "oldWard" as const,
      label: row.oldWardName,
      accent: accentKey(base),
      district,
      districtLabel: row.oldDistrictName,
      province,
      targets: [],
    };
    if (!entry.targets.includes(target)) entry.targets.push(target);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

function targetIsConsistent(
  row: WardMappingRow,
  provinceOfWard: ReadonlyMap<string, string>,
  wardsByName: ReadonlyMap<string, GazetteerWard[]>,
): boolean {
  if (!row.newWardCode || !provinceOfWard.has(row.newWardCode)) return false;
  if (!row.newWardName) return true;
  return (wardsByName.get(accentKey(row.newWardName)) ?? []).some((ward) => ward.code === row.newWardCode);
}

/** The current province that most rows of each old district point into. */
function usualProvinceByOldDistrict(
  rows: readonly WardMappingRow[],
  provinceOfWard: ReadonlyMap<string, string>,
): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const province = row.newWardCode ? provinceOfWard.get(row.newWardCode) : undefined;
    if (!province) continue;
    const key = `${row.oldProvinceName}|${row.oldDistrictName}`;
    const perProvince = counts.get(key) ?? new Map<string, number>();
    perProvince.set(province, (perProvince.get(province) ?? 0) + 1);
    counts.set(key, perProvince);
  }
  const usual = new Map<string, string>();
  for (const [key, perProvince] of counts) {
    const [best] = [...perProvince].sort((a, b) => b[1] - a[1]);
    if (best) usual.set(key, best[0]);
  }
  return usual;
}

function recoverTargetByName(
  row: WardMappingRow,
  wardsByName: ReadonlyMap<string, GazetteerWard[]>,
  usualProvince: ReadonlyMap<string, string>,
): string | null {
  const sameName = row.newWardName ? wardsByName.get(accentKey(row.newWardName)) ?? [] : [];
  if (sameName.length === 1) return sameName[0]!.code;
  const province = usualProvince.get(`${row.oldProvinceName}|${row.oldDistrictName}`);
  const inProvince = sameName.filter((ward) => ward.provinceCode === province);
  return inProvince.length === 1 ? inProvince[0]!.code : null;
}

/** A province name as the scanner reads it: folded words ("Q.Nam" → "q nam", "Bà Rịa - Vũng Tàu" → "ba ria vung tau"). */
function provinceKey(name: string): string {
  return (foldVietnamese(name).match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
}

/** "Phường Hòa Khánh" → "Hòa Khánh"; "Thành phố Đà Nẵng" → "Đà Nẵng". */
function stripUnitType(name: string): string {
  const words = name.trim().split(/\s+/);
  const folded = words.map((word) => foldVietnamese(word));
  for (const prefix of UNIT_PREFIXES) {
    if (!prefix.spelled) continue;
    const n = prefix.words.length;
    if (words.length > n && prefix.words.every((word, i) => folded[i] === word)) return words.slice(n).join(" ");
  }
  return name.trim();
}

/**
 * The street or landmark part of an address, before its first administrative part:
 * "Kiệt 78 Hồ Nghinh, phường Phước Mỹ, quận Sơn Trà" → "Kiệt 78 Hồ Nghinh".
 */
export function streetPart(address: string): string {
  const parts = address.normalize("NFC").split(PART_SEPARATORS);
  const firstAdministrative = parts.findIndex((part) => matchPrefix(tokenize(part.toLowerCase()), 0) !== undefined);
  return parts
    .slice(0, firstAdministrative === -1 ? parts.length : firstAdministrative)
    .join(", ")
    .trim();
}

// ------------------------------------------------------------------ reading the text

interface Token {
  fold: string;
  accent: string;
  marked: boolean;
}

interface Mention {
  /** The unit type typed before the name, null when there was none. */
  level: Level | null;
  key: string;
  accent: string;
  marked: boolean;
  entries: NameEntry[];
  /** Its comma-separated part holds nothing but unit names ("…, Hải Châu, Đà Nẵng"). */
  standalone: boolean;
  /** Follows a street or landmark word ("đường Núi Thành"). */
  afterLandmark: boolean;
  /** Ends its comma-separated part ("chợ Cồn Đà Nẵng": "Đà Nẵng"). */
  tail: boolean;
  /** The words as typed. */
  typed: string;
  /** Position in the text (part, token): text order. */
  order: number;
}

/** Separators between the parts of an address; a hyphen only when spaced ("Lê Lợi - Hải Châu"). */
const PART_SEPARATORS = /[,;:()[\]{}|\n\r]+|\s[-–—]+\s/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** "P5", "Q1", "F12": an abbreviated unit glued to a number. */
const GLUED_NUMBER = /^(p|f|q|x|h)(\d+)$/u;

function readMentions(index: NameIndex, text: string): Mention[] {
  return text
    .normalize("NFC")
    .split(PART_SEPARATORS)
    .flatMap((part, partIndex) => scanPart(index, tokenize(part.toLowerCase()), () => typedWords(part), partIndex));
}

/** The words of a part as typed (same split as tokenize), for explanations. */
function typedWords(part: string): string[] {
  return (part.match(WORD) ?? []).flatMap((word) => {
    const glued = GLUED_NUMBER.exec(word.toLowerCase());
    return glued ? [word.slice(0, glued[1]!.length), word.slice(glued[1]!.length)] : [word];
  });
}

function tokenize(part: string): Token[] {
  const words = (part.match(WORD) ?? []).flatMap((word) => {
    const glued = GLUED_NUMBER.exec(word);
    return glued ? [glued[1]!, glued[2]!] : [word];
  });
  return words.map((word) => {
    const fold = foldVietnamese(word);
    const accent = accentKey(word);
    return { fold, accent, marked: accent !== fold };
  });
}

function scanPart(index: NameIndex, tokens: Token[], typedOf: () => string[], partIndex: number): Mention[] {
  const found: Omit<Mention, "standalone">[] = [];
  let covered = true;
  let i = 0;
  let typed: string[] | null = null;
  const words = (from: number, to: number) => (typed ??= typedOf()).slice(from, to).join(" ");
  while (i < tokens.length) {
    const prefix = matchPrefix(tokens, i);
    const prefixed = prefix ? matchName(index, tokens, i + prefix.words.length) : null;
    // Only where a province's short form starts with a unit prefix ("Q.Nam", "TP.HCM") is the bare reading needed too.
    const bare = !prefixed || index.prefixLikeProvinceStarts.has(tokens[i]!.fold) ? matchName(index, tokens, i) : null;
    // "Q.Nam", "TP.HCM": a province's short form that starts like a unit prefix.
    const bareProvince = !!bare && bare.entries.some((e) => e.kind === "province") && bare.end >= (prefixed?.end ?? 0);
    if (prefix && prefixed && !bareProvince) {
      found.push({ level: prefix.level, ...prefixed, afterLandmark: false, tail: prefixed.end === tokens.length, typed: words(i, prefixed.end), order: partIndex * 1000 + i });
      i = prefixed.end;
      continue;
    }
    // One syllable, or a generic phrase, is no ward name without "phường"/"xã" (a province's name is).
    const generic = !!bare && !bareProvince && (!bare.key.includes(" ") || GENERIC_NAMES.has(bare.key));
    if (bare && !generic) {
      const previous = tokens[i - 1];
      const afterLandmark = !!previous && (LANDMARK_WORDS.has(previous.fold) || /^\d/.test(previous.fold));
      found.push({ level: null, ...bare, afterLandmark, tail: bare.end === tokens.length, typed: words(i, bare.end), order: partIndex * 1000 + i });
      i = bare.end;
      continue;
    }
    covered = false;
    i += 1;
  }
  return found.map((mention) => ({ ...mention, standalone: covered }));
}

function matchPrefix(tokens: Token[], start: number) {
  return UNIT_PREFIXES.find((prefix) =>
    prefix.words.every((word, i) => {
      const token = tokens[start + i];
      if (!token || token.fold !== word) return false;
      // "quán" (a shop) or "xả" (to discharge) fold like "quận" and "xã": with marks typed, the
      // tone must agree. Only the tone: "phuờng" is a common mistyping of "phường".
      const spelledWord = prefix.spelled?.split(" ")[i];
      return !token.marked || !spelledWord || toneOf(token.accent) === toneOf(accentKey(spelledWord));
    }),
  );
}

function matchName(index: NameIndex, tokens: Token[], start: number) {
  for (let length = Math.min(index.longestName, tokens.length - start); length >= 1; length -= 1) {
    const words = tokens.slice(start, start + length);
    const key = words.map((token) => token.fold).join(" ");
    const entries = index.byName.get(key);
    if (entries) {
      return {
        key,
        accent: words.map((token) => token.accent).join(" "),
        marked: words.some((token) => token.marked),
        entries,
        end: start + length,
      };
    }
  }
  return null;
}

// ------------------------------------------------------------------ deciding

type WardMentionKind = "prefixed" | "standalone" | "loose";

interface Context {
  districts: Set<string>;
  /** Current provinces named in the text (a pre-2025 province as its successor), in text order. */
  provinceCodes: string[];
  /** Provinces that no longer exist ("Quảng Nam"): the address is written the old way. */
  oldProvinces: Set<string>;
  provinceLabels: string[];
  /** The words that named a province. */
  provinceWords: string[];
}

interface MentionOutcome {
  codes: string[];
  entries: WardLike[];
}

const BASE_CONFIDENCE: Record<WardMentionKind, number> = { prefixed: 0.95, standalone: 0.85, loose: 0.6 };
/** An old name needs one more step (the mapping) and old districts are often misremembered. */
const OLD_NAME_FACTOR = 0.95;
/** A name that fits wards elsewhere too, taken for the home province's: the desk should glance at it. */
const HOME_PREFERENCE_FACTOR = 0.8;
const DISTRICT_ONLY_CONFIDENCE = 0.6;
/** A landmark of the gazetteer with one ward; a street or bridge narrowed to one ward by a ward name. */
const PLACE_CONFIDENCE = 0.9;
const PLACE_AND_WARD_CONFIDENCE = 0.95;

/**
 * The decision, in order (docs/decisions/0052-address-resolution-province-places.md):
 * 1. the provinces the text names (or, failing that, the form's) bound everything: a ward
 *    outside them is never chosen;
 * 2. the ward-name reading (prefixed, standalone, loose; generic words never match);
 * 3. the gazetteer: a landmark beats a bare ward name; a street or bridge across wards gives
 *    candidates, narrowed by a ward name when one is given; a "phường X" the resident typed
 *    beats both.
 */
function resolveAddress(index: NameIndex, text: string, opts: ResolveOptions): AddressResolution {
  const mentions = readMentions(index, text);
  const provinceMentions = mentions.filter(isProvinceMention);
  const wardMentions = mentions.filter((m) => !provinceMentions.includes(m) && !isBareProvinceName(m));
  const picked = pickWardMentions(wardMentions);
  const context = readContext(
    wardMentions.filter((mention) => !picked?.mentions.includes(mention)),
    provinceMentions,
  );
  const scope = context.provinceCodes.length ? context.provinceCodes : opts.provinceCode ? [opts.provinceCode] : [];
  const byWards = picked ? resolveByWards(index, picked, context, scope, scope.length ? [] : opts.homeProvinces ?? []) : resolveFromDistrictOnly(index, context, scope);
  const placeMatches = index.places ? index.places.match(text, scope.length ? scope : undefined) : [];
  const decided = placeMatches.length ? combineWithPlaces(index, placeMatches, byWards, picked?.kind ?? null) : byWards;
  return finish(index, decided, context, scope, picked?.mentions ?? []);
}

/** A province the text names: "tỉnh/TP X", or a bare province name standing alone or ending its part. */
function isProvinceMention(mention: Mention): boolean {
  if (!mention.entries.some((entry) => entry.kind === "province")) return false;
  if (mention.level === "province" || mention.level === "city") return true;
  if (mention.level !== null) return false;
  return !mention.afterLandmark && (mention.standalone || mention.tail);
}

/** A bare name that is a province's ("Sài Gòn", "Bình Dương") is never read as a ward without "phường"/"xã". */
function isBareProvinceName(mention: Mention): boolean {
  return mention.level === null && mention.entries.some((entry) => entry.kind === "province");
}

function resolveByWards(
  index: NameIndex,
  picked: { mentions: Mention[]; kind: WardMentionKind },
  context: Context,
  scope: string[],
  homeProvinces: readonly string[],
): AddressResolution {
  const outcomes = picked.mentions.map((mention) => resolveMention(index, mention, context, scope));
  const codes = intersectCodes(outcomes);
  const words = picked.mentions.map((m) => m.typed);
  if (codes.length === 1) return { ...resolved(codes[0]!, outcomes, picked.kind), matchedWords: words };
  if (codes.length === 0) {
    const all = unique(outcomes.flatMap((outcome) => outcome.codes));
    if (all.length) return { ...unresolved(all, `the address names wards in different places (${all.join(", ")})`, reason("wards-disagree", { wards: all })), matchedWords: words };
    const name = picked.mentions[0]!.key;
    const where = scope.length ? `province ${scope.join(", ")}` : "any province";
    return unresolved([], `no ward named '${name}' in ${where}`, reason("no-ward-named", { name }));
  }
  const atHome = codes.filter((code) => homeProvinces.includes(index.provinceOfWard.get(code) ?? ""));
  if (atHome.length === 1) return { ...preferredAtHome(atHome[0]!, codes, picked.mentions[0]!, outcomes, picked.kind, index), matchedWords: words };
  return { ...unresolved(codes, ...ambiguity(picked.mentions[0]!, outcomes, codes)), matchedWords: words };
}

/** The one ward of a home province among several that a name fits (see `ResolveOptions.homeProvinces`). */
function preferredAtHome(
  code: string, codes: string[], mention: Mention, outcomes: MentionOutcome[], kind: WardMentionKind, index: NameIndex,
): AddressResolution {
  const chosen = resolved(code, outcomes, kind);
  const others = codes.filter((other) => other !== code).sort();
  const province = index.provinceOfWard.get(code)!;
  return {
    ...chosen,
    confidence: round(chosen.confidence * HOME_PREFERENCE_FACTOR),
    reason: `${chosen.reason}; '${mention.key}' also fits ${others.join(", ")} outside the home province ${province}`,
    because: reason("home-province-ward", { name: mention.key, ward: code, wards: [...codes].sort(), province }),
  };
}

/** The ward is the prefixed name ("phường X"); failing that, a bare name standing alone or, last, anywhere. */
function pickWardMentions(mentions: Mention[]): { mentions: Mention[]; kind: WardMentionKind } | null {
  const wardLike = mentions.filter((mention) => mention.entries.some(isWardLike));
  const prefixed = wardLike.filter((mention) => mention.level === "ward");
  if (prefixed.length) return { mentions: prefixed, kind: "prefixed" };
  const bare = wardLike.filter((mention) => mention.level === null);
  // Addresses run small to large, so the first bare name is the ward and later ones are context.
  const standalone = bare.find((mention) => mention.standalone);
  if (standalone) return { mentions: [standalone], kind: "standalone" };
  const loose = bare.find((mention) => !mention.afterLandmark);
  return loose ? { mentions: [loose], kind: "loose" } : null;
}

function readContext(mentions: Mention[], provinceMentions: Mention[]): Context {
  const context: Context = {
    districts: new Set(),
    provinceCodes: [],
    oldProvinces: new Set(),
    provinceLabels: [],
    provinceWords: [],
  };
  for (const mention of mentions) {
    // A bare name inside a longer phrase is a street or landmark ("đường Hồ Chí Minh"), not context.
    if (mention.level === null && !mention.standalone) continue;
    if (mention.level === "ward") continue;
    const districts = mention.entries.filter((entry): entry is DistrictName => entry.kind === "district");
    if (mention.level !== "province" && districts.length) {
      for (const district of districts) context.districts.add(district.key);
    }
  }
  let lastCodes: string[] = [];
  for (const mention of [...provinceMentions].sort((a, b) => a.order - b.order)) {
    // "TP Hội An", "thành phố Tam Kỳ": a city that is a district, not a province.
    const districts = mention.entries.filter((entry): entry is DistrictName => entry.kind === "district");
    const provinces = mention.entries.filter((entry): entry is ProvinceEntry => entry.kind === "province");
    if (mention.level === "city" && districts.length && !provinces.length) continue;
    for (const province of provinces) {
      if (province.code && !context.provinceCodes.includes(province.code)) context.provinceCodes.push(province.code);
      if (province.old) context.oldProvinces.add(province.key);
      context.provinceLabels.push(province.label);
    }
    const codes = unique(provinces.flatMap((province) => (province.code ? [province.code] : [])));
    if (codes.length) lastCodes = codes;
    context.provinceWords.push(mention.typed);
  }
  // Addresses run small to large: when the text names provinces that disagree ("Qn An Hải, Thành phố Hà Nội"),
  // the last one named is the address's province and bounds the choice; the earlier one is a word of the text.
  if (context.provinceCodes.length > 1 && lastCodes.length) context.provinceCodes = lastCodes;
  return context;
}

function resolveMention(index: NameIndex, mention: Mention, context: Context, scope: string[]): MentionOutcome {
  let entries = scopeToProvinces(index, mention.entries.filter(isWardLike), scope);
  if (!entries.length) return { codes: [], entries };
  if (mention.marked) entries = narrowBy(entries, (entry) => entry.accent === mention.accent);
  // The old district decides between old wards of the same name, and marks the address as old.
  if (context.districts.size) {
    entries = narrowBy(entries, (entry) => entry.kind === "oldWard" && context.districts.has(entry.district ?? ""));
  }
  if (context.oldProvinces.size) {
    entries = narrowBy(entries, (entry) => entry.kind === "oldWard" && context.oldProvinces.has(entry.province ?? ""));
  }
  if (!context.districts.size && !context.oldProvinces.size) entries = preferCurrentSpelling(entries);
  return { codes: unique(entries.flatMap(targetsOf)), entries };
}

/** Without old context, an old ward spelled exactly like a current one means the current one. */
function preferCurrentSpelling(entries: WardLike[]): WardLike[] {
  const current = new Set(entries.filter((entry) => entry.kind === "ward").map((entry) => entry.accent));
  return entries.filter((entry) => entry.kind === "ward" || !current.has(entry.accent));
}

/** Only the wards of these provinces (a hard bound: none left means none fits). No provinces: all. */
function scopeToProvinces(index: NameIndex, entries: WardLike[], provinceCodes: readonly string[]): WardLike[] {
  if (!provinceCodes.length) return entries;
  const inScope = (code: string) => provinceCodes.includes(index.provinceOfWard.get(code) ?? "");
  return entries.flatMap((entry): WardLike[] => {
    if (entry.kind === "ward") return inScope(entry.code) ? [entry] : [];
    const targets = entry.targets.filter(inScope);
    return targets.length ? [{ ...entry, targets }] : [];
  });
}

function resolveFromDistrictOnly(index: NameIndex, context: Context, scope: string[]): AddressResolution {
  if (!context.districts.size) {
    const provinces = unique(context.provinceLabels);
    return provinces.length
      ? { ...unresolved([], `only the province is given (${provinces.join(", ")})`, reason("province-only", { names: provinces })), matchedWords: context.provinceWords }
      : unresolved([], "no ward or commune name found", reason("no-place-name"));
  }
  const oldWards = [...context.districts].flatMap((district) => index.wardsOfDistrict.get(district) ?? []);
  const codes = unique(scopeToProvinces(index, oldWards, scope).flatMap(targetsOf));
  const districtNames = unique(oldWards.map((ward) => stripUnitType(ward.districtLabel ?? ""))).join(", ");
  if (codes.length === 1) {
    return {
      wardCode: codes[0]!,
      method: "old-address",
      confidence: DISTRICT_ONLY_CONFIDENCE,
      candidates: codes,
      reason: `old district '${districtNames}' lies wholly in ward ${codes[0]}`,
      because: reason("old-district-whole", { district: districtNames, ward: codes[0]! }),
      matchedWords: [districtNames],
    };
  }
  return {
    ...unresolved(
      codes,
      `only the old district '${districtNames}' is given; it now spans ${codes.length} wards`,
      reason("old-district-spans", { district: districtNames, wards: codes }),
    ),
    matchedWords: [districtNames],
  };
}

/**
 * The gazetteer against the ward-name reading. The most specific (longest) place phrase
 * counts; several places of that length pool their wards.
 */
function combineWithPlaces(
  index: NameIndex,
  matches: PlaceMatch[],
  byWards: AddressResolution,
  wardKind: WardMentionKind | null,
): AddressResolution {
  // Each phrase (several places may share one: two towns' streets of one name) gives the union of its places' wards;
  // several phrases ("chợ Hàn, đường Bạch Đằng") agree on their common wards; failing that, the longest phrase counts.
  const byPhrase = new Map<string, PlaceMatch[]>();
  for (const m of matches) byPhrase.set(`${m.part}:${m.words}`, [...(byPhrase.get(`${m.part}:${m.words}`) ?? []), m]);
  const phraseWards = [...byPhrase.values()].map((ms) => unique(ms.flatMap((m) => [...m.place.wardCodes])));
  const common = phraseWards.reduce((acc, ws) => acc.filter((w) => ws.includes(w)));
  const longest = matches[0]!.length;
  const best = byPhrase.size > 1 && common.length
    ? [...byPhrase.values()].map((ms) => ms[0]!).sort((a, b) => a.place.wardCodes.length - b.place.wardCodes.length || b.length - a.length)
    : matches.filter((m) => m.length === longest);
  // Places that share no ward contradict each other: all their wards stay candidates.
  const several = byPhrase.size > 1;
  const wards = (several ? (common.length ? common : unique(phraseWards.flat())) : unique(best.flatMap((m) => [...m.place.wardCodes])))
    .filter((code) => index.provinceOfWard.has(code));
  if (!wards.length) return byWards;
  const first = best[0]!;
  const name = first.place.name;
  const street = best.every((m) => m.place.kind === "street");
  const placeWords = unique(best.map((m) => m.words));
  const wordsOf = (extra: string[] = []) => unique([...placeWords, ...extra]);

  // The resident typed "phường X": that ward, unless the place narrows nothing and disagrees — the typed ward still wins.
  if (wardKind === "prefixed" && byWards.wardCode) {
    const placeId = wards.includes(byWards.wardCode) && best.length === 1 ? first.place.id : null;
    return { ...byWards, placeId, matchedWords: wordsOf(byWards.matchedWords ?? []) };
  }
  // A ward name narrows a street or bridge to one of its wards.
  const named = byWards.wardCode ? [byWards.wardCode] : byWards.candidates;
  const both = wards.filter((code) => named.includes(code));
  if (both.length === 1) {
    const ward = both[0]!;
    return {
      wardCode: ward,
      method: byWards.method === "old-address" ? "old-address" : "address",
      confidence: PLACE_AND_WARD_CONFIDENCE,
      candidates: [ward],
      reason: `'${name}' lies in ${wards.join(", ")}; the ward name gives ${ward}`,
      because: reason("place", { name, ward }),
      placeId: best.length === 1 ? first.place.id : null,
      matchedWords: wordsOf(byWards.matchedWords ?? []),
    };
  }
  // A street's list of wards is coarse: a ward name standing on its own, outside it, wins.
  if (street && byWards.wardCode && wardKind === "standalone") return { ...byWards, matchedWords: wordsOf(byWards.matchedWords ?? []) };
  if (wards.length === 1) {
    const ward = wards[0]!;
    return {
      wardCode: ward,
      method: "address",
      confidence: PLACE_CONFIDENCE,
      candidates: [ward],
      reason: `place '${name}' (gazetteer #${first.place.id}) lies in ${ward}`,
      because: reason("place", { name, ward }),
      placeId: first.place.id,
      matchedWords: wordsOf(),
    };
  }
  const candidates = both.length ? both : wards;
  return {
    ...unresolved(candidates, `place '${name}' spans ${candidates.length} wards (${candidates.join(", ")})`, reason("place-wards", { name, wards: candidates })),
    placeId: best.length === 1 ? first.place.id : null,
    matchedWords: wordsOf(),
    scoredCandidates: [...candidates].sort().map((wardCode) => ({
      wardCode, score: round(0.9 / candidates.length), words: placeWords, ...(best.length === 1 ? { placeId: first.place.id } : {}),
    })),
  };
}

/** Fills the province, the scored candidates and the words that carried the decision. */
function finish(index: NameIndex, r: AddressResolution, context: Context, scope: string[], picked: Mention[]): AddressResolution {
  const words = unique([...(r.matchedWords ?? []), ...context.provinceWords]);
  let provinceCode: string | null = null;
  if (r.wardCode) provinceCode = index.provinceOfWard.get(r.wardCode) ?? null;
  // Small to large: the last province named is the address's.
  else if (scope.length) provinceCode = scope[scope.length - 1]!;
  else {
    const provinces = unique(r.candidates.map((code) => index.provinceOfWard.get(code) ?? ""));
    provinceCode = provinces.length === 1 && provinces[0] ? provinces[0] : null;
  }
  const mentionWords = picked.map((m) => m.typed);
  const scoredCandidates =
    r.scoredCandidates ??
    (r.wardCode
      ? [{ wardCode: r.wardCode, score: r.confidence, words: unique(r.matchedWords ?? mentionWords), ...(r.placeId ? { placeId: r.placeId } : {}) }]
      : r.candidates.map((wardCode) => ({ wardCode, score: round(0.6 / Math.max(1, r.candidates.length)), words: mentionWords })));
  return { ...r, provinceCode, scoredCandidates, placeId: r.placeId ?? null, matchedWords: words };
}

function resolved(code: string, outcomes: MentionOutcome[], kind: WardMentionKind): AddressResolution {
  const entries = outcomes.flatMap((outcome) => outcome.entries).filter((entry) => targetsOf(entry).includes(code));
  const current = entries.find((entry): entry is CurrentWardName => entry.kind === "ward");
  if (current) {
    return {
      wardCode: code,
      method: "address",
      confidence: BASE_CONFIDENCE[kind],
      candidates: [code],
      reason: `current ward '${stripUnitType(current.label)}' → ${code}`,
      because: reason("current-ward", { name: stripUnitType(current.label), ward: code }),
    };
  }
  // No current name led here, so an old ward did.
  const old = entries.find((entry): entry is OldWardName => entry.kind === "oldWard")!;
  return {
    wardCode: code,
    method: "old-address",
    confidence: round(BASE_CONFIDENCE[kind] * OLD_NAME_FACTOR),
    candidates: [code],
    reason: `old ward ${describeOldWard(old)} → ${code}`,
    because: reason("old-ward", { ...oldWardParams(old), ward: code }),
  };
}

function ambiguity(mention: Mention, outcomes: MentionOutcome[], codes: string[]): [string, Reason<"location">] {
  const entries = outcomes.flatMap((outcome) => outcome.entries);
  const split = entries.find((entry): entry is OldWardName => entry.kind === "oldWard" && entry.targets.length > 1);
  if (split) {
    return [`old ward ${describeOldWard(split)} was split into ${split.targets.join(", ")}`, reason("old-ward-split", { ...oldWardParams(split), wards: split.targets })];
  }
  const places = unique(entries.map(describeEntry)).join("; ");
  const byDistrict = entries.some((entry) => entry.kind === "oldWard");
  return [
    `'${mention.key}' fits ${codes.length} wards (${places}); ${byDistrict ? "the old district" : "the province"} would decide`,
    reason("ambiguous", { name: mention.key, wards: codes, decider: byDistrict ? "old-district" : "province" }),
  ];
}

function describeOldWard(entry: OldWardName): string {
  const district = entry.districtLabel ? ` (${stripUnitType(entry.districtLabel)})` : "";
  return `'${stripUnitType(entry.label)}'${district}`;
}

function oldWardParams(entry: OldWardName): { oldWard: string; oldDistrict?: string } {
  const oldWard = stripUnitType(entry.label);
  return entry.districtLabel ? { oldWard, oldDistrict: stripUnitType(entry.districtLabel) } : { oldWard };
}

function describeEntry(entry: WardLike): string {
  return entry.kind === "ward"
    ? `current ${entry.label}, province ${entry.provinceCode}`
    : `old ${entry.label}, ${entry.districtLabel ?? "?"}`;
}

function unresolved(candidates: string[], english: string, because: Reason<"location">): AddressResolution {
  return { wardCode: null, method: "none", confidence: 0, candidates: [...candidates].sort(), reason: english, because };
}

// ------------------------------------------------------------------ small helpers

function isWardLike(entry: NameEntry): entry is WardLike {
  return entry.kind === "ward" || entry.kind === "oldWard";
}

function targetsOf(entry: WardLike): string[] {
  return entry.kind === "ward" ? [entry.code] : entry.targets;
}

/** Keeps the entries that pass, unless none does (then the test says nothing). */
function narrowBy<T>(entries: T[], keep: (entry: T) => boolean): T[] {
  return narrow(entries.filter(keep), entries);
}

function narrow<T>(narrowed: T[], entries: T[]): T[] {
  return narrowed.length ? narrowed : entries;
}

function intersectCodes(outcomes: MentionOutcome[]): string[] {
  const sets = outcomes.map((outcome) => outcome.codes).filter((codes) => codes.length);
  if (!sets.length) return [];
  return sets.reduce((common, codes) => common.filter((code) => codes.includes(code)));
}

/** The tone digit that accentKey() puts after a syllable; "" for the level tone. */
function toneOf(syllableKey: string): string {
  return /\p{L}\d$/u.test(syllableKey) ? syllableKey.slice(-1) : "";
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
