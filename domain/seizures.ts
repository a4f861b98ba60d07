/**
 * What a case can record as seized (CONTRACT.md, cases), in the order every page,
 * export and sentence lists them. The oversight rollup has one column per kind
 * (db/queries/summaries.ts); a new kind needs a migration there too.
 */
export const SEIZURE_KINDS = ["guns", "primitive_weapons", "explosives", "drugs_g", "money_vnd", "vehicles", "other"] as const;
export type SeizureKind = (typeof SEIZURE_KINDS)[number];
