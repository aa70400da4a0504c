import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

// Column types whose JSON form (row_to_json, json_agg) is the record's value as a select maps it, or becomes it
// through the column's own mapping (timestamps: ISO text to a Date).
const AS_IS = new Set(['PgUUID', 'PgText', 'PgInteger', 'PgBoolean', 'PgJsonb']);
const MAPPED = new Set(['PgTimestamp']);

/**
 * A table's record from its row as PostgreSQL writes it in JSON (`json_agg(t)`, `row_to_json(t)`), mapped as a
 * drizzle select maps it: for a statement that must answer rows of several tables at once. jsonb values are
 * taken as they are (they are already JSON; drizzle's own mapping would parse a jsonb string a second time).
 */
export function recordFromJson<T extends PgTable>(
  table: T,
  json: Record<string, unknown>,
): T['$inferSelect'] {
  const record: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name] ?? null;
    if (MAPPED.has(column.columnType)) record[key] = value === null ? null : column.mapFromDriverValue(value);
    else if (AS_IS.has(column.columnType)) record[key] = value;
    else throw new TypeError(`${column.name}: a ${column.columnType} column is not read from JSON here`);
  }
  return record as T['$inferSelect'];
}
