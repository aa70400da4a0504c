import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditInput, appendAudit } from '../src/audit/append.ts';
import { parseAndVerifyCheckpoint } from '../src/audit/checkpoint.ts';
import { eventLeafHash } from '../src/audit/event.ts';
import { appendLeaves, verifyConsistency, verifyInclusion } from '../src/audit/merkle.ts';
import { verifyExport } from '../src/audit/verify-export.ts';
import { warrant as cli } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
let publicKey: string;
beforeAll(async () => {
  h = await startHarness();
  publicKey = (await h.call<string>('GET', '/v1/audit/public-key')).body.trim();
});
afterAll(async () => h?.close());

const hex = (value: string) => new Uint8Array(Buffer.from(value, 'hex'));
const integrate = async () => {
  while ((await h.warrant.audit.integrateNow()) > 0);
};

async function tenantIdOf(key: string): Promise<string> {
  return (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key })).body.actor.tenant_id;
}

async function leafIndexes(tenantId: string): Promise<(number | null)[]> {
  const rows = rowsOf<{ leaf_index: unknown }>(
    await h.warrant.db.orm.execute(
      sql`SELECT leaf_index FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY leaf_index NULLS LAST`,
    ),
  );
  return rows.map((row) => (row.leaf_index === null ? null : Number(row.leaf_index)));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A tenant of its own (its own log), an auditor key in it and `events` audit events in all. */
async function freshLog(name: string, events = 8): Promise<{ key: string; tenantId: string }> {
  const key = await keyFor(h, name, 'auditor');
  for (let i = 2; i < events; i++) await keyFor(h, name, 'viewer', `viewer-${i}`);
  await integrate();
  return { key, tenantId: await tenantIdOf(key) };
}

async function exportText(key: string, query = ''): Promise<string> {
  const response = await fetch(`${h.url}/v1/audit/export${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/x-ndjson');
  return response.text();
}

const verify = (text: string) => verifyExport(text.split('\n'), publicKey);

async function eventAt(tenantId: string, leaf: number): Promise<string> {
  const [row] = rowsOf<{ event_id: string }>(
    await h.warrant.db.orm.execute(
      sql`SELECT event_id FROM audit_events WHERE tenant_id = ${tenantId} AND leaf_index = ${leaf}`,
    ),
  );
  return row!.event_id;
}

describe('integration', () => {
  it('integrates events appended by API calls gap-free, with a root over their stored bodies', async () => {
    const { tenantId } = await freshLog('integrated', 6);
    expect(await leafIndexes(tenantId)).toEqual(range(6));
    const bodies = rowsOf<{ body: Record<string, unknown> }>(
      await h.warrant.db.orm.execute(
        sql`SELECT body FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY leaf_index`,
      ),
    ).map((row) => row.body);
    const expected = appendLeaves(0, [], bodies.map(eventLeafHash));
    const checkpoint = parseAndVerifyCheckpoint((await h.warrant.audit.checkpoint(tenantId)).note, publicKey);
    expect(checkpoint.size).toBe(6);
    expect(checkpoint.origin).toBe(`warrant.dev/audit/${tenantId}`);
    expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.from(expected.root));
  });

  it('gives 200 concurrent appends a gap-free 0..n-1 sequence while integrating alongside', async () => {
    const { key, tenantId } = await freshLog('burst', 2);
    const actor = (await h.call<{ actor: AuditInput['actor'] }>('GET', '/v1/whoami', { key })).body.actor;
    const appends = range(200).map((i) =>
      h.warrant.db.orm.transaction((tx) =>
        appendAudit(tx, {
          tenant_id: tenantId,
          actor,
          action: 'tool.registered',
          occurred_at: new Date(),
          context: { i },
        }),
      ),
    );
    const integrations = range(5).map(() => h.warrant.audit.integrateNow());
    await Promise.all([...appends, ...integrations]);
    await integrate();
    expect(await leafIndexes(tenantId)).toEqual(range(202));
  });

  it('puts an event in the tree when the loop runs, with nobody asking', async () => {
    const key = await keyFor(h, 'looped', 'auditor');
    const tenantId = await tenantIdOf(key);
    h.warrant.audit.start();
    try {
      // How soon is audit.integrate_interval_ms; the test only waits for the loop, patiently.
      const started = Date.now();
      while ((await leafIndexes(tenantId)).includes(null) && Date.now() - started < 15_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await leafIndexes(tenantId)).toEqual(range(2));
    } finally {
      await h.warrant.audit.stop();
    }
  });
});

describe('checkpoints and proofs', () => {
  it('serves the signed checkpoint as text/plain and the public key as text or JSON', async () => {
    const res = await h.call<string>('GET', '/v1/audit/checkpoint');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(parseAndVerifyCheckpoint(res.body, publicKey).size).toBeGreaterThan(0);
    const json = await h.call<{ key: string; origin: string; log_key: string }>(
      'GET',
      '/v1/audit/public-key',
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(json.body.key).toBe(publicKey);
    // The key named for the caller's log verifies the same checkpoint, under the name its origin gives.
    expect(json.body.log_key.startsWith(`${json.body.origin}+`)).toBe(true);
    const checkpoint = parseAndVerifyCheckpoint(res.body, json.body.log_key);
    expect(checkpoint.origin).toBe(json.body.origin);
  });

  it('proves inclusion and consistency against signed checkpoints', async () => {
    const { key, tenantId } = await freshLog('proofs', 5);
    const first = await h.call<string>('POST', '/v1/audit/checkpoint', { key });
    expect(first.status).toBe(201);
    const old = parseAndVerifyCheckpoint(first.body, publicKey);
    for (let i = 0; i < 6; i++) await keyFor(h, 'proofs', 'viewer', `later-${i}`);
    await integrate();
    const latest = parseAndVerifyCheckpoint(
      (await h.call<string>('GET', '/v1/audit/checkpoint', { key })).body,
      publicKey,
    );
    expect([old.size, latest.size]).toEqual([5, 11]);

    const events = await h.call<{ items: { leaf_index: number; event: Record<string, unknown> }[] }>(
      'GET',
      '/v1/audit/events?limit=500',
      { key },
    );
    expect(events.body.items).toHaveLength(11);
    for (const { leaf_index, event } of events.body.items) {
      const proof = await h.call<{
        leaf_hash: string;
        tree_size: number;
        inclusion: string[];
        checkpoint: string;
      }>('GET', `/v1/audit/events/${event.event_id}/proof`, { key });
      expect(proof.status).toBe(200);
      expect(proof.body.tree_size).toBe(11);
      expect(proof.body.leaf_hash).toBe(Buffer.from(eventLeafHash(event)).toString('hex'));
      const signed = parseAndVerifyCheckpoint(proof.body.checkpoint, publicKey);
      expect(
        verifyInclusion(leaf_index, 11, eventLeafHash(event), proof.body.inclusion.map(hex), signed.rootHash),
      ).toBe(true);
    }
    const atOld = await h.call<{ inclusion: string[]; checkpoint: string | null }>(
      'GET',
      `/v1/audit/events/${await eventAt(tenantId, 3)}/proof?size=5`,
      { key },
    );
    expect(atOld.body.checkpoint).toBe(first.body);

    const consistency = await h.call<{ proof: string[]; from_root: string; to_root: string }>(
      'GET',
      `/v1/audit/consistency?from=${old.size}&to=${latest.size}`,
      { key },
    );
    expect(consistency.status).toBe(200);
    expect(verifyConsistency(5, 11, consistency.body.proof.map(hex), old.rootHash, latest.rootHash)).toBe(
      true,
    );
    const beyond = await h.call<{ code: string }>('GET', '/v1/audit/consistency?from=3&to=99', { key });
    expect([beyond.status, beyond.body.code]).toEqual([400, 'size_beyond_tree']);
  });

  it('answers 409 not_integrated for an event the integrator has not reached', async () => {
    const key = await keyFor(h, 'pending', 'auditor');
    const events = await h.call<{ items: { leaf_index: number | null; event: { event_id: string } }[] }>(
      'GET',
      '/v1/audit/events',
      { key },
    );
    const pending = events.body.items.find((item) => item.leaf_index === null)!;
    const res = await h.call<{ code: string; retry_after_ms: number }>(
      'GET',
      `/v1/audit/events/${pending.event.event_id}/proof`,
      { key },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_integrated');
    expect(res.body.retry_after_ms).toBeGreaterThan(0);
  });
});

describe('search and isolation', () => {
  it('pages through a tenant log with filters and a cursor', async () => {
    const { key } = await freshLog('paged', 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { items: { event: { event_id: string } }[]; next_cursor: string | null };
      } = await h.call('GET', `/v1/audit/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.event.event_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    const created = await h.call<{ items: { event: { action: string } }[] }>(
      'GET',
      '/v1/audit/events?action=tenant.created',
      { key },
    );
    expect(created.body.items.map((item) => item.event.action)).toEqual(['tenant.created']);
  });

  it("hides another tenant's events (404) and refuses agents (403)", async () => {
    const a = await freshLog('iso-a', 2);
    const b = await keyFor(h, 'iso-b', 'auditor');
    const eventId = await eventAt(a.tenantId, 0);
    expect((await h.call('GET', `/v1/audit/events/${eventId}`, { key: a.key })).status).toBe(200);
    for (const path of [`/v1/audit/events/${eventId}`, `/v1/audit/events/${eventId}/proof`]) {
      const res = await h.call<{ code: string }>('GET', path, { key: b });
      expect([res.status, res.body.code]).toEqual([404, 'not_found']);
    }
    const agent = await keyFor(h, 'iso-a', 'agent');
    expect((await h.call('GET', '/v1/audit/events', { key: agent })).status).toBe(403);
    expect(
      (await h.call('POST', '/v1/audit/checkpoint', { key: await keyFor(h, 'iso-a', 'viewer') })).status,
    ).toBe(403);
  });
});

describe('export and offline verification', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warrant-audit-'));

  it('exports a log that verifies, offline and through the CLI (key as a file)', async () => {
    const { key } = await freshLog('clean', 4);
    await h.call('POST', '/v1/audit/checkpoint', { key });
    await keyFor(h, 'clean', 'viewer', 'after');
    await integrate();
    const text = await exportText(key);
    expect(text.split('\n').filter((line) => line.includes('"type":"checkpoint"'))).toHaveLength(2);
    expect((await verify(text)).status).toBe('ok');
    writeFileSync(join(dir, 'clean.jsonl'), text);
    writeFileSync(join(dir, 'key.pub'), `${publicKey}\n`);
    const run = await cli(['audit', 'verify', join(dir, 'clean.jsonl'), '--key', join(dir, 'key.pub')], {});
    expect(run.stdout).toMatch(/^ok: 5 events verified/);
    expect(run.code).toBe(0);
  });

  it('exports since a time from the checkpoint before it, and that export verifies', async () => {
    const { key } = await freshLog('since', 4);
    await h.call('POST', '/v1/audit/checkpoint', { key });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const since = new Date().toISOString();
    await keyFor(h, 'since', 'viewer', 'after');
    await integrate();
    const lines = (await exportText(key, `?since=${since}`)).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'start', size: 4 });
    expect(lines.filter((line) => line.includes('"type":"event"'))).toHaveLength(1);
    expect((await verifyExport(lines, publicKey)).status).toBe('ok');
  });

  it('points at a row whose body was edited, in the API export and the CLI', async () => {
    const { key, tenantId } = await freshLog('edited');
    const target = await eventAt(tenantId, 2);
    await h.warrant.db.orm.execute(sql`
      UPDATE audit_events SET body = jsonb_set(body, '{context,name}', '"evil"')
      WHERE tenant_id = ${tenantId} AND leaf_index = 2`);
    const text = await exportText(key);
    const result = await verify(text);
    expect(result.status).toBe('tampered');
    expect(result.firstBad).toMatchObject({ leaf_index: 2, event_id: target, reason: 'hash_mismatch' });
    writeFileSync(join(dir, 'edited.jsonl'), text);
    const run = await cli(['audit', 'verify', join(dir, 'edited.jsonl'), '--key', publicKey], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `tampered: line ${result.firstBad!.line}, leaf 2, event ${target}: hash_mismatch`,
    );
  });

  it('points at the gap a deleted row leaves', async () => {
    const { key, tenantId } = await freshLog('deleted');
    const after = await eventAt(tenantId, 4);
    await h.warrant.db.orm.execute(
      sql`DELETE FROM audit_events WHERE tenant_id = ${tenantId} AND leaf_index = 3`,
    );
    const result = await verify(await exportText(key));
    expect(result.status).toBe('tampered');
    expect(result.firstBad).toMatchObject({ leaf_index: 4, event_id: after, reason: 'leaf_index_gap' });
  });

  it('points at rows whose leaf indexes were swapped', async () => {
    const { key, tenantId } = await freshLog('swapped');
    const moved = await eventAt(tenantId, 5);
    const orm = h.warrant.db.orm;
    // Three steps: the unique (tenant_id, leaf_index) constraint is checked row by row.
    await orm.execute(
      sql`UPDATE audit_events SET leaf_index = -1 WHERE tenant_id = ${tenantId} AND leaf_index = 1`,
    );
    await orm.execute(
      sql`UPDATE audit_events SET leaf_index = 1 WHERE tenant_id = ${tenantId} AND leaf_index = 5`,
    );
    await orm.execute(
      sql`UPDATE audit_events SET leaf_index = 5 WHERE tenant_id = ${tenantId} AND leaf_index = -1`,
    );
    const result = await verify(await exportText(key));
    expect(result.status).toBe('tampered');
    expect(result.firstBad).toMatchObject({ leaf_index: 1, event_id: moved, reason: 'hash_mismatch' });
  });

  it('detects a truncated export, and the CLI calls garbage unusable (exit 2)', async () => {
    const { key } = await freshLog('truncated', 4);
    const lines = (await exportText(key)).trim().split('\n');
    const result = await verifyExport(lines.slice(0, -1), publicKey);
    expect(result.status).toBe('tampered');
    expect(result.firstBad?.reason).toBe('missing_final_checkpoint');
    writeFileSync(join(dir, 'garbage.jsonl'), 'this is not an export\n');
    const run = await cli(['audit', 'verify', join(dir, 'garbage.jsonl'), '--key', publicKey], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^unusable:/);
  });

  it('exports through the CLI to stdout and to an object store layout', async () => {
    const { key } = await freshLog('objects', 3);
    const objects = join(dir, 'objects');
    const run = await cli(['audit', 'export', '--objects', objects], {
      WARRANT_URL: h.url,
      WARRANT_API_KEY: key,
    });
    expect(run.code).toBe(0);
    expect((await verify(run.stdout)).status).toBe('ok');
    // The signers come first (event-signers.ts); the objects hold the event lines.
    const firstLine = run.stdout.split('\n').find((line) => line.startsWith('{"type":"event"'))!;
    const first = JSON.parse(firstLine);
    const stored = readFileSync(
      join(objects, 'audit', first.event.occurred_at.slice(0, 10), `${first.event.event_id}.json`),
      'utf8',
    );
    expect(stored.trim()).toBe(firstLine);
    const checkpoint = await cli(['audit', 'checkpoint'], { WARRANT_URL: h.url, WARRANT_API_KEY: key });
    expect(parseAndVerifyCheckpoint(checkpoint.stdout, publicKey).size).toBe(3);
  });
});
