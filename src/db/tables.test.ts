import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import * as audit from '../audit/tables.ts';
import * as chatops from '../chatops/tables.ts';
import * as evidence from '../evidence/tables.ts';
import * as governance from '../governance/tables.ts';
import * as ops from '../ops/tables.ts';
import * as approvals from '../plans/approvals/tables.ts';
import * as plans from '../plans/tables.ts';
import * as playbooks from '../playbooks/tables.ts';
import * as policy from '../policy/tables.ts';
import * as runs from '../runs/tables.ts';
import * as tenancy from '../tenancy/tables.ts';
import * as transparency from '../transparency/tables.ts';
import * as triggers from '../triggers/tables.ts';
import * as verification from '../verification/tables.ts';
import * as worklog from '../worklog/tables.ts';
import type { Database } from './connect.ts';
import * as db from './tables.ts';
import { openTestDatabase } from './testing.ts';

// Every folder's tables.ts, held to the database the migrations build. Foreign keys are left to the SQL: declaring
// them in the definitions would make folders import each other's tables.
const modules = [
  db,
  tenancy,
  audit,
  plans,
  approvals,
  policy,
  runs,
  evidence,
  triggers,
  verification,
  governance,
  playbooks,
  worklog,
  ops,
  chatops,
  transparency,
];
const definitions = modules.flatMap((module) => Object.values(module).filter((value) => is(value, PgTable)));

interface Column {
  type: string;
  not_null: boolean;
  has_default: boolean;
  /** The values of a `CHECK (column IN (...))`, or of the definition's `text({ enum })`. */
  values: string[] | null;
}

interface Shape {
  columns: Record<string, Column>;
  primary_key: string[];
  /** `name(columns)` of each unique constraint. */
  uniques: string[];
  /** `name unique? partial? (columns)` of each index that is not a constraint's; `expr` for an expression. */
  indexes: string[];
}

const describeIndex = (name: string, unique: boolean, partial: boolean, columns: string[]) =>
  `${name}${unique ? ' unique' : ''}${partial ? ' partial' : ''} (${columns.join(', ')})`;

function shapeOfDefinition(table: PgTable): [string, Shape] {
  const config = getTableConfig(table);
  const columns: Record<string, Column> = {};
  for (const column of config.columns) {
    columns[column.name] = {
      // bigserial is bigint with a sequence default; the database names only the type.
      type: column.getSQLType().replace(/^bigserial$/, 'bigint'),
      not_null: column.notNull,
      has_default: column.hasDefault,
      values: column.enumValues ? [...column.enumValues].sort() : null,
    };
  }
  const inlinePrimary = config.columns.filter((column) => column.primary).map((column) => column.name);
  const primary_key = [
    ...inlinePrimary,
    ...config.primaryKeys.flatMap((key) => key.columns.map((c) => c.name)),
  ];
  const uniques = [
    ...config.columns
      .filter((column) => column.isUnique)
      .map((column) => `${column.uniqueName}(${column.name})`),
    ...config.uniqueConstraints.map((u) => `${u.getName()}(${u.columns.map((c) => c.name).join(', ')})`),
  ].sort();
  const indexes = config.indexes
    .map(({ config: index }) =>
      describeIndex(
        index.name ?? '',
        index.unique,
        index.where !== undefined,
        index.columns.map((column) => ('name' in column && column.name ? column.name : 'expr')),
      ),
    )
    .sort();
  return [config.name, { columns, primary_key, uniques, indexes }];
}

const checkValues = (definition: string): string[] | null => {
  if (!/= ANY \(+ARRAY\[/.test(definition)) return null;
  return [...definition.matchAll(/'((?:[^']|'')*)'::text/g)]
    .map((match) => match[1]!.replaceAll("''", "'"))
    .sort();
};

async function shapeOfDatabase(database: Database): Promise<Record<string, Shape>> {
  const inSchema = sql`c.relnamespace = current_schema()::regnamespace`;
  const tables = rowsOf<{ name: string }>(
    await database.orm.execute(
      sql`SELECT c.relname AS name FROM pg_class c WHERE ${inSchema} AND c.relkind = 'r'`,
    ),
  );
  const columns = rowsOf<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    has_default: boolean;
  }>(
    await database.orm.execute(sql`
      SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, a.atthasdef AS has_default
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE ${inSchema} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`),
  );
  const constraints = rowsOf<{
    table: string;
    name: string;
    kind: string;
    columns: string[];
    definition: string;
  }>(
    await database.orm.execute(sql`
      SELECT c.relname AS table, k.conname AS name, k.contype AS kind, pg_get_constraintdef(k.oid) AS definition,
             ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o) AS columns
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE ${inSchema} AND k.contype IN ('p', 'u', 'c')`),
  );
  const indexes = rowsOf<{
    table: string;
    name: string;
    unique: boolean;
    partial: boolean;
    columns: string[];
  }>(
    await database.orm.execute(sql`
      SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique, x.indpred IS NOT NULL AS partial,
             ARRAY(SELECT coalesce(a.attname::text, 'expr') FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, o)
                   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.o) AS columns
      FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      WHERE ${inSchema} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`),
  );
  const shapes: Record<string, Shape> = {};
  for (const { name } of tables) shapes[name] = { columns: {}, primary_key: [], uniques: [], indexes: [] };
  for (const column of columns) {
    shapes[column.table]!.columns[column.name] = {
      type: column.type,
      not_null: column.not_null,
      has_default: column.has_default,
      values: null,
    };
  }
  for (const constraint of constraints) {
    const shape = shapes[constraint.table]!;
    if (constraint.kind === 'p') shape.primary_key = constraint.columns;
    if (constraint.kind === 'u') shape.uniques.push(`${constraint.name}(${constraint.columns.join(', ')})`);
    const values = checkValues(constraint.definition);
    if (constraint.kind === 'c' && constraint.columns.length === 1 && values)
      shape.columns[constraint.columns[0]!]!.values = values;
  }
  for (const index of indexes)
    shapes[index.table]!.indexes.push(describeIndex(index.name, index.unique, index.partial, index.columns));
  for (const shape of Object.values(shapes)) {
    shape.uniques.sort();
    shape.indexes.sort();
  }
  return shapes;
}

describe('table definitions', () => {
  let database: Database;
  let actual: Record<string, Shape>;
  const declared = Object.fromEntries(definitions.map(shapeOfDefinition));

  beforeAll(async () => {
    database = await openTestDatabase();
    actual = await shapeOfDatabase(database);
  });
  afterAll(() => database.close());

  it('define each table the migrations build, once, and no other', () => {
    expect(definitions.length).toBe(Object.keys(declared).length);
    expect(Object.keys(declared).sort()).toEqual(Object.keys(actual).sort());
  });

  // One comparison over all tables, so a failure lists every difference at once.
  const pick =
    <T>(part: (shape: Shape) => T) =>
    (shapes: Record<string, Shape | undefined>) =>
      Object.fromEntries(Object.keys(declared).map((name) => [name, shapes[name] && part(shapes[name])]));

  it('match each table column for column: type, nullability, default, CHECK IN values', () => {
    const columns = pick((shape) => shape.columns);
    expect(columns(declared)).toEqual(columns(actual));
  });

  it('match each table key for key: primary key, unique constraints, indexes', () => {
    const keys = pick(({ primary_key, uniques, indexes }) => ({ primary_key, uniques, indexes }));
    expect(keys(declared)).toEqual(keys(actual));
  });
});
