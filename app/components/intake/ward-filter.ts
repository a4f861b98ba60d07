/**
 * Finding a commune or ward by what a resident types, with or without Vietnamese
 * marks ("hoa khanh" finds "Phường Hòa Khánh"), and by the names wards had before
 * the July 2025 merger ("hai chau 1" finds "Phường Hải Châu", formerly "Phường Hải
 * Châu I"). Pure: the server filters with it when JavaScript is off, the browser as
 * the resident types.
 */
import { foldVietnamese } from "../../../domain/text";

export interface WardChoice {
  code: string;
  name: string;
  /** Names of the pre-2025 wards merged into this one (official old→new mapping), other than its own. */
  formerNames?: string[];
}

export interface WardMatch<T extends WardChoice = WardChoice> {
  ward: T;
  /** The former name that matched, when the current one did not: shown beside the ward. */
  former: string | null;
}

const UNIT_PREFIX = /^(xa|phuong|dac khu|thi tran|thi xa)\s+/;
/** Numbered old wards are written both ways ("Hải Châu I", "Hải Châu 1"). */
const ROMAN: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4", v: "5", vi: "6", vii: "7", viii: "8", ix: "9", x: "10" };

function searchKey(text: string): string {
  const folded = foldVietnamese(text).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim().replace(UNIT_PREFIX, "");
  return folded.split(" ").map((word) => ROMAN[word] ?? word).join(" ");
}

interface Keys {
  name: string;
  former: Array<{ name: string; key: string }>;
}

// Folding every name on each keystroke would cost more than the filtering itself.
const keyCache = new WeakMap<WardChoice, Keys>();

function keysOf(ward: WardChoice): Keys {
  let keys = keyCache.get(ward);
  if (!keys) {
    keys = { name: searchKey(ward.name), former: (ward.formerNames ?? []).map((name) => ({ name, key: searchKey(name) })) };
    keyCache.set(ward, keys);
  }
  return keys;
}

/**
 * The wards that fit the query, best first: current names that start with it, then
 * those that contain its words, then the same two for former names. Each ward once.
 */
export function filterWards<T extends WardChoice>(wards: readonly T[], query: string): Array<WardMatch<T>> {
  const wanted = searchKey(query);
  if (!wanted) return wards.map((ward) => ({ ward, former: null }));
  const words = wanted.split(" ");
  const fits = (key: string) => ({ starts: key.startsWith(wanted), contains: words.every((w) => key.includes(w)) });
  const tiers: Array<Array<WardMatch<T>>> = [[], [], [], []];
  for (const ward of wards) {
    const keys = keysOf(ward);
    const current = fits(keys.name);
    if (current.starts || current.contains) {
      tiers[current.starts ? 0 : 1]!.push({ ward, former: null });
      continue;
    }
    const starting = keys.former.find((f) => f.key.startsWith(wanted));
    const containing = starting ?? keys.former.find((f) => fits(f.key).contains);
    if (containing) tiers[starting ? 2 : 3]!.push({ ward, former: containing.name });
  }
  return tiers.flat();
}
