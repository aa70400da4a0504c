// Audit log costs: appends with the Merkle tree maintained vs plain inserts, proof latency at 10^5 and 10^6
// events, and offline verification speed. PostgreSQL runs use WARRANT_BENCH_DATABASE_URL, else the local
// postgres://postgres@127.0.0.1:5432/test, in a fresh schema dropped afterwards (skipped when unreachable).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type AuditInput, appendAudit } from '../src/audit/append.ts';
import { generateSignerKey, parseSignerKey, signCheckpoint } from '../src/audit/checkpoint.ts';
import { CheckpointPublisher } from '../src/audit/checkpoints.ts';
import { eventLeafHash } from '../src/audit/event.ts';
import { formatCheckpointLine, formatEventLine } from '../src/audit/export-format.ts';
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

/**
 * Offline verification of a generated export of `count` events, from a file, in a process of its own as the
 * CLI runs it (this one holds a million-leaf tree and two databases by then).
 */
async function verifySpeed(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'warrant-bench-'));
  const file = join(dir, 'audit.jsonl');
  const lines: string[] = [];
  let tree = appendLeaves(0, [], []);
  for (let i = 0; i < count; i++) {
    const event = {
      ...input('bench', i),
      event_id: newId(),
      occurred_at: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
      evidence_refs: [],
    };
    const hash = eventLeafHash(event);
    lines.push(formatEventLine(i, event, hash));
    tree = appendLeaves(tree.size, tree.frontier, [hash]);
    if ((i + 1) % 10_000 === 0 || i === count - 1) {
      const note = signCheckpoint(
        { origin: 'warrant.bench/audit/t', size: tree.size, rootHash: tree.root },
        signerKey,
      );
      lines.push(formatCheckpointLine(note));
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const megabytes = statSync(file).size / 1e6;
  const verifier = spawnSync(
    process.execPath,
    [new URL('./servers/verify.ts', import.meta.url).pathname, file, verifierKey],
    { encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true });
  const result = JSON.parse(verifier.stdout) as { status: string; message: string; ms: number };
  if (result.status !== 'ok') throw new Error(result.message);
  return { count, perSecond: count / (result.ms / 1000), megabytes };
}

export async function run(): Promise<BenchReport> {
  const appends: AppendRate[] = [];
  const proofs: { engine: string; size: number; p50: number; p99: number }[] = [];
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
      appends.push(await appendThroughput(engine, events, writers));
      for (const size of [100_000, 1_000_000])
        proofs.push({ engine: engine.name, ...(await proofLatency(engine.db, size)) });
    } finally {
      await engine.close();
    }
  }
  const verify = await verifySpeed(200_000);
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
    `Offline verification (\`warrant audit verify\` path, file + readline, in a process of its own): **${fmt(verify.perSecond, 0)} events/s** over ${fmt(verify.count, 0)} events (${fmt(verify.megabytes, 1)} MB, a checkpoint every 10,000).`,
  ].join('\n');
  return {
    id: 'audit',
    title: 'Audit log: appends with the Merkle tree, proofs, offline verification',
    markdown,
  };
}
