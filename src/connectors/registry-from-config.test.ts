import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubernetesState, startFakeKubernetes } from '../../test/fakes/kubernetes.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { loadConfig } from '../config/load.ts';
import type { CallContext } from './connector.ts';
import { connectorsFromConfig } from './registry-from-config.ts';
import { SimulatedCluster } from './simulated.ts';

let fake: FakeServer<FakeKubernetesState>;
const ctx: CallContext = { idempotencyKey: 'c', signal: new AbortController().signal, heartbeat() {} };

beforeAll(async () => {
  fake = await startFakeKubernetes();
  fake.state.addDeployment('shop', 'checkout', { replicas: 2 });
});
afterAll(() => fake.close());

describe('connectorsFromConfig', () => {
  it('registers only what is configured; the rest fails with no_connector', () => {
    const registry = connectorsFromConfig(loadConfig({ env: {} }), {});
    expect(registry.forTool('http.request').name).toBe('http');
    expect(() => registry.forTool('k8s.scale')).toThrow(expect.objectContaining({ code: 'no_connector' }));
    expect(() => registry.forEvidence('promql')).toThrow(expect.objectContaining({ code: 'no_connector' }));
  });

  it("gives http.request no host until WARRANT_HTTP_ALLOWED_HOSTS lists some, and under '*' not Warrant's own API", async () => {
    const call = (env: Record<string, string>, url: string) =>
      connectorsFromConfig(loadConfig({ env }), env)
        .forTool('http.request')
        .call('http.request', { method: 'GET', url }, ctx);
    await expect(call({}, fake.url)).rejects.toMatchObject({ code: 'host_not_allowed' });
    const env = { WARRANT_HTTP_ALLOWED_HOSTS: '*', WARRANT_GATEWAY_HTTP_ADDR: '127.0.0.1:8080' };
    await expect(call(env, 'http://127.0.0.1:8080/v1/whoami')).rejects.toMatchObject({
      code: 'forbidden_address',
    });
  });

  it('builds real connectors from addresses, with tokens from the environment', async () => {
    const env = {
      WARRANT_CONNECTORS_K8S_API_URL: fake.url,
      WARRANT_CONNECTORS_ARGOCD_ADDR: 'http://argocd.invalid',
      WARRANT_CONNECTORS_PROMETHEUS_ADDR: 'http://prometheus.invalid',
      WARRANT_CONNECTORS_TEMPO_ADDR: 'http://tempo.invalid',
      WARRANT_CONNECTORS_GITHUB_API_URL: 'http://github.invalid',
      WARRANT_K8S_TOKEN: 'k8s-secret',
    };
    const registry = connectorsFromConfig(loadConfig({ env }), env);
    const names = [
      'k8s.scale',
      'argocd.sync',
      'prometheus.query',
      'tempo.search',
      'github.create_repository',
    ].map((tool) => registry.forTool(tool).name);
    expect(names).toEqual(['kubernetes', 'argocd', 'prometheus', 'tempo', 'github']);
    await registry.forEvidence('k8s').collect!({ type: 'k8s', query: 'deployment/shop/checkout' }, ctx);
    expect(fake.calls.at(-1)?.headers.authorization).toBe('Bearer k8s-secret');
  });

  it('serves k8s, argocd and prometheus from the simulated cluster when enabled', () => {
    const env = { WARRANT_CONNECTORS_SIMULATED_ENABLED: 'true', WARRANT_CONNECTORS_K8S_API_URL: fake.url };
    const registry = connectorsFromConfig(loadConfig({ env }), env);
    expect(registry.forTool('k8s.scale').name).toBe('simulated');
    expect(registry.forEvidence('argocd').name).toBe('simulated');
    expect(registry.forTool('http.request').name).toBe('http');
    const mine = new SimulatedCluster({ latencyMs: 0 });
    expect(
      connectorsFromConfig(loadConfig({ env: {} }), {}, { simulated: mine }).forTool('prometheus.query'),
    ).toBe(mine);
  });
});
