// Runs completed per minute with 1, 2 and 4 `warrant worker` processes on PostgreSQL, against the
// simulated connector; and Warrant's overhead per step (authorize + audit + evidence) beside calling
// the connector directly, in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createWarrant } from '../src/app.ts';
import { configSchema } from '../src/config/schema.ts';
import { SimulatedCluster } from '../src/connectors/simulated.ts';
import { createLogger } from '../src/core/logger.ts';
import type { Actor } from '../src/core/roles.ts';
import { connect } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import type { PlanSubmission } from '../src/plans/plan-schema.ts';
import { PlanSubmissionSchema } from '../src/plans/plan-schema.ts';
import { rowsOf } from '../test/rows.ts';
import { type BenchReport, fmt } from './lib.ts';

const url = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const STEPS = 3;
const LATENCY_MS = 5;
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;

const plan = (i: number): PlanSubmission =>
  PlanSubmissionSchema.parse({
    summary: `bench ${i}`,
    intent: 'benchmark',
    context: { environment: 'stage', namespace: 'shop' },
    steps: Array.from({ length: STEPS }, (_, s) => ({
      step_id: `s${s}`,
      action: 'scale',
      tool: 'k8s.scale',
      input: { namespace: 'shop', deployment: 'checkout', replicas: ((i + s) % 5) + 2 },
      rollback: { type: 'scale', steps: [] },
      evidence_required: [{ type: 'promql', query: 'sum(rate(http_requests_errors_total[5m]))' }],
    })),
  });

async function measure(workers: number): Promise<{ perMinute: number; stepMs: number }> {
  const schema = `bench_runs_${process.pid}_${workers}`;
  const admin = await connect({ url });
  await admin.pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await connect({ url, schema });
  await migrate(db.orm);
  const home = mkdtempSync(join(tmpdir(), 'warrant-bench-'));
  const warrant = await createWarrant({
    config: configSchema.parse({}),
    db,
    home,
    logger: createLogger({ level: 'silent' }),
  });
  const boot = (await warrant.tenancy.bootstrap())!;
  const root = (await warrant.tenancy.authenticateKey(boot.token)) as Actor;
  const agent = (await warrant.tenancy.authenticateKey(
    (
      await warrant.tenancy.createKey(root, { role: 'agent', name: 'bench' })
    ).key,
  )) as Actor;
  const plans = [];
  for (let i = 0; i < RUNS; i++) plans.push((await warrant.plans.submit(agent, plan(i))).body.id);

  const env = {
    ...process.env,
    DATABASE_URL: url,
    WARRANT_DATABASE_SCHEMA: schema,
    WARRANT_HOME: home,
    WARRANT_CONNECTORS_SIMULATED_ENABLED: 'true',
    WARRANT_CONNECTORS_SIMULATED_LATENCY_MS: String(LATENCY_MS),
    WARRANT_ORCHESTRATOR_RECONCILE_MS: '200',
    WARRANT_LOG_LEVEL: 'warn',
  };
  const children: ChildProcess[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const child = spawn(process.execPath, [cli, 'worker'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      // Measure runs, not process start-up: wait for the worker to say it is ready.
      await new Promise<void>((resolve) => {
        process.nextTick(() => {});
        child.stdout!.on('data', () => resolve());
        setTimeout(resolve, 15_000);
      });
    }),
  );
  await warrant.openQueue();
  const started = performance.now();
  for (const id of plans) await warrant.runs.start(agent, id);
  for (;;) {
    const [row] = rowsOf<{ open: number }>(
      await db.orm.execute(sql`SELECT count(*)::int AS open FROM runs WHERE status IN ('queued', 'running')`),
    );
    if (row!.open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsedMs = performance.now() - started;
  const [step] = rowsOf<{ ms: number }>(
    await db.orm.execute(sql`
      SELECT avg(extract(epoch FROM completed_at - started_at) * 1000)::float AS ms FROM run_steps WHERE status = 'succeeded'`),
  );
  const [failed] = rowsOf<{ n: number }>(
    await db.orm.execute(sql`SELECT count(*)::int AS n FROM runs WHERE status <> 'succeeded'`),
  );
  for (const child of children) child.kill('SIGTERM');
  await warrant.close();
  await db.pool!.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
  await db.close();
  if (failed!.n > 0) throw new Error(`${failed!.n} bench runs did not succeed`);
  return { perMinute: (RUNS / elapsedMs) * 60_000, stepMs: step!.ms };
}

/** The same step's connector work alone: the call and its evidence, no Warrant around it. */
async function directStepMs(): Promise<number> {
  const cluster = new SimulatedCluster({ latencyMs: LATENCY_MS });
  const ctx = { signal: new AbortController().signal, heartbeat: () => {} };
  const n = 100;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const key = { ...ctx, idempotencyKey: `direct-${i}` };
    await cluster.call(
      'k8s.scale',
      { namespace: 'shop', deployment: 'checkout', replicas: (i % 5) + 2 },
      key,
    );
    await cluster.collect({ type: 'promql', query: 'sum(rate(http_requests_errors_total[5m]))' }, key);
  }
  return (performance.now() - t) / n;
}

export async function run(): Promise<BenchReport> {
  const direct = await directStepMs();
  const rows: string[] = [];
  let stepMs = 0;
  for (const workers of [1, 2, 4]) {
    const result = await measure(workers);
    if (workers === 1) stepMs = result.stepMs;
    rows.push(`| ${workers} | ${fmt(result.perMinute, 0)} | ${fmt(result.stepMs, 1)} |`);
    process.stdout.write(`  ${workers} worker(s): ${fmt(result.perMinute, 0)} runs/min\n`);
  }
  return {
    id: 'runs',
    title: 'Durable runs on PostgreSQL (simulated connector)',
    markdown: [
      `${RUNS} runs of ${STEPS} steps (k8s.scale + one PromQL evidence each) per row; each \`warrant worker\` drives 2 runs at once.`,
      '',
      '| workers | runs/min | mean step ms |',
      '| ---: | ---: | ---: |',
      ...rows,
      '',
      `Per step: ${fmt(stepMs, 1)} ms through Warrant (1 worker) vs ${fmt(direct, 1)} ms calling the connector directly ` +
        `(call + evidence, ${LATENCY_MS} ms simulated latency each): **${fmt(stepMs - direct, 1)} ms overhead** for ` +
        'preconditions, re-authorization, tool-call records, redaction, object-store writes and audit events.',
    ].join('\n'),
  };
}
