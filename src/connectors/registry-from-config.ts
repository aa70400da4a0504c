/**
 * The connectors a worker gets from `connectors` in warrant.yaml and the environment. A system with no
 * address configured is left out, so its tools fail with `no_connector`; `http.request` needs no address (but
 * calls only the hosts WARRANT_HTTP_ALLOWED_HOSTS lists).
 * The simulated cluster, when enabled, serves the k8s, argocd, prometheus and vault tools (every tool of the
 * built-in playbooks) and traceql evidence in place of real ones.
 * Tokens come from the environment only: WARRANT_K8S_TOKEN, WARRANT_ARGOCD_TOKEN, WARRANT_GITHUB_TOKEN,
 * WARRANT_PROMETHEUS_TOKEN, WARRANT_TEMPO_TOKEN, WARRANT_VAULT_TOKEN, WARRANT_ALERTMANAGER_TOKEN, WARRANT_GRAFANA_TOKEN,
 * WARRANT_PAGERDUTY_TOKEN (with connectors.pagerduty.from). With Vault configured, the Kubernetes connector
 * also updates Secrets from Vault versions. AWS is on with a region (connectors.aws.region or AWS_REGION); its
 * credentials come from the standard AWS environment.
 */
import type { Config } from '../config/schema.ts';
import { AlertmanagerConnector } from './alertmanager.ts';
import { ArgoCdConnector } from './argocd.ts';
import { AwsConnector } from './aws.ts';
import { type Connector, ConnectorRegistry } from './connector.ts';
import { kubernetesTools } from './deployments.ts';
import { parseAllowedHosts } from './egress.ts';
import { GitHubConnector } from './github.ts';
import { GrafanaConnector } from './grafana.ts';
import { HttpConnector } from './http.ts';
import type { KubernetesConnector } from './kubernetes.ts';
import { PagerDutyConnector } from './pagerduty.ts';
import { PrometheusConnector } from './prometheus.ts';
import { SimulatedCluster } from './simulated.ts';
import { TempoConnector } from './tempo.ts';
import { VaultConnector } from './vault.ts';

type Env = Record<string, string | undefined>;

export interface RegistryOptions {
  /** Use this simulated cluster (e.g. one the demo inspects) instead of a new one. */
  simulated?: SimulatedCluster;
}

/**
 * The Kubernetes connector, its client (some 900 modules) loaded at its first call rather than with the
 * server; a bad kubeconfig is reported by that call.
 */
function lazyKubernetes(
  source: { kubeconfigPath: string } | { apiUrl: string; token?: string },
  secrets: VaultConnector | undefined,
  helmPath: string,
  env: Env,
): Connector {
  let loaded: Promise<KubernetesConnector> | undefined;
  const connector = () =>
    (loaded ??= import('./kubernetes.ts').then(
      ({ KubernetesConnector, kubeConfigFor }) =>
        new KubernetesConnector({
          kubeConfig: kubeConfigFor(source),
          secrets,
          helm: { path: helmPath, env: helmEnvFor(source, env) },
        }),
    ));
  return {
    name: 'kubernetes',
    tools: kubernetesTools(secrets !== undefined),
    evidence: ['k8s'],
    call: async (tool, input, ctx) => (await connector()).call(tool, input, ctx),
    undo: async (tool, input, output, ctx) => (await connector()).undo(tool, input, output, ctx),
    collect: async (requirement, ctx) => (await connector()).collect(requirement, ctx),
    preview: async (tool, input, ctx) => (await connector()).preview(tool, input, ctx),
    observe: async (signal) => (await connector()).observe(signal),
  };
}

/**
 * The only environment the Helm binary gets: the cluster as the connector reaches it (Helm's own variables, so
 * the token is never on a command line) and where Helm keeps its repositories; none of Warrant's secrets.
 */
export function helmEnvFor(
  source: { kubeconfigPath: string } | { apiUrl: string; token?: string },
  env: Env,
): Record<string, string> {
  const base: Record<string, string> = { PATH: env.PATH ?? '' };
  for (const name of ['HOME', 'HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME'] as const) {
    const value = env[name];
    if (value) base[name] = value;
  }
  if ('kubeconfigPath' in source) return { ...base, KUBECONFIG: source.kubeconfigPath };
  return {
    ...base,
    HELM_KUBEAPISERVER: source.apiUrl,
    ...(source.token ? { HELM_KUBETOKEN: source.token } : {}),
    ...(source.apiUrl.startsWith('http:') ? { HELM_KUBEINSECURE_SKIP_TLS_VERIFY: 'true' } : {}),
  };
}

export function connectorsFromConfig(
  config: Config,
  env: Env = process.env,
  options: RegistryOptions = {},
): ConnectorRegistry {
  const { k8s, argocd, prometheus, tempo, github, simulated, vault, alertmanager, grafana, pagerduty, aws } =
    config.connectors;
  const connectors: Connector[] = [
    new HttpConnector({
      allowedHosts: parseAllowedHosts(env.WARRANT_HTTP_ALLOWED_HOSTS),
      ownAddress: config.gateway.http_addr,
    }),
  ];
  const secrets = vault.addr
    ? new VaultConnector({ addr: vault.addr, token: env.WARRANT_VAULT_TOKEN, env })
    : undefined;
  if (secrets) connectors.push(secrets);
  if (k8s.kubeconfig_path || k8s.api_url) {
    const source = k8s.kubeconfig_path
      ? { kubeconfigPath: k8s.kubeconfig_path }
      : { apiUrl: k8s.api_url!, token: env.WARRANT_K8S_TOKEN };
    connectors.push(lazyKubernetes(source, secrets, k8s.helm_path, env));
  }
  if (argocd.addr)
    connectors.push(new ArgoCdConnector({ addr: argocd.addr, token: env.WARRANT_ARGOCD_TOKEN }));
  if (prometheus.addr) {
    connectors.push(new PrometheusConnector({ addr: prometheus.addr, token: env.WARRANT_PROMETHEUS_TOKEN }));
  }
  if (tempo.addr) connectors.push(new TempoConnector({ addr: tempo.addr, token: env.WARRANT_TEMPO_TOKEN }));
  if (github.api_url) {
    connectors.push(new GitHubConnector({ apiUrl: github.api_url, token: env.WARRANT_GITHUB_TOKEN }));
  }
  if (alertmanager.addr)
    connectors.push(
      new AlertmanagerConnector({ addr: alertmanager.addr, token: env.WARRANT_ALERTMANAGER_TOKEN }),
    );
  if (grafana.addr)
    connectors.push(new GrafanaConnector({ addr: grafana.addr, token: env.WARRANT_GRAFANA_TOKEN }));
  if (env.WARRANT_PAGERDUTY_TOKEN && pagerduty.from)
    connectors.push(
      new PagerDutyConnector({
        addr: pagerduty.addr,
        token: env.WARRANT_PAGERDUTY_TOKEN,
        from: pagerduty.from,
      }),
    );
  const awsRegion = aws.region ?? env.AWS_REGION;
  if (awsRegion)
    connectors.push(new AwsConnector({ region: awsRegion, endpoint: aws.endpoint, roleArn: aws.role_arn }));
  // Registered last: a later registration takes over the tools of an earlier one.
  if (options.simulated || simulated.enabled) {
    connectors.push(options.simulated ?? new SimulatedCluster({ latencyMs: simulated.latency_ms }));
  }
  return new ConnectorRegistry(connectors);
}
