// Issue 17's upgrade path: a log that began before writers signed events (migration 0015) keeps verifying. Its
// unsigned events, integrated or still pending at the upgrade, are vouched for once by the installation key
// (src/audit/unsigned-prefix.ts); any other unsigned row stays out. PGlite, and PostgreSQL with
// WARRANT_TEST_DATABASE_URL.
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/audit/append.ts';
import { generateSignerKey, parseSignerKey } from '../src/audit/checkpoint.ts';
import { CheckpointPublisher } from '../src/audit/checkpoints.ts';
import { eventLeafHash } from '../src/audit/event.ts';
import { appendLeaves, assemble, frontierPlan, planNodes } from '../src/audit/merkle.ts';
import { AuditService } from '../src/audit/service.ts';
import { setLeafIndexes } from '../src/audit/store.ts';
import { fetchNodes, insertNodes, readHead, writeHead } from '../src/audit/tree-store.ts';
import { verifyExport } from '../src/audit/verify-export.ts';
import { systemClock } from '../src/core/clock.ts';
import { newId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import type { Database } from '../src/db/connect.ts';
import { migrate, migrationsDir } from '../src/db/migrate.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { rowsOf } from './rows.ts';

const { signerKey, verifierKey } = generateSignerKey('warrant.dev/audit');
let db: Database;
let audit: AuditService;
const tenant = newId();
const bystander = newId();

/** An event as the code before migration 0015 wrote it: no signer, no signature. */
async function insertUnsigned(
  tenantId: string,
  action = 'plan.approved',
): Promise<{ seq: number; id: string }> {
  const id = newId();
  const body = {
    event_id: id,
    tenant_id: tenantId,
    occurred_at: new Date().toISOString(),
    actor: { id: newId(), type: 'human', roles: ['approver'], tenant_id: tenantId },
    action,
    decision: null,
    context: {},
    evidence_refs: [],
  };
  const [row] = rowsOf<{ seq: number }>(
    await db.orm.execute(sql`
      INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, actor_id, body)
      VALUES (${id}, ${tenantId}, ${body.occurred_at}, ${action}, ${body.actor.id}, ${JSON.stringify(body)}::jsonb)
      RETURNING seq`),
  );
  return { seq: Number(row!.seq), id };
}

/** What the integrator before 0015 did: the row joins the tree with no signature checked. */
async function integrateAsBefore(tenantId: string, seq: number): Promise<void> {
  const [row] = rowsOf<{ body: Record<string, unknown> }>(
    await db.orm.execute(sql`SELECT body FROM audit_events WHERE seq = ${seq}`),
  );
  const head = await readHead(db.orm, tenantId);
  const plan = frontierPlan(head.size);
  const frontier = assemble(plan, await fetchNodes(db.orm, tenantId, planNodes(plan)));
  const grown = appendLeaves(head.size, frontier, [eventLeafHash(row!.body)]);
  await insertNodes(db.orm, tenantId, grown.nodes);
  await setLeafIndexes(db.orm, [seq], head.size);
  await writeHead(db.orm, tenantId, grown, new Date());
}

const integrate = async () => {
  while ((await audit.integrateNow()) > 0);
};

async function exported(tenantId: string): Promise<string[]> {
  await integrate();
  await audit.publishCheckpoints();
  const lines: string[] = [];
  for await (const line of audit.exportLines(tenantId)) lines.push(line);
  return lines;
}

const leafOf = async (seq: number) =>
  rowsOf<{ leaf_index: number | null }>(
    await db.orm.execute(sql`SELECT leaf_index FROM audit_events WHERE seq = ${seq}`),
  )[0]!.leaf_index;

let legacyPending: { seq: number; id: string }[];
let forgedLate: { seq: number; id: string };

beforeAll(async () => {
  // The database as it was before writers signed: migrations up to 0014.
  const before = mkdtempSync(join(tmpdir(), 'warrant-migrations-0014-'));
  for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith('.sql') && name < '0015'))
    copyFileSync(join(migrationsDir, file), join(before, file));
  db = await openTestDatabase(before);
  for (const [id, name] of [
    [tenant, 'legacy'],
    [bystander, 'legacy-bystander'],
  ] as const)
    await db.orm.execute(sql`INSERT INTO tenants (id, name) VALUES (${id}, ${name})`);
  // Five events integrated by the old code, then three still pending when the server stopped for the upgrade.
  for (let i = 0; i < 5; i++) await integrateAsBefore(tenant, (await insertUnsigned(tenant)).seq);
  legacyPending = [
    await insertUnsigned(tenant),
    await insertUnsigned(tenant),
    await insertUnsigned(bystander),
  ];

  await migrate(db.orm);
  audit = new AuditService({
    db,
    publisher: new CheckpointPublisher({ db, signer: parseSignerKey(signerKey), clock: systemClock }),
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    settings: { integrate_interval_ms: 50, checkpoint_interval_ms: 50 },
    installationKey: parseSignerKey(signerKey),
  });
  // The new code writes signed events after the upgrade.
  await db.orm.transaction((tx) =>
    appendAudit(tx, {
      tenant_id: tenant,
      actor: { id: newId(), type: 'service', roles: ['admin'], tenant_id: tenant },
      action: 'plan.submitted',
      occurred_at: new Date(),
    }),
  );
  await integrate();
  // After the statement is sealed, an unsigned row is a forgery, even one written "the old way".
  forgedLate = await insertUnsigned(tenant);
  await integrate();
}, 120_000);
afterAll(async () => db?.close());

describe('a log that began before writers signed events', () => {
  it('integrates the unsigned rows pending at the upgrade, and no unsigned row written after it', async () => {
    for (const row of legacyPending) expect(await leafOf(row.seq)).not.toBeNull();
    expect(await leafOf(forgedLate.seq)).toBeNull();
    const [fault] = rowsOf<{ kind: string; event_id: string }>(
      await db.orm.execute(sql`SELECT kind, event_id FROM audit_quarantine WHERE tenant_id = ${tenant}`),
    );
    expect(fault).toEqual({ kind: 'unsigned', event_id: forgedLate.id });
  });

  it('exports the installation key’s statement, and verifies', async () => {
    const lines = await exported(tenant);
    const statement = lines.map((line) => JSON.parse(line)).find((line) => line.type === 'unsigned_prefix');
    // Leaves 0..6 are the old code's (five integrated before, two pending at the upgrade); leaf 7 is signed.
    expect(statement).toMatchObject({ size: 7, origin: `warrant.dev/audit/${tenant}` });
    const result = await verifyExport(lines, verifierKey);
    expect(result.message).toContain('the first 7 predate writer signatures');
    expect(result).toMatchObject({ status: 'ok', events: 8 });
    // The bystander's one legacy event is its whole prefix.
    expect((await verifyExport(await exported(bystander), verifierKey)).status).toBe('ok');
  });

  it('fails without the statement, with a widened or moved one, and with another log’s', async () => {
    const lines = await exported(tenant);
    const at = lines.findIndex((line) => line.includes('"unsigned_prefix"'));
    const statement = JSON.parse(lines[at]!);
    const withStatement = (value: unknown) =>
      lines.map((line, i) => (i === at ? JSON.stringify(value) : line));

    const without = await verifyExport(
      lines.filter((_, i) => i !== at),
      verifierKey,
    );
    expect(without.firstBad).toMatchObject({ reason: 'unsigned_event', leaf_index: 0 });

    for (const forged of [
      { ...statement, size: 8 },
      { ...statement, root: '00'.repeat(32) },
      { ...statement, origin: `warrant.dev/audit/${bystander}` },
    ]) {
      const result = await verifyExport(withStatement(forged), verifierKey);
      expect(result.status).toBe('tampered');
      expect(result.firstBad?.reason).toBe('bad_unsigned_prefix');
    }
    // The bystander's own, validly signed statement does not cover this log.
    const theirs = (await exported(bystander)).find((line) => line.includes('"unsigned_prefix"'))!;
    const borrowed = await verifyExport(withStatement(JSON.parse(theirs)), verifierKey);
    expect(borrowed.status).toBe('tampered');
    // Caught where it first shows: its root at its size, before the first checkpoint names this log.
    expect(['bad_unsigned_prefix', 'unsigned_prefix_mismatch']).toContain(borrowed.firstBad?.reason);
    // Twice is once too many.
    const twice = await verifyExport(
      [...lines.slice(0, at + 1), lines[at]!, ...lines.slice(at + 1)],
      verifierKey,
    );
    expect(twice.firstBad?.reason).toBe('bad_unsigned_prefix');
    // Another key is not this log's.
    const other = generateSignerKey('warrant.dev/audit').verifierKey;
    expect((await verifyExport(lines, other)).status).toBe('unusable');
  });

  it('fails when a legacy event is changed', async () => {
    const lines = await exported(tenant);
    const first = lines.findIndex((line) => line.startsWith('{"type":"event"'));
    const changed = lines.map((line, i) =>
      i === first
        ? line.replace('"plan.approved"', '"plan.rejected"').replace(/"hash":"[0-9a-f]{64}",/, '')
        : line,
    );
    const result = await verifyExport(changed, verifierKey);
    expect(result.status).toBe('tampered');
    expect(['root_mismatch', 'unsigned_prefix_mismatch']).toContain(result.firstBad?.reason);
  });
});
