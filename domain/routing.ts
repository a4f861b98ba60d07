/**
 * Which unit's queue a tip lands in. Location first: a ward's own police station
 * (unit code = ward code). Then category rules per province: a 'route' rule hands
 * the tip to a special unit (cybercrime → "48-CYBER"), a 'copy' rule lets another
 * unit see it for information. Without a ward the province triage queue takes it.
 */
import { reason, type Reason } from "./reasons";

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
  /** Plain English (logs, evaluation), copies included. */
  reason: string;
  /** Why the owner owns it, as data for the audit trail in the reader's language (the copies are in `copies`). */
  because: Reason<"routing">;
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
        because: reason("routing-rule", { category: tip.category, province: routeRule.provinceCode, unit: routeRule.unitCode }),
      }
    : locationOwner(tip);

  const copyUnits = applicable.filter((rule) => rule.mode === "copy").map((rule) => rule.unitCode);
  const copies = [...new Set(copyUnits)].filter((unitCode) => unitCode !== owner.unitCode);
  const copyReason = copies.length ? `; copied for information to ${copies.join(", ")}` : "";
  return { unitCode: owner.unitCode, copies, reason: owner.reason + copyReason, because: owner.because };
}

function locationOwner(tip: RoutingInput): Pick<RoutingDecision, "unitCode" | "reason" | "because"> {
  if (tip.wardCode) {
    return { unitCode: tip.wardCode, reason: `the police of ward ${tip.wardCode}, where it happened`, because: reason("ward-police", { ward: tip.wardCode }) };
  }
  if (tip.provinceCode) {
    return {
      unitCode: tip.provinceCode,
      reason: `no ward could be determined; province ${tip.provinceCode} triage queue`,
      because: reason("province-triage", { province: tip.provinceCode }),
    };
  }
  return { unitCode: null, reason: "neither ward nor province could be determined; needs manual routing", because: reason("unplaceable") };
}
