/**
 * What an officer typed in the search by identifier, read with the same
 * normaliser as the pipeline (entities.ts), so "0123 456 789", "0123.456.789"
 * and "stk 0123456789" find the tips whose text wrote it any other way.
 */
import { ENTITY_KINDS, extractEntities, normalizeEntity, type Entity, type EntityKind } from "./entities";

/**
 * The identifiers a typed value can be. With a kind, that kind's normal form (or
 * none); without one, every kind the value reads as: "0905 123 456" is a phone and
 * may be an account too (some banks use the phone number), so both are searched.
 * A handle needs its "@" and a web address its dot, or any word would be one.
 */
export function readEntityQuery(raw: string, kind?: EntityKind): Entity[] {
  const text = String(raw ?? "").trim().slice(0, 200);
  if (!text) return [];
  if (kind) {
    const value = normalizeEntity(kind, text);
    return value ? [{ kind, value }] : [];
  }
  const found = new Map<string, Entity>();
  const add = (entity: Entity) => found.set(`${entity.kind}:${entity.value}`, entity);
  // "stk 0123456789 ACB", "xe 43A-123.45": the words around the value say what it is.
  for (const entity of extractEntities(text)) add(entity);
  // "+84 …" is a phone in international form, never an account.
  const digitsOnly = /^[\d\s.\-]+$/.test(text);
  const phoneLike = /^\+?[\d\s.\-]+$/.test(text);
  for (const candidate of ENTITY_KINDS) {
    if (candidate === "handle" && !text.startsWith("@")) continue;
    if (candidate === "url" && !/[a-z0-9-]\.[a-z]{2,}/i.test(text)) continue;
    if (candidate === "phone" && !phoneLike) continue;
    if (candidate === "account" && !digitsOnly) continue;
    const value = normalizeEntity(candidate, text);
    if (value) add({ kind: candidate, value });
  }
  return [...found.values()];
}

export function isEntityKind(value: unknown): value is EntityKind {
  return typeof value === "string" && (ENTITY_KINDS as readonly string[]).includes(value);
}
