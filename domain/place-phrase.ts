/**
 * The place phrase of a free-text address, as the duty desk offers it to the gazetteer
 * (issue 12, item 5): the text before the first comma, without house numbers, alley numbers
 * and the little words that say where around it ("gần", "trước cổng", "đối diện").
 * "gần chợ Cồn, Hải Châu" → "chợ Cồn"; "kiệt 12 Lê Duẩn, Đà Nẵng" → "Lê Duẩn";
 * "123, Đà Nẵng" → null (nothing left that names a place).
 */
import { foldVietnamese, normalizeText } from "./text";

/** Words (folded) that say where around a place, not which place. */
const AROUND = new Set([
  "gan", "truoc", "sau", "canh", "doi", "dien", "trong", "ngoai", "ngay", "phia", "cong", "o", "tai", "duong", "so",
  "kiet", "hem", "ngo", "ngach", "k", "h", "dau", "cuoi", "giua", "goc", "nga",
]);
/** "quán cà phê gần chợ Hàn": the place is what follows the last of these. */
const NEAR = /^(.*\s)?(gần|trước|cạnh|đối diện|sau|gan|truoc|canh|doi dien)\s+/iu;
const MAX_PHRASE = 120;

/** `ignore`: folded phrases that are no place of their own (the province's names). */
export function placePhrase(address: string | null | undefined, ignore: readonly string[] = []): string | null {
  if (!address) return null;
  const head = (normalizeText(address).split(/[,;\n]/)[0] ?? "").replace(NEAR, "");
  // House and alley numbers: "12", "12/4", "45A", "K12/4", "số 7".
  const words = head.split(/\s+/).filter((w) => w && !/^[\p{L}]{0,2}\d[\d/\-.a-zA-Z]*$/u.test(w));
  while (words.length && AROUND.has(foldVietnamese(words[0]!))) words.shift();
  const phrase = words.join(" ").replace(/^[\s\-–:.]+|[\s\-–:.]+$/g, "");
  if (!/\p{L}{2,}/u.test(phrase) || ignore.includes(foldVietnamese(phrase))) return null;
  return phrase.slice(0, MAX_PHRASE);
}
