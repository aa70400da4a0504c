// Lists as data grows: GET /v1/plans and GET /v1/runs at 1k, 10k and 100k plans (and as many runs), on the
// embedded database and on PostgreSQL, with the EXPLAIN of each query at the largest size.
//
// Each size is its own database (PGlite instance or PostgreSQL schema), filled through the stores' bulk
// inserts with the same seeded data: four tenants (the measured one holds 55%), 20 agents in it, statuses,
// risks and environments mixed and correlated as they are in use (high risk mostly in prod). Filters are
// reported both selective (a few % of the tenant) and not (about half), and one combination is chosen to be
// rare although each of its parts is common (risk=high in dev) — the worst case for an index on one column.
// Every pair of plan filters is measured (each has its index, migration 0024), and so is the worst case left
// for them: a triple rare within each of its pairs, read from one pair's index.
// Rounds are interleaved across sizes (1k 10k 100k, 10k 100k 1k, …); each round times every query 40 times
// per size; a query's figure is the p95 of a round, and the ratio is p95 at 100k ÷ p95 at 1k of the same round.
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connect.ts';
import { insertPlans, type PlanListFilter, planListQuery } from '../src/plans/store.ts';
import type { PlanRecord } from '../src/plans/tables.ts';
import { insertRunRecords, type RunListFilter, runListQuery } from '../src/runs/store.ts';
import type { RunRecord } from '../src/runs/tables.ts';
import { planRecord, runRecord, seedTenant } from '../test/plan-records.ts';
import { rowsOf } from '../test/rows.ts';
import { type Engine, engines } from './engines.ts';
import { type BenchReport, fmt, median, percentile, seededRandom, spread } from './lib.ts';

const url = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 60);
const LIMIT = 51; // the route's default page (50) and the one more row that says a next page exists
const TENANTS = 4;
const AGENTS = 20;

const uuidFrom = (random: () => number): string => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

function pick<T extends string>(random: () => number, weights: Record<T, number>): T {
  let r = random() * Object.values<number>(weights).reduce((a, b) => a + b, 0);
  for (const [value, weight] of Object.entries(weights) as [T, number][]) {
    r -= weight;
    if (r <= 0) return value;
  }
  return Object.keys(weights)[0] as T;
}

const riskByEnvironment = {
  prod: { high: 10, medium: 50, low: 30, read: 10 },
  stage: { high: 2, medium: 30, low: 50, read: 18 },
  dev: { high: 0.5, medium: 10, low: 60, read: 29.5 },
} as const;

/** A submitted plan's JSON as the service stores it (three steps, evidence, rollback), about 2 KB a row. */
function template(): PlanRecord {
  const steps = ['checkout', 'cart', 'payments'].map((deployment, i) => ({
    step_id: `s${i}`,
    action: `scale ${deployment}`,
    tool: 'k8s.scale',
    input: { namespace: 'shop', deployment, replicas: 4 + i },
    preconditions: [`${deployment} is healthy`],
    rollback: { type: 'scale', steps: [] },
    evidence_required: [
      { type: 'promql', query: `sum(rate(http_requests_errors_total{app="${deployment}"}[5m]))` },
    ],
  }));
  const facts = steps.map((step) => ({
    step_id: step.step_id,
    risk: { level: 'medium', score: 40, reasons: ['changes replicas in prod', 'blast scope: service'] },
    facts: {
      step_id: step.step_id,
      tool: 'k8s.scale',
      effect: 'write',
      environment: 'prod',
      namespace: 'shop',
      risk: 'medium',
      blast_scope: 'service',
      services: ['shop'],
      teams: ['payments'],
    },
    tool_version: 'sha256:0f3c',
  }));
  const base = planRecord({
    id: '00000000-0000-4000-a000-000000000000',
    tenant_id: '00000000-0000-4000-a000-000000000000',
    creator_id: '00000000-0000-4000-a000-000000000000',
    status: 'approved',
    risk_level: 'medium',
    environment: 'prod',
    created_at: new Date(0),
  });
  return {
    ...base,
    body: {
      summary: 'scale the shop for the sale',
      intent: 'handle the expected traffic of the sale without errors',
      context: { environment: 'prod', namespace: 'shop', cluster: 'eu-1' },
      steps,
    } as unknown as PlanRecord['body'],
    step_hashes: Object.fromEntries(steps.map((step) => [step.step_id, `sha256:${'ab'.repeat(32)}`])),
    risk: { plan: facts[0]!.risk, steps: facts } as unknown as PlanRecord['risk'],
    decision: {
      effect: 'require_approval',
      requirement: { approvals: 1, roles: ['approver'] },
      reasons: ['prod write needs one approver'],
      policy_ids: ['prod-writes'],
      policy_version: `sha256:${'cd'.repeat(32)}`,
    } as unknown as PlanRecord['decision'],
  };
}

interface Seeded {
  tenant: string;
  creator: string;
  planOfRuns: string;
  /** A row near the middle of the measured tenant's order: the cursor of a page deep in the list. */
  middle: { at: string; id: string };
}

/** Fills one database with `size` plans (and as many runs) from the seed; the same seed gives the same rows. */
async function seed(db: Database, size: number): Promise<Seeded> {
  const random = seededRandom(22);
  const tenants = Array.from({ length: TENANTS }, () => uuidFrom(random));
  const agents = tenants.map(() => Array.from({ length: AGENTS }, () => uuidFrom(random)));
  await db.orm.transaction(async (tx) => {
    for (const [i, tenant] of tenants.entries()) await seedTenant(tx, tenant, `scale-${i}`, agents[i]!);
  });
  const base = template();
  const start = Date.UTC(2026, 0, 1);
  const year = 365 * 86_400_000;
  const plans: PlanRecord[] = [];
  const runs: RunRecord[] = [];
  for (let i = 0; i < size; i++) {
    const t = random() < 0.55 ? 0 : 1 + Math.floor(random() * (TENANTS - 1));
    const environment = pick(random, { prod: 45, stage: 35, dev: 20 });
    const plan = planRecord(
      {
        id: uuidFrom(random),
        tenant_id: tenants[t]!,
        creator_id: agents[t]![Math.floor(random() * AGENTS)]!,
        status: pick(random, {
          approved: 45,
          expired: 20,
          cancelled: 10,
          denied: 8,
          pending_approval: 3,
          sent_back: 2,
        }),
        risk_level: pick(random, riskByEnvironment[environment]),
        environment,
        // Whole seconds: plans created in the same second tie on created_at and are ordered by id.
        created_at: new Date(start + Math.floor((random() * year) / 1000) * 1000),
      },
      base,
    );
    plans.push(plan);
    runs.push(
      runRecord({
        id: uuidFrom(random),
        tenant_id: plan.tenant_id,
        plan_id: plan.id,
        status: pick(random, {
          succeeded: 85,
          failed: 5,
          cancelled: 4,
          rolled_back: 3,
          running: 2,
          queued: 1,
        }),
        started_by: plan.creator_id,
        created_at: new Date(plan.created_at.getTime() + 60_000),
      }),
    );
  }
  // A plan run many times: a selective plan_id filter with more than one page of runs.
  const busy = plans.find((plan) => plan.tenant_id === tenants[0])!;
  for (let i = 0; i < 60; i++) {
    runs.push(
      runRecord({
        id: uuidFrom(random),
        tenant_id: busy.tenant_id,
        plan_id: busy.id,
        status: 'succeeded',
        started_by: busy.creator_id,
        created_at: new Date(busy.created_at.getTime() + i * 3_600_000),
      }),
    );
  }
  for (let i = 0; i < plans.length; i += 5000) {
    await db.orm.transaction(async (tx) => {
      await insertPlans(tx, plans.slice(i, i + 5000));
    });
  }
  for (let i = 0; i < runs.length; i += 5000) {
    await db.orm.transaction(async (tx) => {
      await insertRunRecords(tx, runs.slice(i, i + 5000));
    });
  }
  await db.orm.execute(sql`ANALYZE`);
  const mine = plans
    .filter((plan) => plan.tenant_id === tenants[0])
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : -1));
  const middle = mine[Math.floor(mine.length / 2)]!;
  return {
    tenant: tenants[0]!,
    creator: agents[0]![7]!,
    planOfRuns: busy.id,
    middle: { at: middle.created_at.toISOString(), id: middle.id },
  };
}

type Query = { name: string; note: string } & (
  | { list: 'plans'; filter: (s: Seeded) => PlanListFilter }
  | { list: 'runs'; filter: (s: Seeded) => RunListFilter }
);

const queries: Query[] = [
  { list: 'plans', name: 'plans: no filter', note: 'all', filter: () => ({}) },
  {
    list: 'plans',
    name: 'plans: status=approved',
    note: 'non-selective',
    filter: () => ({ status: 'approved' }),
  },
  {
    list: 'plans',
    name: 'plans: status=pending_approval',
    note: 'selective',
    filter: () => ({ status: 'pending_approval' }),
  },
  { list: 'plans', name: 'plans: risk=high', note: 'selective', filter: () => ({ risk: 'high' }) },
  {
    list: 'plans',
    name: 'plans: environment=prod',
    note: 'non-selective',
    filter: () => ({ environment: 'prod' }),
  },
  {
    list: 'plans',
    name: 'plans: creator=one of 20',
    note: 'selective',
    filter: (s) => ({ creator: s.creator }),
  },
  {
    list: 'plans',
    name: 'plans: environment=prod, cursor mid-list',
    note: 'non-selective, deep page',
    filter: (s) => ({ environment: 'prod', before: s.middle }),
  },
  {
    list: 'plans',
    name: 'plans: risk=high, cursor mid-list',
    note: 'selective, deep page',
    filter: (s) => ({ risk: 'high', before: s.middle }),
  },
  {
    list: 'plans',
    name: 'plans: status=pending_approval & environment=prod',
    note: 'combination',
    filter: () => ({ status: 'pending_approval', environment: 'prod' }),
  },
  {
    list: 'plans',
    name: 'plans: status=approved & risk=medium & creator',
    note: 'combination',
    filter: (s) => ({ status: 'approved', risk: 'medium', creator: s.creator }),
  },
  {
    list: 'plans',
    name: 'plans: risk=high & environment=dev',
    note: 'rare pair of common values',
    filter: () => ({ risk: 'high', environment: 'dev' }),
  },
  {
    list: 'plans',
    name: 'plans: status=approved & risk=high',
    note: 'pair',
    filter: () => ({ status: 'approved', risk: 'high' }),
  },
  {
    list: 'plans',
    name: 'plans: status=sent_back & creator',
    note: 'rare pair',
    filter: (s) => ({ status: 'sent_back', creator: s.creator }),
  },
  {
    list: 'plans',
    name: 'plans: risk=high & creator',
    note: 'pair',
    filter: (s) => ({ risk: 'high', creator: s.creator }),
  },
  {
    list: 'plans',
    name: 'plans: environment=dev & creator',
    note: 'pair',
    filter: (s) => ({ environment: 'dev', creator: s.creator }),
  },
  {
    list: 'plans',
    name: 'plans: risk=high & environment=dev, cursor mid-list',
    note: 'rare pair, deep page',
    filter: (s) => ({ risk: 'high', environment: 'dev', before: s.middle }),
  },
  {
    list: 'plans',
    name: 'plans: status=pending_approval & risk=high & creator',
    note: 'worst case for pair indexes: rare triple, read from one pair',
    filter: (s) => ({ status: 'pending_approval', risk: 'high', creator: s.creator }),
  },
  { list: 'runs', name: 'runs: no filter', note: 'all', filter: () => ({}) },
  {
    list: 'runs',
    name: 'runs: status=succeeded',
    note: 'non-selective',
    filter: () => ({ status: 'succeeded' }),
  },
  { list: 'runs', name: 'runs: status=failed', note: 'selective', filter: () => ({ status: 'failed' }) },
  { list: 'runs', name: 'runs: plan_id', note: 'selective', filter: (s) => ({ plan_id: s.planOfRuns }) },
  {
    list: 'runs',
    name: 'runs: plan_id & status=failed',
    note: 'pair: a status the plan never had',
    filter: (s) => ({ plan_id: s.planOfRuns, status: 'failed' }),
  },
];

function build(db: Database, seeded: Seeded, query: Query, explain = false) {
  const target =
    query.list === 'plans'
      ? planListQuery(db.orm, seeded.tenant, query.filter(seeded), LIMIT)
      : runListQuery(db.orm, seeded.tenant, query.filter(seeded), LIMIT);
  return explain ? sql`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${target}` : target;
}

/** How many rows the query answers (at 1k a selective filter's answer is shorter than a page). */
async function rowCount(db: Database, seeded: Seeded, query: Query): Promise<number> {
  const rows =
    query.list === 'plans'
      ? await planListQuery(db.orm, seeded.tenant, query.filter(seeded), LIMIT)
      : await runListQuery(db.orm, seeded.tenant, query.filter(seeded), LIMIT);
  return rows.length;
}

async function timeQuery(db: Database, seeded: Seeded, query: Query): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await build(db, seeded, query);
    samples.push(performance.now() - started);
  }
  return percentile(samples, 95);
}

async function measureEngine(engine: Engine): Promise<string> {
  const dbs: { size: number; db: Database; seeded: Seeded; seedMs: number }[] = [];
  for (const size of SIZES) {
    const db = await engine.open(size);
    const started = performance.now();
    const seeded = await seed(db, size);
    dbs.push({ size, db, seeded, seedMs: performance.now() - started });
    process.stdout.write(
      `  ${engine.name}: ${fmt(size, 0)} plans seeded in ${fmt((performance.now() - started) / 1000, 1)} s\n`,
    );
  }
  // Warm each database's caches and plans before timing.
  for (const { db, seeded } of dbs)
    for (const query of queries) for (let i = 0; i < 5; i++) await build(db, seeded, query);
  const counts: string[] = [];
  for (const query of queries) {
    const perSize: number[] = [];
    for (const { db, seeded } of dbs) perSize.push(await rowCount(db, seeded, query));
    counts.push(perSize.join(' / '));
  }
  // p95[query][size] per round.
  const p95 = queries.map(() => SIZES.map(() => [] as number[]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < dbs.length; k++) {
      const index = (round + k) % dbs.length;
      const { db, seeded } = dbs[index]!;
      for (const [q, query] of queries.entries()) p95[q]![index]!.push(await timeQuery(db, seeded, query));
    }
  }
  const first = 0;
  const last = SIZES.length - 1;
  const ratios = queries.map((_, q) => p95[q]![last]!.map((value, round) => value / p95[q]![first]![round]!));
  // From the size before the largest: where a selective filter's page is already full (at 1k it may hold only
  // the few matching rows), so the ratio is the list's growth alone.
  const upper = queries.map((_, q) =>
    p95[q]![last]!.map((value, round) => value / p95[q]![last - 1]![round]!),
  );
  const medians = ratios.map((r) => median(r));
  const worst = medians.indexOf(Math.max(...medians));
  const best = medians.indexOf(Math.min(...medians));
  const rows = queries.map(
    (query, q) =>
      `| ${query.name} | ${query.note} | ${counts[q]} | ${SIZES.map((_, s) => fmt(median(p95[q]![s]!), 2)).join(' | ')} | ${spread(ratios[q]!)} | ${spread(upper[q]!)} |`,
  );
  const largest = dbs[last]!;
  const explains: string[] = [];
  for (const query of queries) {
    const plan = rowsOf<Record<string, string>>(
      await largest.db.orm.execute(build(largest.db, largest.seeded, query, true)),
    )
      .map((row) => Object.values(row)[0])
      .join('\n');
    explains.push(`${query.name}:\n${plan}`);
  }
  for (const { db, size } of dbs) await engine.drop(db, size);
  return [
    `### ${engine.name}`,
    '',
    `Seeding (bulk inserts through the stores, plans + runs): ${dbs.map((d) => `${fmt(d.size, 0)} in ${fmt(d.seedMs / 1000, 1)} s`).join(', ')}.`,
    '',
    `| query | kind | rows answered | ${SIZES.map((size) => `p95 ms at ${fmt(size, 0)}`).join(' | ')} | p95 ${fmt(SIZES[last]!, 0)} ÷ ${fmt(SIZES[first]!, 0)}, median (min–max) of ${ROUNDS} rounds | ${fmt(SIZES[last]!, 0)} ÷ ${fmt(SIZES[last - 1]!, 0)} |`,
    `| --- | --- | ---: | ${SIZES.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...rows,
    '',
    `Worst query: **${queries[worst]!.name}**, ratio ${spread(ratios[worst]!)}; best: ${queries[best]!.name}, ratio ${spread(ratios[best]!)}.`,
    '',
    `<details><summary>EXPLAIN ANALYZE at ${fmt(SIZES[last]!, 0)} plans (${engine.name})</summary>`,
    '',
    '```',
    explains.join('\n\n'),
    '```',
    '',
    '</details>',
  ].join('\n');
}

export async function run(): Promise<BenchReport> {
  const sections: string[] = [];
  for (const engine of engines(url, 'bench_scale')) sections.push(await measureEngine(engine));
  return {
    id: 'scale',
    title: 'Lists as data grows (GET /v1/plans, GET /v1/runs)',
    markdown: [
      `The list queries the routes run (\`listPlans\`/\`listRuns\`, a page of ${LIMIT - 1} and one more), timed at the store ` +
        `over ${fmt(SIZES[0]!, 0)} → ${SIZES.slice(1)
          .map((s) => fmt(s, 0))
          .join(' → ')} plans (and as many runs, plus 60 runs of one plan). ` +
        `Four tenants, the measured one holding 55%; ${AGENTS} agents in it; statuses approved 45%, expired 20%, cancelled 10%, denied 8%, ` +
        'pending 3%, sent back 2%; environments prod 45%, stage 35%, dev 20%; risk depends on the environment (high: 10% of prod, ' +
        '0.5% of dev). Each size is its own database; rounds interleave the sizes; each figure is the median over rounds of a ' +
        `round's p95 of ${SAMPLES} calls; the ratio is per round. Target: p95 at 100k ≤ 1.5× p95 at 1k for every filter. ` +
        'At 1k a selective filter matches fewer rows than a page (3% of 550 plans is 16), so its 1k figure times a ' +
        'shorter answer (the rows column gives the answer at each size); the last column compares two sizes whose ' +
        'pages are both full, where they are. The EXPLAIN shows what each query reads at 100k: an index in the list ' +
        'order, stopped after the page (`actual rows=51`) or at the last matching row; every pair of filters has ' +
        'its own index (migration 0024), so only a combination of three or more reads rows it discards (`Rows ' +
        'Removed by Filter`), those of its most selective pair.',
      '',
      ...sections,
    ].join('\n'),
  };
}
