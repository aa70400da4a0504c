import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKubernetesState, startFakeKubernetes } from '../../test/fakes/kubernetes.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { type HelmRelease, secretForRelease } from './helm-release.ts';
import { KubernetesConnector, kubeConfigFor } from './kubernetes.ts';

let fake: FakeServer<FakeKubernetesState>;
beforeAll(async () => {
  fake = await startFakeKubernetes();
  const at = (name: string, version: number, status: string): HelmRelease => ({
    name,
    namespace: 'prod',
    version,
    info: { status, description: version === 1 ? 'Install complete' : 'Upgrade complete' },
    chart: { metadata: { name: 'web', version: `1.${version}.0`, appVersion: `v${version}` } },
    manifest: '',
  });
  for (const r of [at('web', 1, 'superseded'), at('web', 2, 'deployed'), at('other', 1, 'deployed')]) {
    const secret = secretForRelease(r);
    fake.state.secrets.set(`prod/${secret.metadata.name}`, { apiVersion: 'v1', kind: 'Secret', ...secret });
  }
  fake.state.secrets.set('prod/sh.helm.release.v1.broken.v1', {
    metadata: {
      name: 'sh.helm.release.v1.broken.v1',
      namespace: 'prod',
      labels: { owner: 'helm', name: 'broken' },
    },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from('not a release').toString('base64') },
  });
});
afterAll(() => fake.close());

describe('helm.history through release secrets', () => {
  const ctx = { idempotencyKey: 'h', signal: new AbortController().signal, heartbeat() {} };
  const helmHistory = async (namespace: string, release: string) => {
    const connector = new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: fake.url }) });
    const { output } = await connector.call('helm.history', { namespace, release }, ctx);
    return output.revisions as { revision: number; status: string; chart: string; app_version: string }[];
  };

  it('lists the release newest first with status, chart and app version', async () => {
    const history = await helmHistory('prod', 'web');
    expect(history.map((h) => [h.revision, h.status, h.chart, h.app_version])).toEqual([
      [2, 'deployed', 'web-1.2.0', 'v2'],
      [1, 'superseded', 'web-1.1.0', 'v1'],
    ]);
  });

  it('names an unknown release and a corrupt release secret clearly', async () => {
    await expect(helmHistory('prod', 'nope')).rejects.toMatchObject({
      code: 'helm_release_not_found',
    });
    await expect(helmHistory('prod', 'broken')).rejects.toMatchObject({
      code: 'helm_release_corrupt',
    });
  });
});
