import { z } from 'zod';
import { DEFAULT_HTTP_ADDR } from './defaults.ts';

/**
 * warrant.yaml: gateway, policy, llm, orchestrator, storage, connectors and chatops sections, with Warrant's
 * own additions (audit, server limits).
 * Every key has a default so Warrant runs with no file at all.
 */
const hostPort = z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port');

export const configSchema = z.strictObject({
  gateway: z
    .strictObject({
      http_addr: hostPort.default(DEFAULT_HTTP_ADDR),
      // Seed 001's WebSocket address: the live events of GET /v1/events, also over WebSocket (events/websocket.ts).
      ws_addr: hostPort.optional(),
      oidc_issuer: z.url().optional(),
      oidc_client_id: z.string().optional(),
      oidc_audience: z.string().optional(),
      body_limit_bytes: z.coerce.number().int().positive().default(1_048_576),
      // The MCP gateway's map from an upstream server's tool names to catalog tools; `risk` is what the
      // operator declares of the upstream tool, shown to approvers in the plans the gateway proposes.
      tool_map: z
        .record(
          z.string().min(1),
          z.strictObject({
            tool: z.string().min(1).max(128),
            risk: z.enum(['read', 'low', 'medium', 'high']).optional(),
          }),
        )
        .default({}),
    })
    .prefault({}),
  policy: z
    .strictObject({
      opa_url: z.url().optional(),
      policy_package: z.string().default('warrant'),
      // While the OPA server is unavailable, writes are denied; this decides reads (seed 001's degraded mode).
      on_unavailable: z.enum(['deny_all', 'allow_reads']).default('allow_reads'),
      // What a resource the context graph does not place is decided as (a declaration may only be stricter).
      unmapped_environment: z.enum(['dev', 'stage', 'prod']).default('prod'),
    })
    .prefault({}),
  llm: z
    .strictObject({
      provider: z.enum(['offline', 'openai', 'anthropic', 'openai-codex']).default('offline'),
      api_base: z.url().optional(),
      model: z.string().optional(),
      timeout_ms: z.coerce.number().int().positive().default(30_000),
      max_output_tokens: z.coerce.number().int().positive().default(1024),
      redact_patterns: z.array(z.string()).default([]),
      auth_profile: z.string().optional(),
      auth_path: z.string().optional(),
    })
    .prefault({}),
  orchestrator: z
    .strictObject({
      worker: z.stringbool().or(z.boolean()).default(true),
      // A run whose worker stops heartbeating is taken over after this long.
      lease_seconds: z.coerce.number().int().min(1).max(3600).default(15),
      // How often workers re-send runs that nobody is driving.
      reconcile_ms: z.coerce.number().int().min(50).default(2000),
      // Runs one worker process drives at once.
      concurrency: z.coerce.number().int().min(1).max(64).default(2),
    })
    .prefault({}),
  storage: z
    .strictObject({
      object_store: z
        .strictObject({
          dir: z.string().optional(),
          endpoint: z.string().optional(),
          bucket: z.string().optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  connectors: z
    .strictObject({
      vault: z.strictObject({ addr: z.string().optional() }).prefault({}),
      k8s: z
        .strictObject({
          kubeconfig_path: z.string().optional(),
          api_url: z.string().optional(),
          // The Helm binary helm.upgrade runs (helm.history and helm.rollback need none).
          helm_path: z.string().default('helm'),
        })
        .prefault({}),
      argocd: z.strictObject({ addr: z.string().optional() }).prefault({}),
      prometheus: z.strictObject({ addr: z.string().optional() }).prefault({}),
      tempo: z.strictObject({ addr: z.string().optional() }).prefault({}),
      github: z.strictObject({ api_url: z.string().optional() }).prefault({}),
      alertmanager: z.strictObject({ addr: z.string().optional() }).prefault({}),
      grafana: z.strictObject({ addr: z.string().optional() }).prefault({}),
      // Credentials from the standard AWS environment; role_arn: each call runs as that role (STS AssumeRole).
      aws: z
        .strictObject({
          region: z.string().optional(),
          endpoint: z.string().optional(),
          role_arn: z
            .string()
            .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')
            .optional(),
        })
        .prefault({}),
      // The token is WARRANT_PAGERDUTY_TOKEN; `from` is the PagerDuty user's email changes are made as.
      pagerduty: z
        .strictObject({ addr: z.string().default('https://api.pagerduty.com'), from: z.email().optional() })
        .prefault({}),
      // The in-process simulated cluster (demo, benchmarks): serves the k8s, argocd and prometheus tools.
      simulated: z
        .strictObject({
          enabled: z.stringbool().or(z.boolean()).default(false),
          latency_ms: z.coerce.number().int().min(0).default(5),
        })
        .prefault({}),
    })
    .prefault({}),
  chatops: z
    .strictObject({
      slack_bot_token: z.string().optional(),
      slack_signing_secret: z.string().optional(),
      // Slack's Web API; tests point it at a local fake.
      slack_api_url: z.url().default('https://slack.com/api'),
      // Where pending approvals are posted; no channel, no messages.
      slack_channel: z.string().optional(),
      // Links in Slack messages point at the console here.
      console_url: z.url().optional(),
      linear_webhook_secret: z.string().optional(),
    })
    .prefault({}),
  ops: z
    .strictObject({
      // OTLP/HTTP traces endpoint (e.g. http://127.0.0.1:4318/v1/traces); unset = no tracing at all.
      otlp_endpoint: z.url().optional(),
      // When set, /metrics answers only `Authorization: Bearer <token>` (it shows counts of every tenant).
      metrics_token: z.string().min(16, 'at least 16 characters').optional(),
      // Requests per minute for each API key, and for each client IP address (per process); 0 = no limit.
      rate_limit_per_minute: z.coerce.number().int().min(0).default(6000),
      rate_limit_per_ip_per_minute: z.coerce.number().int().min(0).default(20_000),
      // How often per-minute request aggregates (for the SLOs) are written.
      aggregate_flush_ms: z.coerce.number().int().min(100).default(10_000),
      // Seed 003's ErrorBudget targets.
      slo: z
        .strictObject({
          uptime_target: z.coerce.number().gt(0).lt(1).default(0.999),
          latency_p95_ms: z.coerce.number().positive().default(500),
          error_rate_target: z.coerce.number().gt(0).lt(1).default(0.001),
          window_days: z.coerce.number().int().min(1).max(90).default(30),
        })
        .prefault({}),
    })
    .prefault({}),
  audit: z
    .strictObject({
      checkpoint_interval_ms: z.coerce.number().int().positive().default(5_000),
      integrate_interval_ms: z.coerce.number().int().positive().default(250),
      // The self-check (audit/self-check.ts): how often, and how many events per window it rehashes.
      self_check_interval_ms: z.coerce.number().int().positive().default(300_000),
      self_check_window: z.coerce.number().int().min(1).max(100_000).default(1024),
      signing_key_path: z.string().optional(),
      // Each tenant's newest checkpoint and verifier key without an API key (GET /v1/public/audit/…). Off by
      // default: a checkpoint's tree size tells how busy a tenant is, which is not for anyone to read.
      public_checkpoints: z.stringbool().or(z.boolean()).default(false),
      // Witnesses (c2sp.org/tlog-witness) this installation sends each new checkpoint to: submission prefix and
      // cosignature verifier key. Sent in the background; their cosignatures are served on the checkpoint.
      witnesses: z.array(z.strictObject({ url: z.url(), key: z.string().min(1) })).default([]),
      // This installation as a witness for other logs (POST /v1/witness/add-checkpoint).
      witness: z
        .strictObject({
          // Its cosigner key (PRIVATE+KEY+<name>+…, type 0x04); default `$WARRANT_HOME/audit-witness-key`, created
          // on first start with the name below.
          key_path: z.string().optional(),
          name: z.string().default('warrant.dev/witness'),
          // The logs it witnesses: a verifier key, for the log of that key's name (`origin` to name another), or
          // for every origin under `origin_prefix` (each tenant of another Warrant: `warrant.dev/audit/`).
          logs: z
            .array(
              z.strictObject({
                key: z.string().min(1),
                origin: z.string().min(1).optional(),
                origin_prefix: z.string().min(1).optional(),
              }),
            )
            .default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  // The context graph from live sources (policy/context-sources.ts): besides `POST /v1/context/refresh`, every
  // `refresh_interval_ms` (0: never) the graphs of `refresh_tenants` (names) are refreshed from the connectors.
  context: z
    .strictObject({
      refresh_interval_ms: z.coerce.number().int().min(0).default(0),
      refresh_tenants: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  governance: z
    .strictObject({
      // Verification: an error budget burn rate above this fails the SLO check (1 = burning exactly the budget).
      slo_burn_threshold: z.coerce.number().positive().default(1),
      // Review packs stop being the current stakeholder package after this long.
      pack_ttl_days: z.coerce.number().int().min(1).max(3650).default(30),
      // Lifetime of a signed download link of a review pack.
      link_ttl_seconds: z.coerce.number().int().min(10).max(604_800).default(3600),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

/** Keys that hold secrets: accepted from the environment only, never from the file. */
export const secretKeys: readonly (readonly string[])[] = [
  ['chatops', 'slack_bot_token'],
  ['chatops', 'slack_signing_secret'],
  ['chatops', 'linear_webhook_secret'],
  ['ops', 'metrics_token'],
];
