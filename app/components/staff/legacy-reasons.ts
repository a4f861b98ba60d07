/**
 * Events written before reasons were stored as data (domain/reasons.ts) carry only
 * the pipeline's English phrases: "same ward 20275", "3 h apart", "the police of
 * ward 20242, where it happened"… The audit trail is never rewritten, so these are
 * read back into reasons here and shown like new ones; a phrase not recognised is
 * left out (the rest of the sentence still comes from the event's fields).
 */
import { reason, type Reason } from "../../../domain/reasons";

type Pattern<K extends Reason["code"]> = [RegExp, (m: RegExpMatchArray) => { code: K; params?: Reason["params"] }];

const SIMILARITY: Array<Pattern<Reason<"similarity">["code"]>> = [
  [/^same ward (\S+)$/, (m) => reason("same-ward", { ward: m[1]! })],
  [/^neighbouring wards (\S+)\/(\S+)$/, (m) => reason("neighbouring-wards", { wards: [m[1]!, m[2]!] })],
  [/^(\d+) m apart$/, (m) => reason("metres-apart", { metres: Number(m[1]) })],
  [/^(\d+) h apart$/, (m) => reason("hours-apart", { hours: Number(m[1]) })],
  [/^(\d+) days apart$/, (m) => reason("days-apart", { days: Number(m[1]) })],
  [/^unknown time apart$/, () => reason("unknown-time")],
  [/^same category (\S+)$/, (m) => reason("same-category", { category: m[1]! })],
  [/^related categories (\S+)\/(\S+)$/, (m) => reason("related-categories", { categories: [m[1]!, m[2]!] })],
  [/^text similarity ([\d.]+)$/, (m) => reason("text-similarity", { score: Number(m[1]) })],
];

const ROUTING: Array<Pattern<Reason<"routing">["code"]>> = [
  [/^the police of ward (\S+), where it happened/, (m) => reason("ward-police", { ward: m[1]! })],
  [/^(\S+) tips in province (\S+) go to unit (\S+?)(;|$)/, (m) => reason("routing-rule", { category: m[1]!, province: m[2]!, unit: m[3]! })],
  [/^no ward could be determined; province (\S+) triage queue/, (m) => reason("province-triage", { province: m[1]! })],
  [/^neither ward nor province could be determined/, () => reason("unplaceable")],
];

const CLUSTER: Array<Pattern<Reason<"cluster">["code"]>> = [
  [/^place unknown/, () => reason("place-unknown")],
  [/^no duplicate among (\d+) candidates$/, (m) => reason("no-duplicate", { candidates: Number(m[1]) })],
];

function parse<K extends Reason["code"]>(patterns: Array<Pattern<K>>, text: unknown): { code: K; params?: Reason["params"] } | null {
  if (typeof text !== "string") return null;
  for (const [pattern, build] of patterns) {
    const m = text.match(pattern);
    if (m) return build(m);
  }
  return null;
}

export const legacySimilarity = (text: unknown): Reason<"similarity"> | null => parse(SIMILARITY, text);
export const legacyRouting = (text: unknown): Reason<"routing"> | null => parse(ROUTING, text);
export const legacyCluster = (text: unknown): Reason<"cluster"> | null => parse(CLUSTER, text);
