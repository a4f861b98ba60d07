/**
 * Why the pipeline decided what it did, as data: a code and its parameters (ward
 * and unit codes, counts, the words of the address), stored in the audit trail next
 * to the plain-English `reason` the decisions have always carried. The staff pages
 * turn a reason into a sentence in the reader's language
 * (app/components/staff/audit-sentences.ts) and look the codes up as names; every
 * code below has a sentence in Vietnamese and English (tests/unit/app/audit-sentences.test.ts).
 */

export const REASON_CODES = {
  /** Where it happened (domain/location.ts, domain/address.ts). */
  location: [
    "ward-chosen", "unknown-ward-code", "point-in-ward", "point-outside", "current-ward", "old-ward", "old-district-whole",
    "old-district-spans", "wards-disagree", "no-ward-named", "old-ward-split", "ambiguous", "province-only", "no-place-name",
    "address-unreadable", "place", "place-wards", "home-province-ward",
  ],
  /** Which unit's queue (domain/routing.ts). */
  routing: [
    "routing-rule", "ward-police", "province-triage", "form-province", "home-province", "province-not-served",
    // Migration 20261207T0110: tips routed to no unit before, given their province's duty desk.
    "lost-named-province", "lost-only-province", "lost-lowest-province",
    // Written before every tip had an owner (docs/decisions/0055); kept so old trails read.
    "unplaceable",
  ],
  /** Why a tip starts a duplicate group of its own (workers/intake.ts). */
  cluster: ["place-unknown", "no-duplicate"],
  /** What two tips have in common, or why they cannot be one incident (domain/dedupe.ts). */
  similarity: [
    "same-ward", "metres-apart", "neighbouring-wards", "hours-apart", "days-apart", "unknown-time", "same-category",
    "related-categories", "text-similarity", "outside-window", "categories-differ", "places-differ",
    "shared-identifier", "shared-words", "general-category", "same-place", "too-far-apart-in-time", "different-places",
    "same-named-place", "only-chance-overlap", "different-identifiers", "kind-described",
    // ADR 0085: the details that tell two incidents of one kind apart.
    "different-loot", "different-vehicles", "different-amounts",
    // ADR 0088: a ward-only report credited for closeness in time within the ward.
    "ward-time-credit",
    // ADR 0092: the same for a map point against a typed address, whose places cannot be compared.
    "point-address-time-credit",
    // ADR 0093: the same sum of money lost, rarer than chance; two scam stories that share nothing.
    "same-sum", "different-stories",
  ],
  /** Why a tip joined a group, or did not although one member matched (workers/intake.ts). */
  membership: ["matches-group", "weak-against-group"],
} as const;

export type ReasonKind = keyof typeof REASON_CODES;
export type ReasonCode<K extends ReasonKind = ReasonKind> = (typeof REASON_CODES)[K][number];

/**
 * Parameters are plain JSON. Keys that hold unit codes (ward, province or special
 * unit) are the ones in UNIT_PARAMS, so a reader can look all of them up at once.
 */
export type ReasonParams = Record<string, string | number | string[]>;

export interface Reason<K extends ReasonKind = ReasonKind> {
  code: ReasonCode<K>;
  params?: ReasonParams;
}

export const UNIT_PARAMS = ["ward", "wards", "unit", "province", "named"] as const;

export function reason<C extends ReasonCode>(code: C, params?: ReasonParams): { code: C; params?: ReasonParams } {
  return params ? { code, params } : { code };
}
