// Issue 17: events signed by their writer, the integrator's quarantine, and the self-check. Runs on PGlite, and on
// PostgreSQL when WARRANT_TEST_DATABASE_URL is set (see src/db/testing.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLeafHash } from '../src/audit/event.ts';
import { appendLeaves, assemble, frontierPlan, planNodes } from '../src/audit/merkle.ts';
import { setLeafIndexes } from '../src/audit/store.ts';
import { fetchNodes, insertNodes, readHead, writeHead } from '../src/audit/tree-store.ts';
import { newId } from '../src/core/ids.ts';
import { warrant as cli } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const integrate = async () => {
  while ((await h.warrant.audit.integrateNow()) > 0);
};

async function tenantIdOf(key: string): Promise<string> {
  return (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key })).body.actor.tenant_id;
}

async function pendingOf(tenantId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await h.warrant.db.orm.execute(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = ${tenantId} AND leaf_index IS NULL`,
    ),
  );
  return row!.n;
}

async function securityEventKinds(tenantId: string): Promise<string[]> {
  return rowsOf<{ kind: string }>(
    await h.warrant.db.orm.execute(sql`SELECT kind FROM security_events WHERE tenant_id = ${tenantId}`),
  ).map((row) => row.kind);
}

/** A backdated `plan.approved` written straight into the table, as an insider with database access would. */
async function insertForged(tenantId: string, signature?: { signer: string; signature: string }) {
  const eventId = newId();
  const body = {
    event_id: eventId,
    tenant_id: tenantId,
    occurred_at: '2026-01-01T00:00:00.000Z',
    actor: { id: newId(), type: 'human', roles: ['approver'], tenant_id: tenantId },
    action: 'plan.approved',
    decision: null,
    context: {},
    evidence_refs: [],
    ...signature,
  };
  await h.warrant.db.orm.execute(sql`
    INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, actor_id, body)
    VALUES (${eventId}, ${tenantId}, ${body.occurred_at}, 'plan.approved', ${body.actor.id}, ${JSON.stringify(body)}::jsonb)`);
  return eventId;
}

describe('a row inserted directly in audit_events', () => {
  it('is not integrated, raises a security event, degrades /readyz, halts its tenant only; resolving resumes', async () => {
    const victimKey = await keyFor(h, 'forged', 'auditor');
    const adminKey = await keyFor(h, 'forged', 'admin');
    const otherKey = await keyFor(h, 'bystander', 'auditor');
    const [victim, other] = [await tenantIdOf(victimKey), await tenantIdOf(otherKey)];
    await integrate();
    expect((await h.call('GET', '/readyz', { key: '' })).body).toEqual({ status: 'ready' });

    const forged = await insertForged(victim);
    // Events written after it, through the real path, wait behind it: the tenant's integration halts.
    await keyFor(h, 'forged', 'viewer', 'after-the-forgery');
    await keyFor(h, 'bystander', 'viewer', 'bystander-goes-on');
    await integrate();

    const found = rowsOf<{ leaf_index: unknown }>(
      await h.warrant.db.orm.execute(sql`SELECT leaf_index FROM audit_events WHERE event_id = ${forged}`),
    );
    expect(found[0]!.leaf_index).toBeNull();
    expect(await pendingOf(victim)).toBeGreaterThanOrEqual(2);
    expect(await pendingOf(other)).toBe(0);
    expect(await securityEventKinds(victim)).toContain('audit_unsigned');

    const ready = await h.call<{ status: string; reason: string }>('GET', '/readyz', { key: '' });
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.reason).toContain('unsigned');
    const metrics = await h.call<string>('GET', '/metrics', { key: '' });
    expect(metrics.body).toMatch(/warrant_audit_integrity_faults_total\{kind="unsigned"\} 1/);

    const listed = await h.call<{ items: { id: string; event_id: string; halts_integration: boolean }[] }>(
      'GET',
      '/v1/audit/quarantine',
      { key: victimKey },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const entry = listed.body.items[0]!;
    expect(entry).toMatchObject({ event_id: forged, halts_integration: true });
    // Another tenant sees nothing of it; an auditor may read but not resolve.
    expect(
      (await h.call<{ items: unknown[] }>('GET', '/v1/audit/quarantine', { key: otherKey })).body.items,
    ).toEqual([]);
    const path = `/v1/audit/quarantine/${entry.id}/resolve`;
    expect((await h.call('POST', path, { key: victimKey, body: {} })).status).toBe(403);

    const resolved = await h.call<{ resolved_at: string | null }>('POST', path, {
      key: adminKey,
      body: { comment: 'forged approval removed' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolved_at).not.toBeNull();
    expect((await h.call('POST', path, { key: adminKey, body: {} })).status).toBe(409);

    await integrate();
    expect(await pendingOf(victim)).toBe(0);
    const gone = rowsOf<{ n: number }>(
      await h.warrant.db.orm.execute(
        sql`SELECT count(*)::int AS n FROM audit_events WHERE event_id = ${forged}`,
      ),
    );
    expect(gone[0]!.n).toBe(0);
    const resolution = await h.call<{
      items: { event: { action: string; context: Record<string, unknown> } }[];
    }>('GET', '/v1/audit/events?action=audit.quarantine.resolved', { key: victimKey });
    expect(resolution.body.items.map((item) => item.event.context.quarantine_id)).toEqual([entry.id]);
    expect((await h.call('GET', '/readyz', { key: '' })).body).toEqual({ status: 'ready' });
  });

  it('is refused when signed by a key no listing vouches for, or when its signature does not match', async () => {
    const key = await keyFor(h, 'forged-signed', 'admin');
    const tenantId = await tenantIdOf(key);
    await integrate();
    // A signature copied from a real event: right shape, wrong content.
    const real = rowsOf<{ body: { signer: string; signature: string } }>(
      await h.warrant.db.orm.execute(
        sql`SELECT body FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY seq LIMIT 1`,
      ),
    )[0]!.body;
    await insertForged(tenantId, { signer: real.signer, signature: real.signature });
    await integrate();
    await insertForged(tenantId, { signer: 'ffffffffffffffff', signature: real.signature });
    const kinds = async () =>
      (await h.call<{ items: { kind: string }[] }>('GET', '/v1/audit/quarantine', { key })).body.items.map(
        (item) => item.kind,
      );
    expect(await kinds()).toEqual(['bad_signature']);
    const [first] = (await h.call<{ items: { id: string }[] }>('GET', '/v1/audit/quarantine', { key })).body
      .items;
    await h.call('POST', `/v1/audit/quarantine/${first!.id}/resolve`, { key, body: {} });
    await integrate();
    expect(await kinds()).toEqual(['unknown_signer']);
    const [second] = (await h.call<{ items: { id: string }[] }>('GET', '/v1/audit/quarantine', { key })).body
      .items;
    await h.call('POST', `/v1/audit/quarantine/${second!.id}/resolve`, { key, body: {} });
  });
});

describe('the self-check', () => {
  async function loggedTenant(name: string, events: number) {
    const key = await keyFor(h, name, 'admin');
    for (let i = 1; i < events; i++) await keyFor(h, name, 'viewer', `viewer-${i}`);
    await integrate();
    await h.warrant.audit.publishCheckpoints();
    const tenantId = await tenantIdOf(key);
    const rows = rowsOf<{ event_id: string; leaf_index: unknown }>(
      await h.warrant.db.orm.execute(
        sql`SELECT event_id, leaf_index FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY leaf_index`,
      ),
    );
    return { key, tenantId, eventIds: rows.map((row) => row.event_id) };
  }

  const faultsOf = async (key: string) =>
    (
      await h.call<{
        items: { id: string; kind: string; event_id: string | null; leaf_index: number | null }[];
      }>('GET', '/v1/audit/quarantine', { key })
    ).body.items;

  it('reports an event edited in the database, and the served proof refuses it', async () => {
    const { key, tenantId, eventIds } = await loggedTenant('edited', 6);
    expect(await h.warrant.audit.selfCheck()).toEqual([]);
    const target = eventIds[2]!;
    await h.warrant.db.orm.execute(
      sql`UPDATE audit_events SET body = jsonb_set(body, '{decision}', '"allow"') WHERE event_id = ${target}`,
    );
    const found = await h.warrant.audit.selfCheck();
    expect(found).toMatchObject([
      { tenant_id: tenantId, kind: 'leaf_mismatch', event_id: target, leaf_index: 2 },
    ]);
    // Found once: the next run does not record it again.
    expect(await h.warrant.audit.selfCheck()).toEqual([]);
    expect(await securityEventKinds(tenantId)).toContain('audit_leaf_mismatch');
    const ready = await h.call<{ status: string; reason: string }>('GET', '/readyz', { key: '' });
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.reason).toContain('leaf_mismatch');
    const metrics = await h.call<string>('GET', '/metrics', { key: '' });
    expect(metrics.body).toMatch(/warrant_audit_integrity_faults_total\{kind="leaf_mismatch"\} 1/);
    expect(metrics.body).toMatch(/warrant_audit_degraded [1-9]/);

    const proof = await h.call<{ code: string }>('GET', `/v1/audit/events/${target}/proof`, { key });
    expect(proof.status).toBe(409);
    expect(proof.body.code).toBe('audit_event_altered');
    // An untouched event still gets its proof.
    expect((await h.call('GET', `/v1/audit/events/${eventIds[1]}/proof`, { key })).status).toBe(200);

    // The admin acknowledges it; the log is no longer degraded (the row stays: it is in the tree).
    const [fault] = await faultsOf(key);
    expect(
      (await h.call('POST', `/v1/audit/quarantine/${fault!.id}/resolve`, { key, body: {} })).status,
    ).toBe(200);
    expect((await h.call('GET', '/readyz', { key: '' })).body).toEqual({ status: 'ready' });
    // Acknowledged, it is not raised again.
    expect(await h.warrant.audit.selfCheck()).toEqual([]);
  });

  it('finds an event changed together with its stored leaf, in a rotating window of older events', async () => {
    const { key, tenantId, eventIds } = await loggedTenant('rewritten', 12);
    // A check of its own with a window of 2: the edit at leaf 4 is outside the newest window.
    const { SelfCheck } = await import('../src/audit/self-check.ts');
    const publicKey = (await h.call<string>('GET', '/v1/audit/public-key')).body.trim();
    const check = new SelfCheck({
      db: h.warrant.db,
      verifierKey: publicKey,
      clock: h.warrant.clock,
      window: 2,
    });
    await check.run();
    const target = eventIds[4]!;
    await h.warrant.db.orm.execute(
      sql`UPDATE audit_events SET body = jsonb_set(body, '{decision}', '"deny"') WHERE event_id = ${target}`,
    );
    // The insider also rewrites the stored leaf, so only the node above it still tells.
    const [edited] = rowsOf<{ body: Record<string, unknown> }>(
      await h.warrant.db.orm.execute(sql`SELECT body FROM audit_events WHERE event_id = ${target}`),
    );
    const leaf = Buffer.from(eventLeafHash(edited!.body)).toString('hex');
    await h.warrant.db.orm.execute(
      sql`UPDATE audit_nodes SET hash = decode(${leaf}, 'hex') WHERE tenant_id = ${tenantId} AND level = 0 AND idx = 4`,
    );
    const found: { kind: string; leaf_index: number | null }[] = [];
    for (let run = 0; run < 6 && found.length === 0; run++)
      found.push(...(await check.run()).filter((fault) => fault.tenant_id === tenantId));
    expect(found).toMatchObject([{ kind: 'leaf_mismatch', leaf_index: 4 }]);
    expect((await faultsOf(key)).map((fault) => fault.kind)).toEqual(['leaf_mismatch']);
  });

  it('reports a cut tail: the checkpoint it saw last is gone and the tree shrank', async () => {
    const { key, tenantId } = await loggedTenant('cut', 6);
    await h.warrant.audit.selfCheck();
    const [head] = rowsOf<{ size: number }>(
      await h.warrant.db.orm.execute(
        sql`SELECT size::int AS size FROM audit_heads WHERE tenant_id = ${tenantId}`,
      ),
    );
    const keep = head!.size - 2;
    await h.warrant.db.orm.execute(
      sql`DELETE FROM audit_checkpoints WHERE tenant_id = ${tenantId} AND size > ${keep}`,
    );
    await h.warrant.db.orm.execute(
      sql`DELETE FROM audit_events WHERE tenant_id = ${tenantId} AND leaf_index >= ${keep}`,
    );
    await h.warrant.db.orm.execute(sql`UPDATE audit_heads SET size = ${keep} WHERE tenant_id = ${tenantId}`);
    const found = await h.warrant.audit.selfCheck();
    expect(found.map((fault) => fault.kind)).toContain('checkpoint_mismatch');
    expect((await faultsOf(key)).some((fault) => fault.kind === 'checkpoint_mismatch')).toBe(true);
  });
});

describe('warrant audit verify', () => {
  /**
   * What an integrator without the signature check (today's code before issue 17, or one an insider runs) does
   * with a row written straight into the table: gives it the next leaf. The server's publisher then signs it in.
   */
  async function integrateUnchecked(tenantId: string, eventId: string) {
    const orm = h.warrant.db.orm;
    const [row] = rowsOf<{ seq: number; body: Record<string, unknown> }>(
      await orm.execute(sql`SELECT seq::int AS seq, body FROM audit_events WHERE event_id = ${eventId}`),
    );
    const head = await readHead(orm, tenantId);
    const plan = frontierPlan(head.size);
    const frontier = assemble(plan, await fetchNodes(orm, tenantId, planNodes(plan)));
    const grown = appendLeaves(head.size, frontier, [eventLeafHash(row!.body)]);
    await insertNodes(orm, tenantId, grown.nodes);
    await setLeafIndexes(orm, [row!.seq], head.size);
    await writeHead(orm, tenantId, grown, new Date());
  }

  it('fails (exit 1) naming the event whose writer signature is missing or wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-verify-signature-'));
    const publicKey = (await h.call<string>('GET', '/v1/audit/public-key')).body.trim();
    for (const kind of ['unsigned', 'copied'] as const) {
      const key = await keyFor(h, `verify-${kind}`, 'admin');
      const tenantId = await tenantIdOf(key);
      await integrate();
      const [real] = rowsOf<{ body: { signer: string; signature: string } }>(
        await h.warrant.db.orm.execute(
          sql`SELECT body FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY seq LIMIT 1`,
        ),
      );
      const forged = await insertForged(
        tenantId,
        kind === 'copied' ? { signer: real!.body.signer, signature: real!.body.signature } : undefined,
      );
      await integrateUnchecked(tenantId, forged);
      await h.call('POST', '/v1/audit/checkpoint', { key });
      const response = await fetch(`${h.url}/v1/audit/export`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const file = join(dir, `${kind}.jsonl`);
      writeFileSync(file, await response.text());
      const run = await cli(['audit', 'verify', file, '--key', publicKey], {});
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`event ${forged}`);
      expect(run.stdout).toContain(kind === 'unsigned' ? 'unsigned_event' : 'bad_event_signature');
    }
  });

  it('passes on the server’s own export, whose events are all signed by listed writers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-verify-signed-'));
    const publicKey = (await h.call<string>('GET', '/v1/audit/public-key')).body.trim();
    const key = await keyFor(h, 'verify-clean', 'admin');
    await keyFor(h, 'verify-clean', 'viewer');
    await integrate();
    await h.call('POST', '/v1/audit/checkpoint', { key });
    const response = await fetch(`${h.url}/v1/audit/export`, { headers: { authorization: `Bearer ${key}` } });
    const text = await response.text();
    expect(text.split('\n')[0]).toMatch(/^\{"type":"signer",/);
    const file = join(dir, 'clean.jsonl');
    writeFileSync(file, text);
    const run = await cli(['audit', 'verify', file, '--key', publicKey], {});
    expect(run.stdout).toMatch(/^ok:/);
    expect(run.code).toBe(0);
  });
});
