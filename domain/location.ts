/**
 * Where a tip happened, from whichever form the reporter used: a ward picked from
 * the list, a map point, or a free-text address (current or pre-2025 names).
 */
import type { AddressResolver } from "./address";
import type { LatLng, WardLocator } from "./geo";
import { reason, type Reason } from "./reasons";

export type TipLocationInput = { wardCode: string } | { lat: number; lng: number } | { address: string };

export type LocationMethod = "ward-code" | "point" | "address" | "old-address" | "none";

export interface LocationResolution {
  wardCode: string | null;
  method: LocationMethod;
  confidence: number;
  candidates: string[];
  /** Plain English (logs, evaluation); `because` is the same as data, for the audit trail in any language. */
  reason: string;
  because: Reason<"location">;
  /** The map point when the reporter gave one (dedupe compares distances). */
  point: LatLng | null;
  /**
   * The province the text or the form names (a pre-2025 province mapped to its merged
   * successor: Quảng Nam → 48), or the chosen ward's; null when nothing names one.
   * A unit outside it is never chosen (issue 12, item 3).
   */
  provinceCode: string | null;
  /**
   * The wards that fit, best first, with a 0..1 score and the words of the text that carried each
   * (and the gazetteer entry, when a place matched). `candidates` keeps the bare codes (stored on
   * the tip); this is the same list with its reasons, for the duty desk. (Named apart from
   * `candidates` and `because`, which already exist with other types.)
   */
  scoredCandidates: ScoredWardCandidate[];
  /** The gazetteer entry (places.id) that resolved it, null when a ward name or code did. */
  placeId: number | null;
  /** The words of the text that carried the match ("chợ Cồn", "Đà Nẵng"); [] when none. */
  matchedWords: string[];
}

export interface ScoredWardCandidate {
  wardCode: string;
  score: number;
  words: string[];
  placeId?: number;
}

export interface LocationServices {
  resolver: AddressResolver;
  locator: WardLocator;
  isWardCode(code: string): boolean;
  /** The deployment's province: addresses resolve only to its wards. */
  provinceCode?: string | undefined;
  /** The provinces the deployment serves: preferred when a name fits wards elsewhere too (domain/address.ts). */
  homeProvinces?: readonly string[] | undefined;
  /** Ward code → its province code (fills `provinceCode` for a chosen ward or a point). */
  provinceOfWard?: ((wardCode: string) => string | undefined) | undefined;
}

export function resolveTipLocation(location: TipLocationInput, services: LocationServices): LocationResolution {
  if ("wardCode" in location) return fromWardCode(location.wardCode, services);
  if ("lat" in location) return fromPoint({ lat: location.lat, lng: location.lng }, services);
  const resolution = services.resolver.resolve(location.address, { provinceCode: services.provinceCode, homeProvinces: services.homeProvinces });
  return {
    ...resolution,
    point: null,
    provinceCode: resolution.provinceCode ?? null,
    scoredCandidates: resolution.scoredCandidates ?? resolution.candidates.map((wardCode) => ({ wardCode, score: resolution.confidence, words: [] })),
    placeId: resolution.placeId ?? null,
    matchedWords: resolution.matchedWords ?? [],
  };
}

function fromWardCode(wardCode: string, services: LocationServices): LocationResolution {
  if (!services.isWardCode(wardCode)) return unknown(`unknown ward code '${wardCode}'`, reason("unknown-ward-code", { code: wardCode }), null);
  return {
    wardCode,
    method: "ward-code",
    confidence: 1,
    candidates: [wardCode],
    reason: `ward ${wardCode} chosen by the reporter`,
    because: reason("ward-chosen", { ward: wardCode }),
    point: null,
    provinceCode: services.provinceOfWard?.(wardCode) ?? null,
    scoredCandidates: [{ wardCode, score: 1, words: [] }],
    placeId: null,
    matchedWords: [],
  };
}

function fromPoint(point: LatLng, services: LocationServices): LocationResolution {
  const wardCode = services.locator.locate(point.lat, point.lng);
  if (!wardCode) return unknown("map point lies outside every known ward", reason("point-outside"), point);
  return {
    wardCode,
    method: "point",
    confidence: 1,
    candidates: [wardCode],
    reason: `map point lies in ward ${wardCode}`,
    because: reason("point-in-ward", { ward: wardCode }),
    point,
    provinceCode: services.provinceOfWard?.(wardCode) ?? null,
    scoredCandidates: [{ wardCode, score: 1, words: [] }],
    placeId: null,
    matchedWords: [],
  };
}

function unknown(english: string, because: Reason<"location">, point: LatLng | null): LocationResolution {
  return {
    wardCode: null, method: "none", confidence: 0, candidates: [], reason: english, because, point,
    provinceCode: null, scoredCandidates: [], placeId: null, matchedWords: [],
  };
}
