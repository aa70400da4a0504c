import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'warrant-config-')), 'warrant.yaml');
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('works with no file at all', () => {
    expect(loadConfig({ env: {} }).gateway.http_addr).toBe('127.0.0.1:8080');
  });

  it('lets WARRANT_<SECTION>_<KEY> override the file', () => {
    const path = file('gateway:\n  http_addr: 127.0.0.1:7000\nllm:\n  timeout_ms: 100\n');
    const config = loadConfig({ path, env: { WARRANT_GATEWAY_HTTP_ADDR: '127.0.0.1:9000' } });
    expect(config.gateway.http_addr).toBe('127.0.0.1:9000');
    expect(config.llm.timeout_ms).toBe(100);
  });

  it('names the bad key and its line', () => {
    const path = file(
      'gateway:\n  http_addr: 127.0.0.1:8080\nllm:\n  provider: openai\n  timeout_ms: soon\n',
    );
    expect(() => loadConfig({ path, env: {} })).toThrow(/warrant\.yaml:5: llm\.timeout_ms/);
  });

  it('names an unknown key', () => {
    const path = file('policy:\n  opa_url: http://127.0.0.1:8181\n  polcy_package: x\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(/:1: policy: .*polcy_package/);
  });

  it('reports YAML syntax errors with their line', () => {
    const path = file('gateway:\n  http_addr: [unclosed\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(/warrant\.yaml:\d+/);
  });

  it('refuses secrets in the file', () => {
    const path = file('chatops:\n  slack_signing_secret: hunter2\n');
    expect(() => loadConfig({ path, env: {} })).toThrow(
      /:2: chatops\.slack_signing_secret is a secret.*WARRANT_CHATOPS_SLACK_SIGNING_SECRET/,
    );
  });

  it('accepts connectors.aws with a role to assume, and refuses a role_arn that is no IAM role', () => {
    const aws =
      'connectors:\n  aws:\n    region: eu-west-1\n    role_arn: arn:aws:iam::123456789012:role/warrant\n';
    expect(loadConfig({ path: file(aws), env: {} }).connectors.aws).toEqual({
      region: 'eu-west-1',
      role_arn: 'arn:aws:iam::123456789012:role/warrant',
    });
    expect(() => loadConfig({ path: file('connectors:\n  aws:\n    role_arn: warrant\n'), env: {} })).toThrow(
      /connectors\.aws\.role_arn/,
    );
  });

  it('refuses each key of seed 001’s schema it does not honour, naming what to use instead', () => {
    for (const [yaml, why] of [
      [
        'storage:\n  postgres_dsn: postgres://x\n',
        /:2: storage\.postgres_dsn is not used by Warrant: .*DATABASE_URL/,
      ],
      ['orchestrator:\n  temporal_addr: t:7233\n', /:2: orchestrator\.temporal_addr .*no Temporal/],
      ['orchestrator:\n  namespace: x\n', /orchestrator\.namespace .*WARRANT_DATABASE_SCHEMA/],
      ['orchestrator:\n  task_queue: x\n', /orchestrator\.task_queue .*orchestrator\.concurrency/],
    ] as const)
      expect(() => loadConfig({ path: file(yaml), env: {} })).toThrow(why);
    expect(() => loadConfig({ env: { WARRANT_ORCHESTRATOR_TEMPORAL_ADDR: 't:7233' } })).toThrow(
      /environment: WARRANT_ORCHESTRATOR_TEMPORAL_ADDR is not used by Warrant/,
    );
    // What it honours of that schema still loads.
    const honoured = file(
      'gateway:\n  http_addr: 127.0.0.1:9000\npolicy:\n  policy_package: warrant\nconnectors:\n  k8s:\n    kubeconfig_path: /k\n',
    );
    expect(loadConfig({ path: honoured, env: {} }).connectors.k8s.kubeconfig_path).toBe('/k');
  });

  it('honours gateway.ws_addr (WebSocket live updates), from the file or the environment', () => {
    expect(loadConfig({ path: file('gateway:\n  ws_addr: 127.0.0.1:9001\n'), env: {} }).gateway.ws_addr).toBe(
      '127.0.0.1:9001',
    );
    expect(loadConfig({ env: { WARRANT_GATEWAY_WS_ADDR: '127.0.0.1:9002' } }).gateway.ws_addr).toBe(
      '127.0.0.1:9002',
    );
    expect(() => loadConfig({ env: { WARRANT_GATEWAY_WS_ADDR: 'nowhere' } })).toThrow(/gateway\.ws_addr/);
  });

  it('checks environment values too', () => {
    expect(() => loadConfig({ env: { WARRANT_GATEWAY_HTTP_ADDR: 'not an address' } })).toThrow(
      /environment: gateway\.http_addr/,
    );
  });
});
