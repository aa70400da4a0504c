import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKubernetesState, startFakeKubernetes } from '../../test/fakes/kubernetes.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import type { CallContext } from './connector.ts';
import { type HelmRelease, secretForRelease } from './helm-release.ts';
import { KubernetesConnector, kubeConfigFor } from './kubernetes.ts';
import { helmEnvFor } from './registry-from-config.ts';

const TOKEN = 'kube-t0ken-do-not-print';
let fake: FakeServer<FakeKubernetesState>;
const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});

const deploymentYaml = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ${image}
`;
const configMapYaml = (level: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: ${level}\n`;
const serviceYaml =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web-extra\nspec:\n  ports:\n    - port: 80\n';

function release(name: string, version: number, status: string, manifest: string): HelmRelease {
  return {
    name,
    namespace: 'prod',
    version,
    info: { status, description: version === 1 ? 'Install complete' : 'Upgrade complete' },
    chart: { metadata: { name: 'web', version: `1.${version}.0`, appVersion: `v${version}` } },
    manifest,
  };
}

const store = (r: HelmRelease) => {
  const secret = secretForRelease(r);
  fake.state.secrets.set(`prod/${secret.metadata.name}`, { apiVersion: 'v1', kind: 'Secret', ...secret });
};

const connector = (helm?: { path: string; env: Record<string, string> }) =>
  new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: fake.url, token: TOKEN }), helm });

async function history(name = 'web') {
  const { output } = await connector().call('helm.history', { namespace: 'prod', release: name }, ctx('h'));
  return (output.revisions as { revision: number; status: string; description: string }[]).map((r) => [
    r.revision,
    r.status,
    r.description,
  ]);
}

const liveImage = () => fake.state.deployments.get('prod/web')?.spec?.template.spec?.containers[0]?.image;

beforeEach(async () => {
  await fake?.close();
  fake = await startFakeKubernetes();
  // Revision 1: web:v1 and its config; revision 2 (live): web:v2, debug logging and an extra service.
  store(release('web', 1, 'superseded', `${deploymentYaml('web:v1', 2)}---\n${configMapYaml('info')}`));
  store(
    release(
      'web',
      2,
      'deployed',
      `${deploymentYaml('web:v2', 3)}---\n${configMapYaml('debug')}---\n${serviceYaml}`,
    ),
  );
  store(release('other', 1, 'deployed', ''));
  fake.state.addDeployment('prod', 'web', { replicas: 3, image: 'web:v2' });
  fake.state.objects.set('configmaps/prod/web-config', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: 'prod', resourceVersion: '1' },
    data: { LOG_LEVEL: 'debug' },
  });
  fake.state.objects.set('services/prod/web-extra', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-extra', namespace: 'prod', resourceVersion: '1' },
    spec: { clusterIP: '10.0.0.7', ports: [{ port: 80 }] },
  });
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
  it('lists the release newest first with status, chart and app version', async () => {
    const { output } = await connector().call(
      'helm.history',
      { namespace: 'prod', release: 'web' },
      ctx('h'),
    );
    const revisions = output.revisions as {
      revision: number;
      status: string;
      chart: string;
      app_version: string;
    }[];
    expect(revisions.map((h) => [h.revision, h.status, h.chart, h.app_version])).toEqual([
      [2, 'deployed', 'web-1.2.0', 'v2'],
      [1, 'superseded', 'web-1.1.0', 'v1'],
    ]);
  });

  it('names an unknown release, a corrupt release secret and a name that is not one clearly', async () => {
    await expect(history('nope')).rejects.toMatchObject({ code: 'helm_release_not_found' });
    await expect(history('broken')).rejects.toMatchObject({ code: 'helm_release_corrupt' });
    // A comma would add a term to the label selector and read another release's secrets.
    await expect(history('other,owner=helm')).rejects.toMatchObject({ code: 'rejected' });
  });
});

describe('helm.rollback through release secrets', () => {
  const input = { namespace: 'prod', release: 'web' };

  it('applies the previous revision, deletes what it lacks, and records revision 3 as Helm does', async () => {
    const { output } = await connector().call('helm.rollback', input, ctx('rb-1'));
    expect(output).toMatchObject({
      revision: 3,
      rolled_back_to: 1,
      previous_revision: 2,
      applied: ['Deployment/prod/web', 'ConfigMap/prod/web-config'],
      deleted: ['Service/prod/web-extra'],
    });
    expect(liveImage()).toBe('web:v1');
    expect(fake.state.deployments.get('prod/web')?.spec?.replicas).toBe(2);
    expect(fake.state.deployments.get('prod/web')?.metadata?.annotations?.['meta.helm.sh/release-name']).toBe(
      'web',
    );
    expect(fake.state.objects.get('configmaps/prod/web-config')?.data).toEqual({ LOG_LEVEL: 'info' });
    expect(fake.state.objects.has('services/prod/web-extra')).toBe(false);
    expect(await history()).toEqual([
      [3, 'deployed', 'Rollback to 1'],
      [2, 'superseded', 'Upgrade complete'],
      [1, 'superseded', 'Install complete'],
    ]);
  });

  it('answers a retried call from its record, and resumes one that failed half-way instead of writing another revision', async () => {
    const first = await connector().call('helm.rollback', input, ctx('rb-2'));
    expect((await connector().call('helm.rollback', input, ctx('rb-2'))).output).toEqual(first.output);
    expect(await history()).toHaveLength(3);

    // A second rollback (to revision 2 by number) whose deployment replace fails once.
    fake.fail({ method: 'PUT', path: /deployments\/web$/, status: 503 });
    await expect(
      connector().call('helm.rollback', { ...input, revision: 2 }, ctx('rb-3')),
    ).rejects.toMatchObject({ code: 'unavailable' });
    expect((await history())[0]).toEqual([4, 'failed', expect.stringContaining('Rollback "web" failed')]);
    expect(liveImage()).toBe('web:v1');
    const { output } = await connector().call('helm.rollback', { ...input, revision: 2 }, ctx('rb-3'));
    expect(output).toMatchObject({ revision: 4, rolled_back_to: 2, previous_revision: 3 });
    expect(liveImage()).toBe('web:v2');
    expect((await history()).map(([revision, status]) => [revision, status])).toEqual([
      [4, 'deployed'],
      [3, 'superseded'],
      [2, 'superseded'],
      [1, 'superseded'],
    ]);
    expect(fake.state.objects.get('services/prod/web-extra')).toMatchObject({ kind: 'Service' });
  });

  it('is undone by rolling back to the revision deployed before it', async () => {
    const k8s = connector();
    const { output } = await k8s.call('helm.rollback', input, ctx('rb-4'));
    const undone = await k8s.undo('helm.rollback', input, output, ctx('rb-4:undo'));
    expect(undone.output).toMatchObject({ revision: 4, rolled_back_to: 2 });
    expect(liveImage()).toBe('web:v2');
  });

  it('previews the revision and each object it changes without changing anything', async () => {
    const preview = await connector().preview('helm.rollback', input, ctx('p'));
    expect(preview.method).toBe('computed');
    expect(preview.changes).toEqual(
      expect.arrayContaining([
        { resource: 'helm_release/prod/web', field: 'revision deployed', before: 2, after: 1 },
        { resource: 'deployment/prod/web', field: 'replicas', before: 3, after: 2 },
        { resource: 'deployment/prod/web', field: 'image (web)', before: 'web:v2', after: 'web:v1' },
        { resource: 'service/prod/web-extra', field: 'exists', before: true, after: false },
      ]),
    );
    expect(await history()).toHaveLength(2);
    expect(liveImage()).toBe('web:v2');
  });

  it('refuses a revision it cannot apply, or that does not exist, before changing anything', async () => {
    store(
      release(
        'web',
        3,
        'superseded',
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec: {}\n',
      ),
    );
    const secretsBefore = fake.state.secrets.size;
    await expect(
      connector().call('helm.rollback', { ...input, revision: 3 }, ctx('rb-5')),
    ).rejects.toMatchObject({
      code: 'helm_kind_unsupported',
      message: expect.stringContaining('StatefulSet'),
    });
    await expect(
      connector().call('helm.rollback', { ...input, revision: 9 }, ctx('rb-6')),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(fake.state.secrets.size).toBe(secretsBefore);
    expect(liveImage()).toBe('web:v2');
  });
});

describe('helm.upgrade with the Helm binary', () => {
  const input = {
    namespace: 'prod',
    release: 'web',
    chart: 'acme/web',
    version: '2.0.0',
    values: { 'image.tag': 'v3', replicas: 4 },
  };

  /** A `helm` on a PATH of its own: the wire-format stand-in for the binary (test/fakes/helm-cli.ts). */
  function fakeHelmBinary(): string {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-helm-'));
    const path = join(dir, 'helm');
    const cli = resolve(import.meta.dirname, '../../test/fakes/helm-cli.ts');
    writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('is helm_unavailable without a binary, and changes nothing', async () => {
    const k8s = connector({ path: '/nonexistent/helm', env: {} });
    await expect(k8s.call('helm.upgrade', input, ctx('up-0'))).rejects.toMatchObject({
      code: 'helm_unavailable',
      message: expect.stringContaining('connectors.k8s.helm_path'),
    });
    expect(await history()).toHaveLength(2);
  });

  it('runs the binary with the cluster in its environment only, records the call, and is undone by a rollback', async () => {
    const env = helmEnvFor(
      { apiUrl: fake.url, token: TOKEN },
      { PATH: process.env.PATH, WARRANT_SECRET_X: 's' },
    );
    expect(env).not.toHaveProperty('WARRANT_SECRET_X');
    const k8s = connector({ path: fakeHelmBinary(), env });
    const { output } = await k8s.call('helm.upgrade', input, ctx('up-1'));
    expect(output).toMatchObject({
      revision: 3,
      status: 'deployed',
      chart: 'web-2.0.0',
      previous_revision: 2,
    });
    // The binary reached the API server with the token as a bearer (and refuses to run with it in argv).
    expect(fake.calls.some((c) => c.method === 'POST' && c.headers.authorization === `Bearer ${TOKEN}`)).toBe(
      true,
    );
    expect((await k8s.call('helm.upgrade', input, ctx('up-1'))).output).toEqual(output);
    expect(await history()).toHaveLength(3);

    const undone = await k8s.undo('helm.upgrade', input, output, ctx('up-1:undo'));
    expect(undone.output).toMatchObject({ revision: 4, rolled_back_to: 2 });
    expect((await history())[0]).toEqual([4, 'deployed', 'Rollback to 2']);
  });

  it("reports Helm's own error, and nothing is recorded", async () => {
    const k8s = connector({
      path: fakeHelmBinary(),
      env: helmEnvFor({ apiUrl: fake.url, token: TOKEN }, {}),
    });
    await expect(
      k8s.call('helm.upgrade', { ...input, chart: 'acme/missing' }, ctx('up-2')),
    ).rejects.toMatchObject({
      code: 'helm_failed',
      message: expect.stringContaining('chart "missing" not found'),
    });
    expect(await history()).toHaveLength(2);
  });
});
