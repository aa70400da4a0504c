/**
 * Rows of a raw `execute` result (node-postgres and PGlite both answer `{ rows }`), typed as the caller says.
 * For tests and benchmarks that look into the database directly: shipped code reads through its stores, whose
 * rows are typed by the tables.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
