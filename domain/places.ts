/**
 * Gazetteer matching (issue 12, item 4): finds the landmarks and streets of a
 * province in a free-text address — folded (no diacritics needed), abbreviation-
 * aware ("THPT", "BV", "KCN", "ĐH", "TP"), the longest, most specific phrase
 * winning — and answers with the ward(s) they lie in. A place with one ward gives
 * that ward; a place with several (a street crossing wards, a bridge between two)
 * gives candidates, never a guess.
 *
 * Pure: the index is built once from the active places; match() does no I/O.
 */
import { foldVietnamese } from "./text";

export interface GazetteerPlace {
  id: number;
  provinceCode: string;
  name: string;
  kind: string;
  wardCodes: readonly string[];
  /** Folded or not; folded here. */
  aliases: readonly string[];
}

export interface PlaceMatch {
  place: GazetteerPlace;
  /** The words of the text that matched, as typed. */
  words: string;
  /** Number of (canonical) words matched: longer = more specific. */
  length: number;
  /** Index of the comma-separated part of the address it was found in. */
  part: number;
}

export interface PlaceMatcher {
  /** Every non-overlapping match, longest first; only places of `provinces` when given. */
  match(text: string, provinces?: readonly string[]): PlaceMatch[];
  size: number;
}

/**
 * Abbreviations and their long forms, folded. Both the place names and the text are
 * rewritten to the short form, so "trường THPT", "THPT", "trường trung học phổ
 * thông" all meet; so do "BV" and "bệnh viện", "KCN" and "khu công nghiệp".
 */
// prettier-ignore
const CANONICAL: ReadonlyArray<[long: string, short: string]> = [
  ["truong trung hoc pho thong", "thpt"], ["trung hoc pho thong", "thpt"], ["truong thpt", "thpt"],
  ["truong trung hoc co so", "thcs"], ["trung hoc co so", "thcs"], ["truong thcs", "thcs"],
  ["truong tieu hoc", "th"],
  ["truong dai hoc", "dh"], ["dai hoc", "dh"], ["truong dh", "dh"],
  ["truong cao dang", "cd"], ["cao dang", "cd"],
  ["benh vien da khoa", "bv"], ["benh vien", "bv"], ["bvdk", "bv"],
  ["khu cong nghiep", "kcn"], ["cum cong nghiep", "ccn"],
  ["thanh pho", "tp"], ["tp.", "tp"],
  ["san van dong", "svd"],
  ["bai bien", "bien"], ["bai tam", "bien"],
  ["ben xe khach", "ben xe"],
  ["nha ga", "ga"],
  ["san bay quoc te", "san bay"], ["cang hang khong quoc te", "san bay"], ["cang hang khong", "san bay"],
];

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const PART_SEPARATORS = /[,;:()[\]{}|\n\r]+|\s[-–—]+\s/u;

/** Folded words of one part, abbreviations rewritten; `source` keeps each canonical word's typed words. */
export function canonicalWords(text: string): { words: string[]; source: string[] } {
  const typed = text.normalize("NFC").match(WORD) ?? [];
  const folded = typed.map((w) => foldVietnamese(w));
  const words: string[] = [];
  const source: string[] = [];
  let i = 0;
  outer: while (i < folded.length) {
    for (const [long, short] of CANONICAL) {
      const parts = long.split(" ");
      if (parts.every((p, k) => folded[i + k] === p)) {
        for (const s of short.split(" ")) {
          words.push(s);
          source.push(typed.slice(i, i + parts.length).join(" "));
        }
        i += parts.length;
        continue outer;
      }
    }
    words.push(folded[i]!);
    source.push(typed[i]!);
    i += 1;
  }
  return { words, source };
}

function canonicalKey(phrase: string): string {
  return canonicalWords(phrase).words.join(" ");
}

/** The keys a place answers to: its name, its aliases, and a school's name with "trường" for its abbreviation. */
export function placeKeys(place: Pick<GazetteerPlace, "name" | "aliases">): string[] {
  const keys = new Set<string>();
  for (const phrase of [place.name, ...place.aliases]) {
    const key = canonicalKey(phrase);
    if (key.split(" ").length < 2) continue; // one word is never specific enough
    keys.add(key);
    const school = /^(thpt|thcs|th|dh|cd) (.+)$/.exec(key);
    if (school && school[2]!.split(" ").length >= 2) keys.add(`truong ${school[2]}`);
  }
  return [...keys];
}

export function createPlaceMatcher(places: readonly GazetteerPlace[]): PlaceMatcher {
  // First word → keys starting with it (as word arrays), longest first.
  const byFirst = new Map<string, Array<{ words: string[]; place: GazetteerPlace }>>();
  for (const place of places) {
    if (!place.wardCodes.length) continue;
    for (const key of placeKeys(place)) {
      const words = key.split(" ");
      const list = byFirst.get(words[0]!) ?? [];
      list.push({ words, place });
      byFirst.set(words[0]!, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);

  return {
    size: places.length,
    match(text, provinces) {
      const scope = provinces?.length ? new Set(provinces) : null;
      const found: PlaceMatch[] = [];
      String(text ?? "")
        .split(PART_SEPARATORS)
        .forEach((part, partIndex) => {
          const { words, source } = canonicalWords(part);
          let i = 0;
          while (i < words.length) {
            const hits = (byFirst.get(words[i]!) ?? []).filter(
              (entry) =>
                (!scope || scope.has(entry.place.provinceCode)) &&
                entry.words.every((w, k) => words[i + k] === w),
            );
            const longest = hits[0]?.words.length ?? 0;
            if (!longest) {
              i += 1;
              continue;
            }
            const typed = [...new Set(source.slice(i, i + longest))].join(" ");
            // Same phrase, several places (two towns' streets of one name): all of them.
            const seen = new Set<number>();
            for (const hit of hits.filter((h) => h.words.length === longest)) {
              if (seen.has(hit.place.id)) continue;
              seen.add(hit.place.id);
              found.push({ place: hit.place, words: typed, length: longest, part: partIndex });
            }
            i += longest;
          }
        });
      return found.sort((a, b) => b.length - a.length);
    },
  };
}
