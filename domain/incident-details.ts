/**
 * The details that tell two incidents of one kind apart (issue 13, ADR 0085): what was taken, which motorbike or
 * car model, how much money. Two thefts in one ward on one night told in generic words ("bị trộm", "kẻ gian bẻ
 * khóa") share the ward, the hour and the kind; what a reader uses to keep them apart is that one lost an Exciter
 * and the other a Sirius, one a gold necklace and the other a phone, one 180 million and the other 12. Pure: read
 * from the text alone; the vocabulary is data (domain/incident-words.ts).
 */
import { CHAT_WORDS, LOOT_WORDS, SCAM_PRETEXTS, VEHICLE_MODELS } from "./incident-words";
import { foldVietnamese, normalizeText } from "./text";

export interface IncidentDetails {
  /** Kinds of thing taken (LOOT_WORDS keys: "phone", "jewellery", "motorbike", …), sorted. */
  loot: readonly string[];
  /**
   * A motorbike is named, but not as taken nor as ridden: in a theft report that names nothing else taken, it is
   * what was taken ("xe máy của tôi gửi ở bãi … bị mất"); see lootOf.
   */
  motorbike: boolean;
  /** Motorbike and car models the text names ("exciter", "air blade"), sorted. */
  vehicles: readonly string[];
  /** Sums of money in đồng, sorted. */
  amounts: readonly number[];
  /** What a scammer pretended to be, or the story told (SCAM_PRETEXTS keys: "police", "bank", …), sorted (ADR 0093). */
  pretexts: readonly string[];
}

const NONE: IncidentDetails = Object.freeze({ loot: [], motorbike: false, vehicles: [], amounts: [], pretexts: [] });

/** Folded words, teen-code expanded ("dt" → "dien thoai", "xm" → "xe may"), as one space-separated string. */
function foldedWords(folded: string): string {
  return folded
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => CHAT_WORDS[word] ?? word)
    .join(" ");
}

const phrasePattern = (phrases: readonly string[], flags = "g") =>
  new RegExp(`(?<![a-z0-9])(?:${[...phrases].sort((a, b) => b.length - a.length).join("|")})(?![a-z0-9])`, flags);

const LOOT_PATTERNS = Object.entries(LOOT_WORDS).map(([kind, phrases]) => [kind, phrasePattern(phrases, "")] as const);
const PRETEXT_PATTERNS = Object.entries(SCAM_PRETEXTS).map(([kind, phrases]) => [kind, phrasePattern(phrases, "")] as const);
const VEHICLE_PATTERN = phrasePattern(Object.keys(VEHICLE_MODELS));
const VEHICLE_WORDS = `xe dap dien|xe dap|xe dien|xe may|xe tay ga|xe so|${Object.keys(VEHICLE_MODELS).sort((a, b) => b.length - a.length).join("|")}`;
/**
 * A vehicle ridden, not taken: "hai thanh niên đi xe Exciter", "chạy Wave", "em đang đi xe đạp về". How the thieves
 * came, or how the victim went, says nothing of what was taken.
 */
const RIDDEN = new RegExp(`(?<![a-z0-9])(?:di|chay|phong|cuoi|dap|lai|ngoi)(?: (?:chiec|xe|1|mot|hai|2))* (?:${VEHICLE_WORDS})(?![a-z0-9])`, "g");
/**
 * A motorbike taken, in so many words: "dắt mất chiếc xe", "trộm ba xe máy", "mất xe". Between the verb and "xe"
 * only counting words, so "mất chìa khóa xe" and "mất vé xe" are not a motorbike.
 */
const MOTORBIKE_TAKEN = /(?<![a-z0-9])(?:mat|trom|dat|lay|cuom|be khoa|pha khoa)(?: (?:mat|chiec|cai|mot|hai|ba|bon|nam|luon|cua|[0-9]))* xe(?! dap| dien| tai| ben| khach| buyt| cuu)(?![a-z0-9])/;
/** A motorbike named some other way ("xe máy của tôi", "chiếc Vision"): taken, when nothing else is (lootOf). */
const MOTORBIKE_MENTIONED = new RegExp(`(?<![a-z0-9])(?:xe may|xe tay ga|xe so|${Object.keys(VEHICLE_MODELS).join("|")})(?![a-z0-9])`);

/** "180 triệu", "3tr", "500 nghìn", "2 tỷ", "300 đô", "1.500.000 đồng": the number and its unit. */
const AMOUNT = /(?<![a-z0-9.,])(\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)\s?(ty|ti|trieu|nghin|ngan|usd|do|dong|vnd|d)(?![a-z0-9])/g;
const UNIT_VALUE: Readonly<Record<string, number>> = { ty: 1e9, ti: 1e9, trieu: 1e6, nghin: 1e3, ngan: 1e3, usd: 25_000, do: 25_000, dong: 1, vnd: 1, d: 1 };

export function incidentDetails(text: string): IncidentDetails {
  const folded = foldVietnamese(normalizeText(text)).replace(/(\d)\s?tr(?![a-z])/g, "$1 trieu").replace(/(\d)\s?k(?![a-z])/g, "$1 nghin");
  const words = foldedWords(folded);
  const vehicles = new Set<string>();
  for (const match of words.matchAll(VEHICLE_PATTERN)) vehicles.add(VEHICLE_MODELS[match[0]]!);
  const notRidden = words.replace(RIDDEN, " ");
  const loot = new Set<string>();
  for (const [kind, pattern] of LOOT_PATTERNS) if (pattern.test(notRidden)) loot.add(kind);
  if (MOTORBIKE_TAKEN.test(notRidden)) loot.add("motorbike");
  const motorbike = MOTORBIKE_MENTIONED.test(notRidden);
  const amounts = new Set<number>();
  for (const match of folded.matchAll(AMOUNT)) {
    const [, digits, unit] = match;
    // "1.500.000" is thousands; "2,5" or "2.5" before a unit is a decimal.
    const value = /^\d{1,3}(?:\.\d{3})+$/.test(digits!) && UNIT_VALUE[unit!]! === 1 ? Number(digits!.replace(/\./g, "")) : Number(digits!.replace(",", "."));
    if (value > 0) amounts.add(Math.round(value * UNIT_VALUE[unit!]!));
  }
  const pretexts = PRETEXT_PATTERNS.filter(([, pattern]) => pattern.test(words)).map(([kind]) => kind).sort();
  if (loot.size === 0 && !motorbike && vehicles.size === 0 && amounts.size === 0 && pretexts.length === 0) return NONE;
  return { loot: [...loot].sort(), motorbike, vehicles: [...vehicles].sort(), amounts: [...amounts].sort((a, b) => a - b), pretexts };
}

const IN_A_BAG = ["phone", "wallet", "computer", "cash", "jewellery"];

/**
 * What a report says was taken, with what a bag holds (a bag snatched "with the phone in it" and "the phone"
 * snatched are one loss); a theft report naming only a motorbike lost that motorbike.
 */
function lootOf(category: string, details: IncidentDetails): { said: readonly string[]; held: readonly string[] } {
  const said = details.loot.length === 0 && details.motorbike && category === "theft" ? ["motorbike"] : details.loot;
  return { said, held: said.includes("bag") ? [...new Set([...said, ...IN_A_BAG])] : said };
}

/** Categories whose reports are about something taken: what was taken and which vehicle tell two apart. */
const TAKING = new Set(["theft", "robbery"]);
/** Categories whose reports are about money lost: the sums tell two apart. */
const MONEY_LOST = new Set(["theft", "robbery", "fraud", "cybercrime"]);
/** Categories whose reports tell a scam's story: the pretext tells two apart (ADR 0093). */
const SCAM_STORIES = new Set(["fraud", "cybercrime"]);
/** Switches of ADR 0093's rules, for measuring (scripts/eval-triage-sweep.ts style); nothing else writes them. */
export const SCORE_DETAILS = { pretextConflict: true };
/** Two sums this close are one loss told twice ("khoảng 3 triệu", "gần 4 triệu"). */
const SAME_AMOUNT_RATIO = 1.5;

export interface DetailConflict {
  /** Different things taken: each report's kinds ("phone", "jewellery"). */
  loot?: [readonly string[], readonly string[]];
  /** Different vehicle models. */
  vehicles?: [readonly string[], readonly string[]];
  /** Different sums (đồng). */
  amounts?: [readonly number[], readonly number[]];
  /** Different scam stories (SCAM_PRETEXTS keys): a fake electricity bill and a fake teacher are two scams (ADR 0093). */
  pretexts?: [readonly string[], readonly string[]];
}

/**
 * Where two reports of one kind contradict each other: both say what was taken and nothing in common; both name a
 * vehicle model and none in common; both give a sum of money lost and none near another. Only for kinds where the
 * detail is what the incident is about (a racing crowd's motorbikes are many; a usury report's sums are a loan and
 * its interest). Null when nothing contradicts.
 */
export function detailConflict(
  a: { category: string; details: IncidentDetails },
  b: { category: string; details: IncidentDetails },
): DetailConflict | null {
  const conflict: DetailConflict = {};
  const x = a.details;
  const y = b.details;
  if (TAKING.has(a.category) && TAKING.has(b.category)) {
    const [lootX, lootY] = [lootOf(a.category, x), lootOf(b.category, y)];
    if (disjoint(lootX.held, lootY.held)) conflict.loot = [lootX.said, lootY.said];
    if (disjoint(x.vehicles, y.vehicles)) conflict.vehicles = [x.vehicles, y.vehicles];
  }
  if (MONEY_LOST.has(a.category) && MONEY_LOST.has(b.category) && x.amounts.length > 0 && y.amounts.length > 0) {
    const near = x.amounts.some((p) => y.amounts.some((q) => Math.max(p, q) <= SAME_AMOUNT_RATIO * Math.min(p, q)));
    if (!near) conflict.amounts = [x.amounts, y.amounts];
  }
  if (SCAM_STORIES.has(a.category) && SCAM_STORIES.has(b.category) && SCORE_DETAILS.pretextConflict && disjoint(x.pretexts, y.pretexts)) {
    conflict.pretexts = [x.pretexts, y.pretexts];
  }
  return conflict.loot || conflict.vehicles || conflict.amounts || conflict.pretexts ? conflict : null;
}

function disjoint(x: readonly string[], y: readonly string[]): boolean {
  return x.length > 0 && y.length > 0 && !x.some((value) => y.includes(value));
}
