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
}

export interface LocationServices {
  resolver: AddressResolver;
  locator: WardLocator;
  isWardCode(code: string): boolean;
  /** The deployment's province: addresses resolve only to its wards. */
  provinceCode?: string | undefined;
}

export function resolveTipLocation(location: TipLocationInput, services: LocationServices): LocationResolution {
  if ("wardCode" in location) return fromWardCode(location.wardCode, services);
  if ("lat" in location) return fromPoint({ lat: location.lat, lng: location.lng }, services);
  const resolution = services.resolver.resolve(location.address, { provinceCode: services.provinceCode });
  return { ...resolution, point: null };
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
  };
}

function unknown(english: string, because: Reason<"location">, point: LatLng | null): LocationResolution {
  return { wardCode: null, method: "none", confidence: 0, candidates: [], reason: english, because, point };
}
