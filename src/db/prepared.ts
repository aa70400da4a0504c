import { createHash } from 'node:crypto';
import { type Query, type SQL, sql } from 'drizzle-orm';
import type { PgDialect, PgSession } from 'drizzle-orm/pg-core';
import type { Executor } from './connect.ts';

// drizzle's `execute` compiles the same way but leaves the statement unnamed; `dialect` and `session` are the
// public fields it uses for that.
const internals = (exec: Executor) => exec as unknown as { dialect: PgDialect; session: PgSession };
const nameOf = (text: string) => `warrant_${createHash('sha1').update(text).digest('base64url')}`;

/**
 * A statement, or a part of one, whose text depends only on its `shape`: `build` makes it from placeholders
 * (`slot`) and `values` fills them. Where a placeholder stands for a column's value in a query builder's
 * `values`, the column encodes it (a Date for a timestamp); elsewhere it goes to the driver as given.
 * `build` must read nothing but the shape: what it reads is compiled once and kept for every later run.
 */
export interface Compiled {
  shape: string;
  build: () => SQL;
  values: Record<string, unknown>;
}

const slotName = (part: string, name: string) => `${part}_${name}`;

/** A placeholder of the part named `part` (its CTE's name, say): the part's name keeps a statement's apart. */
export const slot = (part: string, name: string) => sql.placeholder(slotName(part, name));

/** The values of the part named `part`'s placeholders, by the names its `slot`s were given. */
export const bound = (part: string, values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [slotName(part, name), value]));

// Keyed by shape alone: every connection uses drizzle's one PostgreSQL dialect (no casing option), so a shape's
// text is the same for PGlite, PostgreSQL and transactions.
const compiledShapes = new Map<string, { query: Query; name: string }>();
/**
 * How many shapes are kept. A shape carries counts from the input (a step's evidence rows), so past this bound
 * a new shape runs unnamed and is not kept: neither this process nor each server connection holds a statement
 * for every count a plan can bring.
 */
export const MAX_COMPILED_SHAPES = 256;

/** How many shapes are kept now (for tests). */
export const compiledShapeCount = () => compiledShapes.size;

/**
 * Runs `statement` as a named prepared statement: a PostgreSQL server parses and plans it once per connection, then
 * only binds and executes it (parse and plan were ≈ 0.6 ms of each run transition's 1.4 ms in the server). The name
 * is the text's hash, so each variant of a statement (another number of rows, say) is a statement of its own and a
 * name never stands for two texts; the embedded database runs it as any other statement. And it is compiled by
 * drizzle once per shape in a process rather than at every run: compiling a run transition's ≈ 200 pieces cost
 * more CPU than PostgreSQL spends executing it. The shapes are few (a run transition's: the kind, which optional
 * fields, how many evidence rows and events). Answers what drizzle's `execute` would.
 */
export function executeCompiled(exec: Executor, statement: Compiled): Promise<unknown> {
  const { dialect, session } = internals(exec);
  let compiled = compiledShapes.get(statement.shape);
  if (!compiled) {
    const query = dialect.sqlToQuery(statement.build());
    if (compiledShapes.size >= MAX_COMPILED_SHAPES) {
      return session.prepareQuery(query, undefined, undefined, false).execute(statement.values);
    }
    compiled = { query, name: nameOf(query.sql) };
    compiledShapes.set(statement.shape, compiled);
  }
  return session.prepareQuery(compiled.query, undefined, compiled.name, false).execute(statement.values);
}

const preparedReads = new WeakMap<Executor, Map<string, unknown>>();

/**
 * A read drizzle prepares once per database handle, under the name `warrant_<name>`: built and compiled once in
 * the process, then parsed and planned once per server connection, with its rows mapped as the builder maps
 * them. For the reads made at every run; `make` must take every value as a `sql.placeholder`, given at execute.
 */
export function preparedRead<T>(
  exec: Executor,
  name: string,
  make: (exec: Executor) => { prepare(name: string): T },
): T {
  const byName = preparedReads.get(exec) ?? new Map<string, unknown>();
  preparedReads.set(exec, byName);
  if (!byName.has(name)) byName.set(name, make(exec).prepare(`warrant_${name}`));
  return byName.get(name) as T;
}
