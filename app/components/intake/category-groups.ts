/**
 * The tip form lists the categories in a few groups a resident scans at a glance,
 * instead of 17 cards in a row. Groups are a presentation of the contract's codes;
 * a category an administrator adds later lands in the last group until it is placed.
 */
import type { CategoryOption } from "../../../db/queries/intake-reference";

export const CATEGORY_GROUPS = {
  money: ["theft", "robbery", "fraud", "cybercrime", "usury"],
  vice: ["drugs", "gambling", "prostitution"],
  violence: ["violence", "weapons", "racing", "security"],
  trade: ["smuggling", "trafficking"],
  other: ["environment", "corruption", "other"],
} as const satisfies Record<string, readonly string[]>;

export type CategoryGroup = keyof typeof CATEGORY_GROUPS;

const GROUP_OF = new Map<string, CategoryGroup>(
  (Object.entries(CATEGORY_GROUPS) as Array<[CategoryGroup, readonly string[]]>).flatMap(([group, codes]) => codes.map((code) => [code, group] as const)),
);

/** The active categories by group, in the groups' order; within a group, in the administrators' order. */
export function groupCategories(categories: readonly CategoryOption[]): Array<{ group: CategoryGroup; categories: CategoryOption[] }> {
  const groups = Object.keys(CATEGORY_GROUPS) as CategoryGroup[];
  return groups
    .map((group) => ({ group, categories: categories.filter((c) => (GROUP_OF.get(c.code) ?? "other") === group) }))
    .filter((g) => g.categories.length > 0);
}
