/**
 * Hot queries compiled once, run with fresh values (docs/decisions/0091). Kysely builds an
 * operation tree and compiles it to SQL on every call; for the intake worker's per-tip reads
 * and writes that was more CPU than SQLite's own work on some of them (the candidates'
 * nearest-in-time read: ~12 subqueries, built and compiled for every tip). Here a query of
 * one *shape* (the same SQL text; `shape` names what changes it, such as the length of an
 * `in` list) is built once with numbered slots in place of its values; each call puts the
 * values into the slots' places among the compiled parameters.
 *
 * Only values may vary between calls with one shape — never what changes the SQL text. The
 * compiled text and parameter order come from Kysely itself, so they are what the builder
 * would give; a builder that looks at a value (an `in` list's length, `null` for `is`) must
 * make it part of the shape. On PostgreSQL the values skip the connection's plugins at
 * compile time, so NUL is removed from string values here, as StripNulPlugin does.
 */
import { createQueryId, PostgresAdapter, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from "kysely";

/** A value's place in a query compiled once. */
class Slot {
  constructor(readonly index: number) {}
}

/** Hands out slot `i` typed as the value it stands for. */
export type SlotOf = <T>(index: number) => T;

const slotOf: SlotOf = <T>(index: number) => new Slot(index) as unknown as T;

/** Shapes per dialect; a few dozen in the application, bounded in case a shape key is careless. */
const MAX_SHAPES = 2_000;
const byDialect = new WeakMap<object, Map<string, CompiledQuery>>();

const withoutNul = (value: unknown) => (typeof value === "string" && value.includes("\0") ? value.replaceAll("\0", "") : value);

/**
 * The compiled query of `shape` with `values` in its slots: built with `build` (slot `i` is
 * `values[i]`) the first time the dialect meets the shape, then reused.
 */
export function compiledWith<R>(db: Kysely<any>, shape: string, build: (slot: SlotOf) => Compilable<R>, values: readonly unknown[]): CompiledQuery<R> {
  const adapter = db.getExecutor().adapter;
  let shapes = byDialect.get(adapter.constructor);
  if (!shapes) byDialect.set(adapter.constructor, (shapes = new Map()));
  let compiled = shapes.get(shape) as CompiledQuery<R> | undefined;
  if (!compiled) {
    compiled = build(slotOf).compile();
    const used = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
    if (used.size !== values.length || [...used].some((i) => i >= values.length)) {
      throw new Error(`compiledWith(${shape}): slots ${[...used].join(", ")} in the SQL for ${values.length} values`);
    }
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(shape, compiled);
  }
  const postgres = adapter instanceof PostgresAdapter;
  const parameters = compiled.parameters.map((p) => (p instanceof Slot ? (postgres ? withoutNul(values[p.index]) : values[p.index]) : p));
  return { sql: compiled.sql, query: compiled.query, parameters, queryId: createQueryId() };
}

/** Runs `shape` with `values` (compiledWith) and returns its rows. */
export async function runCompiled<R>(db: Kysely<any>, shape: string, build: (slot: SlotOf) => Compilable<R>, values: readonly unknown[]): Promise<QueryResult<R>> {
  return db.executeQuery(compiledWith(db, shape, build, values));
}
