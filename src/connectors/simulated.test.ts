import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.ts';
import type { CallContext } from './connector.ts';
import { SimulatedCluster } from './simulated.ts';

const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});
const make = (options = {}) =>
  new SimulatedCluster({ latencyMs: 0, clock: new ManualClock('2026-03-01T10:00:00Z'), ...options });

describe('simulated cluster', () => {
  it('scales with the real output shape, undoes, and remembers keys', async () => {
    const sim = make();
    const input = { namespace: 'shop', deployment: 'checkout', replicas: 6 };
    const first = await sim.call('k8s.scale', input, ctx('k1'));
    expect(first.output).toEqual({ previous_replicas: 3, replicas: 6 });
    expect(await sim.call('k8s.scale', input, ctx('k1'))).toEqual(first);
    expect(sim.effectsByKey.get('k1')).toBe(1);
    expect(sim.counters).toMatchObject({ calls: 2, effects: 1, replays: 1 });
    const undone = await sim.undo('k8s.scale', input, first.output, ctx('k1-undo'));
    expect(undone.output).toEqual({ previous_replicas: 6, replicas: 3 });
  });

  it('restarts and rolls back like kubectl, and the rollback brings the error rate down', async () => {
    const sim = make();
    const target = { namespace: 'shop', deployment: 'checkout' };
    expect((await sim.call('k8s.rollout_restart', target, ctx('r'))).output).toEqual({
      restarted_at: '2026-03-01T10:00:00Z',
    });
    const before = await sim.collect({ type: 'promql', query: 'error_rate' }, ctx('e1'));
    expect(before.result).toEqual({
      resultType: 'vector',
      result: [{ metric: {}, value: [1772359200, '0.12'] }],
    });
    expect((await sim.call('k8s.rollout_undo', target, ctx('u'))).output).toEqual({
      previous_revision: 2,
      revision: 1,
    });
    const evidence = await sim.collect({ type: 'k8s', query: 'deployment/shop/checkout' }, ctx('e2'));
    expect(evidence.result).toMatchObject({ revision: 3, desired_replicas: 3, ready_replicas: 3 });
    const range = await sim.call(
      'prometheus.query_range',
      { query: 'x', start: '0', end: '120', step: '1m' },
      ctx('q'),
    );
    expect(range.output).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [0, '0.002'],
            [60, '0.002'],
            [120, '0.002'],
          ],
        },
      ],
    });
  });

  it('syncs and rolls back an Argo CD application with the real output shape', async () => {
    const sim = make();
    const sync = await sim.call('argocd.sync', { application: 'checkout', revision: 'bad0001' }, ctx('s'));
    expect(sync.output).toEqual({
      application: 'checkout',
      revision: 'bad0001',
      health: 'Healthy',
      sync_status: 'Synced',
      previous_history_id: 0,
    });
    const undone = await sim.undo('argocd.sync', { application: 'checkout' }, sync.output, ctx('s-undo'));
    expect(undone.output).toMatchObject({ revision: '4f2a9c1', rolled_back_to: 0 });
    const evidence = await sim.collect({ type: 'argocd', query: 'checkout' }, ctx('e'));
    expect((evidence.result as { history: unknown[] }).history).toHaveLength(3);
  });

  it('fails the -broken ones after acting, and remembers the failure for the key', async () => {
    const sim = make();
    const input = { namespace: 'shop', deployment: 'payments-broken', replicas: 4 };
    await expect(sim.call('k8s.scale', input, ctx('b'))).rejects.toMatchObject({ code: 'rollout_failed' });
    await expect(sim.call('k8s.scale', input, ctx('b'))).rejects.toMatchObject({ code: 'rollout_failed' });
    expect(sim.effectsByKey.get('b')).toBe(1);
    expect(sim.deployment('shop', 'payments-broken').spec?.replicas).toBe(4);
    await expect(sim.call('argocd.sync', { application: 'payments-broken' }, ctx('d'))).rejects.toMatchObject(
      {
        code: 'degraded',
      },
    );
  });

  it('injects a failure on the nth call of a tool, before it acts', async () => {
    const sim = make({ failOn: { tool: 'k8s.rollout_restart', call: 2 } });
    const target = { namespace: 'shop', deployment: 'cart' };
    await sim.call('k8s.rollout_restart', target, ctx('1'));
    await expect(sim.call('k8s.rollout_restart', target, ctx('2'))).rejects.toMatchObject({
      code: 'injected_failure',
    });
    expect(sim.counters.effects).toBe(1);
  });

  it('answers not_found and not_undoable as the real connectors do, and waits its latency', async () => {
    const sim = new SimulatedCluster({ latencyMs: 20 });
    const started = performance.now();
    await expect(
      sim.call('k8s.scale', { namespace: 'shop', deployment: 'nope', replicas: 1 }, ctx('n')),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(18);
    await expect(sim.undo('k8s.rollout_restart', {}, {}, ctx('x'))).rejects.toMatchObject({
      code: 'not_undoable',
    });
  });

  it('serves what the built-in playbooks use: waits, Helm values, Vault versions into Secrets, each undone', async () => {
    const sim = make();
    expect(
      (await sim.call('k8s.wait_ready', { namespace: 'shop', deployment: 'cart' }, ctx('w'))).output,
    ).toMatchObject({ desired_replicas: 2, ready_replicas: 2 });
    await expect(
      sim.call('k8s.wait_ready', { namespace: 'shop', deployment: 'payments-broken' }, ctx('w2')),
    ).rejects.toMatchObject({ code: 'timeout' });
    expect(
      (await sim.call('argocd.wait_healthy', { application: 'checkout' }, ctx('h'))).output,
    ).toMatchObject({ health: 'Healthy' });

    const helmInput = { application: 'checkout', values: { 'image.tag': 'v43' } };
    const helm = await sim.call('argocd.set_helm_values', helmInput, ctx('v'));
    expect(helm.output).toMatchObject({
      previous_parameters: [],
      parameters: [{ name: 'image.tag', value: 'v43' }],
    });
    await sim.undo('argocd.set_helm_values', helmInput, helm.output, ctx('v-undo'));
    expect(sim.application('checkout').spec?.source?.helm?.parameters).toEqual([]);

    const put = { mount: 'secret', path: 'shop/db', data_ref: 'generate:password' };
    const first = await sim.call('vault.kv_put', put, ctx('p1'));
    const second = await sim.call('vault.kv_put', put, ctx('p2'));
    expect(second.output).toEqual({
      mount: 'secret',
      path: 'shop/db',
      version: 2,
      previous_version: 1,
      keys: ['password'],
    });
    expect(JSON.stringify([first, second])).not.toMatch(/"password":"/);
    const secret = { namespace: 'shop', name: 'checkout-db', mount: 'secret', path: 'shop/db' };
    await sim.call('k8s.update_secret_from_vault', { ...secret, version: 1 }, ctx('s1'));
    const latest = await sim.call(
      'k8s.update_secret_from_vault',
      { ...secret, version: 'latest' },
      ctx('s2'),
    );
    expect(latest.output).toMatchObject({ vault_version: 2, previous_vault_version: 1, keys: ['password'] });
    const restored = await sim.undo('k8s.update_secret_from_vault', secret, latest.output, ctx('s2-undo'));
    expect(restored.output).toMatchObject({ vault_version: 1, previous_vault_version: 2 });
    expect((await sim.undo('vault.kv_put', put, second.output, ctx('p2-undo'))).output).toEqual({
      mount: 'secret',
      path: 'shop/db',
      version: 3,
      restored_version: 1,
    });
    expect(await sim.collect({ type: 'traceql', query: '{ status = error }' }, ctx('t'))).toEqual({
      result: { traces: [], metrics: { inspectedTraces: 0 } },
    });
  });

  it('previews a call on a copy of its state: before and after, nothing changed', async () => {
    const sim = make();
    expect(
      await sim.preview('k8s.scale', { namespace: 'shop', deployment: 'checkout', replicas: 6 }, ctx('x')),
    ).toEqual({
      method: 'computed',
      changes: [{ resource: 'deployment/shop/checkout', field: 'replicas', before: 3, after: 6 }],
    });
    const restart = await sim.preview(
      'k8s.rollout_restart',
      { namespace: 'shop', deployment: 'cart' },
      ctx('r'),
    );
    expect(restart.changes).toEqual([
      {
        resource: 'deployment/shop/cart',
        field: 'restarted at',
        before: null,
        after: '2026-03-01T10:00:00Z',
      },
    ]);
    expect(
      (await sim.preview('argocd.set_helm_values', { application: 'checkout', values: { a: '1' } }, ctx('v')))
        .changes,
    ).toEqual([{ resource: 'application/checkout', field: 'helm a', before: null, after: '1' }]);
    expect(sim.deployment('shop', 'checkout').spec!.replicas).toBe(3);
    expect(sim.counters).toMatchObject({ effects: 0, calls: 0 });
  });
});
