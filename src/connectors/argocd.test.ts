import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeArgoCdState, startFakeArgoCD } from '../../test/fakes/argocd.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { ArgoCdConnector } from './argocd.ts';
import type { CallContext } from './connector.ts';

let fake: FakeServer<FakeArgoCdState>;
let argo: ArgoCdConnector;
let beats = 0;

const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat: () => {
    beats++;
  },
});

beforeEach(async () => {
  beats = 0;
  fake = await startFakeArgoCD({ token: 'argo-token' });
  fake.state.addApp('checkout', { revision: 'aaa111' });
  argo = new ArgoCdConnector({
    addr: fake.url,
    token: 'argo-token',
    pollIntervalMs: 5,
    waitTimeoutMs: 2_000,
  });
});
afterEach(() => fake.close());

describe('argocd.sync', () => {
  it('syncs, waits for Healthy, and records the history id to roll back to', async () => {
    fake.state.script.set('checkout', ['Progressing', 'Progressing', 'Healthy']);
    const result = await argo.call('argocd.sync', { application: 'checkout', revision: 'bbb222' }, ctx('k1'));
    expect(result.output).toEqual({
      application: 'checkout',
      revision: 'bbb222',
      health: 'Healthy',
      sync_status: 'Synced',
      previous_history_id: 0,
    });
    expect(result.link).toBe(`${fake.url}/applications/checkout`);
    expect(beats).toBeGreaterThanOrEqual(3);
    const sync = fake.calls.find((c) => c.path.endsWith('/sync'))!;
    expect(sync.idempotencyKey).toBe('k1');
    expect(sync.headers.authorization).toBe('Bearer argo-token');
    expect(sync.body).toMatchObject({ revision: 'bbb222' });

    const undone = await argo.undo!(
      'argocd.sync',
      { application: 'checkout' },
      result.output,
      ctx('k1-undo'),
    );
    expect(undone.output).toMatchObject({ revision: 'aaa111', rolled_back_to: 0, health: 'Healthy' });
    expect(fake.calls.find((c) => c.path.endsWith('/rollback'))?.body).toEqual({ id: 0 });
  });

  it('a retried sync with the same key does not sync again', async () => {
    const first = await argo.call(
      'argocd.sync',
      { application: 'checkout', revision: 'bbb222' },
      ctx('same'),
    );
    const second = await argo.call(
      'argocd.sync',
      { application: 'checkout', revision: 'bbb222' },
      ctx('same'),
    );
    expect(second.output).toEqual(first.output);
    expect(fake.calls.filter((c) => c.path.endsWith('/sync'))).toHaveLength(1);
    expect(fake.state.apps.get('checkout')?.status?.history).toHaveLength(2);
  });

  it('fails with degraded when the application goes Degraded after the sync', async () => {
    fake.state.script.set('checkout', ['Progressing', 'Degraded']);
    await expect(argo.call('argocd.sync', { application: 'checkout' }, ctx('k2'))).rejects.toMatchObject({
      code: 'degraded',
      retryable: false,
      message: expect.stringContaining('progress deadline'),
    });
  });

  it('times out when the application stays Progressing', async () => {
    const slow = new ArgoCdConnector({
      addr: fake.url,
      token: 'argo-token',
      pollIntervalMs: 5,
      waitTimeoutMs: 50,
    });
    fake.state.script.set('checkout', ['Progressing']);
    await expect(slow.call('argocd.sync', { application: 'checkout' }, ctx('k3'))).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('maps 500 to a retryable error and a bad token to unauthorized', async () => {
    fake.fail({ status: 500, method: 'POST' });
    await expect(argo.call('argocd.sync', { application: 'checkout' }, ctx('k4'))).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    const stranger = new ArgoCdConnector({ addr: fake.url, token: 'wrong' });
    await expect(stranger.call('argocd.sync', { application: 'checkout' }, ctx('k5'))).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('argocd.rollback', () => {
  it('rolls back to a history id, and refuses an unknown one', async () => {
    await argo.call('argocd.sync', { application: 'checkout', revision: 'bbb222' }, ctx('s'));
    const result = await argo.call('argocd.rollback', { application: 'checkout', id: 0 }, ctx('r'));
    expect(result.output).toMatchObject({ revision: 'aaa111', rolled_back_to: 0 });
    await expect(
      argo.undo!('argocd.rollback', { application: 'checkout' }, result.output, ctx('ru')),
    ).rejects.toMatchObject({
      code: 'not_undoable',
    });
    await expect(
      argo.call('argocd.rollback', { application: 'checkout', id: 42 }, ctx('r2')),
    ).rejects.toMatchObject({
      code: 'rejected',
      message: expect.stringContaining("deployment id '42'"),
    });
  });
});

describe('argocd evidence', () => {
  it('reports health, sync status, revision and history', async () => {
    const evidence = await argo.collect({ type: 'argocd', query: 'checkout' }, ctx('e'));
    expect(evidence.result).toEqual({
      application: 'checkout',
      revision: 'aaa111',
      health: 'Healthy',
      sync_status: 'Synced',
      health_message: null,
      operation_phase: null,
      history: [{ id: 0, revision: 'aaa111', deployed_at: '2026-01-01T00:00:00Z' }],
    });
    await expect(argo.collect({ type: 'argocd', query: 'nope' }, ctx('e'))).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
