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

describe('preview', () => {
  it('reads the application and says what a sync, a rollback or Helm values would change, changing nothing', async () => {
    const sync = await argo.preview(
      'argocd.sync',
      { application: 'checkout', revision: 'bbb222' },
      ctx('p1'),
    );
    expect(sync).toEqual({
      method: 'computed',
      changes: [{ resource: 'application/checkout', field: 'revision', before: 'aaa111', after: 'bbb222' }],
      notes: ['syncs checkout (health now Healthy)'],
    });
    const helm = await argo.preview(
      'argocd.set_helm_values',
      { application: 'checkout', values: { 'image.tag': 'v2' } },
      ctx('p2'),
    );
    expect(helm.changes).toEqual([
      { resource: 'application/checkout', field: 'helm image.tag', before: null, after: 'v2' },
    ]);
    await expect(
      argo.preview('argocd.rollback', { application: 'checkout', id: 7 }, ctx('p3')),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await argo.preview('argocd.wait_healthy', { application: 'checkout' }, ctx('p4'))).method).toBe(
      'read_only',
    );
    expect(fake.calls.every((call) => call.method === 'GET')).toBe(true);
  });
});

describe("preview of a sync to the application's target", () => {
  it("lists Argo CD's diff of the managed resources, reading only", async () => {
    const deployment = (replicas: number, image: string) => ({
      metadata: { namespace: 'shop', name: 'checkout' },
      spec: { replicas, template: { spec: { containers: [{ name: 'checkout', image }] } } },
    });
    fake.state.resources.set('checkout', [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'checkout',
        live: deployment(2, 'checkout:v42'),
        target: deployment(6, 'checkout:v43'),
      },
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'checkout-flags',
        live: null,
        target: { data: { a: '1' } },
      },
      {
        kind: 'Secret',
        namespace: 'shop',
        name: 'db',
        live: { data: { p: 'x' } },
        target: { data: { p: 'y' } },
      },
      { kind: 'Service', namespace: 'shop', name: 'old', live: { spec: {} }, target: null },
    ]);
    const preview = await argo.preview('argocd.sync', { application: 'checkout' }, ctx('d1'));
    expect(preview.changes).toEqual([
      { resource: 'deployment/shop/checkout', field: 'replicas', before: 2, after: 6 },
      {
        resource: 'deployment/shop/checkout',
        field: 'image (checkout)',
        before: 'checkout:v42',
        after: 'checkout:v43',
      },
      { resource: 'configmap/shop/checkout-flags', field: 'exists', before: false, after: true },
    ]);
    expect(fake.calls.every((call) => call.method === 'GET')).toBe(true);

    // Without Argo CD's diff (an older server, no permission), the step still says what it can.
    fake.fail({ status: 403, path: /managed-resources$/ });
    const partial = await argo.preview('argocd.sync', { application: 'checkout' }, ctx('d2'));
    expect(partial.changes).toEqual([]);
    expect(partial.notes!.at(-1)).toMatch(/^Argo CD's diff could not be read: /);
  });
});
