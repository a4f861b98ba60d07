/**
 * Tips linked by an identifier (issue 13, item 3): which tips name the same phone,
 * account, plate, web address or handle (`tip_entities`, indexed on (kind, value,
 * tip_id) — migration 20261207T0400). Across wards and months; the caller's scope
 * sees the tips it owns or received a copy of, and only a count of the others.
 * Nothing about the tipster is read.
 */
import type { Kysely, Transaction } from "kysely";
import type { Entity, EntityKind } from "../../domain/entities";
import type { Database, TipStatus } from "../schema";
import { isEmptyScope, tipVisibleInScope, type UnitScope } from "./scope";

type Db = Kysely<Database> | Transaction<Database>;

export interface LinkedTip {
  id: number;
  category: string;
  wardCode: string | null;
  wardName: string | null;
  createdAt: string;
  status: TipStatus;
}

export interface TipsWithEntity {
  entity: Entity;
  /** The newest tips in the caller's scope, at most `limit`. */
  visible: LinkedTip[];
  /** How many tips in the caller's scope name it (may exceed `visible.length`). */
  visibleCount: number;
  /** How many tips outside the caller's scope name it: only ever a count. */
  hidden: number;
}

/** The identifiers stored for a tip (never the reporter's own contact: the pipeline leaves it out). */
export async function listTipEntities(db: Db, tipId: number): Promise<Entity[]> {
  const rows = await db.selectFrom("tip_entities").select(["kind", "value"]).where("tip_id", "=", tipId).orderBy("kind").orderBy("value").execute();
  return rows.map((r) => ({ kind: r.kind as EntityKind, value: r.value }));
}

/**
 * The tips naming `entity` (other than `exceptTipId`): the newest `limit` of those in `scope`, how many
 * there are in it, and how many outside it. Two index range reads on (kind, value).
 */
export async function findTipsWithEntity(
  db: Db,
  entity: Entity,
  scope: UnitScope,
  options: { limit: number; exceptTipId?: number },
): Promise<TipsWithEntity> {
  const base = () => {
    let query = db
      .selectFrom("tip_entities")
      .innerJoin("tips", "tips.id", "tip_entities.tip_id")
      .where("tip_entities.kind", "=", entity.kind)
      .where("tip_entities.value", "=", entity.value);
    if (options.exceptTipId !== undefined) query = query.where("tip_entities.tip_id", "<>", options.exceptTipId);
    return query;
  };
  if (isEmptyScope(scope)) {
    const { total } = await base().select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    return { entity, visible: [], visibleCount: 0, hidden: Number(total) };
  }
  const [counts, rows] = await Promise.all([
    base()
      .select((eb) => [
        eb.fn.countAll<number>().as("total"),
        eb.fn.sum<number>(eb.case().when(tipVisibleInScope(scope)).then(1).else(0).end()).as("visible"),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .leftJoin("units as ward", "ward.code", "tips.ward_code")
      .select(["tips.id", "tips.category", "tips.ward_code", "ward.name as ward_name", "tips.created_at", "tips.status"])
      .where(tipVisibleInScope(scope))
      // The index's own order (kind, value, tip_id): the newest are read first and the scan stops at `limit`.
      .orderBy("tip_entities.tip_id", "desc")
      .limit(options.limit)
      .execute(),
  ]);
  const visibleCount = Number(counts.visible ?? 0);
  return {
    entity,
    visible: rows.map((r) => ({ id: r.id, category: r.category, wardCode: r.ward_code, wardName: r.ward_name, createdAt: r.created_at, status: r.status })),
    visibleCount,
    hidden: Number(counts.total) - visibleCount,
  };
}
