import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRecord, runRecord, runStatuses, seedTenant } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { newId } from '../core/ids.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { insertPlans } from '../plans/store.ts';
import { insertRunRecords, listRuns, type RunListFilter, runListQuery } from './store.ts';
import type { RunRecord } from './tables.ts';

// GET /v1/runs reads listRuns: by plan and by status, newest first with ties broken by id.

let db: Database;
const tenants = [newId(), newId()];
const actors = [newId(), newId()];
const planIds = [
  [newId(), newId()],
  [newId(), newId()],
];

class Rollback extends Error {}

const rollingBack = async (
  work: (tx: Parameters<Parameters<Database['orm']['transaction']>[0]>[0]) => Promise<void>,
) =>
  db.orm
    .transaction(async (tx) => {
      await work(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction(async (tx) => {
    for (const [i, id] of tenants.entries()) {
      await seedTenant(tx, id, `runs-${i}`, [actors[i]!]);
      await insertPlans(
        tx,
        planIds[i]!.map((planId) =>
          planRecord({
            id: planId,
            tenant_id: id,
            creator_id: actors[i]!,
            status: 'approved',
            risk_level: 'low',
            environment: 'stage',
            created_at: new Date(0),
          }),
        ),
      );
    }
  });
});
afterAll(() => db?.close());

const instants = [0, 1, 2].map((i) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
const newestFirst = (a: RunRecord, b: RunRecord) =>
  b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('listRuns', () => {
  it('answers exactly the newest matching runs of the tenant, ties by id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            tenant: fc.nat({ max: 1 }),
            plan: fc.nat({ max: 1 }),
            status: fc.constantFrom(...runStatuses),
            at: fc.nat({ max: instants.length - 1 }),
          }),
          { maxLength: 30 },
        ),
        fc.record(
          { plan: fc.oneof(fc.nat({ max: 3 }), fc.constant(-1)), status: fc.constantFrom(...runStatuses) },
          { requiredKeys: [] },
        ),
        fc.integer({ min: 1, max: 10 }),
        async (specs, spec, limit) => {
          const rows = specs.map((r) =>
            runRecord({
              id: newId(),
              tenant_id: tenants[r.tenant]!,
              plan_id: planIds[r.tenant]![r.plan]!,
              status: r.status,
              started_by: actors[r.tenant]!,
              created_at: instants[r.at]!,
            }),
          );
          const filter: RunListFilter = {
            status: spec.status,
            plan_id:
              spec.plan === undefined ? undefined : spec.plan < 0 ? 'not-a-uuid' : planIds.flat()[spec.plan],
          };
          const expected = rows
            .filter(
              (row) =>
                row.tenant_id === tenants[0] &&
                (!filter.status || row.status === filter.status) &&
                (!filter.plan_id || row.plan_id === filter.plan_id),
            )
            .sort(newestFirst)
            .slice(0, limit)
            .map((row) => row.id);
          await rollingBack(async (tx) => {
            await insertRunRecords(tx, rows, 7);
            const got = await listRuns(tx, tenants[0]!, filter, limit);
            expect(got.map((row) => row.id)).toEqual(expected);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  // The planner's choice depends on statistics: on an empty table every index costs the same and engines break
  // the tie differently, so the plan is read over a realistic spread (many plans, every status) analysed.
  const manyPlans = Array.from({ length: 40 }, () => newId());
  const cases: [string, RunListFilter, string][] = [
    ['no filter', {}, 'runs_list'],
    ['status', { status: 'failed' }, 'runs_status'],
    ['plan', { plan_id: manyPlans[0]! }, 'runs_plan'],
    ['plan and status', { plan_id: manyPlans[0]!, status: 'failed' }, 'runs_plan_status'],
  ];
  for (const [name, filter, indexName] of cases) {
    it(`reads ${name} in order from ${indexName}`, async () => {
      let text = '';
      await rollingBack(async (tx) => {
        await insertPlans(
          tx,
          manyPlans.map((id) =>
            planRecord({
              id,
              tenant_id: tenants[0]!,
              creator_id: actors[0]!,
              status: 'approved',
              risk_level: 'low',
              environment: 'stage',
              created_at: new Date(0),
            }),
          ),
        );
        const rows = Array.from({ length: 2_000 }, (_, i) =>
          runRecord({
            id: newId(),
            tenant_id: tenants[0]!,
            plan_id: manyPlans[i % manyPlans.length]!,
            status: runStatuses[i % runStatuses.length]!,
            started_by: actors[0]!,
            created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          }),
        );
        await insertRunRecords(tx, rows, 7);
        await tx.execute('ANALYZE runs');
        await tx.execute('SET LOCAL enable_seqscan = off');
        await tx.execute('SET LOCAL enable_bitmapscan = off');
        await tx.execute('SET LOCAL enable_sort = off');
        const explained = rowsOf<Record<string, string>>(
          await tx.execute(sql`EXPLAIN ${runListQuery(tx, tenants[0]!, filter, 51)}`),
        );
        text = explained.map((row) => Object.values(row)[0]).join('\n');
      });
      expect(text).toMatch(new RegExp(`Index Scan using ${indexName} on runs`));
      expect(text).not.toMatch(/\bSort\b/);
      expect(text).not.toMatch(/Seq Scan/);
    });
  }
});
