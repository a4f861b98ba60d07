/**
 * The pipeline records why it clustered two tips as short English phrases
 * (domain/dedupe.ts: "same ward 20275", "3 h apart", "text similarity 0.62"…).
 * This turns the known ones into the officer's language; anything else is
 * shown as recorded.
 */
import type { TFunction } from "i18next";

export function describeReason(
  reason: string,
  t: TFunction,
  names: { unit: (code: string) => string; category: (code: string) => string },
): string {
  let m: RegExpMatchArray | null;
  if ((m = reason.match(/^same ward (\S+)$/))) return t("cluster.reason.sameWard", { ward: names.unit(m[1]) });
  if ((m = reason.match(/^neighbouring wards (\S+)\/(\S+)$/))) return t("cluster.reason.neighbours", { a: names.unit(m[1]), b: names.unit(m[2]) });
  if ((m = reason.match(/^(\d+) m apart$/))) return t("cluster.reason.metres", { metres: m[1] });
  if ((m = reason.match(/^(\d+) h apart$/))) return t("cluster.reason.hours", { count: Number(m[1]) });
  if ((m = reason.match(/^(\d+) days apart$/))) return t("cluster.reason.days", { count: Number(m[1]) });
  if (reason === "unknown time apart") return t("cluster.reason.unknownTime");
  if ((m = reason.match(/^same category (\S+)$/))) return t("cluster.reason.sameCategory", { category: names.category(m[1]) });
  if ((m = reason.match(/^related categories (\S+)\/(\S+)$/))) {
    return t("cluster.reason.relatedCategories", { a: names.category(m[1]), b: names.category(m[2]) });
  }
  if ((m = reason.match(/^text similarity ([\d.]+)$/))) return t("cluster.reason.text", { percent: Math.round(Number(m[1]) * 100) });
  return reason;
}
