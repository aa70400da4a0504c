import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import { connect } from './connect.ts';
import { buildDataTemplate, seedFromTemplate, templateIsCurrent } from './data-template.ts';
import { migrate, migrationsDir } from './migrate.ts';

const work = mkdtempSync(join(tmpdir(), 'warrant-template-'));
const template = join(work, 'template');
beforeAll(async () => {
  await buildDataTemplate(template);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the data template', () => {
  it('gives a first start a migrated, empty database, and is never copied over one', async () => {
    expect(templateIsCurrent(template)).toBe(true);
    const dataDir = join(work, 'home', 'pgdata');
    expect(seedFromTemplate(dataDir, template)).toBe(true);
    expect(existsSync(`${dataDir}.partial`)).toBe(false);
    const db = await connect({ dataDir });
    try {
      expect((await migrate(db.orm)).applied).toEqual([]);
      const [tenants] = rowsOf<{ n: number }>(
        await db.orm.execute(sql`SELECT count(*)::int AS n FROM tenants`),
      );
      expect(tenants?.n).toBe(0);
      await db.orm.execute(sql`INSERT INTO warrant_migrations (id) VALUES ('9999_mine')`);
    } finally {
      await db.close();
    }
    expect(seedFromTemplate(dataDir, template)).toBe(false);
    const again = await connect({ dataDir });
    const mine = rowsOf(
      await again.orm.execute(sql`SELECT id FROM warrant_migrations WHERE id = '9999_mine'`),
    );
    await again.close();
    expect(mine).toHaveLength(1);
  });

  it('is passed over when a migration it holds has changed or is gone, or its manifest is missing', () => {
    const migrations = join(work, 'migrations');
    cpSync(migrationsDir, migrations, { recursive: true });
    expect(templateIsCurrent(template, migrations)).toBe(true);
    const first = join(migrations, '0001_spine.sql');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited\n`);
    expect(templateIsCurrent(template, migrations)).toBe(false);
    rmSync(first);
    expect(templateIsCurrent(template, migrations)).toBe(false);
    const elsewhere = join(work, 'no-manifest');
    cpSync(template, elsewhere, { recursive: true });
    expect(templateIsCurrent(elsewhere)).toBe(false);
    expect(seedFromTemplate(join(work, 'other-home', 'pgdata'), elsewhere)).toBe(false);
  });
});
