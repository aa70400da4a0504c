/**
 * AWS through the SDK v3 clients: CloudWatch alarms and metrics (`aws.cloudwatch_alarms`, `aws.alarm_actions`,
 * `aws.cloudwatch_metric`), CloudTrail lookups (`aws.cloudtrail_lookup`) and `cloudtrail` evidence, whose query is
 * `<AttributeKey>=<value>` with an optional ` last=<N>m|h` window (default 1h), e.g. `EventName=StopInstances last=2h`. Base
 * credentials come from the standard AWS environment; with `connectors.aws.role_arn` every call uses that
 * role's temporary credentials (STS AssumeRole), assumed again shortly before they expire.
 * The clients are imported at the first call so the server and the CLI start without them.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolPreview,
  type ToolResult,
} from './connector.ts';
import { callSignal, errorForTransport, unknownTool } from './errors.ts';

export interface AwsOptions {
  region: string;
  /** A local endpoint (tests, LocalStack); absent: AWS's own. */
  endpoint?: string;
  roleArn?: string;
  timeoutMs?: number;
}

interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Re-assumed this long before the temporary credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** The most alarms `aws.cloudwatch_alarms` answers: an output a person and a model can still read. */
const MAX_ALARMS = 1000;

const strings = (input: Record<string, unknown>, key: string): string[] =>
  Array.isArray(input[key]) ? (input[key] as unknown[]).map(String) : [];

/** A credentials provider that assumes `roleArn` with the base (environment) credentials, cached until near expiry. */
function assumedRole(options: AwsOptions): () => Promise<AwsCredentialIdentity> {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ region: options.region, endpoint: options.endpoint });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: options.roleArn, RoleSessionName: 'warrant' }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new ConnectorError('unauthorized', `AssumeRole ${options.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    const fresh = held?.expiration && held.expiration.getTime() - REFRESH_MARGIN_MS > Date.now();
    if (!held || !fresh) current = assume();
    return current!;
  };
}

export class AwsConnector implements Connector {
  readonly name = 'aws';
  readonly tools = [
    'aws.cloudwatch_alarms',
    'aws.alarm_actions',
    'aws.cloudwatch_metric',
    'aws.cloudtrail_lookup',
  ] as const;
  readonly evidence = ['cloudtrail'] as const;
  readonly #options: AwsOptions;
  readonly #timeoutMs: number;
  #cloudwatch:
    | Promise<{ client: CloudWatchClient; sdk: typeof import('@aws-sdk/client-cloudwatch') }>
    | undefined;

  /** One provider for both clients, so the role is assumed once. */
  readonly #credentials: (() => Promise<AwsCredentialIdentity>) | undefined;

  constructor(options: AwsOptions) {
    this.#options = options;
    this.#credentials = options.roleArn ? assumedRole(options) : undefined;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  #cloudtrail:
    | Promise<{ client: CloudTrailClient; sdk: typeof import('@aws-sdk/client-cloudtrail') }>
    | undefined;

  #config() {
    return {
      region: this.#options.region,
      endpoint: this.#options.endpoint,
      maxAttempts: 1,
      ...(this.#credentials ? { credentials: this.#credentials } : {}),
    };
  }

  #ct() {
    this.#cloudtrail ??= import('@aws-sdk/client-cloudtrail').then((sdk) => ({
      sdk,
      client: new sdk.CloudTrailClient(this.#config()),
    }));
    return this.#cloudtrail;
  }

  #cw() {
    this.#cloudwatch ??= import('@aws-sdk/client-cloudwatch').then((sdk) => ({
      sdk,
      client: new sdk.CloudWatchClient(this.#config()),
    }));
    return this.#cloudwatch;
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'aws.cloudwatch_alarms') return this.#guard(ctx, () => this.#alarms(input, ctx));
    if (tool === 'aws.alarm_actions')
      return this.#guard(ctx, () => this.#setActions(strings(input, 'alarms'), input.enabled === true, ctx));
    if (tool === 'aws.cloudwatch_metric') return this.#guard(ctx, () => this.#metric(input, ctx));
    if (tool === 'aws.cloudtrail_lookup')
      return this.#guard(ctx, async () => ({
        output: await this.#lookup(
          String(input.attribute_key),
          String(input.attribute_value),
          Number(input.minutes ?? 60),
          ctx,
        ),
      }));
    throw unknownTool(this.name, tool);
  }

  /** The alarm tool reads each alarm's ActionsEnabled as the call does before it sets them; the rest only read. */
  async preview(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolPreview> {
    if (tool !== 'aws.alarm_actions') {
      if (!(this.tools as readonly string[]).includes(tool)) throw unknownTool(this.name, tool);
      return { method: 'read_only', changes: [] };
    }
    const enabled = input.enabled === true;
    const prior = await this.#guard(ctx, () => this.#actionsEnabled(strings(input, 'alarms'), ctx));
    const unchanged = Object.keys(prior).filter((name) => prior[name] === enabled);
    return {
      method: 'computed',
      changes: Object.keys(prior)
        .filter((name) => prior[name] !== enabled)
        .map((name) => ({
          resource: `cloudwatch_alarm/${name}`,
          field: 'actions enabled',
          before: prior[name],
          after: enabled,
        })),
      notes: unchanged.length
        ? [`actions already ${enabled ? 'enabled' : 'disabled'}: ${unchanged.join(', ')}`]
        : [],
    };
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const match = /^(\w+)=(\S+)(?:\s+last=(\d+)([mh]))?$/.exec(requirement.query.trim());
    if (!match)
      throw new ConnectorError(
        'bad_query',
        `cloudtrail evidence query must be AttributeKey=value [last=<N>m|h], got ${requirement.query}`,
      );
    const [, key, value, amount, unit] = match as unknown as [string, string, string, string?, string?];
    const minutes = amount ? Number(amount) * (unit === 'h' ? 60 : 1) : 60;
    return this.#guard(ctx, async () => ({ result: await this.#lookup(key, value, minutes, ctx) }));
  }

  /** CloudTrail events matching one lookup attribute in the last `minutes` (the first 50, newest first). */
  async #lookup(key: string, value: string, minutes: number, ctx: CallContext) {
    const { client, sdk } = await this.#ct();
    const end = new Date();
    const out = await client.send(
      new sdk.LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: key as 'EventName', AttributeValue: value }],
        StartTime: new Date(end.getTime() - minutes * 60_000),
        EndTime: end,
        MaxResults: 50,
      }),
      { abortSignal: callSignal(ctx.signal, this.#timeoutMs) },
    );
    return {
      lookup: { [key]: value, minutes },
      events: (out.Events ?? []).map((e) => ({
        id: e.EventId,
        name: e.EventName,
        time: e.EventTime?.toISOString(),
        username: e.Username,
        source: e.EventSource,
        resources: (e.Resources ?? []).map((r) => ({ type: r.ResourceType, name: r.ResourceName })),
      })),
    };
  }

  /** One statistic of one metric over the last `minutes`, at `period` seconds. */
  async #metric(input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const { client, sdk } = await this.#cw();
    const dimensions = (input.dimensions ?? {}) as Record<string, string>;
    const end = new Date();
    const out = await client.send(
      new sdk.GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'm0',
            MetricStat: {
              Metric: {
                Namespace: String(input.namespace),
                MetricName: String(input.metric),
                Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
              },
              Period: Number(input.period ?? 60),
              Stat: String(input.stat ?? 'Average'),
            },
          },
        ],
        StartTime: new Date(end.getTime() - Number(input.minutes ?? 60) * 60_000),
        EndTime: end,
      }),
      { abortSignal: callSignal(ctx.signal, this.#timeoutMs) },
    );
    const [series] = out.MetricDataResults ?? [];
    return {
      output: {
        label: series?.Label,
        status: series?.StatusCode,
        points: (series?.Timestamps ?? []).map((t, i) => ({ t: t.toISOString(), v: series?.Values?.[i] })),
      },
    };
  }

  /** Restores each alarm's ActionsEnabled as it was before the call. */
  async undo(
    tool: string,
    _input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ) {
    if (tool !== 'aws.alarm_actions') throw new ConnectorError('not_undoable', `${tool} cannot be undone`);
    const prior = (output.prior ?? {}) as Record<string, boolean>;
    return this.#guard(ctx, async () => {
      const names = (enabled: boolean) => Object.keys(prior).filter((name) => prior[name] === enabled);
      await this.#toggle(names(true), true, ctx);
      await this.#toggle(names(false), false, ctx);
      return { output: { restored: prior } };
    });
  }

  async #alarms(input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const { client, sdk } = await this.#cw();
    const names = strings(input, 'names');
    // Every page (CloudWatch answers at most 100 alarms a page), up to MAX_ALARMS; `truncated` says when more exist.
    const found: MetricAlarm[] = [];
    let next: string | undefined;
    do {
      const out = await client.send(
        new sdk.DescribeAlarmsCommand({
          AlarmNames: names.length ? names : undefined,
          AlarmNamePrefix: typeof input.prefix === 'string' ? input.prefix : undefined,
          StateValue: typeof input.state === 'string' ? (input.state as 'ALARM') : undefined,
          MaxRecords: 100,
          NextToken: next,
        }),
        { abortSignal: callSignal(ctx.signal, this.#timeoutMs) },
      );
      found.push(...(out.MetricAlarms ?? []));
      next = out.NextToken;
    } while (next && found.length < MAX_ALARMS);
    return {
      output: {
        truncated: found.length > MAX_ALARMS || next !== undefined,
        alarms: found.slice(0, MAX_ALARMS).map((a) => ({
          name: a.AlarmName,
          state: a.StateValue,
          reason: a.StateReason,
          actions_enabled: a.ActionsEnabled,
          namespace: a.Namespace,
          metric: a.MetricName,
          updated_at: a.StateUpdatedTimestamp?.toISOString(),
        })),
      },
    };
  }

  /** Records each named alarm's ActionsEnabled first (an unknown name is refused), then sets them all. */
  async #setActions(alarms: string[], enabled: boolean, ctx: CallContext): Promise<ToolResult> {
    const prior = await this.#actionsEnabled(alarms, ctx);
    await this.#toggle(alarms, enabled, ctx);
    return { output: { alarms, actions_enabled: enabled, prior } };
  }

  /** Each named alarm's ActionsEnabled, by name; not_found names any alarm CloudWatch does not have. */
  async #actionsEnabled(alarms: string[], ctx: CallContext): Promise<Record<string, boolean>> {
    const { client, sdk } = await this.#cw();
    const out = await client.send(new sdk.DescribeAlarmsCommand({ AlarmNames: alarms }), {
      abortSignal: callSignal(ctx.signal, this.#timeoutMs),
    });
    const prior = Object.fromEntries(
      (out.MetricAlarms ?? []).map((a) => [a.AlarmName!, a.ActionsEnabled === true]),
    );
    const missing = alarms.filter((name) => !(name in prior));
    if (missing.length)
      throw new ConnectorError('not_found', `no CloudWatch alarm named ${missing.join(', ')}`);
    return prior;
  }

  async #toggle(alarms: string[], enabled: boolean, ctx: CallContext): Promise<void> {
    if (!alarms.length) return;
    const { client, sdk } = await this.#cw();
    const command = enabled
      ? new sdk.EnableAlarmActionsCommand({ AlarmNames: alarms })
      : new sdk.DisableAlarmActionsCommand({ AlarmNames: alarms });
    await client.send(command as never, { abortSignal: callSignal(ctx.signal, this.#timeoutMs) });
  }

  /** AWS service errors (ValidationError, ResourceNotFound, AccessDenied…) become ConnectorErrors naming the AWS code. */
  async #guard<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const meta = error as { $metadata?: { httpStatusCode?: number }; name?: string; message?: string };
      const status = meta.$metadata?.httpStatusCode;
      if (status === undefined) throw errorForTransport('aws', error, ctx.signal);
      const message = `aws answered ${status} ${meta.name}: ${meta.message}`;
      if (status === 429 || status >= 500 || meta.name === 'Throttling')
        throw new ConnectorError('unavailable', message, true);
      if (status === 401 || status === 403) throw new ConnectorError('unauthorized', message);
      if (status === 404 || /NotFound/.test(meta.name ?? '')) throw new ConnectorError('not_found', message);
      throw new ConnectorError('rejected', message);
    }
  }
}
