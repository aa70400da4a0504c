import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import type { Database } from './connect.ts';
import {
  bound,
  type Compiled,
  compiledShapeCount,
  executeCompiled,
  MAX_COMPILED_SHAPES,
  preparedRead,
  slot,
} from './prepared.ts';
import { openTestDatabase } from './testing.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

/** `count` numbers and a label, in a statement whose text depends on the count only. */
const numbers = (label: string, values: number[]): Compiled => ({
  shape: `test-numbers:${values.length}`,
  build: () =>
    sql`SELECT ${slot('t', 'label')}::text AS label, ARRAY[${sql.join(
      values.map((_, i) => sql`${slot('t', `n${i}`)}::int`),
      sql`, `,
    )}] AS numbers`,
  values: bound('t', { label, ...Object.fromEntries(values.map((n, i) => [`n${i}`, n])) }),
});

describe('executeCompiled', () => {
  it('compiles a shape once and binds each run its own values', async () => {
    let builds = 0;
    const counted = (statement: Compiled): Compiled => ({
      ...statement,
      build: () => {
        builds++;
        return statement.build();
      },
    });
    const answers = [];
    for (const [label, values] of [
      ['first', [1, 2]],
      ['second', [3, 4]],
      ['third', [5, 6, 7]],
    ] as const) {
      answers.push(rowsOf(await executeCompiled(db.orm, counted(numbers(label, [...values])))));
    }
    expect(answers).toEqual([
      [{ label: 'first', numbers: [1, 2] }],
      [{ label: 'second', numbers: [3, 4] }],
      [{ label: 'third', numbers: [5, 6, 7] }],
    ]);
    // Two shapes: two numbers, three numbers.
    expect(builds).toBe(2);
  });

  it('keeps a bounded number of shapes: past it, a new shape runs unnamed and is not kept', async () => {
    // Shapes whose count comes from the input (a plan's evidence rows): more than the bound, each run once.
    for (let count = 1; count <= MAX_COMPILED_SHAPES + 20; count++) {
      const values = Array.from({ length: count }, (_, i) => i * count);
      const [row] = rowsOf<{ label: string; numbers: number[] }>(
        await executeCompiled(db.orm, numbers(`n${count}`, values)),
      );
      expect(row).toEqual({ label: `n${count}`, numbers: values });
    }
    expect(compiledShapeCount()).toBe(MAX_COMPILED_SHAPES);
  });

  it('refuses a run that leaves a placeholder without its value', async () => {
    const statement = numbers('x', [1]);
    await expect(
      executeCompiled(db.orm, { ...statement, values: bound('t', { label: 'x' }) }),
    ).rejects.toThrow(/t_n0/);
  });
});

describe('preparedRead', () => {
  it("builds a read once per database handle and maps each execution's rows as its builder does", async () => {
    let builds = 0;
    const read = () =>
      preparedRead(db.orm, 'test_prepared_read', (exec) => {
        builds++;
        return exec
          .select({ n: sql<number>`${sql.placeholder('n')}::int + 1`.mapWith(Number).as('n') })
          .from(sql`(SELECT 1) AS one`);
      });
    expect(await read().execute({ n: 1 })).toEqual([{ n: 2 }]);
    expect(await read().execute({ n: 41 })).toEqual([{ n: 42 }]);
    expect(builds).toBe(1);
  });
});

describe.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)('a PostgreSQL connection', () => {
  it('plans named statements once (generic plans): they are key lookups whose plan the values do not change', async () => {
    const [row] = rowsOf<{ plan_cache_mode: string }>(await db.orm.execute(sql`SHOW plan_cache_mode`));
    expect(row?.plan_cache_mode).toBe('force_generic_plan');
  });
});
