import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environments, planRecord, planStatuses, riskLevels, seedTenant } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { newId } from '../core/ids.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { insertPlans, listPlans, type PlanListFilter, planListQuery } from './store.ts';
import type { PlanRecord } from './tables.ts';

// GET /v1/plans reads listPlans: every filter and their combinations, newest first with ties broken by id, and a
// keyset cursor that neither skips nor repeats a plan across pages, whatever the page size.

let db: Database;
const tenants = [newId(), newId()];
const creators = [
  [newId(), newId(), newId()],
  [newId(), newId()],
];
// The plans the EXPLAIN cases read: a tenant of its own, so the property test's tenants stay empty.
const spreadTenant = newId();
const spreadCreators = Array.from({ length: 8 }, () => newId());

class Rollback extends Error {}

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction(async (tx) => {
    for (const [i, id] of tenants.entries()) await seedTenant(tx, id, `list-${i}`, creators[i]!);
    // The planner's choice depends on statistics: on an empty table every index costs the same and the tie
    // breaks either way, so the plans are read over a spread of every value, analysed.
    await seedTenant(tx, spreadTenant, 'list-spread', spreadCreators);
    await insertPlans(
      tx,
      Array.from({ length: 2_000 }, (_, i) =>
        planRecord({
          id: newId(),
          tenant_id: spreadTenant,
          creator_id: spreadCreators[i % spreadCreators.length]!,
          status: planStatuses[i % planStatuses.length]!,
          risk_level: riskLevels[Math.floor(i / 3) % riskLevels.length]!,
          environment: environments[Math.floor(i / 5) % environments.length]!,
          created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        }),
      ),
    );
  });
  await db.orm.execute('ANALYZE plans');
});
afterAll(() => db?.close());

// Few distinct instants, so many plans share created_at and the order rests on the id.
const instants = [0, 1, 2, 3].map((i) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)));

const planArb = fc.record({
  tenant: fc.nat({ max: 1 }),
  creator: fc.nat({ max: 2 }),
  status: fc.constantFrom(...planStatuses),
  risk_level: fc.constantFrom(...riskLevels),
  environment: fc.constantFrom(...environments),
  at: fc.nat({ max: instants.length - 1 }),
});

const filterArb = fc.record(
  {
    status: fc.constantFrom(...planStatuses),
    risk: fc.constantFrom(...riskLevels),
    environment: fc.constantFrom(...environments),
    creator: fc.oneof(fc.nat({ max: 2 }), fc.constant(-1)),
  },
  { requiredKeys: [] },
);

/** Newest first, ties by id descending (PostgreSQL orders uuids as their lowercase text does). */
const newestFirst = (a: PlanRecord, b: PlanRecord) =>
  b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('listPlans', () => {
  it('pages through exactly the matching plans of the tenant, newest first, ties by id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(planArb, { maxLength: 40 }),
        filterArb,
        fc.integer({ min: 1, max: 7 }),
        fc.nat({ max: 1 }),
        async (specs, spec, limit, tenantIndex) => {
          const rows = specs.map((p) =>
            planRecord({
              id: newId(),
              tenant_id: tenants[p.tenant]!,
              creator_id: creators[p.tenant]![p.creator % creators[p.tenant]!.length]!,
              status: p.status,
              risk_level: p.risk_level,
              environment: p.environment,
              created_at: instants[p.at]!,
            }),
          );
          const tenantId = tenants[tenantIndex]!;
          const filter: PlanListFilter = {
            status: spec.status,
            risk: spec.risk,
            environment: spec.environment,
            // -1: a malformed creator, which matches nothing; otherwise maybe another tenant's creator.
            creator:
              spec.creator === undefined
                ? undefined
                : spec.creator < 0
                  ? 'not-a-uuid'
                  : creators.flat()[spec.creator],
          };
          const expected = rows
            .filter(
              (row) =>
                row.tenant_id === tenantId &&
                (!filter.status || row.status === filter.status) &&
                (!filter.risk || row.risk_level === filter.risk) &&
                (!filter.environment || row.environment === filter.environment) &&
                (!filter.creator || row.creator_id === filter.creator),
            )
            .sort(newestFirst)
            .map((row) => row.id);
          await db.orm
            .transaction(async (tx) => {
              await insertPlans(tx, rows, 7);
              const seen: string[] = [];
              let before: PlanListFilter['before'];
              for (let page = 0; page <= expected.length; page++) {
                const got = await listPlans(tx, tenantId, { ...filter, before }, limit);
                expect(got.length).toBeLessThanOrEqual(limit);
                seen.push(...got.map((row) => row.id));
                const last = got.at(-1);
                if (got.length < limit || !last) break;
                before = { at: last.created_at.toISOString(), id: last.id };
              }
              expect(seen).toEqual(expected);
              throw new Rollback();
            })
            .catch((error: unknown) => {
              if (!(error instanceof Rollback)) throw error;
            });
        },
      ),
      { numRuns: 60 },
    );
  });

  // With scans of the table and sorts priced out, the planner must still find an index that yields the page in
  // order: proof that each filter (alone, after a cursor, and combined) has one. The bench shows the planner
  // choosing them unprompted at 100k plans.
  const cases: [string, PlanListFilter, string][] = [
    ['no filter', {}, 'plans_list'],
    ['status', { status: 'pending_approval' }, 'plans_status'],
    ['risk', { risk: 'high' }, 'plans_risk'],
    ['environment', { environment: 'prod' }, 'plans_environment'],
    ['creator', { creator: spreadCreators[0]! }, 'plans_creator'],
  ];
  // Each pair of filters has its own index (migration 0024), both values in its condition: a rare pair of common
  // values reads its page, not the rows of one filter that the other rejects.
  const pairs: [string, PlanListFilter, string][] = [
    ['status & risk', { status: 'approved', risk: 'high' }, 'plans_status_risk'],
    ['status & environment', { status: 'pending_approval', environment: 'prod' }, 'plans_status_environment'],
    ['status & creator', { status: 'sent_back', creator: spreadCreators[1]! }, 'plans_status_creator'],
    ['risk & environment', { risk: 'high', environment: 'dev' }, 'plans_risk_environment'],
    ['risk & creator', { risk: 'medium', creator: spreadCreators[2]! }, 'plans_risk_creator'],
    [
      'environment & creator',
      { environment: 'stage', creator: spreadCreators[3]! },
      'plans_environment_creator',
    ],
  ];
  for (const [name, filter, indexName] of [...cases, ...pairs]) {
    for (const cursor of [false, true]) {
      it(`reads ${name}${cursor ? ' after a cursor' : ''} in order from ${indexName}`, async () => {
        const plan = await explain({
          ...filter,
          ...(cursor
            ? { before: { at: new Date(Date.UTC(2026, 0, 1, 0, 20)).toISOString(), id: newId() } }
            : {}),
        });
        expect(plan).toMatch(new RegExp(`Index Scan using ${indexName} on plans`));
        expect(plan).not.toMatch(/\bFilter:/);
        expect(plan).not.toMatch(/\bSort\b/);
        expect(plan).not.toMatch(/Seq Scan/);
      });
    }
  }

  it('reads a combination of more than two filters in order from the index of one of its pairs', async () => {
    const plan = await explain({
      status: 'approved',
      risk: 'high',
      environment: 'prod',
      creator: spreadCreators[4]!,
      before: { at: new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString(), id: newId() },
    });
    expect(plan).toMatch(/plans_(status|risk|environment)_(risk|environment|creator)\b/);
    expect(plan).not.toMatch(/\bSort\b/);
  });
});

async function explain(filter: PlanListFilter): Promise<string> {
  let text = '';
  await db.orm
    .transaction(async (tx) => {
      await tx.execute('SET LOCAL enable_seqscan = off');
      await tx.execute('SET LOCAL enable_bitmapscan = off');
      await tx.execute('SET LOCAL enable_sort = off');
      const explained = rowsOf<Record<string, string>>(
        await tx.execute(sql`EXPLAIN ${planListQuery(tx, spreadTenant, filter, 51)}`),
      );
      text = explained.map((row) => Object.values(row)[0]).join('\n');
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return text;
}
