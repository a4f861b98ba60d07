/**
 * Who may hold the national scope (docs/decisions/0078-national-scope-and-operations.md):
 * a supervisor only, and then with neither a province nor units — the national scope
 * already holds them all, and a mix would leave it unclear what a page shows.
 * The same rule for the admin form and `cli user create --national`.
 */
export type NationalScopeProblem = "nationalSupervisorOnly" | "nationalAlone";

export function nationalScopeProblem(input: { role: string; national: boolean; provinceCode: string | null; units: readonly string[] }): NationalScopeProblem | null {
  if (!input.national) return null;
  if (input.role !== "supervisor") return "nationalSupervisorOnly";
  if (input.provinceCode || input.units.length) return "nationalAlone";
  return null;
}
