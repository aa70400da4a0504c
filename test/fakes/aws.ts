/**
 * A fake AWS endpoint for the SDK v3 clients: CloudWatch in awsJson1_0 (X-Amz-Target
 * GraniteServiceVersion20100801.<Op>: alarms and GetMetricData), CloudTrail LookupEvents in awsJson1_1
 * (X-Amz-Target CloudTrail_20131101.LookupEvents) and STS AssumeRole in awsQuery (form body, XML answer). Every request
 * must carry a SigV4 Authorization for the right service, else it is refused as AWS refuses it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAlarm {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  actionsEnabled: boolean;
}

export interface FakeTrailEvent {
  id: string;
  name: string;
  time: Date;
  username: string;
  resource: string;
}

export interface FakeAws {
  url: string;
  alarms: Map<string, FakeAlarm>;
  events: FakeTrailEvent[];
  /** Values GetMetricData answers for every query, one per minute ending now. */
  metricValues: number[];
  /** The access key id each request was signed with, in order, with its service. */
  signedWith: { service: string; accessKeyId: string; op: string }[];
  close(): Promise<void>;
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

export async function startFakeAws(alarms: FakeAlarm[] = []): Promise<FakeAws> {
  const fake = {
    url: '',
    alarms: new Map(alarms.map((a) => [a.name, a])),
    signedWith: [],
  } as unknown as FakeAws;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const form = new URLSearchParams(body);
      const service = !target ? 'sts' : target.startsWith('CloudTrail_') ? 'cloudtrail' : 'monitoring';
      const op = target ? target.split('.')[1]! : (form.get('Action') ?? '');
      const json = (status: number, value: unknown) => {
        const version = service === 'cloudtrail' ? '1.1' : '1.0';
        res.writeHead(status, { 'content-type': `application/x-amz-json-${version}` });
        res.end(JSON.stringify(value));
      };
      const jsonError = (status: number, type: string, message: string) =>
        json(status, {
          __type: `com.amazonaws.${service === 'cloudtrail' ? 'cloudtrail.v20131101' : 'cloudwatch'}#${type}`,
          message,
        });
      const signed = SIGV4.exec(String(req.headers.authorization ?? ''));
      if (!signed || signed[2] !== service) {
        const message = 'Missing Authentication Token';
        if (service === 'sts') {
          res.writeHead(403, { 'content-type': 'text/xml' });
          return res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>${message}</Message></Error></ErrorResponse>`,
          );
        }
        return jsonError(403, 'MissingAuthenticationTokenException', message);
      }
      fake.signedWith.push({ service, accessKeyId: signed[1]!, op });
      if (service === 'sts') {
        if (op !== 'AssumeRole') {
          res.writeHead(400, { 'content-type': 'text/xml' });
          return res.end('<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
        }
        const expiration = new Date(Date.now() + 3600_000).toISOString();
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
            `<Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>` +
            `<SessionToken>assumed-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `<AssumedRoleUser><Arn>${form.get('RoleArn')}/warrant</Arn><AssumedRoleId>AROA:warrant</AssumedRoleId></AssumedRoleUser>` +
            `</AssumeRoleResult></AssumeRoleResponse>`,
        );
      }
      const input = JSON.parse(body || '{}') as {
        AlarmNames?: string[];
        AlarmNamePrefix?: string;
        StateValue?: string;
        MaxRecords?: number;
        NextToken?: string;
        LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
        StartTime?: number;
        EndTime?: number;
        MetricDataQueries?: { Id: string; MetricStat: { Metric: { MetricName: string } } }[];
      };
      if (op === 'LookupEvents') {
        const [attribute] = input.LookupAttributes ?? [];
        if (attribute && !['EventName', 'Username', 'ResourceName'].includes(attribute.AttributeKey))
          return jsonError(400, 'InvalidLookupAttributesException', `unsupported ${attribute.AttributeKey}`);
        const field = { EventName: 'name', Username: 'username', ResourceName: 'resource' } as const;
        const found = fake.events.filter(
          (e) =>
            (!attribute ||
              e[field[attribute.AttributeKey as keyof typeof field]] === attribute.AttributeValue) &&
            (input.StartTime === undefined || e.time.getTime() / 1000 >= input.StartTime) &&
            (input.EndTime === undefined || e.time.getTime() / 1000 <= input.EndTime),
        );
        return json(200, {
          Events: found.map((e) => ({
            EventId: e.id,
            EventName: e.name,
            EventTime: e.time.getTime() / 1000,
            Username: e.username,
            EventSource: 'ec2.amazonaws.com',
            Resources: [{ ResourceType: 'AWS::EC2::Instance', ResourceName: e.resource }],
            CloudTrailEvent: JSON.stringify({ eventID: e.id, eventName: e.name }),
          })),
        });
      }
      if (op === 'GetMetricData') {
        const end = input.EndTime ?? 0;
        return json(200, {
          MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
            Id: q.Id,
            Label: q.MetricStat.Metric.MetricName,
            StatusCode: 'Complete',
            Timestamps: fake.metricValues.map((_, i) => end - 60 * (fake.metricValues.length - i)),
            Values: fake.metricValues,
          })),
        });
      }
      if (op === 'DescribeAlarms') {
        if (input.AlarmNames && input.AlarmNamePrefix)
          return jsonError(
            400,
            'InvalidParameterCombination',
            'AlarmNames and AlarmNamePrefix are exclusive',
          );
        const found = [...fake.alarms.values()].filter(
          (a) =>
            (!input.AlarmNames || input.AlarmNames.includes(a.name)) &&
            (!input.AlarmNamePrefix || a.name.startsWith(input.AlarmNamePrefix)) &&
            (!input.StateValue || a.state === input.StateValue),
        );
        // Pages as CloudWatch pages them: MaxRecords (at most 100) a page, NextToken for the rest.
        const from = Number(input.NextToken ?? 0);
        const size = Math.min(input.MaxRecords ?? 50, 100);
        const page = found.slice(from, from + size);
        return json(200, {
          MetricAlarms: page.map((a) => ({
            AlarmName: a.name,
            StateValue: a.state,
            ActionsEnabled: a.actionsEnabled,
            Namespace: 'AWS/EC2',
            MetricName: 'CPUUtilization',
          })),
          ...(from + size < found.length ? { NextToken: String(from + size) } : {}),
        });
      }
      if (op === 'EnableAlarmActions' || op === 'DisableAlarmActions') {
        const missing = (input.AlarmNames ?? []).filter((n) => !fake.alarms.has(n));
        if (missing.length) return jsonError(404, 'ResourceNotFound', `alarm ${missing[0]} not found`);
        for (const n of input.AlarmNames ?? [])
          fake.alarms.get(n)!.actionsEnabled = op === 'EnableAlarmActions';
        return json(200, {});
      }
      jsonError(400, 'InvalidAction', `unknown operation ${op}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
