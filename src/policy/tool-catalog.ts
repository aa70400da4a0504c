/**
 * The tool catalog: what each tool takes, whether it reads, writes or destroys, and which resources an input
 * touches (the seed of the blast radius). Built-in tools merge with tools a tenant registers.
 */
import { z } from 'zod';
import { canonicalHash } from '../core/hash.ts';

export type ToolEffect = 'read' | 'write' | 'destructive';

/**
 * Where a resource lives. `external` is anything outside the cluster/account model (a repository, a URL):
 * it never widens the blast radius on its own.
 */
export type ResourceScope = 'namespace' | 'cluster' | 'account' | 'external';

export interface ResourceRef {
  kind: string;
  name: string;
  scope: ResourceScope;
  namespace?: string;
  cluster?: string;
}

export interface InputIssue {
  path: string;
  message: string;
}

export type StepInputResult =
  | { ok: true; input: Record<string, unknown>; effect: ToolEffect; resources: ResourceRef[] }
  | { ok: false; issues: InputIssue[] };

export interface Tool {
  readonly name: string;
  readonly description: string;
  /** A fixed effect, or `by_input` when the input decides (an HTTP GET reads, a POST writes). */
  readonly effect: ToolEffect | 'by_input';
  readonly supportsRollback: boolean;
  /** It reaches systems beyond the one it is called on (MCP's openWorldHint): said in every step's risk. */
  readonly openWorld: boolean;
  readonly inputSchema: z.ZodType<Record<string, unknown>>;
  /** Parses the input; when valid, names its effect and the resources it touches. */
  readonly inspect: (input: unknown) => StepInputResult;
}

export interface ToolSpec<I extends Record<string, unknown>> {
  name: string;
  description: string;
  input: z.ZodType<I>;
  effect: ToolEffect | ((input: I) => ToolEffect);
  supportsRollback?: boolean;
  openWorld?: boolean;
  resources?: (input: I) => ResourceRef[];
}

function issuesOf(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    message: issue.message,
  }));
}

export function defineTool<I extends Record<string, unknown>>(spec: ToolSpec<I>): Tool {
  const { effect, resources } = spec;
  return {
    name: spec.name,
    description: spec.description,
    effect: typeof effect === 'function' ? 'by_input' : effect,
    supportsRollback: spec.supportsRollback ?? false,
    openWorld: spec.openWorld ?? false,
    inputSchema: spec.input,
    // The closure keeps the input's type, so effect and resources see a parsed, typed input.
    inspect(raw) {
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
      const input = parsed.data;
      return {
        ok: true,
        input,
        effect: typeof effect === 'function' ? effect(input) : effect,
        resources: resources ? resources(input) : [],
      };
    },
  };
}

export function validateStepInput(tool: Tool, input: unknown): StepInputResult {
  return tool.inspect(input);
}

const name = z.string().min(1);
const deployment = (input: { namespace: string; deployment: string }): ResourceRef[] => [
  { kind: 'deployment', name: input.deployment, namespace: input.namespace, scope: 'namespace' },
];
const application = (input: { application: string }): ResourceRef[] => [
  { kind: 'argocd_application', name: input.application, scope: 'namespace' },
];
/** Helm's own rule for release names (a DNS label, at most 53 characters): nothing a label selector reads as syntax. */
export const HELM_RELEASE = /^[a-z0-9](?:[-a-z0-9]{0,51}[a-z0-9])?$/;
const helmRelease = z.string().regex(HELM_RELEASE, 'a Helm release name (lowercase letters, digits, -)');
const helmReleaseRef = (input: { namespace: string; release: string }): ResourceRef[] => [
  { kind: 'helm_release', name: input.release, namespace: input.namespace, scope: 'namespace' },
];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `generate:<key>[,<key>…]` (values made by the connector), or `env:WARRANT_SECRET_<NAME>` (read by the worker). */
export const DATA_REF = /^(?:generate:[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+)*|env:WARRANT_SECRET_[A-Z0-9_]+)$/;
const vaultMount = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a Vault mount');
const vaultPath = z.string().regex(/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/, 'a Vault secret path');

export const BUILTIN_TOOLS: readonly Tool[] = [
  defineTool({
    name: 'k8s.scale',
    description: 'Scale a Kubernetes deployment to a number of replicas',
    input: z.strictObject({ namespace: name, deployment: name, replicas: z.int().min(0) }),
    effect: 'write',
    supportsRollback: true,
    resources: deployment,
  }),
  defineTool({
    name: 'k8s.rollout_restart',
    description: 'Restart the pods of a Kubernetes deployment',
    input: z.strictObject({ namespace: name, deployment: name }),
    effect: 'write',
    resources: deployment,
  }),
  defineTool({
    name: 'k8s.rollout_undo',
    description: 'Roll a Kubernetes deployment back to an earlier revision',
    input: z.strictObject({ namespace: name, deployment: name, revision: z.int().min(1).optional() }),
    effect: 'destructive',
    resources: deployment,
  }),
  defineTool({
    name: 'argocd.sync',
    description:
      'Sync an Argo CD application, optionally to a revision; waits for Healthy unless wait is false ' +
      '(then a later argocd.wait_healthy step verifies, and a failure there rolls the sync back)',
    input: z.strictObject({ application: name, revision: name.optional(), wait: z.boolean().optional() }),
    effect: 'write',
    supportsRollback: true,
    resources: application,
  }),
  defineTool({
    name: 'argocd.rollback',
    description: 'Roll an Argo CD application back to a history entry',
    input: z.strictObject({ application: name, id: z.int().min(0) }),
    effect: 'destructive',
    resources: application,
  }),
  defineTool({
    name: 'k8s.wait_ready',
    description: 'Wait until every desired replica of a Kubernetes deployment is updated and ready',
    input: z.strictObject({
      namespace: name,
      deployment: name,
      timeout_seconds: z.int().min(1).max(3600).optional(),
    }),
    effect: 'read',
    resources: deployment,
  }),
  defineTool({
    name: 'helm.history',
    description:
      "A Helm release's revisions, newest first (status, chart, app version), read from its release secrets",
    input: z.strictObject({ namespace: name, release: helmRelease }),
    effect: 'read',
    resources: helmReleaseRef,
  }),
  defineTool({
    name: 'helm.rollback',
    description:
      'Roll a Helm release back to a revision (default: the one before), through its release secrets: ' +
      "the revision's Deployments, Services and ConfigMaps applied, a new revision recorded",
    input: z.strictObject({ namespace: name, release: helmRelease, revision: z.int().min(1).optional() }),
    effect: 'write',
    supportsRollback: true,
    resources: helmReleaseRef,
  }),
  defineTool({
    name: 'helm.upgrade',
    description:
      'Upgrade a Helm release to a chart (repo/chart or oci://), optionally at a version and with values; ' +
      'needs the Helm binary on the worker; undone by a rollback to the revision before',
    input: z.strictObject({
      namespace: name,
      release: helmRelease,
      chart: z
        .string()
        .regex(
          /^(?:oci:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._-]+)+|[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*)$/,
          'repo/chart or oci://host/path (no local paths)',
        ),
      version: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9.+~^<>=*, -]{0,63}$/, 'a chart version or range')
        .optional(),
      values: z
        .record(
          z.string().regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'a value path (a.b.c)'),
          z.union([z.string(), z.number(), z.boolean()]),
        )
        .optional(),
    }),
    effect: 'write',
    supportsRollback: true,
    openWorld: true,
    resources: helmReleaseRef,
  }),
  defineTool({
    name: 'k8s.update_secret_from_vault',
    description:
      "Set a Kubernetes secret's data from a version of a Vault KV v2 secret (values never leave the worker)",
    input: z.strictObject({
      namespace: name,
      name,
      mount: vaultMount,
      path: vaultPath,
      version: z.union([z.int().min(1), z.literal('latest')]),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [
      { kind: 'secret', name: input.name, namespace: input.namespace, scope: 'namespace' },
    ],
  }),
  defineTool({
    name: 'vault.kv_put',
    description:
      'Write a new version of a Vault KV v2 secret; data_ref says where the values come from ' +
      '(generate:<key>[,<key>] or env:WARRANT_SECRET_<NAME>), never the values themselves',
    input: z.strictObject({
      mount: vaultMount,
      path: vaultPath,
      data_ref: z.string().regex(DATA_REF, 'generate:<key>[,<key>...] or env:WARRANT_SECRET_<NAME>'),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [{ kind: 'vault_secret', name: `${input.mount}/${input.path}`, scope: 'external' }],
  }),
  defineTool({
    name: 'argocd.wait_healthy',
    description: 'Wait until an Argo CD application is Healthy and Synced; Degraded fails at once',
    input: z.strictObject({ application: name, timeout_seconds: z.int().min(1).max(3600).optional() }),
    effect: 'read',
    resources: application,
  }),
  defineTool({
    name: 'argocd.set_helm_values',
    description:
      "Set Helm parameters (helm --set names) in an Argo CD application's spec; sync to deploy them",
    input: z.strictObject({
      application: name,
      values: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()])),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: application,
  }),
  defineTool({
    name: 'github.create_repository',
    description: 'Create a GitHub repository',
    input: z.strictObject({
      owner: name,
      name,
      private: z.boolean().optional(),
      description: z.string().optional(),
    }),
    effect: 'write',
    resources: (input) => [
      { kind: 'github_repository', name: `${input.owner}/${input.name}`, scope: 'external' },
    ],
  }),
  defineTool({
    name: 'github.pr_create',
    description:
      'Open a GitHub pull request (one already open for the same head and base is reused); closed to roll back',
    input: z.strictObject({
      owner: name,
      repo: name,
      head: name,
      base: name,
      title: z.string().min(1).max(256),
      body: z.string().max(65_536).optional(),
      draft: z.boolean().optional(),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [
      { kind: 'github_repository', name: `${input.owner}/${input.repo}`, scope: 'external' },
    ],
  }),
  defineTool({
    name: 'github.pr_merge',
    description:
      'Merge a GitHub pull request at the head commit named (sha): refused if the branch moved; cannot be undone',
    input: z.strictObject({
      owner: name,
      repo: name,
      number: z.number().int().positive(),
      sha: z.string().regex(/^[0-9a-f]{40}$/, 'the 40-hex head commit the approvers saw'),
      merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
    }),
    effect: 'destructive',
    resources: (input) => [
      { kind: 'github_repository', name: `${input.owner}/${input.repo}`, scope: 'external' },
      {
        kind: 'github_pull_request',
        name: `${input.owner}/${input.repo}#${input.number}`,
        scope: 'external',
      },
    ],
  }),
  defineTool({
    name: 'github.pr_status',
    description: "Read a GitHub pull request's state and its head commit's combined status",
    input: z.strictObject({ owner: name, repo: name, number: z.number().int().positive() }),
    effect: 'read',
    resources: (input) => [
      {
        kind: 'github_pull_request',
        name: `${input.owner}/${input.repo}#${input.number}`,
        scope: 'external',
      },
    ],
  }),
  defineTool({
    name: 'aws.cloudwatch_alarms',
    description: 'Read CloudWatch alarms by names, name prefix and/or state (at most 100)',
    input: z.strictObject({
      names: z.array(z.string().min(1).max(255)).min(1).max(100).optional(),
      prefix: z.string().min(1).max(255).optional(),
      state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']).optional(),
    }),
    effect: 'read',
    resources: (input) =>
      (input.names ?? [`${input.prefix ?? ''}*`]).map((alarm) => ({
        kind: 'cloudwatch_alarm',
        name: alarm,
        scope: 'account',
      })),
  }),
  defineTool({
    name: 'aws.alarm_actions',
    description:
      "Enable or disable the actions of the CloudWatch alarms named; rolled back to each alarm's prior setting",
    input: z.strictObject({
      alarms: z.array(z.string().min(1).max(255)).min(1).max(100),
      enabled: z.boolean(),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) =>
      input.alarms.map((alarm) => ({ kind: 'cloudwatch_alarm', name: alarm, scope: 'account' })),
  }),
  defineTool({
    name: 'aws.cloudwatch_metric',
    description: 'Read one statistic of a CloudWatch metric over the last minutes, at a period in seconds',
    input: z.strictObject({
      namespace: z.string().min(1).max(255),
      metric: z.string().min(1).max(255),
      dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).optional(),
      stat: z.string().min(1).max(32).optional(),
      period: z.number().int().min(1).max(86_400).optional(),
      minutes: z.number().int().min(1).max(20_160).optional(),
    }),
    effect: 'read',
    resources: (input) => [
      { kind: 'cloudwatch_metric', name: `${input.namespace}/${input.metric}`, scope: 'account' },
    ],
  }),
  defineTool({
    name: 'aws.cloudtrail_lookup',
    description: 'Look up CloudTrail management events by one attribute over the last minutes (first 50)',
    input: z.strictObject({
      attribute_key: z.enum([
        'EventId',
        'EventName',
        'ReadOnly',
        'Username',
        'ResourceType',
        'ResourceName',
        'EventSource',
        'AccessKeyId',
      ]),
      attribute_value: z.string().min(1).max(2000),
      minutes: z.number().int().min(1).max(129_600).optional(),
    }),
    effect: 'read',
    resources: (input) => [
      { kind: 'cloudtrail', name: `${input.attribute_key}=${input.attribute_value}`, scope: 'account' },
    ],
  }),
  defineTool({
    name: 'alertmanager.silence_create',
    description:
      'Silence the Alertmanager alerts the matchers name, for at most 7 days; expired to roll back',
    input: z.strictObject({
      matchers: z
        .array(
          z.strictObject({
            name: z.string().min(1).max(100),
            value: z.string().max(1_000),
            isRegex: z.boolean(),
            isEqual: z.boolean().optional(),
          }),
        )
        .min(1, 'a silence without matchers would silence every alert')
        .max(20)
        // Only regexes or negations could still match everything: one plain equality names what is silenced.
        .refine(
          (matchers) => matchers.some((m) => !m.isRegex && m.isEqual !== false && m.value !== ''),
          'name at least one label with a plain equality (name = value), so the silence cannot cover every alert',
        ),
      duration_minutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60, 'a silence lasts at most 7 days'),
      comment: z.string().min(1).max(500),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [
      {
        kind: 'alertmanager_silence',
        name: input.matchers
          .map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}${m.value}`)
          .join(','),
        scope: 'external',
      },
    ],
  }),
  defineTool({
    name: 'alertmanager.silence_expire',
    description:
      'Expire an Alertmanager silence; rolled back by silencing the same alerts for the time it had left',
    input: z.strictObject({ silence_id: z.string().min(1).max(100) }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [{ kind: 'alertmanager_silence', name: input.silence_id, scope: 'external' }],
  }),
  defineTool({
    name: 'alertmanager.silences',
    description:
      'List Alertmanager\'s silences, optionally filtered by label matchers (e.g. service="checkout")',
    input: z.strictObject({ filter: z.array(z.string().min(1).max(200)).max(20).optional() }),
    effect: 'read',
    resources: () => [{ kind: 'alertmanager_silence', name: '*', scope: 'external' }],
  }),
  defineTool({
    name: 'pagerduty.incident_ack',
    description: 'Acknowledge a PagerDuty incident (a repeat changes nothing); cannot be undone in PagerDuty',
    input: z.strictObject({
      incident_id: z.string().regex(/^[A-Z0-9]{1,32}$/, 'a PagerDuty incident id, e.g. Q2W3E4R5T6Y7U8'),
    }),
    effect: 'write',
    resources: (input) => [{ kind: 'pagerduty_incident', name: input.incident_id, scope: 'external' }],
  }),
  defineTool({
    name: 'pagerduty.incident_resolve',
    description: 'Resolve a PagerDuty incident (a repeat changes nothing); cannot be undone in PagerDuty',
    input: z.strictObject({
      incident_id: z.string().regex(/^[A-Z0-9]{1,32}$/, 'a PagerDuty incident id, e.g. Q2W3E4R5T6Y7U8'),
    }),
    effect: 'write',
    resources: (input) => [{ kind: 'pagerduty_incident', name: input.incident_id, scope: 'external' }],
  }),
  defineTool({
    name: 'pagerduty.incident_note',
    description: 'Add a note to a PagerDuty incident; notes cannot be deleted',
    input: z.strictObject({
      incident_id: z.string().regex(/^[A-Z0-9]{1,32}$/, 'a PagerDuty incident id, e.g. Q2W3E4R5T6Y7U8'),
      content: z.string().min(1).max(20_000),
    }),
    effect: 'write',
    resources: (input) => [{ kind: 'pagerduty_incident', name: input.incident_id, scope: 'external' }],
  }),
  defineTool({
    name: 'grafana.annotate',
    description:
      'Add an annotation to Grafana (a dashboard and panel, or the organisation); deleted to roll back',
    input: z.strictObject({
      text: z.string().min(1).max(2_000),
      tags: z.array(z.string().min(1).max(100)).max(20).optional(),
      dashboard_uid: z.string().min(1).max(100).optional(),
      panel_id: z.number().int().nonnegative().optional(),
      time: z.iso.datetime({ offset: true }).optional(),
      time_end: z.iso.datetime({ offset: true }).optional(),
    }),
    effect: 'write',
    supportsRollback: true,
    resources: (input) => [
      { kind: 'grafana_dashboard', name: input.dashboard_uid ?? '(organisation)', scope: 'external' },
    ],
  }),
  defineTool({
    name: 'http.request',
    description: 'Send an HTTP request; GET, HEAD and OPTIONS read, other methods write',
    input: z.strictObject({
      method: z
        .string()
        .regex(/^[A-Za-z]+$/, 'an HTTP method')
        .transform((m) => m.toUpperCase()),
      url: z.url(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
    effect: (input) => (READ_METHODS.has(input.method) ? 'read' : 'write'),
    resources: (input) => [{ kind: 'url', name: new URL(input.url).host, scope: 'external' }],
  }),
  defineTool({
    name: 'prometheus.query',
    description: 'Run an instant PromQL query',
    input: z.strictObject({ query: name, time: z.string().optional() }),
    effect: 'read',
  }),
  defineTool({
    name: 'prometheus.query_range',
    description: 'Run a PromQL range query',
    input: z.strictObject({ query: name, start: name, end: name, step: name }),
    effect: 'read',
  }),
  defineTool({
    name: 'tempo.search',
    description: 'Search traces in Tempo with TraceQL',
    input: z.strictObject({ query: name, start: z.string().optional(), end: z.string().optional() }),
    effect: 'read',
  }),
];

/** The JSON Schema subset a tenant uses to describe a tool's input: flat objects of scalars. */
export interface JsonObjectSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'integer' | 'number' | 'boolean'; description?: string }>;
  required?: string[];
}

export interface TenantToolSpec {
  name: string;
  description: string;
  effect: ToolEffect;
  supportsRollback?: boolean;
  /** Set only when true, so a stored definition from before it existed compares equal. */
  openWorld?: true;
  input_schema: JsonObjectSchema;
}

const SCALARS = {
  string: () => z.string(),
  integer: () => z.int(),
  number: () => z.number(),
  boolean: () => z.boolean(),
} as const;

export function zodFromJsonSchema(schema: JsonObjectSchema): z.ZodType<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const shape: Record<string, z.ZodType> = {};
  for (const [key, prop] of Object.entries(schema.properties)) {
    const scalar = SCALARS[prop.type]();
    shape[key] = required.has(key) ? scalar : scalar.optional();
  }
  return z.strictObject(shape);
}

/** Built-ins plus a tenant's tools; a tenant may not shadow a built-in. */
export class ToolCatalog {
  readonly #tools = new Map<string, Tool>();

  constructor(tenantTools: readonly TenantToolSpec[] = []) {
    for (const tool of BUILTIN_TOOLS) this.#tools.set(tool.name, tool);
    for (const spec of tenantTools) {
      if (this.#tools.has(spec.name)) throw new Error(`tool ${spec.name} is already defined`);
      this.#tools.set(
        spec.name,
        defineTool({
          name: spec.name,
          description: spec.description,
          effect: spec.effect,
          supportsRollback: spec.supportsRollback ?? false,
          ...(spec.openWorld ? { openWorld: true } : {}),
          input: zodFromJsonSchema(spec.input_schema),
        }),
      );
    }
  }

  get(toolName: string): Tool | undefined {
    return this.#tools.get(toolName);
  }

  list(): Tool[] {
    return [...this.#tools.values()];
  }

  /** The version of the tool of that name (see toolDefinition), or undefined for an unknown tool. */
  versionOf(toolName: string): string | undefined {
    const tool = this.#tools.get(toolName);
    return tool && toolDefinition(tool).version;
  }

  validateStep(toolName: string, input: unknown): StepInputResult {
    const tool = this.#tools.get(toolName);
    if (!tool) return { ok: false, issues: [{ path: 'tool', message: `unknown tool ${toolName}` }] };
    return validateStepInput(tool, input);
  }
}

/** What defines a tool for the people and policies that decide its calls, and the hash of it (its version). */
export interface ToolDefinition {
  name: string;
  description: string;
  effect: Tool['effect'];
  supports_rollback: boolean;
  /** Present (true) only for a tool that reaches beyond its own system. */
  open_world?: true;
  builtin: boolean;
  input_schema: Record<string, unknown>;
  /**
   * The hash of everything above: a tool whose definition changes (its effect, its input schema) gets a new
   * version, so plans decided on the old one are re-decided and a client that registers tools (the MCP
   * gateway) can tell whether the catalog is current.
   */
  version: string;
}

const BUILTIN_NAMES = new Set(BUILTIN_TOOLS.map((tool) => tool.name));
// A tool object never changes (a catalog is rebuilt when its tools change), so its definition is kept.
const definitions = new WeakMap<Tool, ToolDefinition>();

export function isBuiltinTool(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}

export function toolDefinition(tool: Tool): ToolDefinition {
  let definition = definitions.get(tool);
  if (!definition) {
    const content = {
      name: tool.name,
      description: tool.description,
      effect: tool.effect,
      supports_rollback: tool.supportsRollback,
      // Only when set, so the versions of tools without it stay what they were.
      ...(tool.openWorld ? { open_world: true as const } : {}),
      builtin: BUILTIN_NAMES.has(tool.name),
      // `input`: what callers send (before transforms such as http.request's method upper-casing).
      input_schema: z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    };
    definition = { ...content, version: canonicalHash(content) };
    definitions.set(tool, definition);
  }
  return definition;
}
