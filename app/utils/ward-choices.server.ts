/** The tip form's commune/ward picker: one province's wards, each with the names it had before July 2025. */
import type { Kysely } from "kysely";
import { listFormerWardNames, listWards } from "../../db/queries/intake-reference";
import type { Database } from "../../db/schema";
import { foldVietnamese } from "../../domain/text";
import type { WardChoice } from "~/components/intake/ward-filter";

/** `provinceCode` null: every ward of the country (the search without a province, no JavaScript). */
export async function wardChoices(db: Kysely<Database>, provinceCode: string | null): Promise<WardChoice[]> {
  const [wards, formerNames] = await Promise.all([listWards(db, provinceCode), listFormerWardNames(db, provinceCode)]);
  const formerByWard = new Map<string, string[]>();
  for (const { wardCode, name } of formerNames) {
    const list = formerByWard.get(wardCode) ?? [];
    formerByWard.set(wardCode, [...list, name]);
  }
  return wards.map(({ code, name }) => {
    // An old ward of the same name as its successor adds nothing to show.
    const former = (formerByWard.get(code) ?? []).filter((old) => foldVietnamese(old) !== foldVietnamese(name));
    return former.length ? { code, name, formerNames: former } : { code, name };
  });
}
