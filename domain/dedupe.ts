/**
 * Duplicate detection: several residents reporting one incident, in their own words.
 *
 * Three steps, all pure:
 *   1. textFeatures(description) once per tip: folded word shingles, a MinHash
 *      signature and LSH band keys. The pipeline stores the band keys in an indexed
 *      table so "tips that share a band" is a lookup whose cost does not grow with
 *      history.
 *   2. scorePair(a, b) for each candidate (tips sharing a band key, plus tips in the
 *      same or adjacent wards, within the time window): hard filters first (window,
 *      place, category), then a score mixing text, place, time and category.
 *   3. chooseCluster(newTip, scored) picks the best cluster above the threshold,
 *      honouring officers' splits.
 *
 * Paraphrases of one incident share surprisingly few words (word-shingle Jaccard of
 * 0.05–0.2), so text alone cannot decide; the ward and the time do most of the work
 * and the text separates different incidents in the same ward and days. Reports from
 * different wards are never merged on text alone: the same generic wording ("30 xe
 * máy tụ tập đua xe, bốc đầu…") is reused for unrelated incidents across town.
 */
import { streetPart, type Gazetteer } from "./address";
import { distanceMeters, type LatLng } from "./geo";
import { categoryRelation } from "./category-relations";
import { extractEntities, type Entity } from "./entities";
import { detailConflict, incidentDetails, type IncidentDetails } from "./incident-details";
import { CHAT_WORDS, KIND_WORDS, SYNONYM_PATTERN, SYNONYM_PHRASES } from "./incident-words";
import { reason, type Reason } from "./reasons";
import { foldVietnamese, normalizeText } from "./text";


// ------------------------------------------------------------------ text features

export interface TextFeatures {
  /** Folded shingles: content words and adjacent word pairs ("hut cat"). Sorted, unique. */
  shingles: string[];
  /** The single content words among the shingles, sorted: what the word statistics (IDF) count. */
  words: string[];
  /** Identifiers in the text ("phone:0905123456"), sorted; see domain/entities.ts. */
  entities: string[];
  /** Named places the text points at ("đường Trần Cao Vân" → "tran cao van"), folded: see namedPlaces. */
  places: string[];
  /** Words written capitalised mid-sentence (streets, brands, people): strong evidence when shared. */
  names: string[];
  /**
   * House and lane numbers with the street they are on ("vo chi#37" for "kiệt 37 Võ Chí Công",
   * "quoc lo#310" for "số 310 QL40B"), in any case or marks: see numberedAddresses.
   */
  addresses: string[];
  /** What was taken, which vehicle model, what sums (domain/incident-details.ts): details that tell two incidents apart. */
  details: IncidentDetails;
  /** MinHash signature over the shingles (unsigned 32-bit values). */
  signature: number[];
  /** LSH band keys ("b3:1a2b3c4d"); tips sharing one are candidates. */
  bandKeys: string[];
}

export const MINHASH_SIZE = 128;
/**
 * 64 bands of 2 rows: a pair with shingle Jaccard 0.1 shares a band about half the
 * time. On the dev sample 61% of duplicate pairs share a band and 4.6% of unrelated
 * pairs do; more rows per band lose paraphrases (3 rows: 14%), fewer flood the lookup.
 */
export const LSH_BANDS = 64;
const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;


/**
 * Words that carry no evidence about which incident a tip is about: function words,
 * and the vocabulary of every tip ("đề nghị công an kiểm tra", "tối nay", "người dân").
 * They still form pairs with content words ("đá gà" keeps "da ga").
 */
const STOP_WORDS = new Set(
  (
    "toi ta minh chung em anh chi ong ba co chu bac ho no nguoi dan gia dinh " +
    "la va voi cua thi ma da dang se con cung rat nhieu it moi cac nhung mot hai " +
    "nay do kia day ay vay the nao gi sao khi luc truoc sau tu den tai o trong " +
    "tren duoi ngoai ve vao ra len xuong qua lai roi chua khong duoc bi cho de neu hay " +
    "hoac nhu vi nen thay nghe noi biet lam can phai muon xin mong nghi " +
    "cong an canh sat chinh quyen luc luong chuc nang kiem tra xu ly bao phan anh " +
    "hom sang chieu dem khuya gio khoang tam gan luon lien tuc van"
  ).split(" "),
);

/** Digits-only tokens shorter than this ("2", "30") are too common to count alone. */
const MIN_DISTINCT_NUMBER = 3;

/**
 * Features of a tip's text. The street and landmark part of a typed address
 * ("kiệt 78 Hồ Nghinh") describes the incident too; its ward, district and province
 * parts are left out because place is scored separately.
 */
export function textFeatures(description: string, address?: string | null): TextFeatures {
  const evidence = textEvidence(description, address);
  const signature = minHash(evidence.shingles.filter((shingle) => !isDetailToken(shingle)));
  return { ...evidence, signature, bandKeys: bandKeysOf(signature) };
}

/** What textSimilarity compares: the shingles and names, without the MinHash (cheaper, for candidates). */
export type TextEvidence = Pick<TextFeatures, "shingles" | "names" | "words" | "entities" | "places" | "addresses" | "details">;

export function textEvidence(description: string, address?: string | null): TextEvidence {
  const text = address ? `${description}\n${streetPart(address)}` : description;
  const details = incidentDetails(description);
  const shingles = withDetailTokens(shinglesOf(contentWords(text)), details);
  return {
    shingles,
    words: shingles.filter((shingle) => !shingle.includes(" ")),
    names: properNames(text),
    entities: entityKeys(extractEntities(description)),
    places: namedPlaces(text),
    // The typed address apart: its house number opens it, which the description's run of words would hide.
    addresses: address ? [...new Set([...numberedAddresses(description), ...numberedAddresses(streetPart(address))])].sort() : numberedAddresses(description),
    details,
  };
}

/**
 * A sum of money and a scam's pretext (domain/incident-details.ts) as words of the text (ADR 0093): "86 triệu" and
 * "86tr", "gần 16 triệu" and "15.800.000 đồng", "người xưng công an" and "kẻ giả danh cán bộ công an" are one detail
 * in other words. As words they weigh what the history says of them (a sum no other report of the kind gives is rare,
 * a pretext every scam report tells is not: wordWeight, sharedWordRarity), with no rule of their own. A sum is two
 * tokens on two grids of SUM_STEP offset by half a step, so two sums within half a step (about 5 %) always share one.
 * They start with "#", which no folded word does; the MinHash leaves them out, so stored band keys keep their meaning.
 */
export const DETAIL_TOKENS = { sums: true, pretexts: true };
const SUM_STEP = Math.log(1.1);

function withDetailTokens(shingles: string[], details: IncidentDetails): string[] {
  const tokens: string[] = [];
  if (DETAIL_TOKENS.sums) {
    for (const amount of details.amounts) {
      const step = Math.log(amount) / SUM_STEP;
      tokens.push(`#sum:${Math.round(step)}`, `#sum~${Math.round(step + 0.5)}`);
    }
  }
  if (DETAIL_TOKENS.pretexts) for (const pretext of details.pretexts) tokens.push(`#scam:${pretext}`);
  if (tokens.length === 0) return shingles;
  return [...new Set([...shingles, ...tokens])].sort();
}

/** A sum's token (withDetailTokens). */
function isSumToken(shingle: string): boolean {
  return shingle.startsWith("#sum");
}

/** A detail token (withDetailTokens), not a word of the text. */
export function isDetailToken(shingle: string): boolean {
  return shingle.startsWith("#");
}

/** Words before a number that make it a house or lane number: "số 37", "kiệt 28", "hẻm 12/4", "ngõ 5" (folded). */
const HOUSE_NUMBER_WORDS = "so|kiet|hem|ngo|ngach|nha|can nha";
/**
 * A house or lane number and the first two words after it: "kiệt 37 Võ Chí Công" → 37, "vo chi". After a
 * house-number word, or first in a segment of an address ("212 Nguyễn Tất Thành, phường …").
 */
const NUMBERED_ADDRESS = new RegExp(
  String.raw`(?:^|[,;.\n(]\s*|\b(${HOUSE_NUMBER_WORDS})\s+)(\d{1,4}(?:\/\d{1,4})*[a-z]?)\s+(?:(?:duong|pho)\s+)?([a-z]+)\s+([a-z0-9]+)`,
  "g",
);
const NUMBER_BEFORE_NAME = /(?<![\p{L}\p{N}])(\d{1,4}(?:\/\d{1,4})*[a-zA-Z]?)\s+(?:(?:đường|Đường|phố|Phố)\s+)?(\p{Lu}[\p{L}\p{M}]*)\s+(\p{Lu}[\p{L}\p{M}\p{N}]*)/gu;
const NUMBERED_UNIT = /\b(to|khoi pho|khoi|thon|xom|ap)\s+(\d{1,3})(?![0-9/])/g;
/** Words after a number that count things or time, not a street: "30 xe", "2 thanh niên", "5 triệu", "11 giờ". */
const COUNTED_WORDS = new Set((
  "h g gio phut p giay nguoi nguoi trieu tr ty ti nghin ngan k dong tuoi xe chiec km m met ngay thang nam tuan lan dua thanh " +
  "chi anh em con cai tui bao thung goi vien phong tang lop cau chai hop kg lit tan cay so thang gia toi sang chieu dem"
).split(" "));

/**
 * The numbered addresses a text gives, as "first two street words#number": two reports that give different
 * numbers on one street ("kiệt 28 Võ Chí Công" and "kiệt 37 Võ Chí Công") point at two houses, whatever
 * else they share; the same number on the same street is one spot. Reads folded text, so "kiet 37 vo chi
 * cong" and "Kiệt 37 Võ Chí Công" are one address.
 */
export function numberedAddresses(text: string): string[] {
  const normalized = normalizeText(text);
  const folded = foldVietnamese(normalized)
    .replace(/\bql\s*(\d)/g, "quoc lo $1")
    // "k45", "K.45", "h12": a lane (kiệt, hẻm) as people abbreviate it.
    .replace(/(?<![a-z0-9])([kh])\.?\s?(\d{1,4})(?![0-9])/g, (_, letter: string, number: string) => `${letter === "k" ? "kiet" : "hem"} ${number}`);
  const found = new Set<string>();
  // A number before a capitalised street name is a house whatever precedes it ("Khu trọ 18 Hoàng Văn Thái").
  for (const match of normalized.matchAll(NUMBER_BEFORE_NAME)) {
    const [first, second] = foldVietnamese(`${match[2]} ${match[3]}`).split(" ");
    if (first && second && !COUNTED_WORDS.has(first)) found.add(`${first} ${second}#${match[1]!.toLowerCase()}`);
  }
  // A numbered part of a ward ("tổ 5", "khối phố 10", "thôn 3"): another number is another place; the same is no spot.
  for (const match of folded.matchAll(NUMBERED_UNIT)) found.add(`~${match[1]!.replace(" ", "")}#${match[2]}`);
  for (const match of folded.matchAll(NUMBERED_ADDRESS)) {
    const [, houseWord, number, first, second] = match;
    // "kiệt 5 Bà Triệu" is a street; "số" or a number opening a segment may count things ("số 2 thanh niên").
    if ((!houseWord || houseWord === "so") && COUNTED_WORDS.has(first!)) continue;
    found.add(`${first} ${second}#${number}`);
  }
  return [...found].sort();
}

/**
 * The numbered addresses of two texts compared: "same" when both give one street and number, "different"
 * when they give only different numbers on a street both name, null when they say nothing of each other.
 */
export function compareAddresses(a: Pick<TextEvidence, "addresses">, b: Pick<TextEvidence, "addresses">): { same: string } | { different: string[] } | null {
  if (a.addresses.length === 0 || b.addresses.length === 0) return null;
  const streetOf = (address: string) => address.slice(0, address.indexOf("#"));
  const same = a.addresses.find((address) => !address.startsWith("~") && b.addresses.includes(address));
  if (same) return { same: readableAddress(same) };
  // Streets (or numbered parts of the ward) both name, with no number in common.
  const numbersOn = (addresses: readonly string[], street: string) => addresses.filter((x) => streetOf(x) === street);
  const clash = [...new Set(a.addresses.map(streetOf))].filter((street) => {
    const theirs = numbersOn(b.addresses, street);
    return theirs.length > 0 && !numbersOn(a.addresses, street).some((x) => theirs.includes(x));
  });
  if (clash.length === 0) return null;
  return { different: clash.flatMap((street) => [...numbersOn(a.addresses, street), ...numbersOn(b.addresses, street)]).map(readableAddress) };
}

/** "vo chi#37" → "37 vo chi…", "~to#5" → "to 5": how the audit trail quotes it. */
function readableAddress(address: string): string {
  const at = address.indexOf("#");
  if (address.startsWith("~")) return `${address.slice(1, at)} ${address.slice(at + 1)}`;
  return `${address.slice(at + 1)} ${address.slice(0, at)}…`;
}

/** Words before a capitalised name that make it a place: a street, a bridge, a market, a school… (folded). */
const PLACE_WORDS = new Set([
  "duong", "pho", "cau", "cho", "kiet", "hem", "tu", "ba", "truong", "song", "bien", "kcn", "lang", "thon", "xom", "ben",
  "lo", "chua", "nghiep", "vien", "sieu", "thi", "cong", "bai", "khu",
  // venues: "karaoke Hoàng Gia", "quán hát Hoàng Gia", "tiệm vàng Kim Thành", "nhà hàng", "khách sạn", "sân"
  "karaoke", "hat", "tiem", "vang", "hang", "san", "resort", "homestay",
  // a kilometre post of a national road ("Km 925")
  "km",
]);
const NAME_AFTER_WORD = /([\p{L}\p{M}]+)\s+((?:[\p{Lu}][\p{L}\p{M}]*|\d+[A-Z]?)(?:\s+(?:[\p{Lu}][\p{L}\p{M}]*|\d+[A-Z]?)){0,3})/gu;

/**
 * Named places the text points at: a capitalised name right after a place word
 * ("đường Võ Chí Công", "chợ Hà Thân", "ngã tư Lê Độ", "cổng KCN Hòa Khánh"),
 * folded. Two reports of one kind of trouble in one ward on one night that name
 * different streets are two incidents; reports in lower case name none, and
 * then nothing is concluded.
 */
export function namedPlaces(text: string): string[] {
  const places = new Set<string>();
  for (const match of normalizeText(text).matchAll(NAME_AFTER_WORD)) {
    let name = foldVietnamese(match[2]!);
    if (!PLACE_WORDS.has(foldVietnamese(match[1]!))) {
      // A place word written in capitals belongs to the name's run: "ở Chợ Hàn", "gần Km 925".
      const space = name.indexOf(" ");
      if (space < 0 || !PLACE_WORDS.has(name.slice(0, space))) continue;
      name = name.slice(space + 1);
    }
    if (name.length >= 3) places.add(name);
  }
  return [...places].sort();
}

/**
 * Both texts name places and neither names one the other mentions at all: they
 * point at different spots. A named place counts as mentioned when all its
 * content words are among the other text's words.
 */
export function placesConflict(a: TextEvidence, b: TextEvidence): boolean {
  if (a.places.length === 0 || b.places.length === 0) return false;
  const mentioned = (place: string, other: TextEvidence) => {
    const words = place.split(" ").filter(isEvidence);
    return words.length > 0 && words.every((word) => binaryHas(other.words, word));
  };
  return !a.places.some((place) => mentioned(place, b)) && !b.places.some((place) => mentioned(place, a));
}

/**
 * A named place both texts point at: one both name ("chợ Hàn" in each), or a
 * name that the other text holds as a phrase, whatever its case and marks ("Võ
 * Chí Công" in "duong vo chi cong"). A one-word name counts only after a place
 * word ("cho han"): alone, "Hàn" may be "hạn", "Rồng" may be "rộng". A shared
 * venue within hours is as telling as a shared spot on the map.
 */
export function sharedNamedPlace(a: TextEvidence, b: TextEvidence, areas?: AreaNames): string | null {
  const asPhrase = (place: string, other: TextEvidence) => {
    if (!place.includes(" ")) {
      for (const word of PLACE_WORDS) if (binaryHas(other.shingles, `${word} ${place}`)) return true;
      return false;
    }
    // Its adjacent pairs, as shinglesOf keeps them (two function words make no pair).
    const words = place.split(" ");
    const pairs = words.slice(1).map((word, i) => [words[i]!, word]).filter((pair) => pair.some(isEvidence));
    return pairs.length > 0 && pairs.every(([x, y]) => binaryHas(other.shingles, `${x} ${y}`));
  };
  // A ward's name, current or pre-2025 ("khu Hòa Hiệp Bắc cũ"), is an area of thousands of homes, not a venue.
  const inAreas = areas ? new Set([...areaWordsIn(a, areas), ...areaWordsIn(b, areas)]) : null;
  const isArea = (place: string) => !!inAreas && place.split(" ").every((word) => inAreas.has(word) || STOP_WORDS.has(word));
  for (const place of a.places) if (!isArea(place) && (binaryHas(b.places, place) || asPhrase(place, b))) return place;
  for (const place of b.places) if (!isArea(place) && asPhrase(place, a)) return place;
  return null;
}

/**
 * The names of a province's wards, current and pre-2025, and of its old districts, folded, indexed by their
 * first two words ("hoa hiep" → "hoa hiep bac", "hoa hiep nam"): see DedupeContext.areas.
 */
export interface AreaNames {
  byFirstPair: ReadonlyMap<string, readonly string[][]>;
}

export function areaNamesOf(gazetteer: Pick<Gazetteer, "wards" | "mappings">): AreaNames {
  const names = [
    ...gazetteer.wards.map((w) => w.name),
    ...gazetteer.mappings.flatMap((m) => [m.oldWardName, m.oldDistrictName]).filter((name): name is string => !!name),
  ];
  const byFirstPair = new Map<string, string[][]>();
  const seen = new Set<string>();
  for (const name of names) {
    const bare = foldVietnamese(normalizeText(name)).replace(/^(?:phuong|xa|thi tran|thi xa|quan|huyen|thanh pho|tp|dac khu)\s+/, "");
    const words = bare.split(/[^a-z0-9]+/).filter(Boolean);
    // One-word names ("Hương An" has two) would catch ordinary words.
    if (words.length < 2 || seen.has(words.join(" "))) continue;
    seen.add(words.join(" "));
    const key = `${words[0]} ${words[1]}`;
    byFirstPair.set(key, [...(byFirstPair.get(key) ?? []), words]);
  }
  return { byFirstPair };
}

const areaWordsCache = new WeakMap<AreaNames, WeakMap<object, ReadonlySet<string>>>();

/** The words of a text that belong to a ward's name it holds whole ("khu Hòa Hiệp Bắc cũ" → hoa, hiep, bac). Cached per text. */
export function areaWordsIn(evidence: Pick<TextEvidence, "shingles">, areas: AreaNames): ReadonlySet<string> {
  let cache = areaWordsCache.get(areas);
  if (!cache) areaWordsCache.set(areas, (cache = new WeakMap()));
  const cached = cache.get(evidence);
  if (cached) return cached;
  const words = new Set<string>();
  for (const shingle of evidence.shingles) {
    const names = shingle.includes(" ") ? areas.byFirstPair.get(shingle) : undefined;
    for (const name of names ?? []) {
      const whole = name.slice(1).every((word, i) => binaryHas(evidence.shingles, `${name[i]} ${word}`));
      if (whole) for (const word of name) words.add(word);
    }
  }
  cache.set(evidence, words);
  return words;
}

function binaryHas(sorted: readonly string[], word: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === word) return true;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** "kind:value", sorted and unique: how entities are compared. */
export function entityKeys(entities: readonly Entity[]): string[] {
  return [...new Set(entities.map((e) => `${e.kind}:${e.value}`))].sort();
}

/**
 * Long digit runs (phones, accounts) and plates are left out of the words: they
 * are compared as entities, where the reporter's own number is excluded.
 */
const IDENTIFIER_LIKE = /\+?\d(?:[ .\-]?\d){5,}|(?<![a-z0-9])\d{2}[ -]?[a-z]{1,2}\d?[ .\-]{0,3}\d{3}[ .]?\d{1,2}(?![a-z0-9])/g;

/**
 * A text's words as the scorer reads them: folded, identifiers taken out,
 * teen-code and abbreviations expanded, synonyms and incident concepts replaced
 * (domain/incident-words.ts). Reading its own output again changes nothing.
 */
export function contentWords(text: string): string[] {
  // Twice: once on the text as written, once on its words — "00 000!0" holds no run of digits, its words
  // "00 000 0" do, and the words read again must give the same words (a property test holds it).
  const chat = foldVietnamese(normalizeText(text))
    .replace(IDENTIFIER_LIKE, " ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(" ")
    .replace(IDENTIFIER_LIKE, " ")
    .split(" ")
    .filter(Boolean)
    .map((word) => CHAT_WORDS[word] ?? word)
    .join(" ");
  return chat.replace(SYNONYM_PATTERN, (phrase) => SYNONYM_PHRASES[phrase] ?? phrase).split(" ").filter(Boolean);
}

function shinglesOf(words: string[]): string[] {
  const shingles = new Set<string>();
  words.forEach((word, i) => {
    if (isEvidence(word)) shingles.add(word);
    const next = words[i + 1];
    if (next && (isEvidence(word) || isEvidence(next))) shingles.add(`${word} ${next}`);
  });
  return [...shingles].sort();
}

function isEvidence(word: string): boolean {
  if (STOP_WORDS.has(word)) return false;
  return !/^\d+$/.test(word) || word.length >= MIN_DISTINCT_NUMBER;
}

/**
 * Folded words that the writer capitalised mid-sentence: street and place names,
 * vehicle brands, apps. Sentence-initial capitals say nothing, so they are skipped.
 */
function properNames(text: string): string[] {
  const names = new Set<string>();
  const pattern = /([.!?:\n"“]\s*)?([\p{Lu}][\p{L}\p{M}\p{N}]*)/gu;
  for (const match of normalizeText(text).matchAll(pattern)) {
    const atSentenceStart = match.index === 0 || match[1] !== undefined;
    const word = foldVietnamese(match[2]!);
    if (!atSentenceStart && !STOP_WORDS.has(word)) names.add(word);
  }
  return [...names].sort();
}

// MinHash with deterministic seeds: the same description always gives the same keys,
// in every process and after every restart, so stored band keys stay valid.
const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/** A slot no shingle reached: the text had no evidence. */
const EMPTY_SLOT = 0xffffffff;

function minHash(shingles: string[]): number[] {
  const signature = new Array<number>(MINHASH_SIZE).fill(EMPTY_SLOT);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let i = 0; i < MINHASH_SIZE; i += 1) {
      const value = mix32(base ^ SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

function bandKeysOf(signature: number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band += 1) {
    const rows = signature.slice(band * LSH_ROWS, (band + 1) * LSH_ROWS);
    if (rows.every((value) => value === EMPTY_SLOT)) continue; // empty text: no evidence
    keys.push(`b${band}:${fnv1a(rows.join(",")).toString(16).padStart(8, "0")}`);
  }
  return keys;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// ------------------------------------------------------------------ word statistics

/**
 * How many tips of the history hold each word: a word most tips hold ("thanh
 * nien", "xe may") says little about which incident a tip is about; a word few
 * hold (a market's name, "hoa dang", "homestay") says a lot. Learnt from the
 * history itself, one count per tip, so it follows the province's own words;
 * the pipeline keeps one per worker and adds each tip it places (cheap: one map
 * update per distinct word).
 */
export interface WordCounts {
  documents: number;
  frequency: Map<string, number>;
}

export interface WordStats extends WordCounts {
  /** The same counts per category: how common a word is among reports of one kind (sharedWordRarity). */
  byCategory: Map<string, WordCounts>;
  /** Reports of the history per ward and category, and the time they span: each ward's long-run rate (ADR 0092). */
  wards: WardCounts;
}

/**
 * How many reports of each category each ward has had, and the span of time they cover (earliest and latest
 * incident time counted, ms): a ward's long-run rate of reports per hour is its count over the span. Bounded by
 * wards × categories (a few thousand numbers for a province), kept with the word counts: one update per tip.
 */
export interface WardCounts {
  byWard: Map<string, Map<string, number>>;
  firstMs: number;
  lastMs: number;
}

export function createWordStats(): WordStats {
  return { documents: 0, frequency: new Map(), byCategory: new Map(), wards: { byWard: new Map(), firstMs: Infinity, lastMs: -Infinity } };
}

/**
 * Counts a tip's words; with its category, in that category's counts too; with its ward and time (dedupeTime),
 * in the ward's counts (longRunNeighbours).
 */
export function addToWordStats(
  stats: WordStats,
  evidence: Pick<TextEvidence, "words">,
  category?: string,
  place?: { wardCode: string | null; at: string | null },
): void {
  count(stats, evidence.words);
  if (category === undefined) return;
  let counts = stats.byCategory.get(category);
  if (!counts) stats.byCategory.set(category, (counts = { documents: 0, frequency: new Map() }));
  count(counts, evidence.words);
  const at = place?.at ? Date.parse(place.at) : NaN;
  if (!place?.wardCode || !Number.isFinite(at)) return;
  const wards = stats.wards;
  let ward = wards.byWard.get(place.wardCode);
  if (!ward) wards.byWard.set(place.wardCode, (ward = new Map()));
  ward.set(category, (ward.get(category) ?? 0) + 1);
  wards.firstMs = Math.min(wards.firstMs, at);
  wards.lastMs = Math.max(wards.lastMs, at);
}

/**
 * A history shorter than this is taken to span this long when rates are read from it: a few dozen reports of
 * one afternoon say little about a ward's usual rate, and would make every ward look busy.
 */
export const MIN_RATE_SPAN_HOURS = 14 * 24;

/**
 * How many reports of the ward, of a kind compatible with `category`, the ward's long-run rate puts within
 * SAME_INCIDENT_MAX_HOURS of any moment: its count of such reports × 48 h / the span of the history (at least
 * MIN_RATE_SPAN_HOURS). What neighboursOf counts among the candidates read, from the whole history instead: a
 * busy ward is busy whether or not the worker read its 24 nearest reports (ADR 0092). Counts reports, not
 * incidents (a few incidents have two or three), so it errs towards a busy ward. 0 without counts.
 */
export function longRunNeighbours(stats: Pick<WordStats, "wards"> | undefined, wardCode: string | null, category: string): number {
  const ward = wardCode ? stats?.wards?.byWard.get(wardCode) : undefined;
  if (!ward) return 0;
  let reports = 0;
  for (const [other, count] of ward) if (categoryRelation(category, other)) reports += count;
  const spanHours = Math.max(MIN_RATE_SPAN_HOURS, (stats!.wards.lastMs - stats!.wards.firstMs) / 3_600_000);
  return (reports * SAME_INCIDENT_MAX_HOURS) / spanHours;
}

function count(counts: WordCounts, words: readonly string[]): void {
  counts.documents += 1;
  for (const word of words) counts.frequency.set(word, (counts.frequency.get(word) ?? 0) + 1);
}

/**
 * Tips of prior weight: with no history every word weighs the same
 * (ln(1 + 10) ≈ 2.4), and a few dozen tips cannot yet make a word look common.
 */
const IDF_PRIOR_DOCUMENTS = 10;

/** Inverse document frequency, smoothed: ln(1 + (N + prior) / (df + 1)). */
export function wordWeight(stats: WordCounts | undefined, word: string): number {
  const documents = (stats?.documents ?? 0) + IDF_PRIOR_DOCUMENTS;
  const frequency = stats?.frequency.get(word) ?? 0;
  return Math.log1p(documents / (frequency + 1));
}

// ------------------------------------------------------------------ text similarity

/** A pair of words is a phrase ("hút cát", "tạt sơn"): far more telling than either word. */
const PAIR_WEIGHT = 2;
/** Shared proper names (a street, a motorbike model) point at the same incident. */
const NAME_WEIGHT = 2;

/**
 * Weighted Jaccard over the shingle sets: each word weighs its IDF, phrases
 * twice their words' mean, proper names twice again. 0 = nothing in common,
 * 1 = same wording.
 *
 * Runs for every candidate of every tip, so it allocates little: both shingle
 * lists are sorted (textEvidence sorts them), and one merge pass over the two
 * finds the shared ones.
 */
export function textSimilarity(a: TextEvidence, b: TextEvidence, stats?: WordStats): number {
  return textOverlap(a, b, stats).similarity;
}

export interface TextOverlap {
  similarity: number;
  /** The shared single words, rarest first (at most 4): what an officer reads as "both mention …". */
  sharedWords: string[];
}

export function textOverlap(a: TextEvidence, b: TextEvidence, stats?: WordStats): TextOverlap {
  const names = a.names.length === 0 ? b.names : b.names.length === 0 ? a.names : [...a.names, ...b.names];
  const x = a.shingles;
  const y = b.shingles;
  let i = 0;
  let j = 0;
  let shared = 0;
  let total = 0;
  const sharedWords: Array<[string, number]> = [];
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) total += shingleWeight(x[i++]!, names, stats);
    else if (y[j]! < x[i]!) total += shingleWeight(y[j++]!, names, stats);
    else {
      const shingle = x[i++]!;
      const weight = shingleWeight(shingle, names, stats);
      j++;
      total += weight;
      shared += weight;
      if (!shingle.includes(" ") && !isDetailToken(shingle)) sharedWords.push([shingle, weight]);
    }
  }
  while (i < x.length) total += shingleWeight(x[i++]!, names, stats);
  while (j < y.length) total += shingleWeight(y[j++]!, names, stats);
  return {
    similarity: total ? shared / total : 0,
    sharedWords: sharedWords.sort((p, q) => q[1] - p[1]).slice(0, 4).map(([word]) => word),
  };
}

/** A shingle is a word or a pair "w1 w2"; it weighs its words' IDF, more as a pair, and more again holding a name. */
function shingleWeight(shingle: string, names: readonly string[], stats: WordStats | undefined): number {
  const space = shingle.indexOf(" ");
  const base = space < 0
    ? wordWeight(stats, shingle)
    : (PAIR_WEIGHT * (wordWeight(stats, shingle.slice(0, space)) + wordWeight(stats, shingle.slice(space + 1)))) / 2;
  for (const name of names) {
    const named = space < 0
      ? shingle === name
      : (name.length === space && shingle.startsWith(name)) ||
        (name.length === shingle.length - space - 1 && shingle.endsWith(name));
    if (named) return base * NAME_WEIGHT;
  }
  return base;
}

/**
 * How rare the words two texts share are among reports of this kind: −ln of the
 * chance that a report of the kind holds the rarest shared word (a word in 1 theft
 * report of 100: ln 100 ≈ 4.6), in the category's own statistics (WordStats.byCategory).
 * Within the kind, because "giật" and "điện thoại" are rare among all tips but in every
 * other snatching. The rarest word only: the words of one kind of report come together
 * (a karaoke report's "mở nhạc", "phòng", "thuốc"), so multiplying their chances would
 * call any two such reports rare (two words summed: bench:triage precision 0.601 at 10 k;
 * the rarest alone 0.667, docs/decisions/0068).
 */
export function sharedWordRarity(
  a: Pick<TextEvidence, "words" | "shingles">,
  b: Pick<TextEvidence, "words" | "shingles">,
  stats: WordStats | undefined,
  category: string,
  options: { otherCategory?: string; areas?: AreaNames; only?: (word: string) => boolean } = {},
): number {
  const counts = stats?.byCategory.get(category);
  // Two kinds (a general and a specific one, or related ones): the word must be rare in both.
  const other = options.otherCategory && options.otherCategory !== category ? stats?.byCategory.get(options.otherCategory) : undefined;
  const chance = (word: string) => Math.max(chanceOfWord(stats, counts, word), other ? chanceOfWord(stats, other, word) : 0);
  // A ward's name both texts hold is in many of the ward's reports, however rare in the province.
  const inAreas = options.areas ? areaWordsIn(a, options.areas) : null;
  const inBothAreas = (word: string) => !!inAreas?.has(word) && areaWordsIn(b, options.areas!).has(word);
  let rarest = 0;
  let i = 0;
  let j = 0;
  while (i < a.words.length && j < b.words.length) {
    if (a.words[i]! < b.words[j]!) i++;
    else if (b.words[j]! < a.words[i]!) j++;
    else {
      if ((!options.only || options.only(a.words[i]!)) && !inBothAreas(a.words[i]!) && !NEVER_RARE.has(a.words[i]!)) rarest = Math.max(rarest, -Math.log(chance(a.words[i]!)));
      i++;
      j++;
    }
  }
  return rarest;
}

/**
 * The chance that another report of the kind holds this word, leaving out the two
 * reports compared (both are counted in the statistics, and both hold it): the
 * category's own share, drawn towards the share among all tips while the category
 * has few reports (an m-estimate with IDF_PRIOR_DOCUMENTS of prior weight), so a
 * kind seen twice does not make every word look common.
 */
function chanceOfWord(stats: WordStats | undefined, counts: WordCounts | undefined, word: string): number {
  const pair = 2;
  const overall = ((Math.max(0, (stats?.frequency.get(word) ?? 0) - pair)) + 1) / (Math.max(0, (stats?.documents ?? 0) - pair) + 1 + IDF_PRIOR_DOCUMENTS);
  const inKind = Math.max(0, (counts?.frequency.get(word) ?? 0) - pair);
  return (inKind + IDF_PRIOR_DOCUMENTS * overall) / (Math.max(0, (counts?.documents ?? 0) - pair) + IDF_PRIOR_DOCUMENTS);
}

/**
 * Words of where and what kind of place, which any report may hold and no two share because of one event:
 * an area ("khu", "khu vực"), an old one ("cũ"), a street, a number, a house, a lane. They still count in
 * the text's similarity, never as the rare word that shows one event (sharedWordRarity).
 */
const NEVER_RARE = new Set(["khu", "vuc", "cu", "duong", "so", "nha", "kiet", "hem", "pho", "ngo", "thon", "to", "xom"]);

/** Identifiers both texts hold ("plate:43A12345"). */
export function sharedEntities(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  const other = new Set(b);
  return a.filter((key) => other.has(key));
}

/** KIND_WORDS as shingles: a one-word cue is a word, a longer one all its adjacent pairs. */
const KIND_SHINGLES: ReadonlyArray<readonly [string, readonly string[][]]> = Object.entries(KIND_WORDS).map(([kind, phrases]) => [
  kind,
  phrases.map((phrase) => {
    const words = phrase.split(" ");
    return words.length === 1 ? words : words.slice(1).map((word, i) => `${words[i]} ${word}`);
  }),
]);
const kindsCache = new WeakMap<object, ReadonlySet<string>>();

/** The kinds of report a text's own words name (KIND_WORDS: "tên cướp" → robbery, "tạt sơn" → usury). Cached per text. */
export function kindsDescribed(evidence: Pick<TextEvidence, "shingles">): ReadonlySet<string> {
  const cached = kindsCache.get(evidence);
  if (cached) return cached;
  const kinds = new Set<string>();
  for (const [kind, cues] of KIND_SHINGLES) {
    if (cues.some((shingles) => shingles.every((shingle) => binaryHas(evidence.shingles, shingle)))) kinds.add(kind);
  }
  kindsCache.set(evidence, kinds);
  return kinds;
}

/**
 * Two reports under different categories whose words agree on what happened: one names the other's kind
 * ("security" in words of a robbery, against "robbery"), or both name one kind that fits both categories.
 * That kind, or null. Then the categories count as one (ADR 0082): the reporter picked a general or a
 * neighbouring category, the words say which.
 */
export function kindDescribed(
  a: Pick<DedupeTip, "category" | "features">,
  b: Pick<DedupeTip, "category" | "features">,
): string | null {
  if (a.category === b.category) return null;
  const ofA = kindsDescribed(a.features);
  const ofB = kindsDescribed(b.features);
  if (ofA.has(b.category)) return b.category;
  if (ofB.has(a.category)) return a.category;
  for (const kind of ofA) if (ofB.has(kind) && categoryRelation(kind, a.category) && categoryRelation(kind, b.category)) return kind;
  return null;
}

// ------------------------------------------------------------------ scoring a pair

export interface DedupeTip {
  id: string;
  category: string;
  wardCode: string | null;
  point?: LatLng | null;
  /** Incident time (ISO); null when the reporter did not say. */
  occurredAt: string | null;
  receivedAt: string;
  features: TextEvidence;
  /**
   * Identifiers to compare ("phone:0905123456"), when they differ from the text's
   * own (features.entities): the reporter's own contact left out. Optional.
   */
  entities?: readonly string[];
  /** The gazetteer place the address resolved to, when the resolver names one (issue 12). Optional. */
  placeId?: string | null;
  /** The group the tip is in, for an earlier tip: neighbours in one group are one incident (neighboursOf). Optional. */
  clusterId?: string;
  /**
   * The reporter gave only a ward (no address, no map point): there is no venue or spot to compare, so closeness
   * in time within the ward is credited (wardTimeCredit, ADR 0088). Optional; absent means not known to be ward-only.
   */
  wardOnly?: boolean;
}

export interface DedupeContext {
  /** Wards that touch each ward (see geo.wardAdjacency). */
  adjacency: ReadonlyMap<string, ReadonlySet<string>>;
  /** Word statistics of the history (IDF); without them every word weighs the same. */
  wordStats?: WordStats;
  /** Tips further apart than this are never duplicates. Default 30 days. */
  windowDays?: number;
  /** Score at or above which a pair is a duplicate. Default DUPLICATE_THRESHOLD. */
  threshold?: number;
  /**
   * How many reports of the new tip's ward and kind lie within SAME_INCIDENT_MAX_HOURS
   * of it (neighboursOf): the tips a shared word could come from by chance. Default 1.
   */
  neighbours?: number;
  /**
   * The province's ward names, current and pre-2025 (areaNamesOf): a ward's name both texts hold says
   * no more than the shared ward, so it is neither a venue nor a rare word. Optional.
   */
  areas?: AreaNames;
}

export interface PairScore {
  /** 0..1 */
  score: number;
  duplicate: boolean;
  /** Plain English ("same ward 20275", "12 h apart", …): logs and evaluation. */
  reasons: string[];
  /** The same, as data: the audit trail says it in the reader's language. */
  evidence: Array<Reason<"similarity">>;
  /** The two share an identifier (phone, account, plate, URL, handle): linked, whether or not one incident. */
  linked?: boolean;
  /**
   * The two contradict each other: different house numbers on one street, different phones or accounts, or
   * different things taken, vehicles or sums (detailConflict), and no shared identifier. A group holding such a member is not the tip's incident (chooseCluster).
   */
  contradicts?: boolean;
  /** The weighted text similarity (textOverlap): between equal scores, the closer wording wins (chooseCluster). */
  similarity?: number;
  /** Both name places, none the other mentions, or different house numbers on one street (the score is scaled down). */
  placesDiffer?: boolean;
}

export const DEFAULT_WINDOW_DAYS = 30;

/**
 * The time that places a tip in the dedupe window (and in the candidate index,
 * `tips.dedupe_at`): the incident time, or the receipt time when the tipster
 * gave none.
 */
export function dedupeTime(occurredAt: string | null, receivedAt: string): string {
  return occurredAt ?? receivedAt;
}

/** Tuned on the dev sample and the tuning set (scripts/eval-triage-domain.ts prints the sweep). */
export const DUPLICATE_THRESHOLD = 0.6;
/**
 * A new tip joins the cluster of its best match at DUPLICATE_THRESHOLD, but it
 * merges another cluster into that one only on stronger evidence. The clusters
 * were each judged a separate incident when their reports came in, and the
 * costs are not even: a wrong merge hides an incident inside another (officers
 * see one entry where there are two), while a missed merge leaves two entries
 * an officer can merge by hand. In a busy ward, a report that only shares the
 * time, the ward and the kind of crime with two clusters would otherwise chain
 * them together.
 */
export const MERGE_THRESHOLD = 0.75;
/**
 * A member of a group "supports" a new tip at this score: the tip must match
 * the best member at DUPLICATE_THRESHOLD and at least half of the group at this
 * (docs/decisions/0036), so one loose report cannot pull unrelated tips in.
 */
export const SUPPORT_THRESHOLD = 0.45;
/** Two map points this close are the same place whatever their wards. */
export const NEARBY_METERS = 1000;
/** Two map points this close (or one gazetteer place) are one spot: as telling as a rare shared word. */
export const SAME_SPOT_METERS = 250;

/**
 * How much each kind of evidence counts once the place matches; they sum to 1.
 * Same ward, same category and the same hour without a shared word score 0.55,
 * just under the threshold: some shared wording is always needed.
 */
const WEIGHTS = { text: 0.45, time: 0.35, category: 0.2 };
/**
 * The scorer's tunable constants, in one place so scripts/eval-triage-sweep.ts
 * can try others on the dev and tuning sets; nothing else writes them.
 */
export const SCORE_PARAMS = {
  /** Paraphrases of one incident rarely share more than this (weighted Jaccard); above it, text is full evidence. */
  textSaturation: 0.12,
  /** Below this much shared text, the text says nothing. */
  textFloor: 0,
  weights: WEIGHTS,
  relatedCategory: 0.6,
  generalCategory: 0.45,
  /** Different categories, but one report's words name the other's kind, or both name one (kindDescribed): as the same category. */
  describedCategory: 1,
  /** Both texts name places and none in common (placesConflict): the score is scaled by this. */
  placeConflict: 0.55,
  /**
   * A shared word counts as evidence of one incident only when fewer than this many of
   * the tip's neighbours would share it by chance (neighbours × e^−rarity); see
   * hasSameEventEvidence. 0.1 and 0.3 leave the labelled sets unchanged.
   */
  chanceMatches: 0.3,
  /** A pair without evidence of one event scores at most this: below SUPPORT_THRESHOLD, so it neither joins nor supports. */
  noEvidenceCap: 0.4,
  /** Both give a phone or an account, none the same (differentIdentifiers): the score is scaled by this. */
  identifierConflict: 0.55,
  /** Both say what was taken, which vehicle or what sum, and none agree (detailConflict): the score is scaled by this. */
  detailConflict: 0.55,
  /**
   * Both give a house or lane number on one street, different ones (compareAddresses): scaled by this, so
   * that even a perfect pair stays under SUPPORT_THRESHOLD — two houses are two places.
   */
  addressConflict: 0.4,
  /**
   * A ward-only report within this many hours of another report of the ward (wardTimeCredit, ADR 0088) may be
   * credited for closeness in time; past it, the time says nothing a ward code does not.
   */
  wardTimeHours: 3,
  /** The most text evidence closeness in time can stand for (as much as one spot on the map, SAME_SPOT_TEXT). */
  wardTimeText: 0.35,
  /**
   * How many of the ward's neighbours may fall that close in time by chance before the credit is gone (the bar of
   * chanceMatches, for time instead of words): 0.3 cost bench:triage's 100 k history more precision for no more
   * recall; 0.1 cost the tuning sets recall (ADR 0088).
   */
  wardTimeChance: 0.2,
  /**
   * The ward-time credit also for a map point against a typed address of the ward (placesIncomparable, ADR 0092):
   * neither place can be compared with the other, as with a ward-only report.
   */
  pointAddressTime: true,
  /**
   * A shared sum rarer than chance (sharedDetailCredit, ADR 0093) counts as this much text evidence, as a
   * venue both name does (SAME_SPOT_TEXT); 0 turns it off.
   */
  detailText: 0.35,
};

/**
 * Kinds of identifier that name one party of an incident (the caller, the account paid): two reports that
 * each give one, and share none, are probably two incidents — two victims of two scams. Plates are left
 * out: witnesses of one fight note different motorbikes.
 */
const PARTY_IDENTIFIERS = ["phone", "account"];

/** The kinds of PARTY_IDENTIFIERS both texts give, different values only (call it when they share none). */
export function differentIdentifiers(a: readonly string[], b: readonly string[]): string[] {
  if (a.length === 0 || b.length === 0) return [];
  const kindsOf = (keys: readonly string[]) => new Set(keys.map((key) => key.slice(0, key.indexOf(":"))));
  const other = kindsOf(b);
  return [...kindsOf(a)].filter((kind) => PARTY_IDENTIFIERS.includes(kind) && other.has(kind)).sort();
}
/** Text evidence from the same spot (points within SAME_SPOT_METERS, one gazetteer place). */
const SAME_SPOT_TEXT = 0.35;
/**
 * Place scales the whole score. Neighbouring wards are candidates (a point near a
 * boundary, an address across the street) but cap the score at 0.5, below the
 * threshold: a pair across a ward boundary needs map points within NEARBY_METERS.
 */
const NEIGHBOUR_WARD_FACTOR = 0.5;
/** Two points of one ward this far apart are probably two places: the score is scaled down. */
const FAR_IN_WARD_METERS = 2500;
const FAR_IN_WARD_FACTOR = 0.85;
/** Reports of one incident come within hours; past this, closeness halves every half-life. */
const SAME_INCIDENT_HOURS = 6;
const TIME_HALF_LIFE_HOURS = 24;
/**
 * Reports of one incident come within two days. Past that the whole score halves
 * every day, so a pair three days apart cannot reach the threshold however alike
 * its words or identifiers: the same account, plate or venue on different days is
 * a link between incidents, not one incident.
 */
const SAME_INCIDENT_MAX_HOURS = 48;
const STALE_HALF_LIFE_HOURS = 24;

export function scorePair(a: DedupeTip, b: DedupeTip, context: DedupeContext): PairScore {
  const threshold = context.threshold ?? DUPLICATE_THRESHOLD;
  const hours = hoursApart(a, b);
  const windowHours = (context.windowDays ?? DEFAULT_WINDOW_DAYS) * 24;
  if (!(hours <= windowHours)) {
    return rejected(`${formatHours(hours)} apart, beyond the ${windowHours / 24}-day window`, reason("outside-window", { days: windowHours / 24 }));
  }
  const relation = categoryRelation(a.category, b.category);
  if (!relation) {
    return rejected(`categories ${a.category} and ${b.category} do not match`, reason("categories-differ", { categories: [a.category, b.category] }));
  }
  const place = placeEvidence(a, b, context.adjacency);
  if (!place) return rejected("not the same or a neighbouring place", reason("places-differ"));

  const overlap = textOverlap(a.features, b.features, context.wordStats);
  const text = overlap.similarity;
  const identifiers = sharedEntities(a.entities ?? a.features.entities, b.entities ?? b.features.entities);
  // A shared identifier is full text evidence; the time still decides whether it is one incident or a link.
  const p = SCORE_PARAMS;
  const textPart = Math.max(0, text - p.textFloor) / (p.textSaturation - p.textFloor);
  const addresses = compareAddresses(a.features, b.features);
  const sameAddress = addresses && "same" in addresses ? addresses.same : null;
  const otherAddress = addresses && "different" in addresses ? addresses.different : null;
  const sameSpot = place.sameSpot || !!sameAddress;
  const venue = sameSpot || otherAddress ? null : sharedNamedPlace(a.features, b.features, context.areas);
  // The reports of the ward a chance overlap (of words, details or time) could come from: those read, or the long-run rate's.
  const chanceReports = chanceNeighbours(a, b, context);
  // One sum, rarer among reports of the kind than the ward's neighbours would share by chance (ADR 0093).
  const detail = identifiers.length > 0 || sameSpot || venue ? 0 : sharedDetailCredit(a, b, context, chanceReports);
  const textScore = identifiers.length > 0 ? 1 : Math.min(1, textPart + (sameSpot || venue ? SAME_SPOT_TEXT : detail));
  // Past the hours of one incident, the same kind in other words is as likely another incident: the words' kind
  // brings only close reports together (ADR 0082; at 48 h the bench's 10 k history gained a wrong join 52 h apart).
  const described = relation === "same" || hours > SAME_INCIDENT_HOURS ? null : kindDescribed(a, b);
  const categoryScore = relation === "same" ? 1 : described ? p.describedCategory : relation === "related" ? p.relatedCategory : p.generalCategory;
  const evidence = p.weights.text * textScore + p.weights.time * timeCloseness(hours) + p.weights.category * categoryScore;
  const stale = staleness(hours);
  const conflict = identifiers.length === 0 && !sameSpot && (!!otherAddress || (!venue && placesConflict(a.features, b.features)));
  const conflictFactor = !conflict ? 1 : otherAddress ? p.addressConflict : p.placeConflict;
  const otherIdentifiers = identifiers.length === 0 ? differentIdentifiers(a.entities ?? a.features.entities, b.entities ?? b.features.entities) : [];
  // Another thing taken, another motorbike, another sum: two incidents of one kind, however close (ADR 0085).
  const otherDetails = identifiers.length === 0 && !sameSpot ? detailConflict({ category: a.category, details: a.features.details }, { category: b.category, details: b.features.details }) : null;
  // A ward-only report has no venue to share: closeness in time within the ward, rarer than chance, stands for it (ADR 0088).
  const timeCredit = identifiers.length > 0 || sameSpot || venue || detail > 0 || conflict || otherIdentifiers.length > 0 || otherDetails
    ? 0
    : wardTimeCredit(a, b, hours, chanceReports);
  const evidenced = timeCredit > 0 || hasSameEventEvidence({
    identifiers: identifiers.length,
    sameSpot,
    rarity: sharedWordRarity(a.features, b.features, context.wordStats, a.category, { otherCategory: b.category, areas: context.areas }),
    neighbours: chanceReports,
  });
  const credited = timeCredit > 0 ? p.weights.text * (Math.min(1, textScore + timeCredit) - textScore) : 0;
  const raw = place.factor * (evidence + credited) * stale * conflictFactor * (otherIdentifiers.length > 0 ? p.identifierConflict : 1) * (otherDetails ? p.detailConflict : 1);
  const score = round(evidenced ? raw : Math.min(raw, p.noEvidenceCap));

  const reasons = [place.reason, `${formatHours(hours)} apart`];
  const because: Array<Reason<"similarity">> = [place.because, timeApart(hours)];
  if (stale < 1) {
    reasons.push("too far apart in time for one incident");
    because.push(reason("too-far-apart-in-time", { days: Math.round(hours / 24) }));
  }
  const categories = [a.category, b.category];
  if (relation === "same") {
    reasons.push(`same category ${a.category}`);
    because.push(reason("same-category", { category: a.category }));
  } else if (relation === "related") {
    reasons.push(`related categories ${a.category}/${b.category}`);
    because.push(reason("related-categories", { categories }));
  } else {
    reasons.push(`general and specific categories ${a.category}/${b.category}`);
    because.push(reason("general-category", { categories }));
  }
  if (described) {
    reasons.push(`the words describe ${described}`);
    because.push(reason("kind-described", { category: described }));
  }
  if (conflict) {
    const places = otherAddress ?? [...a.features.places, ...b.features.places];
    reasons.push(`different named places ${places.join(" / ")}`);
    because.push(reason("different-places", { places: places.slice(0, 4) }));
  }
  if (otherIdentifiers.length > 0) {
    reasons.push(`different ${otherIdentifiers.join(", ")}`);
    because.push(reason("different-identifiers", { kinds: otherIdentifiers }));
  }
  if (otherDetails?.loot) {
    reasons.push(`different things taken ${otherDetails.loot.map((x) => x.join("+")).join(" / ")}`);
    because.push(reason("different-loot", { loot: [...new Set(otherDetails.loot.flat())] }));
  }
  if (otherDetails?.vehicles) {
    reasons.push(`different vehicles ${otherDetails.vehicles.map((x) => x.join("+")).join(" / ")}`);
    because.push(reason("different-vehicles", { vehicles: [...new Set(otherDetails.vehicles.flat())] }));
  }
  if (otherDetails?.pretexts) {
    reasons.push(`different scam stories ${otherDetails.pretexts.map((x) => x.join("+")).join(" / ")}`);
    because.push(reason("different-stories", { stories: [...new Set(otherDetails.pretexts.flat())] }));
  }
  if (detail > 0) {
    const sums = sharedSums(a.features.details.amounts, b.features.details.amounts);
    reasons.push(`both give the sum ${sums.join(", ")}`);
    because.push(reason("same-sum", { amounts: sums.map(String) }));
  }
  if (otherDetails?.amounts) {
    reasons.push(`different sums ${otherDetails.amounts.map((x) => x.join("+")).join(" / ")}`);
    because.push(reason("different-amounts", { amounts: [...new Set(otherDetails.amounts.flat())].map(String) }));
  }
  if (sameAddress) {
    reasons.push(`both give ${sameAddress}`);
    because.push(reason("same-named-place", { place: sameAddress }));
  }
  if (place.sameSpot) {
    reasons.push("same spot");
    because.push(reason("same-place"));
  }
  if (venue) {
    reasons.push(`both name ${venue}`);
    because.push(reason("same-named-place", { place: venue }));
  }
  if (identifiers.length > 0) {
    const kinds = [...new Set(identifiers.map((key) => key.slice(0, key.indexOf(":"))))];
    reasons.push(`shared ${kinds.join(", ")}`);
    because.push(reason("shared-identifier", { kinds }));
  }
  // The reports a chance overlap could come from, as the two reasons below count them.
  const ofWard = Math.max(1, Math.ceil(chanceReports));
  if (timeCredit > 0) {
    const why = placesIncomparable(a, b) === "ward-only" ? "only a ward given" : "a map point against an address";
    reasons.push(`${why}, ${formatHours(hours)} apart, rarer than chance among ${ofWard} reports of the ward`);
    because.push(reason(why === "only a ward given" ? "ward-time-credit" : "point-address-time-credit", { hours: Math.round(hours), count: ofWard }));
  }
  if (!evidenced) {
    reasons.push(`nothing shared beyond what ${ofWard} neighbouring reports share by chance`);
    because.push(reason("only-chance-overlap", { count: ofWard }));
  }
  reasons.push(`text similarity ${text.toFixed(2)}`);
  because.push(reason("text-similarity", { score: Number(text.toFixed(2)) }));
  if (overlap.sharedWords.length > 0) because.push(reason("shared-words", { words: overlap.sharedWords }));
  return {
    score, duplicate: score >= threshold, reasons, evidence: because, linked: identifiers.length > 0, similarity: round(text),
    ...(identifiers.length === 0 && (otherAddress || otherIdentifiers.length > 0 || otherDetails) ? { contradicts: true } : {}),
    ...(conflict ? { placesDiffer: true } : {}),
  };
}

/**
 * Closeness in ward, time and kind is necessary but not enough: in a busy ward,
 * several unrelated reports of one kind come in every evening. A pair must also
 * have positive evidence that it is one event: a shared identifier, the same spot
 * (points within SAME_SPOT_METERS or one gazetteer place), or a shared word rare
 * enough that the tip's neighbours would not share it by chance — neighbours ×
 * e^−rarity below SCORE_PARAMS.chanceMatches (rarity: sharedWordRarity, within the
 * new tip's category). A named venue counts through its words: a market's name is
 * rare, a main street through a busy ward is not. The more same-ward reports of the
 * kind in the hours around, the rarer the word must be: with 1 neighbour, a word in
 * 1 report of 4 of the kind; with 30, a word in 1 report of 100.
 */
export function hasSameEventEvidence(evidence: {
  identifiers: number;
  sameSpot: boolean;
  rarity: number;
  neighbours?: number;
}): boolean {
  if (evidence.identifiers > 0 || evidence.sameSpot) return true;
  const neighbours = Math.max(1, evidence.neighbours ?? 1);
  return neighbours * Math.exp(-evidence.rarity) < SCORE_PARAMS.chanceMatches;
}

/**
 * A detail two reports of a loss share (ADR 0093): the same sum of money ("86 triệu" / "86tr", "gần 16 triệu" /
 * "15.800.000 đồng"), as detail tokens (withDetailTokens), counted like a venue both name (SAME_SPOT_TEXT) when it is
 * rarer among reports of the kind than chance: with N reports of the ward
 * a chance overlap could come from, N × the chance that another report of the kind holds it (sharedWordRarity, within
 * both categories) must stay under SCORE_PARAMS.chanceMatches — "50 triệu" in a busy ward is not enough, 86 million
 * is. Not the scam's story: one pretext is told to many households of a ward on one day (four fake tax officers'
 * calls), so a shared pretext is a word like others, and different pretexts a contradiction (detailConflict). Only between kinds where a loss is what the report is about (theft, robbery, fraud,
 * cybercrime): a loan's sum or a fine is not a loss. Returns the text evidence credited (0 or SCORE_PARAMS.detailText).
 */
export function sharedDetailCredit(
  a: Pick<DedupeTip, "category" | "features">,
  b: Pick<DedupeTip, "category" | "features">,
  context: Pick<DedupeContext, "wordStats" | "areas">,
  neighbours: number,
): number {
  const p = SCORE_PARAMS;
  if (!(p.detailText > 0) || !LOSS_CATEGORIES.has(a.category) || !LOSS_CATEGORIES.has(b.category)) return 0;
  const rarity = sharedWordRarity(a.features, b.features, context.wordStats, a.category, { otherCategory: b.category, only: isSumToken });
  if (!(rarity > 0)) return 0;
  return Math.max(1, neighbours) * Math.exp(-rarity) < p.chanceMatches ? p.detailText : 0;
}

/** The sums of one report within a step of SUM_STEP of a sum of the other (what sharedDetailCredit found), for the reasons. */
function sharedSums(x: readonly number[], y: readonly number[]): number[] {
  return x.filter((p) => y.some((q) => Math.abs(Math.log(p / q)) <= SUM_STEP));
}

/** Kinds of report about a loss (ADR 0093): a shared sum is a detail of one event there. */
const LOSS_CATEGORIES = new Set(["theft", "robbery", "fraud", "cybercrime"]);

/**
 * Closeness in time as evidence of one event when one report gives only a ward (ADR 0088): it names no venue and
 * often few words, so the text cannot carry the pair, but two reports of one ward, of compatible kinds, an hour
 * apart are rarely a coincidence in a quiet ward. Bounded like the rare word of hasSameEventEvidence: with N
 * reports of the ward and a compatible kind within SAME_INCIDENT_MAX_HOURS (neighboursOf), the chance that one
 * of them falls within `hours` of the tip by chance is about N · hours / SAME_INCIDENT_MAX_HOURS (they spread over
 * ±48 h); the credit is given only while that stays under SCORE_PARAMS.wardTimeChance, and shrinks as it nears it.
 * Nothing for two reports that each give a place (they have their own place evidence), for reports of two wards,
 * or past SCORE_PARAMS.wardTimeHours. Returns the text evidence credited (0 … wardTimeText).
 */
export function wardTimeCredit(
  a: Pick<DedupeTip, "wardOnly" | "wardCode" | "point"> & { features?: Pick<TextEvidence, "places" | "addresses"> },
  b: Pick<DedupeTip, "wardOnly" | "wardCode" | "point"> & { features?: Pick<TextEvidence, "places" | "addresses"> },
  hours: number,
  neighbours = 1,
): number {
  const p = SCORE_PARAMS;
  if (!placesIncomparable(a, b) || !a.wardCode || a.wardCode !== b.wardCode) return 0;
  if (!(hours <= p.wardTimeHours)) return 0;
  // Half an hour at least: reports a few minutes apart are still one hour's chance of a coincidence, not none.
  const chance = Math.max(1, neighbours) * Math.max(0.5, hours) / SAME_INCIDENT_MAX_HOURS;
  if (!(chance < p.wardTimeChance)) return 0;
  return p.wardTimeText * (1 - chance / p.wardTimeChance);
}

/**
 * Why the places of two reports of one ward cannot be compared, or null when they can: "ward-only" when exactly one
 * gives only the ward (ADR 0088; two ward-only reports share nothing at all), "point-address" when one gives a map
 * point and the other a typed address with no point (ADR 0092): there is no distance to measure, and a witness who
 * drops a pin seldom names the street the other typed ("ngay trước khách sạn", "ở cổng công ty"), so the pair is
 * as bare of place evidence as a ward-only one. Two points are compared by distance, two addresses by their words.
 */
export function placesIncomparable(
  a: Pick<DedupeTip, "wardOnly" | "point"> & { features?: Pick<TextEvidence, "places" | "addresses"> },
  b: Pick<DedupeTip, "wardOnly" | "point"> & { features?: Pick<TextEvidence, "places" | "addresses"> },
): "ward-only" | "point-address" | null {
  if (!a.wardOnly !== !b.wardOnly) return "ward-only";
  if (a.wardOnly || !SCORE_PARAMS.pointAddressTime || !a.point === !b.point) return null;
  // The pin's own words name a place ("số 45 Ngũ Hành Sơn", "tổ 6", "chợ Hàn"): that place, not the pin, is what it
  // gives, and a place the other report does not share is no evidence of one event (bench:triage 10 k: 4 wrong pairs).
  const pin = a.point ? a : b;
  if (pin.features && (pin.features.places.length > 0 || pin.features.addresses.length > 0)) return null;
  return "point-address";
}

/**
 * The reports of the ward a chance overlap could come from — a shared word (hasSameEventEvidence) or closeness in
 * time (wardTimeCredit): the neighbours counted among the candidates read (DedupeContext.neighbours), or, for two
 * reports of one ward, as many as the ward's long-run rate puts within 48 h (longRunNeighbours, for either report's
 * kind: the same both ways), whichever is more. The candidates are at most 24 nearest in time, five per category on
 * each side: in a busy ward they see only the nearest few, and a quiet evening in a busy ward is not a quiet ward
 * (ADR 0092). Reports of two wards (map points across a boundary) keep the candidates' count.
 */
export function chanceNeighbours(a: DedupeTip, b: DedupeTip, context: Pick<DedupeContext, "neighbours" | "wordStats">): number {
  const local = context.neighbours ?? 1;
  if (!a.wardCode || a.wardCode !== b.wardCode || !context.wordStats) return local;
  return Math.max(local, longRunNeighbours(context.wordStats, a.wardCode, a.category), longRunNeighbours(context.wordStats, a.wardCode, b.category));
}

/**
 * How many of `others` lie in the tip's ward, of a compatible kind, within
 * SAME_INCIDENT_MAX_HOURS: the neighbours a chance overlap could come from
 * (DedupeContext.neighbours).
 */
export function neighboursOf(tip: DedupeTip, others: readonly DedupeTip[]): number {
  // Reports already grouped as one incident are one neighbour: their shared words came from one event, not by chance.
  const incidents = new Set<string>();
  for (const other of others) {
    if (other.id === tip.id || !tip.wardCode || other.wardCode !== tip.wardCode) continue;
    if (!categoryRelation(tip.category, other.category)) continue;
    if (hoursApart(tip, other) <= SAME_INCIDENT_MAX_HOURS) incidents.add(other.clusterId !== undefined ? `c${other.clusterId}` : `t${other.id}`);
  }
  return incidents.size;
}

function staleness(hours: number): number {
  if (!(hours > SAME_INCIDENT_MAX_HOURS)) return 1;
  return 0.5 ** ((hours - SAME_INCIDENT_MAX_HOURS) / STALE_HALF_LIFE_HOURS);
}

function placeEvidence(
  a: DedupeTip,
  b: DedupeTip,
  adjacency: ReadonlyMap<string, ReadonlySet<string>>,
): { factor: number; sameSpot: boolean; reason: string; because: Reason<"similarity"> } | null {
  const meters = a.point && b.point ? distanceMeters(a.point, b.point) : null;
  const sameSpot = (!!a.placeId && a.placeId === b.placeId) || (meters !== null && meters <= SAME_SPOT_METERS);
  if (a.wardCode && a.wardCode === b.wardCode) {
    const factor = meters !== null && meters > FAR_IN_WARD_METERS ? FAR_IN_WARD_FACTOR : 1;
    return { factor, sameSpot, reason: `same ward ${a.wardCode}`, because: reason("same-ward", { ward: a.wardCode }) };
  }
  if (meters !== null && meters <= NEARBY_METERS) {
    // From 1 at the same spot down to the neighbouring-ward factor at NEARBY_METERS.
    const factor = 1 - (1 - NEIGHBOUR_WARD_FACTOR) * (meters / NEARBY_METERS);
    return { factor, sameSpot, reason: `${Math.round(meters)} m apart`, because: reason("metres-apart", { metres: Math.round(meters) }) };
  }
  if (a.wardCode && b.wardCode && adjacency.get(a.wardCode)?.has(b.wardCode)) {
    return {
      factor: NEIGHBOUR_WARD_FACTOR,
      sameSpot: false,
      reason: `neighbouring wards ${a.wardCode}/${b.wardCode}`,
      because: reason("neighbouring-wards", { wards: [a.wardCode, b.wardCode] }),
    };
  }
  return null;
}

/** The incident times when both are known; otherwise the receipt times, so like is compared with like. */
function hoursApart(a: DedupeTip, b: DedupeTip): number {
  const [x, y] = a.occurredAt && b.occurredAt ? [a.occurredAt, b.occurredAt] : [a.receivedAt, b.receivedAt];
  return Math.abs(Date.parse(x) - Date.parse(y)) / 3_600_000;
}

function timeCloseness(hours: number): number {
  if (hours <= SAME_INCIDENT_HOURS) return 1;
  return 0.5 ** ((hours - SAME_INCIDENT_HOURS) / TIME_HALF_LIFE_HOURS);
}

function rejected(english: string, because: Reason<"similarity">): PairScore {
  return { score: 0, duplicate: false, reasons: [english], evidence: [because] };
}

function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return "unknown time";
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/** The same rounding as formatHours. */
function timeApart(hours: number): Reason<"similarity"> {
  if (!Number.isFinite(hours)) return reason("unknown-time");
  return hours < 48 ? reason("hours-apart", { hours: Math.round(hours) }) : reason("days-apart", { days: Math.round(hours / 24) });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// ------------------------------------------------------------------ choosing a cluster

export interface ScoredCandidate {
  tipId: string;
  clusterId: string;
  score: PairScore;
}

/** An officer split this tip out of this cluster: never put it back. */
export interface NeverJoin {
  tipId: string;
  clusterId: string;
}

export interface ClusterChoice {
  clusterId: string;
  /** The earlier tip that matched best. */
  matchedTipId: string;
  score: number;
  /** Members of the group scored, and how many of them reached SUPPORT_THRESHOLD. */
  support: { count: number; total: number };
}

/**
 * The cluster of the best-scoring duplicate whose group as a whole holds, or null
 * when the tip starts a new one. A group holds when the tip matches its best
 * member at the duplicate threshold AND at least half of the members scored
 * (`memberScores`, or the candidates of that cluster) at SUPPORT_THRESHOLD: a tip
 * that resembles one loose report of a group, but not the others, is not that
 * incident (docs/decisions/0036). Clusters the officer split this tip from are
 * skipped, as is any candidate that is itself the new tip.
 */
export function chooseCluster(
  newTip: Pick<DedupeTip, "id">,
  candidates: readonly ScoredCandidate[],
  neverJoin: readonly NeverJoin[] = [],
  memberScores?: ReadonlyMap<string, readonly number[]>,
  contradicted: ReadonlySet<string> = contradictedClusters(candidates),
): ClusterChoice | null {
  const excluded = new Set(neverJoin.filter((pair) => pair.tipId === newTip.id).map((pair) => pair.clusterId));
  for (const clusterId of contradicted) excluded.add(clusterId);
  const best = new Map<string, ScoredCandidate>();
  const scoresOf = new Map<string, number[]>();
  for (const candidate of candidates) {
    if (candidate.tipId === newTip.id || excluded.has(candidate.clusterId)) continue;
    const list = scoresOf.get(candidate.clusterId);
    if (list) list.push(candidate.score.score);
    else scoresOf.set(candidate.clusterId, [candidate.score.score]);
    if (!candidate.score.duplicate) continue;
    const current = best.get(candidate.clusterId);
    if (!current || closer(candidate.score, current.score) > 0) best.set(candidate.clusterId, candidate);
  }
  const ranked = [...best.values()].sort((a, b) => closer(b.score, a.score));
  for (const candidate of ranked) {
    const scores = memberScores?.get(candidate.clusterId) ?? scoresOf.get(candidate.clusterId) ?? [];
    const support = groupSupport(scores);
    if (support.holds) {
      return { clusterId: candidate.clusterId, matchedTipId: candidate.tipId, score: candidate.score.score, support: { count: support.count, total: support.total } };
    }
  }
  return null;
}

/** > 0 when x is the better match: the higher score, then (scores saturate) the closer wording. */
function closer(x: Pick<PairScore, "score" | "similarity">, y: Pick<PairScore, "score" | "similarity">): number {
  return x.score - y.score || (x.similarity ?? 0) - (y.similarity ?? 0);
}

/**
 * Groups holding a member the tip contradicts (PairScore.contradicts: another house on the street, another
 * caller's phone): however well the tip matches the rest, the group is not its incident.
 */
export function contradictedClusters(scored: ReadonlyArray<{ clusterId: string; score: Pick<PairScore, "contradicts"> }>): Set<string> {
  return new Set(scored.filter((s) => s.score.contradicts).map((s) => s.clusterId));
}

/**
 * Two groups a new tip matches strongly are merged only when nothing in them says they are two incidents (issue
 * 13, item 5; ADR 0082): each was judged a separate incident when its reports came in, and one tip that
 * resembles both is not enough when a member of one cannot be the other's incident (kinds that never go
 * together, places that are not one), contradicts it (another house, another caller) or names only other
 * places than it: two racing crowds on two named streets a quarter-hour apart stay
 * two. Support between the groups is not required: at density their members' shared words fail the chance bar
 * (the new tip's neighbours are many) although the tip's own evidence with each is strong (bench 100 k: recall
 * 0.847 → 0.799 when half the cross pairs had to reach SUPPORT_THRESHOLD).
 */
export function groupsHoldTogether(one: readonly DedupeTip[], other: readonly DedupeTip[], context: DedupeContext): boolean {
  for (const x of one) {
    for (const y of other) {
      const score = scorePair(x, y, context);
      // Kinds that are never one incident (robbery and drugs), or places that are not one, reject the pair outright.
      if (score.score === 0 || score.contradicts || score.placesDiffer) return false;
    }
  }
  return true;
}

/** At least half of a group's scored members reach SUPPORT_THRESHOLD. */
export function groupSupport(scores: readonly number[]): { holds: boolean; count: number; total: number } {
  const count = scores.filter((score) => score >= SUPPORT_THRESHOLD).length;
  return { holds: scores.length > 0 && count * 2 >= scores.length, count, total: scores.length };
}

