/**
 * A stand-in for the Helm 3 binary's `helm upgrade [flags] -- <release> <chart> --output json`, for machines
 * without Helm: it reaches the cluster as Helm does, from HELM_KUBEAPISERVER and HELM_KUBETOKEN, reads the
 * release's secrets, writes revision N+1 (deployed; the chart named by the last path segment, at --version,
 * with the --set-json values as its config) and supersedes the one deployed, then prints the release JSON.
 * It refuses, as a careful reviewer would, to run with the cluster token anywhere on its command line, and
 * answers `repo/missing` as Helm answers a chart that is not in the repository.
 */
import { type HelmRelease, releaseFromSecret, secretForRelease } from '../../src/connectors/helm-release.ts';

const fail = (code: number, message: string): never => {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
};

const [command, ...rest] = process.argv.slice(2);
if (command !== 'upgrade') fail(1, `unknown command "${command}" for "helm"`);
const token = process.env.HELM_KUBETOKEN ?? '';
if (token && process.argv.some((arg) => arg.includes(token)))
  fail(3, 'the cluster token is on the command line');
const server =
  process.env.HELM_KUBEAPISERVER ?? fail(1, 'Kubernetes cluster unreachable: no HELM_KUBEAPISERVER');

const flags = new Map<string, string[]>();
let i = 0;
for (; i < rest.length && rest[i] !== '--'; i += 2) {
  flags.set(rest[i]!, [...(flags.get(rest[i]!) ?? []), rest[i + 1] ?? '']);
}
const [releaseName, chart] = rest.slice(i + 1);
const namespace = flags.get('--namespace')?.[0] ?? 'default';
if (!releaseName || !chart) fail(1, '"helm upgrade" requires 2 arguments');
if (chart!.endsWith('/missing')) fail(1, `chart "missing" not found in ${chart!.split('/')[0]} index`);

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) fail(1, `${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};

const secretsPath = `/api/v1/namespaces/${namespace}/secrets`;
const list = await api('GET', `${secretsPath}?labelSelector=owner%3Dhelm%2Cname%3D${releaseName}`);
const releases = (list.items as Parameters<typeof releaseFromSecret>[0][]).map(releaseFromSecret);
if (releases.length === 0) fail(1, `"${releaseName}" has no deployed releases`);
const latest = releases.reduce((a, b) => (b.version > a.version ? b : a));
const config = Object.fromEntries(
  (flags.get('--set-json') ?? []).map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), JSON.parse(pair.slice(at + 1)) as unknown];
  }),
);
const next: HelmRelease = {
  ...latest,
  version: latest.version + 1,
  config,
  chart: { metadata: { name: chart!.split('/').pop()!, version: flags.get('--version')?.[0] ?? '1.0.0' } },
  info: { status: 'deployed', description: 'Upgrade complete', last_deployed: new Date().toISOString() },
};
await api('POST', secretsPath, secretForRelease(next));
for (const release of releases.filter((r) => r.info.status === 'deployed')) {
  const superseded = secretForRelease({ ...release, info: { ...release.info, status: 'superseded' } });
  await api('PUT', `${secretsPath}/${superseded.metadata.name}`, superseded);
}
process.stdout.write(JSON.stringify(next));
