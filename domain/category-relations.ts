/**
 * Which categories one incident may be reported under: the table of related
 * pairs and the general categories, as data, and the relation the duplicate
 * scorer weighs (domain/dedupe.ts). Their precision cost is measured, not
 * assumed: `eval:triage` prints precision and recall per category pair and per
 * relation (docs/decisions/0034, 0062).
 */

/**
 * Categories residents pick for the same incident. A tip's category is the
 * reporter's guess, so one incident arrives under neighbouring categories:
 *   fraud ↔ cybercrime     online scams are reported as either
 *   violence ↔ weapons     fights with machetes; armed gangs cruising
 *   robbery ↔ theft        snatch-and-run is "cướp giật" to some, theft to others
 *   gambling ↔ usury       loan sharks work the gambling dens
 *   drugs ↔ prostitution   karaoke bars and "spa"s selling both
 *   trafficking ↔ prostitution, trafficking ↔ fraud   "easy job, high pay" lures
 *   smuggling ↔ environment    timber and wildlife being trafficked out
 *   security ↔ violence, weapons, racing   public-order trouble of one kind or another
 *   robbery ↔ weapons      a robbery at knifepoint is "weapons" to a witness
 *   usury ↔ violence, cybercrime   debt collectors beating vendors; loan apps
 * "other" fits everything: the reporter did not know. "security" fits everything too, and so does "corruption"
 * (ADR 0085): a man in a police-like shirt collecting "fines" door to door is fraud to his victim and a stranger
 * troubling the street to a neighbour; a checkpoint taking money from trucks is corruption to a driver and a
 * disorder to a passer-by; an official who looks away from a gambling den or sand trucks is reported beside the den
 * and the trucks. Their precision cost is measured in ADR 0085.
 * General categories (GENERAL_CATEGORIES: security, violence) fit every specific
 * category of trouble on the street — a witness of a drug den, a racing crowd, a
 * theft at a school gate or a massage parlour may call it "an khi an ninh trat tu"
 * — but not fraud, cybercrime, corruption, smuggling or the environment, which no
 * one reports as a public-order problem. A general ↔ specific pair counts less than
 * a related pair (GENERAL_CATEGORY_SCORE), so the text and the time must carry it.
 * Not compatible: e.g. racing ↔ drugs — a racing crowd and a drug den in one ward
 * are two problems, and merging them would hide one.
 */
export const COMPATIBLE_CATEGORIES: readonly (readonly [string, string])[] = [
  ["fraud", "cybercrime"],
  ["violence", "weapons"],
  ["robbery", "theft"],
  ["gambling", "usury"],
  ["drugs", "prostitution"],
  ["trafficking", "prostitution"],
  ["trafficking", "fraud"],
  ["smuggling", "environment"],
  ["security", "violence"],
  ["security", "weapons"],
  ["security", "racing"],
  ["robbery", "weapons"],
  ["usury", "violence"],
  ["usury", "cybercrime"],
  // debt collectors come with knives and iron bars (ADR 0075: cost measured on the tuning sets and the bench)
  ["usury", "weapons"],
];

/** Categories that fit every other (general ↔ specific): "other", "security" and "corruption" (see above). */
const UNIVERSAL_CATEGORIES: readonly string[] = ["other", "security", "corruption"];

/** Categories residents pick when they do not name the crime; "other" is the vaguest of them. */
export const GENERAL_CATEGORIES: readonly string[] = ["security", "violence"];
/** Specific categories a general one may stand for (street trouble, not paperwork or nature). */
const STREET_CATEGORIES: readonly string[] = [
  "drugs", "racing", "trafficking", "theft", "usury", "robbery", "weapons", "gambling", "prostitution", "violence", "security",
  // sand dredged at night, rubbish burnt in an alley: residents call it a disturbance (ADR 0075)
  "environment",
];

/** How two categories relate: "same", "related" (the table), "general" (general ↔ specific, or "other"), or null. */
export function categoryRelation(a: string, b: string): "same" | "related" | "general" | null {
  if (a === b) return "same";
  if (COMPATIBLE_CATEGORIES.some(([x, y]) => (a === x && b === y) || (a === y && b === x))) return "related";
  if (UNIVERSAL_CATEGORIES.includes(a) || UNIVERSAL_CATEGORIES.includes(b)) return "general";
  if (GENERAL_CATEGORIES.includes(a) && STREET_CATEGORIES.includes(b)) return "general";
  if (GENERAL_CATEGORIES.includes(b) && STREET_CATEGORIES.includes(a)) return "general";
  return null;
}

export function categoriesCompatible(a: string, b: string): boolean {
  return categoryRelation(a, b) !== null;
}

/**
 * The categories a tip of `category` may be a duplicate of, for filtering
 * candidates in the database; null means every category ("other" fits all).
 */
export function compatibleCategories(category: string): string[] | null {
  if (UNIVERSAL_CATEGORIES.includes(category)) return null;
  const related = COMPATIBLE_CATEGORIES.flatMap(([x, y]) => (x === category ? [y] : y === category ? [x] : []));
  const general = GENERAL_CATEGORIES.includes(category)
    ? STREET_CATEGORIES
    : STREET_CATEGORIES.includes(category) ? GENERAL_CATEGORIES : [];
  return [...new Set([category, ...UNIVERSAL_CATEGORIES, ...related, ...general])];
}
