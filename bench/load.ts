// `npm run load [-- --soak | --fault]`: sustained /v1/authorize and plan submission against one
// `warrant serve` on PostgreSQL for a fixed time, reporting throughput, p50/p99 and errors.
//   --soak   the same for longer (LOAD_SECONDS, default 300)
//   --fault  restarts PostgreSQL in the middle and shows Warrant recovering: every accepted plan is
//            still there afterwards and the audit log verifies with no gap.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { verifyExport } from '../src/audit/verify-export.ts';
import { fmt, recordReport } from './lib.ts';

const mode = process.argv.includes('--fault') ? 'fault' : process.argv.includes('--soak') ? 'soak' : 'load';
const seconds = Number(process.env.LOAD_SECONDS ?? (mode === 'soak' ? 300 : mode === 'fault' ? 30 : 20));
const url = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
const AUTHORIZE_LOOPS = 12;
const SUBMIT_LOOPS = 4;

interface Stats {
  latencies: number[];
  ok: number;
  errors: Map<string, number>;
}
const newStats = (): Stats => ({ latencies: [], ok: 0, errors: new Map() });
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main() {
  const schema = `load_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const home = mkdtempSync(join(tmpdir(), 'warrant-load-'));
  const port = 18000 + (process.pid % 1000);
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [cli, 'serve', '--no-worker'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      WARRANT_DATABASE_SCHEMA: schema,
      WARRANT_HOME: home,
      WARRANT_GATEWAY_HTTP_ADDR: `127.0.0.1:${port}`,
      WARRANT_LOG_LEVEL: 'warn',
      // One key on one address: rate limits would measure themselves.
      WARRANT_OPS_RATE_LIMIT_PER_MINUTE: '0',
      WARRANT_OPS_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; i < 300; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const adminKey = readFileSync(join(home, 'admin-key'), 'utf8').trim();
    const post = async (path: string, key: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const agent = (await post('/v1/keys', adminKey, { role: 'agent', name: 'load' })).body.key as string;
    const input = { namespace: 'shop', deployment: 'checkout', replicas: 3 };
    const plan = (i: number) => ({
      summary: `load ${i}`,
      intent: 'load test',
      context: { environment: 'stage', namespace: 'shop' },
      steps: [
        { step_id: 'scale', action: 'scale', tool: 'k8s.scale', input: { ...input, replicas: (i % 9) + 1 } },
      ],
    });
    const planId = (await post('/v1/plans', agent, plan(0))).body.id as string;
    const call = { plan_id: planId, step_id: 'scale', tool: 'k8s.scale', input: { ...input, replicas: 1 } };

    const authorize = newStats();
    const submit = newStats();
    const accepted: string[] = [];
    const deadline = performance.now() + seconds * 1000;
    const loop = async (
      stats: Stats,
      fn: (i: number) => Promise<{ status: number; body: Record<string, unknown> }>,
    ) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const started = performance.now();
        try {
          const answer = await fn(i);
          stats.latencies.push(performance.now() - started);
          if (answer.status < 300) stats.ok++;
          else stats.errors.set(String(answer.status), (stats.errors.get(String(answer.status)) ?? 0) + 1);
          if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 200));
        } catch (error) {
          stats.errors.set('network', (stats.errors.get('network') ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 200));
          void error;
        }
      }
    };
    let restart: Promise<void> = Promise.resolve();
    if (mode === 'fault') {
      restart = new Promise((resolve) =>
        setTimeout(
          () => {
            const cluster = readdirSync('/etc/postgresql')[0]!;
            process.stdout.write(`restarting PostgreSQL ${cluster} …\n`);
            // Asynchronously: the load keeps running through the restart.
            execFile('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'restart'], (error) => {
              process.stdout.write(error ? `restart failed: ${error.message}\n` : 'PostgreSQL is back\n');
              resolve();
            });
          },
          (seconds * 1000) / 3,
        ),
      );
    }
    await Promise.all([
      ...Array.from({ length: AUTHORIZE_LOOPS }, () =>
        loop(authorize, () => post('/v1/authorize', agent, call)),
      ),
      ...Array.from({ length: SUBMIT_LOOPS }, (_, l) =>
        loop(submit, async (i) => {
          const answer = await post('/v1/plans', agent, plan(l * 1_000_000 + i + 1));
          if (answer.status === 201) accepted.push(answer.body.id as string);
          return answer;
        }),
      ),
      restart,
    ]);

    // Nothing lost: every plan the server accepted is stored; the audit log verifies with no gap.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const db = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await db.connect();
    const stored = await db.query('SELECT count(*)::int AS n FROM plans WHERE id = ANY($1)', [accepted]);
    const pending = await db.query('SELECT count(*)::int AS n FROM audit_events WHERE leaf_index IS NULL');
    await db.end();
    const exported = await fetch(`${base}/v1/audit/export`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const key = await (
      await fetch(`${base}/v1/audit/public-key`, { headers: { authorization: `Bearer ${adminKey}` } })
    ).text();
    const verdict = await verifyExport((await exported.text()).split('\n').filter(Boolean), key.trim());

    const row = (name: string, stats: Stats) => {
      const sorted = [...stats.latencies].sort((a, b) => a - b);
      const errors = [...stats.errors].map(([code, n]) => `${n}×${code}`).join(', ') || '0';
      return `| ${name} | ${fmt(stats.ok / seconds, 0)} | ${fmt(percentile(sorted, 0.5), 2)} | ${fmt(percentile(sorted, 0.99), 2)} | ${errors} |`;
    };
    const markdown = [
      `${seconds} s against one \`warrant serve --no-worker\` on PostgreSQL: ${AUTHORIZE_LOOPS} closed loops of /v1/authorize and ${SUBMIT_LOOPS} of plan submission at once.` +
        (mode === 'fault'
          ? ` PostgreSQL was restarted (\`pg_ctlcluster … restart\`) ${Math.round(seconds / 3)} s in.`
          : ''),
      '',
      '| request | ok/s | p50 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | --- |',
      row('POST /v1/authorize', authorize),
      row('POST /v1/plans', submit),
      '',
      `Accepted plans stored afterwards: **${stored.rows[0].n} of ${accepted.length}**. Audit log: ${verdict.events} events, ` +
        `export verifies **${verdict.status}**${verdict.firstBad ? ` (first bad: ${JSON.stringify(verdict.firstBad)})` : ''}; ` +
        `${pending.rows[0].n} events not yet integrated at the end.`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    recordReport(
      {
        id: mode,
        title:
          mode === 'fault'
            ? 'Fault test: PostgreSQL restarted under load'
            : mode === 'soak'
              ? 'Soak test'
              : 'Load test',
        markdown,
      },
      `npm run load${mode === 'load' ? '' : ` -- --${mode}`}`,
    );
    const ok = stored.rows[0].n === accepted.length && verdict.status === 'ok';
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
    await cleanup.end();
  }
}

await main();
