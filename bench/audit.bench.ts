// Audit log costs: appends with the Merkle tree maintained vs plain inserts, proof latency at 10^5 and 10^6
// events, and export and offline verification speed of a 200k-event log written through appendAudit and the
// integrator. PostgreSQL runs use WARRANT_BENCH_DATABASE_URL, else the local
// postgres://postgres@127.0.0.1:5432/test, in a fresh schema dropped afterwards (skipped when unreachable).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type AuditInput, appendAudit } from '../src/audit/append.ts';
import { generateSignerKey, parseSignerKey } from '../src/audit/checkpoint.ts';
import { CheckpointPublisher } from '../src/audit/checkpoints.ts';
import { exportChunks } from '../src/audit/export.ts';
import {
  appendLeaves,
  assemble,
  inclusionPlan,
  leafHash,
  planNodes,
  rootPlan,
  verifyInclusion,
} from '../src/audit/merkle.ts';
import { AuditService } from '../src/audit/service.ts';
import { fetchNodes, insertNodes } from '../src/audit/tree-store.ts';
import { systemClock } from '../src/core/clock.ts';
import { newId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { connect, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { rowsOf } from '../test/rows.ts';
import { type BenchReport, fmt } from './lib.ts';

const PG_URL = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { signerKey, verifierKey } = generateSignerKey('warrant.bench/audit');

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
  plainPerSecond: number;
  treePerSecond: number;
}

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
  const warm = await newTenant(db);
  await writeAll(300, writers, (i) => plainInsert(warm, i));

  const plainTenant = await newTenant(db);
  let started = performance.now();
  await writeAll(events, writers, (i) => plainInsert(plainTenant, i));
  const plainSeconds = (performance.now() - started) / 1000;

  const audit = new AuditService({
    db,
    publisher: new CheckpointPublisher({ db, signer: parseSignerKey(signerKey), clock: systemClock }),
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    settings: { integrate_interval_ms: 250, checkpoint_interval_ms: 5_000 },
  });
  const tenantId = await newTenant(db);
  audit.start();
  started = performance.now();
  await writeAll(events, writers, (i) => db.orm.transaction((tx) => appendAudit(tx, input(tenantId, i))));
  while ((await pendingCount(db, tenantId)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const treeSeconds = (performance.now() - started) / 1000;
  await audit.stop();
  return {
    engine: engine.name,
    events,
    writers,
    plainPerSecond: events / plainSeconds,
    treePerSecond: events / treeSeconds,
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** A tree of `size` synthetic leaves stored directly; then inclusion proofs fetched and assembled. */
async function proofLatency(db: Database, size: number, samples = 500) {
  const tenantId = await newTenant(db);
  const chunk = 50_000;
  let tree = appendLeaves(0, [], []);
  for (let at = 0; at < size; at += chunk) {
    const leaves = Array.from({ length: Math.min(chunk, size - at) }, (_, i) => leafHash(`leaf ${at + i}`));
    const grown = appendLeaves(tree.size, tree.frontier, leaves);
    for (let n = 0; n < grown.nodes.length; n += 20_000)
      await insertNodes(db.orm, tenantId, grown.nodes.slice(n, n + 20_000));
    tree = grown;
  }
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const leaf = Math.floor(Math.random() * size);
    const started = performance.now();
    const plan = inclusionPlan(leaf, size);
    const root = rootPlan(size);
    const nodes = await fetchNodes(db.orm, tenantId, planNodes(plan, root));
    const proof = assemble(plan, nodes);
    const rootHash = assemble(root, nodes)[0]!;
    times.push(performance.now() - started);
    if (!verifyInclusion(leaf, size, leafHash(`leaf ${leaf}`), proof, rootHash)) throw new Error('bad proof');
  }
  times.sort((a, b) => a - b);
  return { size, p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const EXPORT_EVENTS = Number(process.env.BENCH_AUDIT_EXPORT_EVENTS ?? 200_000);
const ROUNDS = 5;

/** Median and spread of a sample (events/s). */
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
type Summary = ReturnType<typeof summary>;

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
  full: Summary;
  since: Summary;
  verify: Summary;
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
      full: summary(rates.full),
      since: summary(rates.since),
      verify: summary(rates.verify),
    };
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const spread = (s: Summary) => `${fmt(s.min, 0)}–${fmt(s.max, 0)}`;

export async function run(): Promise<BenchReport> {
  const appends: AppendRate[] = [];
  const proofs: { engine: string; size: number; p50: number; p99: number }[] = [];
  const exports: ExportRate[] = [];
  // BENCH_AUDIT_PARTS=export runs only the export and verify part (while working on it; not for the record).
  const parts = process.env.BENCH_AUDIT_PARTS ?? 'appends,proofs,export';
  for (const [kind, events, writers] of [
    ['PGlite', 3_000, 4],
    ['PostgreSQL', 10_000, 16],
  ] as const) {
    const engine = await openEngine(kind);
    if (!engine) {
      process.stdout.write(`${kind}: ${PG_URL} unreachable, skipped\n`);
      continue;
    }
    try {
      if (parts.includes('appends')) appends.push(await appendThroughput(engine, events, writers));
      if (parts.includes('proofs'))
        for (const size of [100_000, 1_000_000])
          proofs.push({ engine: engine.name, ...(await proofLatency(engine.db, size)) });
      if (parts.includes('export')) exports.push(await exportSpeed(engine));
    } finally {
      await engine.close();
    }
  }
  const machine = `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end (1, 5, 15 min)`;
  const markdown = [
    '| engine | events | writers | plain inserts/s | appends/s with tree | slowdown |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...appends.map(
      (a) =>
        `| ${a.engine} | ${fmt(a.events, 0)} | ${a.writers} | ${fmt(a.plainPerSecond, 0)} | ${fmt(a.treePerSecond, 0)} | **${fmt(a.plainPerSecond / a.treePerSecond)}x** |`,
    ),
    '',
    'One event per transaction; "with tree" runs the integrator loop (250 ms interval) alongside and stops the clock',
    'when every event has its leaf index. The plain table has the same columns and indexes (`LIKE audit_events`).',
    '',
    '| engine | tree size | inclusion proof p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: |',
    ...proofs.map((p) => `| ${p.engine} | ${fmt(p.size, 0)} | ${fmt(p.p50, 3)} | ${fmt(p.p99, 3)} |`),
    '',
    'Proof = one indexed query for the proof and root nodes (planNodes) + assembly, 500 random leaves.',
    '',
    `Export and offline verification of one log of ${fmt(EXPORT_EVENTS, 0)} events per engine, written through`,
    '`appendAudit` (transactions of 500) and the integrator, with signed events and a checkpoint every 10,000.',
    `Median of ${ROUNDS} rounds, spread min–max. Export: \`exportChunks\` (what \`GET /v1/audit/export\` and`,
    '`warrant audit export` stream) written to a file with backpressure; "full" is the worst case (the whole log),',
    '"since middle" exports from the checkpoint at half the log (its events/s count the half it exports). Verify:',
    "`warrant audit verify`'s path (file + readline) in a process of its own, over the full export, in the same round.",
    '',
    '| engine | events | MB | export full events/s | spread | export since middle events/s | spread | verify events/s | spread |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...exports.map(
      (x) =>
        `| ${x.engine} | ${fmt(x.events, 0)} | ${fmt(x.megabytes, 1)} | **${fmt(x.full.median, 0)}** | ${spread(x.full)} | **${fmt(x.since.median, 0)}** | ${spread(x.since)} | **${fmt(x.verify.median, 0)}** | ${spread(x.verify)} |`,
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
