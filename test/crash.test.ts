import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../src/audit/verify-export.ts';
import { cliEntry, freePort } from './cli-spawn.ts';
import type { FakeKubernetesState } from './fakes/kubernetes.ts';
import { startFakeKubernetes } from './fakes/kubernetes.ts';
import type { FakeServer } from './fakes/server.ts';

// Several worker processes on one PostgreSQL, killed with SIGKILL mid-step again and again, and the API
// restarted: every run still ends, no side effect happens twice, nothing is lost, no secret leaks.
const url = process.env.WARRANT_TEST_DATABASE_URL;
const SECRET_OUT = `ghp_${randomBytes(18).toString('hex')}`;
const SECRET_IN = `ghp_${randomBytes(18).toString('hex')}`;
const PLANS = 8;
const STEPS = 3;

interface Proc {
  child: ChildProcess;
  output: string[];
}

let schema: string;
let home: string;
let k8s: FakeServer<FakeKubernetesState>;
let secretServer: ReturnType<typeof createServer>;
let secretUrl: string;
let env: Record<string, string>;
const processes: Proc[] = [];

function start(args: string[], extraEnv: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [cliEntry, ...args], {
    env: { ...process.env, ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: Proc = { child, output: [] };
  child.stdout!.on('data', (chunk) => proc.output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => proc.output.push(String(chunk)));
  processes.push(proc);
  return proc;
}

async function startApi(): Promise<{ proc: Proc; base: string }> {
  const port = await freePort();
  const proc = start(['serve', '--no-worker'], { WARRANT_GATEWAY_HTTP_ADDR: `127.0.0.1:${port}` });
  const base = `http://127.0.0.1:${port}`;
  // Startup takes a few seconds, far more on a loaded machine: wait up to 90 s before calling it a failure.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { proc, base };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not start: ${proc.output.join('')}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!url)('crashes (PostgreSQL)', () => {
  beforeAll(async () => {
    schema = `t_crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    home = mkdtempSync(join(tmpdir(), 'warrant-crash-'));
    k8s = await startFakeKubernetes();
    k8s.latencyMs = 700;
    for (let p = 0; p < PLANS; p++)
      for (let s = 0; s < STEPS; s++) k8s.state.addDeployment('shop', `d${p}-${s}`);
    secretServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', token: SECRET_OUT, header: `Bearer ${SECRET_OUT}` }));
    });
    await new Promise<void>((resolve) => secretServer.listen(0, '127.0.0.1', resolve));
    secretUrl = `http://127.0.0.1:${(secretServer.address() as AddressInfo).port}/status`;
    env = {
      DATABASE_URL: url!,
      WARRANT_DATABASE_SCHEMA: schema,
      WARRANT_HOME: home,
      WARRANT_CONNECTORS_K8S_API_URL: k8s.url,
      WARRANT_K8S_TOKEN: 'test-token',
      // http.request calls no host until one is listed; the status server is on loopback, named exactly.
      WARRANT_HTTP_ALLOWED_HOSTS: '127.0.0.1',
      WARRANT_ORCHESTRATOR_LEASE_SECONDS: '3',
      WARRANT_ORCHESTRATOR_RECONCILE_MS: '500',
      WARRANT_LOG_LEVEL: 'debug',
    };
  }, 60_000);

  afterAll(async () => {
    for (const proc of processes) proc.child.kill('SIGKILL');
    await k8s?.close();
    secretServer?.close();
    if (schema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
      await admin.end();
    }
  });

  it('ends every run exactly once through kill -9 of workers and an API restart', async () => {
    let api = await startApi();
    const adminKey = readFileSync(join(home, 'admin-key'), 'utf8').trim();
    const call = async <T>(method: string, path: string, key: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${api.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    const agent = (
      await call<{ key: string }>('POST', '/v1/keys', adminKey, { role: 'agent', name: 'crash-bot' })
    ).key;
    // The graph says namespace shop is stage (this database's, for both tests), so these plans need no approval.
    await call('PUT', '/v1/context/nodes/ns-shop', adminKey, {
      kind: 'namespace',
      name: 'shop',
      labels: { environment: 'stage' },
    });

    const submit = (steps: unknown[]) =>
      call<{ id: string; status: string }>('POST', '/v1/plans', agent, {
        summary: 'scale out',
        intent: 'crash test',
        context: { environment: 'stage', namespace: 'shop' },
        steps,
      });
    const runIds: string[] = [];
    for (let p = 0; p < PLANS; p++) {
      const plan = await submit(
        Array.from({ length: STEPS }, (_, s) => ({
          step_id: `s${s}`,
          action: 'scale',
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment: `d${p}-${s}`, replicas: s + 2 },
          rollback: { type: 'scale', steps: [] },
        })),
      );
      runIds.push((await call<{ id: string }>('POST', `/v1/plans/${plan.id}/runs`, agent)).id);
    }
    const readPlan = await submit([
      {
        step_id: 'read',
        action: 'read status',
        tool: 'http.request',
        input: { method: 'GET', url: secretUrl },
      },
    ]);
    const readRun = (await call<{ id: string }>('POST', `/v1/plans/${readPlan.id}/runs`, agent)).id;
    const secretInputPlan = await submit([
      {
        step_id: 'leak',
        action: 'call with a token',
        tool: 'http.request',
        input: { method: 'GET', url: secretUrl, headers: { authorization: `Bearer ${SECRET_IN}` } },
      },
    ]);
    const secretInputRun = (await call<{ id: string }>('POST', `/v1/plans/${secretInputPlan.id}/runs`, agent))
      .id;

    const workers = [start(['worker']), start(['worker']), start(['worker'])];
    for (let round = 0; round < 6; round++) {
      await sleep(900);
      const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
      victim.child.kill('SIGKILL');
      workers.push(start(['worker']));
      if (round === 2) {
        api.proc.child.kill('SIGKILL');
        api = await startApi();
      }
    }

    const finals = new Map<string, { status: string; error: { code: string } | null }>();
    const all = [...runIds, readRun, secretInputRun];
    for (let i = 0; i < 240 && finals.size < all.length; i++) {
      for (const id of all) {
        if (finals.has(id)) continue;
        const run = await call<{ status: string; error: { code: string } | null }>(
          'GET',
          `/v1/runs/${id}`,
          agent,
        );
        if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(run.status)) finals.set(id, run);
      }
      await sleep(500);
    }
    expect(finals.size).toBe(all.length);
    for (const id of runIds) expect(finals.get(id)?.status).toBe('succeeded');
    expect(finals.get(readRun)?.status).toBe('succeeded');
    expect(finals.get(secretInputRun)).toMatchObject({ status: 'failed' });

    // No side effect twice: the fake applied each key's change at most once, and every step's change once.
    expect([...k8s.effectsByKey.values()].every((count) => count <= 1)).toBe(true);
    // One applied change per step, each under the key derived from its run and step (none without a key).
    expect(k8s.effectsByKey.has('')).toBe(false);
    expect(k8s.effectsByKey.size).toBe(PLANS * STEPS);
    for (let p = 0; p < PLANS; p++) {
      for (let s = 0; s < STEPS; s++)
        expect(k8s.state.deployments.get(`shop/d${p}-${s}`)?.spec?.replicas).toBe(s + 2);
    }
    const db = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const calls = await db.query(
        `SELECT run_id, step_id, count(*)::int AS n, bool_and(status = 'succeeded') AS ok FROM tool_calls
         WHERE phase = 'do' AND run_id = ANY($1) GROUP BY run_id, step_id`,
        [runIds],
      );
      expect(calls.rows).toHaveLength(PLANS * STEPS);
      expect(calls.rows.every((row: { n: number; ok: boolean }) => row.n === 1 && row.ok)).toBe(true);
      const takeovers = await db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'run.taken_over'`,
      );
      expect(takeovers.rows[0].n).toBeGreaterThan(0);

      // Nothing lost, no audit gap: the whole log verifies against the signed checkpoint.
      await sleep(1500);
      const exported = await fetch(`${api.base}/v1/audit/export`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const publicKey = await (
        await fetch(`${api.base}/v1/audit/public-key`, { headers: { authorization: `Bearer ${adminKey}` } })
      ).text();
      const verdict = await verifyExport(
        (await exported.text()).split('\n').filter(Boolean),
        publicKey.trim(),
      );
      expect(verdict.status).toBe('ok');
      const pending = await db.query('SELECT count(*)::int AS n FROM audit_events WHERE leaf_index IS NULL');
      expect(pending.rows[0].n).toBeLessThan(5);

      // No secret in the database, the object store or any log line.
      const tables = await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      for (const { table_name: table } of tables.rows as { table_name: string }[]) {
        const dump = JSON.stringify((await db.query(`SELECT * FROM ${table}`)).rows);
        expect(dump, table).not.toContain(SECRET_OUT);
        expect(dump, table).not.toContain(SECRET_IN);
      }
    } finally {
      await db.end();
    }
    const objects = join(home, 'objects');
    const files = readdirSync(objects, { recursive: true, encoding: 'utf8' }).filter((f) =>
      statSync(join(objects, f)).isFile(),
    );
    expect(files.some((f) => f.startsWith('tool-output/'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(join(objects, file), 'utf8');
      expect(text).not.toContain(SECRET_OUT);
      expect(text).not.toContain(SECRET_IN);
    }
    const logs = processes.map((proc) => proc.output.join('')).join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(SECRET_OUT);
    expect(logs).not.toContain(SECRET_IN);
  }, 180_000);

  it('hands a run back cleanly on SIGTERM: the step in progress finishes, another worker continues', async () => {
    // Only this test's worker may claim the run: stop every process the first test left running.
    await Promise.all(
      processes.map(
        (proc) =>
          new Promise<void>((resolve) => {
            if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
            proc.child.once('exit', () => resolve());
            proc.child.kill('SIGKILL');
          }),
      ),
    );
    const api = await startApi();
    const adminKey = readFileSync(join(home, 'admin-key'), 'utf8').trim();
    const post = async <T>(path: string, body?: unknown, key = adminKey): Promise<T> => {
      const response = await fetch(`${api.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return (await response.json()) as T;
    };
    const agent = (await post<{ key: string }>('/v1/keys', { role: 'agent', name: 'handback-bot' })).key;
    for (let s = 0; s < 3; s++) k8s.state.addDeployment('shop', `h-${s}`);
    k8s.latencyMs = 1500;
    const plan = await post<{ id: string }>(
      '/v1/plans',
      {
        summary: 'slow scale',
        intent: 'handback test',
        context: { environment: 'stage', namespace: 'shop' },
        steps: Array.from({ length: 3 }, (_, s) => ({
          step_id: `h${s}`,
          action: 'scale',
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment: `h-${s}`, replicas: 4 },
        })),
      },
      agent,
    );
    const run = await post<{ id: string }>(`/v1/plans/${plan.id}/runs`, undefined, agent);
    const db = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const worker = start(['worker']);
      // The SIGTERM must land while h0 runs; a loaded machine may take long to start the worker.
      let firstStep: string | undefined;
      for (const deadline = Date.now() + 90_000; firstStep !== 'running' && Date.now() < deadline; ) {
        const { rows } = await db.query(`SELECT status FROM run_steps WHERE run_id = $1 AND step_id = 'h0'`, [
          run.id,
        ]);
        firstStep = rows[0]?.status;
        if (firstStep !== 'running') await sleep(50);
      }
      expect(firstStep).toBe('running');
      const exited = new Promise<number | null>((resolve) => worker.child.on('exit', resolve));
      worker.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const { rows } = await db.query('SELECT status, lease_owner FROM runs WHERE id = $1', [run.id]);
      expect(rows[0]).toMatchObject({ status: 'running', lease_owner: null });
      const steps = await db.query(
        'SELECT step_id, status FROM run_steps WHERE run_id = $1 ORDER BY position',
        [run.id],
      );
      expect(steps.rows[0].status).toBe('succeeded');
      k8s.latencyMs = 100;
      start(['worker']);
      let status = 'running';
      for (const deadline = Date.now() + 90_000; status === 'running' && Date.now() < deadline; ) {
        await sleep(100);
        status = (await db.query('SELECT status FROM runs WHERE id = $1', [run.id])).rows[0].status;
      }
      expect(status).toBe('succeeded');
      const calls = await db.query(
        `SELECT count(*)::int AS n FROM tool_calls WHERE run_id = $1 AND phase = 'do'`,
        [run.id],
      );
      expect(calls.rows[0].n).toBe(3);
      expect([...k8s.effectsByKey.values()].every((count) => count <= 1)).toBe(true);
    } finally {
      await db.end();
      api.proc.child.kill('SIGKILL');
    }
  }, 300_000);
});
