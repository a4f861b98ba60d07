/**
 * What the pipeline keeps in memory: the address resolver, the ward locator
 * (spatial index over the boundaries), ward adjacency and the routing rules.
 * Built once per worker from the database and rebuilt when units, boundaries or
 * the gazetteer of places change; rules are re-read every 30 seconds so administrators' edits apply.
 */
import type { Kysely } from "kysely";
import { listCategoryCodes } from "../db/queries/categories";
import { listActiveRoutingRules } from "../db/queries/routing-rules";
import { countWardsAndBoundaries, loadGazetteer, loadWardBoundaries } from "../db/queries/pipeline";
import { loadActivePlaces, placesVersion } from "../db/queries/places";
import { loadProvinceNames } from "../db/seed/places";
import type { Database } from "../db/schema";
import { createAddressResolver, type AddressResolver } from "../domain/address";
import { areaNamesOf, type AreaNames } from "../domain/dedupe";
import { createWardLocator, wardAdjacency, type WardLocator } from "../domain/geo";
import type { RoutingRule } from "../domain/routing";

export interface TriageContext {
  resolver: AddressResolver;
  locator: WardLocator;
  adjacency: Map<string, Set<string>>;
  /** Ward code → its province code. */
  wardProvince: Map<string, string>;
  /** Every category code ("other" may be a duplicate of any of them). */
  categories: string[];
  /** Words of the wards' names, current and pre-2025: a shared ward name is no evidence of one incident (DedupeContext.areaWords). */
  areas: AreaNames;
  rules: RoutingRule[];
}

const RULES_TTL_MS = 30_000;
/** How often the units, boundaries and places are checked for a change (PLACES_CHECK_MS). */
export const PLACES_CHECK_MS = 60_000;

export function createTriageContextCache(db: Kysely<Database>, now: () => number = Date.now, placesCheckMs = PLACES_CHECK_MS) {
  let places: { version: string; checkedAt: number; value: Omit<TriageContext, "rules"> } | null = null;
  let rules: { loadedAt: number; value: RoutingRule[] } | null = null;

  async function loadPlaces(version: string) {
    const [gazetteer, boundaries, categories, places] = await Promise.all([
      loadGazetteer(db), loadWardBoundaries(db), listCategoryCodes(db), loadActivePlaces(db),
    ]);
    return {
      version,
      checkedAt: now(),
      value: {
        // The gazetteer of places (landmarks, streets) and the province names, old ones and short forms.
        resolver: createAddressResolver({ ...gazetteer, provinceNames: loadProvinceNames(), places }),
        locator: createWardLocator(boundaries),
        adjacency: wardAdjacency(boundaries),
        wardProvince: new Map(gazetteer.wards.map((w) => [w.code, w.provinceCode])),
        categories,
        areas: areaNamesOf(gazetteer),
      },
    };
  }

  return {
    async get(): Promise<TriageContext> {
      if (!places || now() - places.checkedAt > placesCheckMs) {
        // Units and boundaries, and the active places: an accepted suggestion applies within a minute (placesCheckMs).
        const version = `${await countWardsAndBoundaries(db)}|${await placesVersion(db)}`;
        places = places?.version === version ? { ...places, checkedAt: now() } : await loadPlaces(version);
      }
      if (!rules || now() - rules.loadedAt > RULES_TTL_MS) {
        rules = { loadedAt: now(), value: await listActiveRoutingRules(db) };
      }
      return { ...places.value, rules: rules.value };
    },
    /** Forget everything (after an import or a rule change in the same process). */
    invalidate() {
      places = null;
      rules = null;
    },
  };
}

export type TriageContextCache = ReturnType<typeof createTriageContextCache>;
