import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarrant } from '../src/app.ts';
import { type AuditActor, appendAudit } from '../src/audit/append.ts';
import { generateSignerKey } from '../src/audit/checkpoint.ts';
import { createLogger } from '../src/core/logger.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';
import { readSse, type SseEvent } from './sse.ts';

// GET /v1/events over real HTTP: ids on every event, and resuming with Last-Event-ID.
let h: Harness;
let agent: string;
let viewer: string;
let auditor: string;
let otherAgent: string;
let otherViewer: string;
let demoId: string;
let otherId: string;

beforeAll(async () => {
  h = await startHarness();
  agent = await keyFor(h, 'demo', 'agent', 'bot');
  viewer = await keyFor(h, 'demo', 'viewer', 'screen');
  auditor = await keyFor(h, 'demo', 'auditor', 'witness');
  otherAgent = await keyFor(h, 'other', 'agent', 'bot-other');
  otherViewer = await keyFor(h, 'other', 'viewer', 'screen-other');
  [demoId, otherId] = await Promise.all([tenantId('demo'), tenantId('other')]);
  // The keys' own audit events are in the trees before any stream opens.
  await settle();
});
afterAll(async () => h?.close());

type Received = SseEvent;

/** A real SSE client on /v1/events, parsing the stream as it arrives. */
function openStream(key: string, options: { lastEventId?: string; query?: string; url?: string } = {}) {
  const stream = readSse(`${options.url ?? h.url}/v1/events${options.query ?? ''}`, {
    authorization: `Bearer ${key}`,
    ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
  });
  const ready = stream.ready.then(() => {
    expect(stream.state.status).toBe(200);
    expect(stream.state.contentType).toContain('text/event-stream');
  });
  return { ...stream, ready, lastId: () => stream.events.at(-1)!.id };
}
type Stream = ReturnType<typeof openStream>;

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function tenantId(name: string): Promise<string> {
  const [row] = rowsOf<{ id: string }>(
    await h.warrant.db.orm.execute(sql`SELECT id FROM tenants WHERE name = ${name}`),
  );
  return row!.id;
}

async function auditHead(tenant: string): Promise<number> {
  const [row] = rowsOf<{ size: unknown }>(
    await h.warrant.db.orm.execute(sql`SELECT size FROM audit_heads WHERE tenant_id = ${tenant}`),
  );
  return Number(row?.size ?? 0);
}

/** Commits queued audit records and integrates them, as serve's background loop would. */
async function settle(): Promise<void> {
  await h.warrant.auditWriteBehind.flush();
  while ((await h.warrant.audit.integrateNow()) > 0);
}

/** Waits until `stream` has every integrated audit event of its tenant (the second part of an id). */
async function caughtUp(stream: Stream, tenant: string): Promise<void> {
  const head = await auditHead(tenant);
  await waitFor(() => stream.events.length > 0 && Number(stream.lastId().split('.')[1]) === head);
}

/** Submits a read-only plan (allowed at once) and queues a run of it: plan, execution and audit events. */
async function activity(key = agent): Promise<string> {
  const plan = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key,
    body: {
      summary: 'Look at checkout',
      intent: 'See whether checkout is up before anyone touches it.',
      context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
      steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
    },
  });
  expect(plan.body.status).toBe('approved');
  const run = await h.call('POST', `/v1/plans/${plan.body.id}/runs`, { key });
  expect(run.status).toBe(202);
  return plan.body.id;
}

/** A client follows some activity to its end and leaves: the plan it saw, and the id it would resume from. */
async function followedAndLeft(): Promise<{ seen: string; last: string }> {
  const first = openStream(viewer);
  await first.ready;
  const seen = await activity();
  await settle();
  await caughtUp(first, demoId);
  const last = first.lastId();
  first.close();
  return { seen, last };
}

const about = (planId: string) => (e: Received) => e.data.id === planId || e.data.plan_id === planId;

describe('GET /v1/events resuming with Last-Event-ID', () => {
  it('replays exactly what a client missed, in order, then live events, with no repeats', async () => {
    // The witness stays connected throughout: what it sees is what the resumed client must see.
    const witness = openStream(auditor);
    const first = openStream(viewer);
    await Promise.all([witness.ready, first.ready]);
    // The reconnect delay comes once, before any event.
    await waitFor(() => first.state.retry !== undefined);
    expect(first.state.retry).toBeGreaterThan(0);

    const before = await activity();
    await settle();
    await Promise.all([caughtUp(first, demoId), caughtUp(witness, demoId)]);
    const kinds = new Set(first.events.filter(about(before)).map((e) => e.event));
    expect(kinds).toEqual(new Set(['plan.updated', 'execution.updated', 'audit.created']));
    expect(first.events).toEqual(witness.events);
    const last = first.lastId();
    first.close();

    // While it is away.
    const missed = [await activity(), await activity()];
    await settle();
    await caughtUp(witness, demoId);

    const resumed = openStream(viewer, { lastEventId: last });
    await resumed.ready;
    await caughtUp(resumed, demoId);
    const live = await activity();
    await settle();
    await Promise.all([caughtUp(resumed, demoId), caughtUp(witness, demoId)]);

    const since = witness.events.slice(witness.events.findIndex((e) => e.id === last) + 1);
    expect(resumed.events).toEqual(since);
    expect(resumed.events.some((e) => e.event === 'reset')).toBe(false);
    expect(new Set(resumed.events.map((e) => e.id)).size).toBe(resumed.events.length);
    // The missed plans come first (replayed), the live one after; nothing from before the drop.
    const plans = resumed.events.filter((e) => e.event === 'plan.updated').map((e) => e.data.id);
    expect([...new Set(plans)]).toEqual([...missed, live]);
    expect(resumed.events.filter(about(before))).toEqual([]);
    for (const planId of [...missed, live]) {
      const kinds = new Set(resumed.events.filter(about(planId)).map((e) => e.event));
      expect(kinds).toEqual(new Set(['plan.updated', 'execution.updated', 'audit.created']));
    }
    // The audit events are the tenant's log from where the client left off, each once.
    const leaves = rowsOf<{ event_id: string }>(
      await h.warrant.db.orm.execute(sql`
        SELECT event_id FROM audit_events
        WHERE tenant_id = ${demoId} AND leaf_index >= ${Number(last.split('.')[1])} ORDER BY leaf_index`),
    );
    expect(resumed.events.filter((e) => e.event === 'audit.created').map((e) => e.data.event_id)).toEqual(
      leaves.map((row) => row.event_id),
    );
    witness.close();
    resumed.close();
  });

  it('takes the id from ?last_event_id= too, the header winning when both are given', async () => {
    const { seen: planId, last } = await followedAndLeft();
    const missed = await activity();
    await settle();

    const byQuery = openStream(viewer, { query: `?last_event_id=${encodeURIComponent(last)}` });
    await byQuery.ready;
    await caughtUp(byQuery, demoId);
    expect(byQuery.events.filter(about(planId))).toEqual([]);
    expect(byQuery.events.filter(about(missed)).length).toBeGreaterThan(0);

    // A stale id in the URL (an EventSource keeps its first URL) loses to the newer header.
    const both = openStream(viewer, {
      query: `?last_event_id=${encodeURIComponent(last)}`,
      lastEventId: byQuery.lastId(),
    });
    await both.ready;
    const next = await activity();
    await settle();
    await caughtUp(both, demoId);
    expect(both.events.length).toBeGreaterThan(0);
    expect(both.events.every(about(next))).toBe(true);
    byQuery.close();
    both.close();
  });

  it("resets a client that brings another tenant's id, replaying neither tenant's past", async () => {
    const theirs = openStream(otherViewer);
    await theirs.ready;
    const foreignPlan = await activity(otherAgent);
    await settle();
    await caughtUp(theirs, otherId);
    const foreign = theirs.lastId();
    theirs.close();

    const mine = openStream(viewer, { lastEventId: foreign });
    await mine.ready;
    await waitFor(() => mine.events.length > 0);
    expect(mine.events[0]).toMatchObject({
      event: 'reset',
      data: { lost: ['plan.updated', 'execution.updated', 'audit.created'] },
    });
    // After the reset only live events come: this tenant's earlier plans and the other's stay out.
    const planId = await activity();
    await settle();
    await caughtUp(mine, demoId);
    expect(mine.events.slice(1).every(about(planId))).toBe(true);
    expect(mine.events.some(about(foreignPlan))).toBe(false);
    mine.close();
  });

  it('refuses a malformed id with a 400 problem, in the header or the query', async () => {
    for (const headers of [
      { 'last-event-id': 'not-an-id' },
      { 'last-event-id': `${'a'.repeat(12)}.1.x.1` },
    ]) {
      const res = await h.call<{ code: string }>('GET', '/v1/events', { key: viewer, headers });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('malformed_last_event_id');
    }
    const byQuery = await h.call<{ code: string }>('GET', '/v1/events?last_event_id=12', { key: viewer });
    expect(byQuery.status).toBe(400);
    expect(byQuery.body.code).toBe('malformed_last_event_id');
  });

  it('resets audit events when more were missed than it replays', async () => {
    const { last } = await followedAndLeft();

    // More audit events than a resume reads back (1,000).
    const actor: AuditActor = { id: 'bulk', type: 'service', roles: ['agent'], tenant_id: demoId };
    await h.warrant.db.orm.transaction((tx) =>
      appendAudit(
        tx,
        ...Array.from({ length: 1_001 }, () => ({
          tenant_id: demoId,
          actor,
          action: 'tool.registered' as const,
          occurred_at: new Date(),
        })),
      ),
    );
    await settle();

    const resumed = openStream(viewer, { lastEventId: last });
    await resumed.ready;
    await waitFor(() => resumed.events.length > 0);
    // Plan and execution updates were buffered (none missed); only the audit events are lost.
    expect(resumed.events[0]).toMatchObject({ event: 'reset', data: { lost: ['audit.created'] } });
    const planId = await activity();
    await settle();
    await caughtUp(resumed, demoId);
    expect(resumed.events.slice(1).every(about(planId))).toBe(true);
    resumed.close();
  });

  it('resumes on another process from the durable audit log, resetting the buffered updates', async () => {
    const { last } = await followedAndLeft();
    const missed = await activity();
    await settle();

    // A second process on the same database, as after a restart or behind a load balancer.
    const second = await createWarrant({
      config: h.warrant.config,
      db: h.warrant.db,
      home: mkdtempSync(join(tmpdir(), 'warrant-test-home-')),
      logger: createLogger({ level: 'silent' }),
      auditSignerKey: generateSignerKey('warrant.test/audit').signerKey,
    });
    try {
      await second.server.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(second.server.server.address() as AddressInfo).port}`;
      const resumed = openStream(viewer, { lastEventId: last, url });
      await resumed.ready;
      await caughtUp(resumed, demoId);
      expect(resumed.events[0]).toMatchObject({
        event: 'reset',
        data: { lost: ['plan.updated', 'execution.updated'] },
      });
      const replayed = resumed.events.slice(1);
      expect(replayed.length).toBeGreaterThan(0);
      expect(replayed.every((e) => e.event === 'audit.created' && about(missed)(e))).toBe(true);
      const live = await activity();
      await settle();
      await caughtUp(resumed, demoId);
      const after = resumed.events.slice(1 + replayed.length);
      expect(new Set(after.map((e) => e.event))).toEqual(
        new Set(['plan.updated', 'execution.updated', 'audit.created']),
      );
      expect(after.every(about(live))).toBe(true);
      expect(new Set(resumed.events.map((e) => e.id)).size).toBe(resumed.events.length);
      resumed.close();

      // An id of another epoch is never read against this process's buffer, even where its seq falls inside
      // it (as after a restart, once the new process has given out as many): the live updates above are not
      // replayed, the audit events are.
      const [tag, auditNext, , seq] = resumed.events[0]!.id.split('.');
      const otherEpoch = `${tag}.${auditNext}.${last.split('.')[2]}.${seq}`;
      const again = openStream(viewer, { lastEventId: otherEpoch, url });
      await again.ready;
      await caughtUp(again, demoId);
      expect(again.events[0]).toMatchObject({
        event: 'reset',
        data: { lost: ['plan.updated', 'execution.updated'] },
      });
      expect(again.events.slice(1).every((e) => e.event === 'audit.created')).toBe(true);
      again.close();
    } finally {
      await second.close();
    }
  });
});

const url = process.env.WARRANT_TEST_DATABASE_URL;

describe.skipIf(!url)('GET /v1/events when notifications may have been lost', () => {
  it('ends the streams; clients resume with a reset of the buffered updates', async () => {
    const stream = openStream(viewer);
    await stream.ready;
    await activity();
    await settle();
    await caughtUp(stream, demoId);
    const last = stream.lastId();

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const listeners = async () =>
      rowsOf<{ pid: number; query: string }>(
        await admin.query(
          `SELECT pid, query FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %' ORDER BY pid`,
          [`warrant:${h.warrant.db.schema}`],
        ),
      );
    try {
      const killed = await listeners();
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [
        killed.map((row) => row.pid),
      ]);
      await waitFor(() => stream.state.ended);
      // Listening again (its own reconnect), then the client comes back as EventSource would. The connection
      // LISTENs one channel at a time and ends the streams again once it has all of them, so a stream opened
      // after its first LISTEN can still be ended (seen under the full suite on PostgreSQL): wait until its
      // LISTENs have stopped, the last query of each fresh connection the same over three looks.
      const fresh = async () => (await listeners()).filter((row) => !killed.some((k) => k.pid === row.pid));
      await waitFor(async () => (await fresh()).length >= killed.length);
      const lastQueries = async () => JSON.stringify(await listeners());
      for (let seen = [await lastQueries()]; seen.length < 3 || new Set(seen.slice(-3)).size > 1; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen.push(await lastQueries());
      }
    } finally {
      await admin.end();
    }
    const resumed = openStream(viewer, { lastEventId: last });
    await resumed.ready;
    await waitFor(() => resumed.events.length > 0);
    expect(resumed.events[0]).toMatchObject({
      event: 'reset',
      data: { lost: ['plan.updated', 'execution.updated'] },
    });
    const planId = await activity();
    await settle();
    await caughtUp(resumed, demoId);
    expect(resumed.events.slice(1).every(about(planId))).toBe(true);
    resumed.close();
  });
});
