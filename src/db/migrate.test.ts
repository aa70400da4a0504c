import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import type { Database } from './connect.ts';
import { migrate } from './migrate.ts';
import { openTestDatabase } from './testing.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

const tables = async () =>
  rowsOf<{ name: string }>(
    await db.orm.execute(
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    ),
  ).map((row) => row.name);

describe('migrate', () => {
  it('is idempotent', async () => {
    const again = await migrate(db.orm);
    expect(again.applied).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(['tenants', 'actors', 'api_keys', 'audit_events']));
  });

  it('leaves the database as it was when a migration fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-migrations-'));
    writeFileSync(join(dir, '0001_good.sql'), 'CREATE TABLE extra_good (id int);');
    writeFileSync(
      join(dir, '0002_bad.sql'),
      "CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1);\nSELECT 'x;y' FROM no_such_table;",
    );
    const before = await tables();
    await expect(migrate(db.orm, dir)).rejects.toThrow(/0002_bad\.sql failed/);
    const after = await tables();
    expect(after).toContain('extra_good');
    expect(after).not.toContain('half_done');
    expect(after.filter((name) => !before.includes(name))).toEqual(['extra_good']);
    const marks = rowsOf<{ id: string }>(
      await db.orm.execute(sql`SELECT id FROM warrant_migrations ORDER BY id`),
    );
    expect(marks.map((mark) => mark.id)).toContain('0001_good');
    expect(marks.map((mark) => mark.id)).not.toContain('0002_bad');
  });

  it('applies each pending file once when two processes start together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-migrations-'));
    for (const n of [1, 2, 3])
      writeFileSync(join(dir, `000${n}_together.sql`), `CREATE TABLE together_${n} (id int);`);
    const [first, second] = await Promise.all([migrate(db.orm, dir), migrate(db.orm, dir)]);
    expect([...first.applied, ...second.applied].sort()).toEqual([
      '0001_together',
      '0002_together',
      '0003_together',
    ]);
    expect(await tables()).toEqual(expect.arrayContaining(['together_1', 'together_2', 'together_3']));
    expect((await migrate(db.orm, dir)).applied).toEqual([]);
  });
});
