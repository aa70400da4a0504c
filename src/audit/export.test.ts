// The fast export (export.ts) against the implementation it replaced: byte for byte the same lines, for full and
// `since` exports, whatever the page size and the log size, and accepted by the verifier. Runs on PGlite, and on
// PostgreSQL when WARRANT_TEST_DATABASE_URL is set (src/db/testing.ts).
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import type { Executor } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { type AuditInput, appendAudit } from './append.ts';
import { generateSignerKey, parseSignerKey } from './checkpoint.ts';
import { CheckpointPublisher } from './checkpoints.ts';
import { eventLeafHash } from './event.ts';
import { storedListings } from './event-signers.ts';
import { exportChunks, exportLines } from './export.ts';
import { formatCheckpointLine, formatEventLine, formatSignerLine, formatStartLine } from './export-format.ts';
import { assemble, frontierPlan, planNodes } from './merkle.ts';
import { AuditService } from './service.ts';
import { auditEvents as e, auditNodes as n } from './tables.ts';
import { checkpointSizeAt, checkpointsBetween, fetchNodes } from './tree-store.ts';
import { verifyExport } from './verify-export.ts';

/**
 * The export as it was before the fast path (commit c6e1837, with the signer lines added since): pages of 1,000
 * rows by an open-ended `leaf_index >= next … LIMIT`, one line at a time. Kept here as the reference.
 */
async function* previousExportLines(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  since?: string,
): AsyncGenerator<string> {
  const final = await publisher.latest(tenantId);
  const start = since === undefined ? 0 : Math.min(await checkpointSizeAt(exec, tenantId, since), final.size);
  const checkpoints = await checkpointsBetween(exec, tenantId, start - 1, final.size);
  if (start > 0) {
    const plan = frontierPlan(start);
    yield formatStartLine(start, assemble(plan, await fetchNodes(exec, tenantId, planNodes(plan))));
  }
  let next = start;
  const flushUpTo = function* (size: number) {
    while (checkpoints[0] && checkpoints[0].size <= size)
      yield formatCheckpointLine(checkpoints.shift()!.note);
  };
  yield* flushUpTo(start);
  for (const listing of await storedListings(exec)) yield formatSignerLine(listing);
  while (next < final.size) {
    const rows = await exec
      .select({ leaf_index: sql<number>`${e.leaf_index}`.mapWith(Number), body: e.body, hash: n.hash })
      .from(e)
      .leftJoin(n, and(eq(n.tenant_id, e.tenant_id), eq(n.level, 0), eq(n.idx, e.leaf_index)))
      .where(and(eq(e.tenant_id, tenantId), gte(e.leaf_index, next), lt(e.leaf_index, final.size)))
      .orderBy(asc(e.leaf_index))
      .limit(1_000);
    if (rows.length === 0) break;
    for (const row of rows) {
      yield formatEventLine(
        row.leaf_index,
        row.body,
        row.hash ? new Uint8Array(row.hash) : eventLeafHash(row.body),
      );
      yield* flushUpTo(row.leaf_index + 1);
      next = row.leaf_index + 1;
    }
  }
  yield* flushUpTo(Number.POSITIVE_INFINITY);
}

const collect = async (lines: AsyncIterable<string>) => {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
};

const { signerKey, verifierKey } = generateSignerKey('warrant.test/audit');
const signer = parseSignerKey(signerKey);
const clock = new ManualClock('2026-03-01T00:00:00.000Z');
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let publisher: CheckpointPublisher;
let audit: AuditService;

/** Each tenant's log: its size, the sizes at which checkpoints were published, and when. */
interface Log {
  tenantId: string;
  size: number;
  published: { size: number; at: string }[];
}
const logs: Log[] = [];

const input = (tenantId: string, i: number): AuditInput => ({
  tenant_id: tenantId,
  actor: { id: `agent-${i % 5}`, type: 'agent', roles: ['agent'], tenant_id: tenantId },
  action: 'tool_call.authorized',
  occurred_at: new Date(Date.UTC(2026, 2, 1) + i * 1_000),
  decision: i % 4 === 0 ? null : 'allow',
  // Keys out of canonical order and non-ASCII text: the export canonicalizes what jsonb stored.
  context: { zeta: i, environment: 'prod', namespace: `ns-${i % 3}`, note: i % 7 === 0 ? 'é ✓ \u2028' : 'x' },
});

/**
 * A log of `size` events written through appendAudit and the integrator, in transactions of a few events, with
 * checkpoints published every `every` events, one minute apart.
 */
async function buildLog(size: number, every: number): Promise<Log> {
  const tenantId = newId();
  await db.orm.execute(
    sql`INSERT INTO tenants (id, name) VALUES (${tenantId}, ${`t-${tenantId.slice(0, 8)}`})`,
  );
  const published: Log['published'] = [];
  for (let at = 0; at < size; ) {
    const count = Math.min(size - at, 1 + (at % 7));
    await db.orm.transaction((tx) =>
      appendAudit(tx, ...Array.from({ length: count }, (_, i) => input(tenantId, at + i))),
    );
    while ((await audit.integrateNow()) > 0);
    const before = Math.floor(at / every);
    at += count;
    if (Math.floor(at / every) > before || at === size) {
      clock.advance(60_000);
      await publisher.latest(tenantId);
      published.push({ size: at, at: clock.now().toISOString() });
    }
  }
  return { tenantId, size, published };
}

beforeAll(async () => {
  db = await openTestDatabase();
  publisher = new CheckpointPublisher({ db, signer, clock });
  audit = new AuditService({
    db,
    publisher,
    clock,
    logger: createLogger({ level: 'silent' }),
    settings: { integrate_interval_ms: 250, checkpoint_interval_ms: 5_000 },
    installationKey: signer,
  });
  for (const [size, every] of [
    [0, 10],
    [1, 1],
    [7, 3],
    [64, 16],
    [65, 13],
    [203, 29],
  ] as const)
    logs.push(await buildLog(size, every));
}, 120_000);
afterAll(async () => db?.close());

describe('exportChunks', () => {
  it('writes whole lines, each chunk ending in a newline, and exportLines yields the same lines', async () => {
    const log = logs.at(-1)!;
    const chunks = await collect(exportChunks(db.orm, publisher, log.tenantId, undefined, 50));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    const lines = chunks.join('').slice(0, -1).split('\n');
    expect(await collect(exportLines(db.orm, publisher, log.tenantId, undefined, 50))).toEqual(lines);
    expect(lines.filter((line) => line.startsWith('{"type":"event"'))).toHaveLength(log.size);
    const result = await verifyExport(lines, verifierKey);
    expect(result).toMatchObject({ status: 'ok', events: log.size, checkpointSize: log.size });
  });

  it('is byte-identical to the previous export, full and since each checkpoint, for any page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: logs.length - 1 }),
        fc.integer({ min: 1, max: 80 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (which, page, sinceAt) => {
          const log = logs[which]!;
          // No since, or the time of one of the log's checkpoints, or just before the first of them.
          const since =
            sinceAt === undefined
              ? undefined
              : sinceAt % (log.published.length + 1) === log.published.length
                ? '2026-01-01T00:00:00.000Z'
                : log.published[sinceAt % (log.published.length + 1)]!.at;
          const fast = await collect(exportLines(db.orm, publisher, log.tenantId, since, page));
          const previous = await collect(previousExportLines(db.orm, publisher, log.tenantId, since));
          expect(fast).toEqual(previous);
          const result = await verifyExport(fast, verifierKey);
          expect(result.status).toBe('ok');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the previous export’s lines when a row or a stored leaf is missing', async () => {
    const log = await buildLog(90, 20);
    await db.orm.execute(sql`DELETE FROM audit_events WHERE tenant_id = ${log.tenantId} AND leaf_index = 39`);
    await db.orm.execute(
      sql`DELETE FROM audit_events WHERE tenant_id = ${log.tenantId} AND leaf_index >= 85`,
    );
    await db.orm.execute(
      sql`DELETE FROM audit_nodes WHERE tenant_id = ${log.tenantId} AND level = 0 AND idx = 50`,
    );
    for (const page of [1, 7, 10, 40, 4_096]) {
      for (const since of [undefined, log.published[0]!.at]) {
        const fast = await collect(exportLines(db.orm, publisher, log.tenantId, since, page));
        expect(fast).toEqual(await collect(previousExportLines(db.orm, publisher, log.tenantId, since)));
      }
    }
    const result = await verifyExport(
      await collect(exportLines(db.orm, publisher, log.tenantId)),
      verifierKey,
    );
    expect(result.status).toBe('tampered');
  });
});
