/**
 * Unit scope: which units' tips and cases a staff user may see. The one type and
 * the one SQL predicate every staff query uses (docs/decisions/0069-one-unit-scope.md);
 * who gets which scope is decided in app/utils/auth.server.ts (getUnitScope).
 *
 * It lives in db/queries, not domain/, because its heart is a Kysely expression:
 * the scope is enforced in the query, never only in the UI.
 *
 * An empty list means "sees nothing", in every query alike; "all" (administrators)
 * covers every tip, including one no unit owns.
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";

export type UnitScope = { kind: "all" } | { kind: "units"; units: readonly string[] };

export const ALL_UNITS: UnitScope = { kind: "all" };

export function unitsScope(units: Iterable<string>): UnitScope {
  return { kind: "units", units: [...new Set(units)].sort() };
}

export function isEmptyScope(scope: UnitScope): boolean {
  return scope.kind === "units" && scope.units.length === 0;
}

export function scopeIncludes(scope: UnitScope, unit: string | null): boolean {
  if (scope.kind === "all") return true;
  return unit !== null && scope.units.includes(unit);
}

type UnitColumn =
  | "tips.unit_code" | "unit_code" | "cases.unit_code" | "tip_copies.unit_code" | "notifications.unit_code"
  | "hotspot_alerts.ward_code" | "hotspot_alerts.other_ward_code";

/**
 * `column` names a unit of the scope: the owner-only check (changing a tip, a
 * unit's cases, its queue). Plain SQL so that it fits any query whatever its joins.
 */
export function unitInScope(scope: UnitScope, column: UnitColumn): RawBuilder<SqlBool> {
  if (scope.kind === "all") return sql<SqlBool>`1 = 1`;
  if (scope.units.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  return scope.units.length === 1 ? sql<SqlBool>`${ref} = ${scope.units[0]}` : sql<SqlBool>`${ref} in (${sql.join([...scope.units])})`;
}

/**
 * The query's `tips` row is owned by a unit of the scope, or was copied to one
 * for information: what a staff user may read.
 */
export function tipVisibleInScope(scope: UnitScope): RawBuilder<SqlBool> {
  if (scope.kind !== "units" || scope.units.length === 0) return unitInScope(scope, "tips.unit_code");
  return sql<SqlBool>`(${unitInScope(scope, "tips.unit_code")} or exists (select 1 from tip_copies where tip_copies.tip_id = tips.id and ${unitInScope(scope, "tip_copies.unit_code")}))`;
}

/**
 * The scope's units one by one, for what names or follows each unit (a picker, the
 * queue's heading, live channels). An "all" scope lists none: it is an
 * administrator's, and no page that lists units one by one is theirs.
 */
export function listedUnits(scope: UnitScope): readonly string[] {
  return scope.kind === "units" ? scope.units : [];
}
