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

  it('checks environment values too', () => {
    expect(() => loadConfig({ env: { WARRANT_GATEWAY_HTTP_ADDR: 'not an address' } })).toThrow(
      /environment: gateway\.http_addr/,
    );
  });
});
