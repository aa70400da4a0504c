// Audit log costs: appends with the Merkle tree maintained vs plain inserts, inclusion proofs through HTTP at
// 10^4, 10^5 and 10^6 events, and export and offline verification speed of a 200k-event log written through appendAudit and the
// integrator. PostgreSQL runs use WARRANT_BENCH_DATABASE_URL, else the local
// postgres://postgres@127.0.0.1:5432/test, in a fresh schema dropped afterwards (skipped when unreachable).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createWarrant } from '../src/app.ts';
import { type AuditInput, appendAudit } from '../src/audit/append.ts';
import { generateSignerKey, parseSignerKey } from '../src/audit/checkpoint.ts';
import { CheckpointPublisher } from '../src/audit/checkpoints.ts';
import { exportChunks } from '../src/audit/export.ts';
import { verifyInclusion } from '../src/audit/merkle.ts';
import { AuditService } from '../src/audit/service.ts';
import { configSchema } from '../src/config/schema.ts';
import { systemClock } from '../src/core/clock.ts';
import { newId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { connect, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { rowsOf } from '../test/rows.ts';
import { type BenchReport, fmt, interleave, percentile, seededRandom, spread } from './lib.ts';

const PG_URL = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { signerKey, verifierKey } = generateSignerKey('warrant.bench/audit');
const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));

interface Engine {
  name: string;
  db: Database;
  close(): Promise<void>;
}

async function openEngine(kind: 'PGlite' | 'PostgreSQL'): Promise<Engine | undefined> {
  if (kind === 'PGlite') {
    const db = await connect({});
    await migrate(db.orm);
    return { name: 'PGlite (embedded)', db, close: () => db.close() };
  }
  const schema = `bench_audit_${randomBytes(4).toString('hex')}`;
  let admin: Database;
  try {
    admin = await connect({ url: PG_URL, poolSize: 1 });
  } catch {
    return undefined;
  }
  await admin.pool!.query(`CREATE SCHEMA ${schema}`);
  const db = await connect({ url: PG_URL, schema, poolSize: 20 });
  await migrate(db.orm);
  return {
    name: 'PostgreSQL 15',
    db,
    async close() {
      await db.close();
      await admin.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

async function newTenant(db: Database): Promise<string> {
  const id = newId();
  await db.orm.execute(sql`INSERT INTO tenants (id, name) VALUES (${id}, ${`t${id.slice(0, 8)}`})`);
  return id;
}

const input = (tenantId: string, i: number): AuditInput => ({
  tenant_id: tenantId,
  actor: { id: 'bench-agent', type: 'agent', roles: ['agent'], tenant_id: tenantId },
  action: 'tool_call.authorized',
  occurred_at: new Date(),
  decision: 'allow',
  context: { environment: 'prod', namespace: 'payments', step_id: `s${i}` },
});

/** `count` one-event transactions from `writers` concurrent writers. */
async function writeAll(
  count: number,
  writers: number,
  write: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < count; i = next++) await write(i);
    }),
  );
}

async function pendingCount(db: Database, tenantId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.orm.execute(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = ${tenantId} AND leaf_index IS NULL`,
    ),
  );
  return row!.n;
}

interface AppendRate {
  engine: string;
  events: number;
  writers: number;
  plain: number[];
  tree: number[];
}

/**
 * Plain inserts beside appends with the tree, in interleaved rounds (plain, tree, tree, plain, …): each window
 * writes `events` one-event transactions into a fresh tenant from `writers` writers; "with tree" runs the
 * integrator loop alongside and stops the clock when every event has its leaf index. Events/s per window.
 */
async function appendThroughput(engine: Engine, events: number, writers: number): Promise<AppendRate> {
  const { db } = engine;
  // The same columns and indexes as audit_events, without the integrator behind it.
  await db.orm.execute(
    sql`CREATE TABLE audit_plain (LIKE audit_events INCLUDING DEFAULTS INCLUDING INDEXES)`,
  );
  const plainInsert = (tenantId: string, i: number) => {
    const event = input(tenantId, i);
    const body = {
      ...event,
      event_id: newId(),
      occurred_at: event.occurred_at.toISOString(),
      evidence_refs: [],
    };
    return db.orm.transaction((tx) =>
      tx.execute(sql`
        INSERT INTO audit_plain (event_id, tenant_id, occurred_at, action, actor_id, plan_id, run_id, body)
        VALUES (${body.event_id}, ${tenantId}, ${body.occurred_at}, ${body.action}, ${body.actor.id}, NULL, NULL,
                ${JSON.stringify(body)}::jsonb)`),
    );
  };
  const plain = async () => {
    const tenantId = await newTenant(db);
    const started = performance.now();
    await writeAll(events, writers, (i) => plainInsert(tenantId, i));
    return events / ((performance.now() - started) / 1000);
  };
  const tree = async () => {
    const audit = new AuditService({
      db,
      publisher: new CheckpointPublisher({ db, signer: parseSignerKey(signerKey), clock: systemClock }),
      clock: systemClock,
      logger: createLogger({ level: 'silent' }),
      settings: { integrate_interval_ms: 250, checkpoint_interval_ms: 5_000 },
    });
    const tenantId = await newTenant(db);
    audit.start();
    const started = performance.now();
    await writeAll(events, writers, (i) => db.orm.transaction((tx) => appendAudit(tx, input(tenantId, i))));
    while ((await pendingCount(db, tenantId)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const perSecond = events / ((performance.now() - started) / 1000);
    await audit.stop();
    return perSecond;
  };
  const warm = await newTenant(db);
  await writeAll(300, writers, (i) => plainInsert(warm, i));
  return { engine: engine.name, events, writers, ...(await interleave(ROUNDS, { plain, tree })) };
}

// One log per size, each in its own tenant of one database: 10k → 100k → 1M events.
const PROOF_SIZES = (process.env.BENCH_AUDIT_PROOF_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const PROOFS_PER_ROUND = 200;

interface ProofCurve {
  engine: string;
  /** Per size, per round: p50 and p99 of PROOFS_PER_ROUND proofs, ms. */
  sizes: { size: number; p50: number[]; p99: number[] }[];
  buildSeconds: number;
  /** The largest log's build, events/s (appended and integrated) in each tenth: flat if the log's size costs nothing. */
  tenths: number[];
}

/**
 * Inclusion proofs as a client gets them: `GET /v1/audit/events/:id/proof` over loopback HTTP with an auditor's
 * API key, from a Warrant server (createWarrant, in this process) on the engine's database. Each log is written
 * as events are in production, through appendAudit (transactions of 500) and the server's own integrator
 * (signatures checked, leaves and tree nodes stored); every answer is checked against its root before it counts.
 * Rounds interleave the sizes; each round asks for PROOFS_PER_ROUND random events, one after another.
 */
async function proofCurve(engine: Engine): Promise<ProofCurve> {
  const { db } = engine;
  const warrant = await createWarrant({
    config: configSchema.parse({ ops: { rate_limit_per_minute: 0, rate_limit_per_ip_per_minute: 0 } }),
    db,
    home: '/nonexistent',
    logger: createLogger({ level: 'silent' }),
    // The bench's key: the export part below verifies this process's events against it.
    auditSignerKey: signerKey,
  });
  try {
    const boot = await warrant.tenancy.bootstrap();
    if (!boot) throw new Error('the bench database must hold no tenant yet');
    const admin = (await warrant.tenancy.authenticateKey(boot.token))!;
    const built = performance.now();
    const logs: { size: number; tenantId: string; key: string }[] = [];
    const tenths: number[] = [];
    for (const size of PROOF_SIZES) {
      const name = `proofs-${size}`;
      const tenant = await warrant.tenancy.createTenant(admin, name);
      const { key } = await warrant.tenancy.createKey(admin, {
        tenant: name,
        role: 'auditor',
        name: 'bench',
      });
      tenths.length = 0;
      let tenthStarted = performance.now();
      for (let at = 0; at < size; at += 500) {
        const count = Math.min(500, size - at);
        await db.orm.transaction((tx) =>
          appendAudit(tx, ...Array.from({ length: count }, (_, i) => input(tenant.id, at + i))),
        );
        while ((await warrant.audit.integrateNow()) > 0);
        if ((at + count) % (size / 10) === 0) {
          tenths.push(size / 10 / ((performance.now() - tenthStarted) / 1000));
          tenthStarted = performance.now();
        }
        if ((at + count) % 100_000 === 0) progress(`${engine.name}: ${name} at ${fmt(at + count, 0)} events`);
      }
      logs.push({ size, tenantId: tenant.id, key });
    }
    const buildSeconds = (performance.now() - built) / 1000;
    await warrant.server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(warrant.server.server.address() as { port: number }).port}`;
    const random = seededRandom(22);
    const round = async ({ size, tenantId, key }: (typeof logs)[number]) => {
      const leaves = Array.from({ length: PROOFS_PER_ROUND }, () => Math.floor(random() * size));
      const ids = rowsOf<{ event_id: string }>(
        await db.orm.execute(sql`
          SELECT event_id FROM audit_events
          WHERE tenant_id = ${tenantId} AND leaf_index = ANY(${`{${leaves.join(',')}}`}::bigint[])`),
      ).map((row) => row.event_id);
      const times: number[] = [];
      for (const id of ids) {
        const started = performance.now();
        const response = await fetch(`${base}/v1/audit/events/${id}/proof`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const proof = (await response.json()) as InclusionAnswer;
        times.push(performance.now() - started);
        if (!response.ok || !verifies(proof)) throw new Error(`proof of ${id}: ${JSON.stringify(proof)}`);
      }
      return { p50: percentile(times, 50), p99: percentile(times, 99) };
    };
    for (const log of logs) await round(log);
    const rounds = await interleave(
      ROUNDS,
      Object.fromEntries(logs.map((log) => [String(log.size), () => round(log)])),
    );
    return {
      engine: engine.name,
      buildSeconds,
      tenths,
      sizes: logs.map(({ size }) => ({
        size,
        p50: rounds[String(size)]!.map((r) => r.p50),
        p99: rounds[String(size)]!.map((r) => r.p99),
      })),
    };
  } finally {
    await warrant.close();
  }
}

interface InclusionAnswer {
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  root: string;
  inclusion: string[];
}

const bytes = (hex: string) => Buffer.from(hex, 'hex');
const verifies = (proof: InclusionAnswer) =>
  verifyInclusion(
    proof.leaf_index,
    proof.tree_size,
    bytes(proof.leaf_hash),
    proof.inclusion.map(bytes),
    bytes(proof.root),
  );

/** A median in bold, its spread beside it. */
const bold = (values: number[]) => spread(values, 0).replace(/^(\S+)/, '**$1**');

const progress = (line: string) => process.stderr.write(`${line}\n`);

const EXPORT_EVENTS = Number(process.env.BENCH_AUDIT_EXPORT_EVENTS ?? 200_000);

/** Writes the export to a file as the HTTP reply takes it: chunk by chunk, waiting when the stream is full. */
async function exportToFile(
  db: Database,
  publisher: CheckpointPublisher,
  tenantId: string,
  file: string,
  since?: string,
): Promise<number> {
  const out = createWriteStream(file);
  const started = performance.now();
  for await (const chunk of exportChunks(db.orm, publisher, tenantId, since))
    if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return (performance.now() - started) / 1000;
}

/** `warrant audit verify`'s path in a process of its own, as the CLI runs it; seconds. */
function verifyFile(file: string, key: string): number {
  const verifier = spawnSync(
    process.execPath,
    [new URL('./servers/verify.ts', import.meta.url).pathname, file, key],
    { encoding: 'utf8' },
  );
  const result = JSON.parse(verifier.stdout) as { status: string; message: string; ms: number };
  if (result.status !== 'ok') throw new Error(`verify: ${result.message}`);
  return result.ms / 1000;
}

interface ExportRate {
  engine: string;
  events: number;
  megabytes: number;
  buildSeconds: number;
  /** Events/s per round. */
  full: number[];
  since: number[];
  verify: number[];
}

/**
 * A log of EXPORT_EVENTS events appended through appendAudit (transactions of 500, as the write-behind batches)
 * and integrated by AuditService, a checkpoint signed every 10,000; then ROUNDS rounds of: the full export, the
 * export `since` the checkpoint in the middle, and verification of the full export.
 */
async function exportSpeed(engine: Engine): Promise<ExportRate> {
  const { db } = engine;
  const signer = parseSignerKey(signerKey);
  const publisher = new CheckpointPublisher({ db, signer, clock: systemClock });
  const audit = new AuditService({
    db,
    publisher,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    settings: { integrate_interval_ms: 250, checkpoint_interval_ms: 5_000 },
    installationKey: signer,
  });
  const tenantId = await newTenant(db);
  const built = performance.now();
  let since: string | undefined;
  for (let at = 0; at < EXPORT_EVENTS; at += 500) {
    const count = Math.min(500, EXPORT_EVENTS - at);
    await db.orm.transaction((tx) =>
      appendAudit(tx, ...Array.from({ length: count }, (_, i) => input(tenantId, at + i))),
    );
    while ((await audit.integrateNow()) > 0);
    if ((at + count) % 10_000 === 0 || at + count === EXPORT_EVENTS) {
      await publisher.latest(tenantId);
      // Just after the checkpoint of the middle: an export since then starts there.
      if (at + count === EXPORT_EVENTS / 2) since = new Date().toISOString();
    }
  }
  const buildSeconds = (performance.now() - built) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'warrant-bench-'));
  const file = join(dir, 'audit.jsonl');
  const half = join(dir, 'since.jsonl');
  const rates = { full: [] as number[], since: [] as number[], verify: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rates.full.push(EXPORT_EVENTS / (await exportToFile(db, publisher, tenantId, file)));
      const sinceEvents = EXPORT_EVENTS - EXPORT_EVENTS / 2;
      rates.since.push(sinceEvents / (await exportToFile(db, publisher, tenantId, half, since)));
      rates.verify.push(EXPORT_EVENTS / verifyFile(file, verifierKey));
    }
    return {
      engine: engine.name,
      events: EXPORT_EVENTS,
      megabytes: statSync(file).size / 1e6,
      buildSeconds,
      ...rates,
    };
  } finally {
    rmSync(dir, { recursive: true });
  }
}

export async function run(): Promise<BenchReport> {
  const appends: AppendRate[] = [];
  const proofs: ProofCurve[] = [];
  const exports: ExportRate[] = [];
  // BENCH_AUDIT_PARTS=export runs only the export and verify part (while working on it; not for the record).
  const parts = process.env.BENCH_AUDIT_PARTS ?? 'appends,proofs,export';
  for (const [kind, events, writers] of [
    ['PGlite', 3_000, 4],
    ['PostgreSQL', 10_000, 16],
  ] as const) {
    // Each part on a database of its own: appends timed after the proof logs were written into a log of 1.1M
    // events against a plain table that started empty (PGlite: 651 against 2,631/s, 4.0×).
    const measures: [string, (engine: Engine) => Promise<void>][] = [
      ['proofs', async (engine) => void proofs.push(await proofCurve(engine))],
      ['appends', async (engine) => void appends.push(await appendThroughput(engine, events, writers))],
      ['export', async (engine) => void exports.push(await exportSpeed(engine))],
    ];
    for (const [part, measure] of measures) {
      if (!parts.includes(part)) continue;
      const engine = await openEngine(kind);
      if (!engine) {
        process.stdout.write(`${kind}: ${PG_URL} unreachable, skipped\n`);
        break;
      }
      try {
        await measure(engine);
      } finally {
        await engine.close();
      }
    }
  }
  const machine = `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end (1, 5, 15 min)`;
  const markdown = [
    `Appends: ${ROUNDS} interleaved rounds of plain inserts and appends with the tree, each window one event per`,
    'transaction into a fresh tenant; "with tree" runs the integrator loop (250 ms interval) alongside and stops the',
    'clock when every event has its leaf index. The plain table has the same columns and indexes (`LIKE',
    'audit_events`). Median (min–max); the slowdown is per round. Target: < 2×.',
    '',
    '| engine | events per window | writers | plain inserts/s | appends/s with tree | slowdown |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...appends.map(
      (a) =>
        `| ${a.engine} | ${fmt(a.events, 0)} | ${a.writers} | ${spread(a.plain, 0)} | ${spread(a.tree, 0)} | ` +
        `**${spread(a.plain.map((plain, i) => plain / a.tree[i]!))}×** |`,
    ),
    '',
    `Inclusion proofs as a client gets them: \`GET /v1/audit/events/:id/proof\` over loopback HTTP with an auditor's`,
    'API key, from a Warrant server in the bench process on the same database. Each log is its own tenant, written',
    "through `appendAudit` (transactions of 500) and the server's integrator (signatures checked, tree stored);",
    `every answer is checked against its root. ${ROUNDS} rounds interleave the sizes, each ${PROOFS_PER_ROUND} random`,
    "events asked one after another; figures are the median (min–max) of the rounds' p50 and p99, and the",
    'growth is per round, p99 at each size ÷ p99 at the smallest.',
    '',
    '| engine | events | proof p50 ms | proof p99 ms | p99 ÷ smallest |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...proofs.flatMap((curve) =>
      curve.sizes.map(
        (s) =>
          `| ${curve.engine} | ${fmt(s.size, 0)} | ${spread(s.p50)} | ${spread(s.p99)} | ` +
          `${spread(s.p99.map((p99, i) => p99 / curve.sizes[0]!.p99[i]!))} |`,
      ),
    ),
    '',
    `Building the proof logs took ${proofs.map((p) => `${fmt(p.buildSeconds, 0)} s (${p.engine})`).join(', ')}.`,
    `The largest log's build as it grew, events appended (transactions of 500) and integrated per second in each`,
    "tenth: flat when the log's size costs the writers and the integrator nothing (before migration 0031 the",
    "integrator's pending read visited every event integrated so far).",
    '',
    '| engine | events | first tenth | last tenth | last ÷ first | every tenth |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...proofs.map(
      (p) =>
        `| ${p.engine} | ${fmt(PROOF_SIZES.at(-1)!, 0)} | ${fmt(p.tenths[0]!, 0)} | ${fmt(p.tenths.at(-1)!, 0)} | ` +
        `**${fmt(p.tenths.at(-1)! / p.tenths[0]!)}** | ${p.tenths.map((t) => fmt(t, 0)).join(', ')} |`,
    ),
    '',
    `Export and offline verification of one log of ${fmt(EXPORT_EVENTS, 0)} events per engine, written through`,
    '`appendAudit` (transactions of 500) and the integrator, with signed events and a checkpoint every 10,000.',
    `Median of ${ROUNDS} rounds, spread min–max. Export: \`exportChunks\` (what \`GET /v1/audit/export\` and`,
    '`warrant audit export` stream) written to a file with backpressure; "full" is the worst case (the whole log),',
    '"since middle" exports from the checkpoint at half the log (its events/s count the half it exports). Verify:',
    "`warrant audit verify`'s path (file + readline) in a process of its own, over the full export, in the same round.",
    '',
    '| engine | events | MB | export full events/s | export since middle events/s | verify events/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...exports.map(
      (x) =>
        `| ${x.engine} | ${fmt(x.events, 0)} | ${fmt(x.megabytes, 1)} | ${bold(x.full)} | ${bold(x.since)} | ${bold(x.verify)} |`,
    ),
    '',
    `Target: export ≥ 20,000 events/s on both engines (issue 17). Building each log took ${exports.map((x) => `${fmt(x.buildSeconds, 0)} s (${x.engine})`).join(', ')}; ${machine}.`,
  ].join('\n');
  return {
    id: 'audit',
    title: 'Audit log: appends with the Merkle tree, proofs, export and offline verification',
    markdown,
  };
}
