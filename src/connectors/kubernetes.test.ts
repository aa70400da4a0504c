import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKubernetesState, startFakeKubernetes } from '../../test/fakes/kubernetes.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { ManualClock } from '../core/clock.ts';
import type { CallContext } from './connector.ts';
import { KubernetesConnector, kubeConfigFor } from './kubernetes.ts';

let fake: FakeServer<FakeKubernetesState>;
let k8s: KubernetesConnector;
const clock = new ManualClock('2026-03-01T10:00:00.123Z');

const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});

beforeEach(async () => {
  fake = await startFakeKubernetes();
  fake.state.addDeployment('shop', 'checkout', { replicas: 3 });
  k8s = new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: fake.url, token: 't0ken' }), clock });
});
afterEach(() => fake.close());

const checkout = () => fake.state.deployments.get('shop/checkout')!;

describe('k8s.scale', () => {
  it('reads the current scale, scales, and undoes back', async () => {
    const result = await k8s.call(
      'k8s.scale',
      { namespace: 'shop', deployment: 'checkout', replicas: 5 },
      ctx('s1'),
    );
    expect(result.output).toEqual({ previous_replicas: 3, replicas: 5 });
    expect(checkout().spec?.replicas).toBe(5);
    const patch = fake.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.idempotencyKey).toBe('s1');
    expect(patch.headers.authorization).toBe('Bearer t0ken');
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');

    const undone = await k8s.undo!(
      'k8s.scale',
      { namespace: 'shop', deployment: 'checkout', replicas: 5 },
      result.output,
      ctx('s1-undo'),
    );
    expect(undone.output).toEqual({ previous_replicas: 5, replicas: 3 });
    expect(checkout().spec?.replicas).toBe(3);
  });

  it('a retried call with the same key acts once and reports the original previous_replicas', async () => {
    const input = { namespace: 'shop', deployment: 'checkout', replicas: 7 };
    const first = await k8s.call('k8s.scale', input, ctx('same'));
    const second = await k8s.call('k8s.scale', input, ctx('same'));
    expect(second.output).toEqual(first.output);
    expect(second.output.previous_replicas).toBe(3);
    expect(fake.effectsByKey.get('same')).toBe(1);
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('maps a missing deployment to not_found and a 500 to a retryable error', async () => {
    await expect(
      k8s.call('k8s.scale', { namespace: 'shop', deployment: 'nope', replicas: 1 }, ctx('m')),
    ).rejects.toMatchObject({
      code: 'not_found',
      retryable: false,
      message: expect.stringContaining('not found'),
    });
    fake.fail({ status: 500, method: 'PATCH' });
    await expect(
      k8s.call('k8s.scale', { namespace: 'shop', deployment: 'checkout', replicas: 1 }, ctx('f')),
    ).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    expect(checkout().spec?.replicas).toBe(3);
  });
});

describe('k8s.rollout_restart', () => {
  it('stamps the pod template with restartedAt, starting a new revision', async () => {
    const result = await k8s.call(
      'k8s.rollout_restart',
      { namespace: 'shop', deployment: 'checkout' },
      ctx('r1'),
    );
    expect(result.output).toEqual({ restarted_at: '2026-03-01T10:00:00Z' });
    expect(checkout().spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(
      '2026-03-01T10:00:00Z',
    );
    expect(checkout().metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    await expect(k8s.undo!('k8s.rollout_restart', {}, result.output, ctx('r1-undo'))).rejects.toMatchObject({
      code: 'not_undoable',
    });
  });
});

describe('k8s.rollout_undo', () => {
  it('puts the previous ReplicaSet template back, as kubectl rollout undo does', async () => {
    await k8s.call('k8s.rollout_restart', { namespace: 'shop', deployment: 'checkout' }, ctx('r1'));
    const result = await k8s.call(
      'k8s.rollout_undo',
      { namespace: 'shop', deployment: 'checkout' },
      ctx('u1'),
    );
    expect(result.output).toEqual({ previous_revision: 2, revision: 1 });
    expect(
      checkout().spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'],
    ).toBeUndefined();
    expect(checkout().spec?.template.metadata?.labels?.['pod-template-hash']).toBeUndefined();
    // The controller reuses revision 1's ReplicaSet and renumbers it.
    expect(checkout().metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const patch = fake.calls.filter((c) => c.method === 'PATCH').at(-1)!;
    expect(patch.headers['content-type']).toBe('application/json-patch+json');
    expect(patch.idempotencyKey).toBe('u1');
  });

  it('rolls back to an asked revision, and refuses one that does not exist', async () => {
    await k8s.call('k8s.rollout_restart', { namespace: 'shop', deployment: 'checkout' }, ctx('r1'));
    clock.advance(60_000);
    await k8s.call('k8s.rollout_restart', { namespace: 'shop', deployment: 'checkout' }, ctx('r2'));
    const result = await k8s.call(
      'k8s.rollout_undo',
      { namespace: 'shop', deployment: 'checkout', revision: 1 },
      ctx('u1'),
    );
    expect(result.output).toEqual({ previous_revision: 3, revision: 1 });
    await expect(
      k8s.call('k8s.rollout_undo', { namespace: 'shop', deployment: 'checkout', revision: 9 }, ctx('u2')),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('k8s evidence', () => {
  it('reports the deployment status', async () => {
    const evidence = await k8s.collect({ type: 'k8s', query: 'deployment/shop/checkout' }, ctx('e'));
    expect(evidence.result).toMatchObject({
      namespace: 'shop',
      name: 'checkout',
      revision: 1,
      desired_replicas: 3,
      ready_replicas: 3,
      updated_replicas: 3,
      conditions: expect.arrayContaining([expect.objectContaining({ type: 'Available', status: 'True' })]),
    });
  });

  it('shows a deployment that never becomes ready', async () => {
    fake.state.neverReady.add('shop/checkout');
    const evidence = await k8s.collect({ type: 'k8s', query: 'shop/checkout' }, ctx('e'));
    expect(evidence.result).toMatchObject({ desired_replicas: 3, ready_replicas: 0 });
    await expect(k8s.collect({ type: 'k8s', query: 'pods' }, ctx('e'))).rejects.toMatchObject({
      code: 'bad_query',
    });
  });
});

describe('preview', () => {
  it('dry-runs the restart on the API server: the restart mark it would set, nothing stored', async () => {
    const restart = await k8s.preview(
      'k8s.rollout_restart',
      { namespace: 'shop', deployment: 'checkout' },
      ctx('p1'),
    );
    expect(restart).toEqual({
      method: 'dry_run',
      changes: [
        {
          resource: 'deployment/shop/checkout',
          field: 'restarted at',
          before: null,
          after: clock
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
        },
      ],
    });
    const patch = fake.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.query).toBe('?dryRun=All');
    expect(patch.idempotencyKey).toBeUndefined();
    expect(checkout().spec?.template.metadata?.annotations).toBeUndefined();
    expect(fake.state.replicaSets).toHaveLength(1);
  });

  it('says what a wait waits for, and maps a missing deployment to not_found', async () => {
    expect(
      await k8s.preview('k8s.wait_ready', { namespace: 'shop', deployment: 'checkout' }, ctx('p2')),
    ).toEqual({
      method: 'read_only',
      changes: [],
      notes: ['waits until 3 replicas of shop/checkout are ready (3 ready now)'],
    });
    await expect(
      k8s.preview('k8s.scale', { namespace: 'shop', deployment: 'nope', replicas: 2 }, ctx('p3')),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
