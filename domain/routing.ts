/**
 * Which unit's queue a tip lands in. Location first: a ward's own police station
 * (unit code = ward code). Then category rules per province: a 'route' rule hands
 * the tip to a special unit (cybercrime → "48-CYBER"), a 'copy' rule lets another
 * unit see it for information. Without a ward the province triage queue takes it.
 */

export interface RoutingRule {
  provinceCode: string;
  category: string;
  unitCode: string;
  mode: "route" | "copy";
  active: boolean;
}

export interface RoutingInput {
  wardCode: string | null;
  provinceCode: string | null;
  category: string;
}

export interface RoutingDecision {
  /** The unit that owns the tip; null when nothing is known and an administrator must route it. */
  unitCode: string | null;
  /** Units that receive a copy for information, never the owner. */
  copies: string[];
  /** Plain English for the audit trail. */
  reason: string;
}

export function routeTip(tip: RoutingInput, rules: readonly RoutingRule[]): RoutingDecision {
  const applicable = rules.filter(
    (rule) => rule.active && rule.provinceCode === tip.provinceCode && rule.category === tip.category,
  );
  // Rules come in the administrator's order; the first route rule wins.
  const routeRule = applicable.find((rule) => rule.mode === "route");
  const owner = routeRule
    ? {
        unitCode: routeRule.unitCode,
        reason: `${tip.category} tips in province ${tip.provinceCode} go to unit ${routeRule.unitCode}`,
      }
    : locationOwner(tip);

  const copyUnits = applicable.filter((rule) => rule.mode === "copy").map((rule) => rule.unitCode);
  const copies = [...new Set(copyUnits)].filter((unitCode) => unitCode !== owner.unitCode);
  const copyReason = copies.length ? `; copied for information to ${copies.join(", ")}` : "";
  return { unitCode: owner.unitCode, copies, reason: owner.reason + copyReason };
}

function locationOwner(tip: RoutingInput): { unitCode: string | null; reason: string } {
  if (tip.wardCode) return { unitCode: tip.wardCode, reason: `the police of ward ${tip.wardCode}, where it happened` };
  if (tip.provinceCode) {
    const reason = `no ward could be determined; province ${tip.provinceCode} triage queue`;
    return { unitCode: tip.provinceCode, reason };
  }
  return { unitCode: null, reason: "neither ward nor province could be determined; needs manual routing" };
}
