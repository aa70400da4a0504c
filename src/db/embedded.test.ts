import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import { connect, type Database } from './connect.ts';

const sharedBuffers = async (db: Database) =>
  rowsOf<{ shared_buffers: string }>(await db.orm.execute(sql`SHOW shared_buffers`))[0]?.shared_buffers;

describe('the embedded database', () => {
  it('runs with 16 MB of shared buffers, in memory and on a data directory it keeps across opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-embedded-'));
    try {
      const memory = await connect({});
      expect(await sharedBuffers(memory)).toBe('16MB');
      await memory.close();
      const first = await connect({ dataDir: dir });
      expect(await sharedBuffers(first)).toBe('16MB');
      await first.orm.execute(sql`CREATE TABLE kept AS SELECT g AS n FROM generate_series(1, 5000) AS g`);
      await first.close();
      const again = await connect({ dataDir: dir });
      expect(await sharedBuffers(again)).toBe('16MB');
      const [kept] = rowsOf<{ n: number }>(await again.orm.execute(sql`SELECT count(*)::int AS n FROM kept`));
      expect(kept?.n).toBe(5000);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
