import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeAws, startFakeAws } from '../../test/fakes/aws.ts';
import { loadConfig } from '../config/load.ts';
import { AwsConnector } from './aws.ts';
import type { CallContext } from './connector.ts';
import { connectorsFromConfig } from './registry-from-config.ts';

let fake: FakeAws;
const ctx: CallContext = { idempotencyKey: 'k', signal: new AbortController().signal, heartbeat() {} };

beforeEach(async () => {
  // Base credentials from the standard AWS environment, as in production.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIABASE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'base-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  fake = await startFakeAws([
    { name: 'api-5xx', state: 'ALARM', actionsEnabled: true },
    { name: 'api-latency', state: 'OK', actionsEnabled: false },
    { name: 'db-cpu', state: 'OK', actionsEnabled: true },
  ]);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

const connector = (roleArn?: string) =>
  new AwsConnector({ region: 'eu-west-1', endpoint: fake.url, roleArn });

describe('aws.cloudwatch_alarms', () => {
  it('lists alarms by prefix and state, signed for monitoring with the environment credentials', async () => {
    const result = await connector().call('aws.cloudwatch_alarms', { prefix: 'api-', state: 'ALARM' }, ctx);
    expect(result.output.alarms).toEqual([
      expect.objectContaining({ name: 'api-5xx', state: 'ALARM', actions_enabled: true }),
    ]);
    expect(fake.signedWith).toEqual([
      { service: 'monitoring', accessKeyId: 'AKIABASE', op: 'DescribeAlarms' },
    ]);
  });

  it('reads every page, and says when there were more alarms than it answers', async () => {
    for (let i = 0; i < 1050; i++)
      fake.alarms.set(`web-${i}`, { name: `web-${i}`, state: 'OK', actionsEnabled: true });
    const some = await connector().call('aws.cloudwatch_alarms', { prefix: 'web-1' }, ctx);
    // web-1, web-10…19, web-100…199, web-1000…1049: 161 alarms over two pages.
    expect((some.output.alarms as unknown[]).length).toBe(161);
    expect(some.output.truncated).toBe(false);
    const all = await connector().call('aws.cloudwatch_alarms', {}, ctx);
    expect((all.output.alarms as unknown[]).length).toBe(1000);
    expect(all.output.truncated).toBe(true);
  });

  it('maps an AWS validation error to a clear rejected tool error', async () => {
    await expect(
      connector().call('aws.cloudwatch_alarms', { names: ['api-5xx'], prefix: 'api-' }, ctx),
    ).rejects.toMatchObject({
      code: 'rejected',
      message: expect.stringMatching(/400 InvalidParameterCombination/),
    });
  });
});

describe('aws.alarm_actions', () => {
  it('disables actions and rolls each alarm back to its recorded prior state', async () => {
    const aws = connector();
    const input = { alarms: ['api-5xx', 'api-latency'], enabled: false };
    const result = await aws.call('aws.alarm_actions', input, ctx);
    expect(result.output.prior).toEqual({ 'api-5xx': true, 'api-latency': false });
    expect(fake.alarms.get('api-5xx')!.actionsEnabled).toBe(false);
    await aws.undo('aws.alarm_actions', input, result.output, ctx);
    expect(fake.alarms.get('api-5xx')!.actionsEnabled).toBe(true);
    expect(fake.alarms.get('api-latency')!.actionsEnabled).toBe(false);
  });

  it('refuses an unknown alarm before changing any', async () => {
    await expect(
      connector().call('aws.alarm_actions', { alarms: ['db-cpu', 'nope'], enabled: false }, ctx),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/nope/) });
    expect(fake.alarms.get('db-cpu')!.actionsEnabled).toBe(true);
  });
});

describe('aws.cloudwatch_metric and CloudTrail', () => {
  it('reads a metric series through GetMetricData', async () => {
    fake.metricValues = [1, 2.5];
    const result = await connector().call(
      'aws.cloudwatch_metric',
      { namespace: 'AWS/EC2', metric: 'CPUUtilization', dimensions: { InstanceId: 'i-1' }, minutes: 5 },
      ctx,
    );
    expect(result.output).toMatchObject({ label: 'CPUUtilization', status: 'Complete' });
    expect((result.output.points as { v: number }[]).map((p) => p.v)).toEqual([1, 2.5]);
  });

  it('looks up events and collects cloudtrail evidence, signed for cloudtrail', async () => {
    const now = Date.now();
    fake.events = [
      {
        id: 'e1',
        name: 'StopInstances',
        time: new Date(now - 30 * 60_000),
        username: 'ops',
        resource: 'i-1',
      },
      {
        id: 'e2',
        name: 'StopInstances',
        time: new Date(now - 3 * 3600_000),
        username: 'ops',
        resource: 'i-2',
      },
      { id: 'e3', name: 'RunInstances', time: new Date(now - 60_000), username: 'ci', resource: 'i-3' },
    ];
    const aws = connector();
    const looked = await aws.call(
      'aws.cloudtrail_lookup',
      { attribute_key: 'Username', attribute_value: 'ci' },
      ctx,
    );
    expect((looked.output.events as { id: string }[]).map((e) => e.id)).toEqual(['e3']);
    const evidence = await aws.collect({ type: 'cloudtrail', query: 'EventName=StopInstances last=4h' }, ctx);
    expect((evidence.result as { events: { id: string }[] }).events.map((e) => e.id)).toEqual(['e1', 'e2']);
    const lastHour = await aws.collect({ type: 'cloudtrail', query: 'EventName=StopInstances' }, ctx);
    expect((lastHour.result as { events: { id: string }[] }).events.map((e) => e.id)).toEqual(['e1']);
    expect(fake.signedWith.at(-1)).toMatchObject({ service: 'cloudtrail', op: 'LookupEvents' });
    await expect(aws.collect({ type: 'cloudtrail', query: 'StopInstances' }, ctx)).rejects.toMatchObject({
      code: 'bad_query',
    });
    await expect(
      aws.call('aws.cloudtrail_lookup', { attribute_key: 'ReadOnly', attribute_value: 'true' }, ctx),
    ).rejects.toMatchObject({ code: 'rejected', message: expect.stringMatching(/InvalidLookupAttributes/) });
  });
});

describe('connectors.aws.role_arn', () => {
  it('assumes the role once and signs later calls with the assumed access key id', async () => {
    const aws = connector('arn:aws:iam::123456789012:role/warrant');
    await aws.call('aws.cloudwatch_alarms', {}, ctx);
    await aws.call('aws.cloudwatch_alarms', { names: ['db-cpu'] }, ctx);
    expect(fake.signedWith).toEqual([
      { service: 'sts', accessKeyId: 'AKIABASE', op: 'AssumeRole' },
      { service: 'monitoring', accessKeyId: 'ASIAASSUMED', op: 'DescribeAlarms' },
      { service: 'monitoring', accessKeyId: 'ASIAASSUMED', op: 'DescribeAlarms' },
    ]);
  });

  it('is honoured from warrant.yaml: the registry routes the aws tools to a connector that assumes the role', async () => {
    const env = {
      WARRANT_CONNECTORS_AWS_REGION: 'eu-west-1',
      WARRANT_CONNECTORS_AWS_ENDPOINT: fake.url,
      WARRANT_CONNECTORS_AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/warrant',
    };
    const registry = connectorsFromConfig(loadConfig({ env }), env);
    await registry
      .forTool('aws.alarm_actions')
      .call('aws.alarm_actions', { alarms: ['db-cpu'], enabled: false }, ctx);
    expect(fake.signedWith.map((s) => s.accessKeyId)).toEqual(['AKIABASE', 'ASIAASSUMED', 'ASIAASSUMED']);
    expect(fake.alarms.get('db-cpu')!.actionsEnabled).toBe(false);
  });

  it('refuses unsigned requests as AWS does', async () => {
    const res = await fetch(fake.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ __type: expect.stringMatching(/MissingAuthenticationToken/) });
  });
});

describe('aws previews', () => {
  it('shows each alarm whose actions would change, and names those already so, with DescribeAlarms only', async () => {
    const preview = await connector().preview(
      'aws.alarm_actions',
      { alarms: ['api-5xx', 'api-latency', 'db-cpu'], enabled: false },
      ctx,
    );
    expect(preview).toEqual({
      method: 'computed',
      changes: [
        { resource: 'cloudwatch_alarm/api-5xx', field: 'actions enabled', before: true, after: false },
        { resource: 'cloudwatch_alarm/db-cpu', field: 'actions enabled', before: true, after: false },
      ],
      notes: ['actions already disabled: api-latency'],
    });
    expect(fake.alarms.get('api-5xx')!.actionsEnabled).toBe(true);
    expect(fake.signedWith.map((s) => s.op)).toEqual(['DescribeAlarms']);
  });

  it('says an unknown alarm is not found, as the call would', async () => {
    await expect(
      connector().preview('aws.alarm_actions', { alarms: ['db-cpu', 'nope'], enabled: false }, ctx),
    ).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/nope/) });
    expect(fake.signedWith.map((s) => s.op)).toEqual(['DescribeAlarms']);
  });

  it('answers the reading tools as read-only without a request, and refuses a tool it does not run', async () => {
    const aws = connector();
    for (const tool of ['aws.cloudwatch_alarms', 'aws.cloudwatch_metric', 'aws.cloudtrail_lookup'])
      expect(await aws.preview(tool, {}, ctx)).toEqual({ method: 'read_only', changes: [] });
    expect(fake.signedWith).toEqual([]);
    await expect(aws.preview('aws.ec2_stop', {}, ctx)).rejects.toMatchObject({ code: 'unknown_tool' });
  });
});
