import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, configSchema } from '../config/schema.ts';
import type { Actor } from '../core/roles.ts';
import { ToolCatalog } from '../policy/tool-catalog.ts';
import { createRedactor } from '../redaction/redact.ts';
import { ModelAvailability } from './availability.ts';
import { PlanDrafter } from './draft.ts';
import { ModelCallError, ModelOutputError } from './provider.ts';
import { createModelProvider } from './select.ts';

// Fake model servers on 127.0.0.1 speaking the OpenAI Chat Completions and Anthropic Messages wire
// formats. `reply` is swapped per test; every raw request body is kept to prove what left Warrant.

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}
type Reply = (body: Record<string, unknown>) => { text: string; delayMs?: number };

let server: Server;
let url: string;
let reply: Reply;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, raw });
      const { text, delayMs = 0 } = reply(JSON.parse(raw));
      const body = req.url?.endsWith('/messages')
        ? {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: 'claude-test',
            content: [{ type: 'text', text }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: { input_tokens: 10, output_tokens: 10 },
          }
        : {
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 0,
            model: 'gpt-test',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: text, refusal: null },
                finish_reason: 'stop',
              },
            ],
          };
      setTimeout(() => {
        if (!res.destroyed)
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const actor = { tenant_id: 't1' } as Actor;
const goodPlan = {
  summary: 'Restart checkout',
  intent: 'restart checkout',
  context: { environment: 'dev', namespace: 'shop' },
  steps: [
    {
      step_id: 'restart',
      action: 'restart',
      tool: 'k8s.rollout_restart',
      input: { namespace: 'shop', deployment: 'checkout' },
    },
  ],
};

function drafter(llm: Partial<Config['llm']>, env: NodeJS.ProcessEnv) {
  const config = configSchema.parse({ llm: { timeout_ms: 2000, max_output_tokens: 321, ...llm } }).llm;
  return new PlanDrafter({
    llm: config,
    catalog: async () => new ToolCatalog(),
    redactor: createRedactor(config.redact_patterns),
    provider: () => createModelProvider(config, env),
  });
}

const openai = (llm: Partial<Config['llm']> = {}) =>
  drafter({ provider: 'openai', api_base: url, model: 'gpt-test', ...llm }, { OPENAI_API_KEY: 'test-key-1' });
const anthropic = () =>
  drafter(
    { provider: 'anthropic', api_base: url, model: 'claude-test' },
    { ANTHROPIC_API_KEY: 'test-key-2' },
  );

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelOutputError);
  return error as ModelOutputError;
}

describe('openai', () => {
  it('turns a good answer into a checked draft, asking for JSON schema output', async () => {
    reply = () => ({ text: JSON.stringify(goodPlan) });
    const answer = await openai().draft(actor, {
      intent: 'restart checkout',
      context: { environment: 'prod' },
    });
    expect(answer).toMatchObject({ provider: 'openai', model: 'gpt-test' });
    // The caller's context wins over the model's; the trigger is Warrant's to set.
    expect(answer.draft).toMatchObject({
      trigger: 'manual',
      context: { environment: 'prod', namespace: 'shop' },
    });
    const request = seen.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer test-key-1');
    const body = JSON.parse(request.raw);
    expect(body).toMatchObject({
      model: 'gpt-test',
      max_completion_tokens: 321,
      response_format: { type: 'json_schema', json_schema: { name: 'plan_submission' } },
    });
    expect(body.response_format.json_schema.schema.properties.steps).toBeDefined();
  });

  it('refuses an answer that is not JSON', async () => {
    reply = () => ({ text: 'Sure! I would restart checkout.' });
    expect((await refusal(openai().draft(actor, { intent: 'x' }))).code).toBe('model_output_invalid');
  });

  it('refuses JSON that fails the plan schema, naming the issues', async () => {
    reply = () => ({ text: JSON.stringify({ ...goodPlan, steps: [] }) });
    const error = await refusal(openai().draft(actor, { intent: 'x' }));
    expect(error.issues.map((issue) => issue.path)).toContain('steps');
  });

  it('refuses a plan with a tool outside the catalog', async () => {
    reply = () => ({
      text: JSON.stringify({ ...goodPlan, steps: [{ ...goodPlan.steps[0], tool: 'shell.exec' }] }),
    });
    const error = await refusal(openai().draft(actor, { intent: 'x' }));
    expect(error.issues[0]).toEqual({ path: 'steps.0.tool', message: 'unknown tool shell.exec' });
  });

  it('gives up after llm.timeout_ms', async () => {
    // The fake answers after 5 s, a good plan: only giving up first makes this a model_timeout.
    reply = () => ({ text: JSON.stringify(goodPlan), delayMs: 5000 });
    const error = await openai({ timeout_ms: 150 })
      .draft(actor, { intent: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).code).toBe('model_timeout');
  });

  it('never sends a secret: built-in detectors and llm.redact_patterns run before the call', async () => {
    reply = () => ({ text: JSON.stringify(goodPlan) });
    // Random-looking, as real tokens are: gitleaks' rules ignore a low-entropy lookalike.
    const token = 'ghp_yAczD4UDDqcdbTmBQq79GygZnhAOgshDBj1z';
    const before = seen.length;
    await openai({ redact_patterns: ['(?i)ticket-[0-9]+'] }).draft(actor, {
      intent: `restart checkout; token ${token}, password=hunter2, see TICKET-4242`,
      alert: {
        status: 'firing',
        labels: { alertname: 'Down', api_key: 'plain-secret-value' },
        annotations: { description: `login with password=hunter2 and ${token}` },
        startsAt: '2026-03-01T10:00:00Z',
        fingerprint: 'f1',
      },
    });
    const raw = seen
      .slice(before)
      .map((request) => request.raw)
      .join('\n');
    expect(raw).toContain('restart checkout');
    for (const secret of [token, 'hunter2', 'TICKET-4242', 'plain-secret-value'])
      expect(raw).not.toContain(secret);
  });
});

describe('openai-codex', () => {
  it('sends the access token of the configured auth profile', async () => {
    reply = () => ({ text: JSON.stringify(goodPlan) });
    const path = join(mkdtempSync(join(tmpdir(), 'warrant-codex-')), 'auth-profiles.json');
    writeFileSync(path, JSON.stringify({ profiles: { work: { access_token: 'codex-token-9' } } }));
    await drafter(
      { provider: 'openai-codex', api_base: url, auth_path: path, auth_profile: 'work' },
      {},
    ).draft(actor, { intent: 'x' });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer codex-token-9');
  });

  it('says what is missing when it has no token', async () => {
    const error = await drafter({ provider: 'openai-codex' }, {})
      .draft(actor, { intent: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_not_configured' });
  });
});

describe('anthropic', () => {
  it('extracts the JSON from a Messages answer', async () => {
    reply = () => ({ text: `Here is the plan:\n\`\`\`json\n${JSON.stringify(goodPlan)}\n\`\`\`` });
    const answer = await anthropic().draft(actor, { intent: 'restart checkout' });
    expect(answer).toMatchObject({ provider: 'anthropic', model: 'claude-test' });
    expect(answer.draft.steps[0]!.tool).toBe('k8s.rollout_restart');
    const request = seen.at(-1)!;
    expect(request.path).toBe('/v1/messages');
    // SDK versions differ in the header that carries the key.
    expect(request.headers['x-api-key'] ?? request.headers.authorization).toMatch(/test-key-2$/);
    expect(JSON.parse(request.raw)).toMatchObject({ model: 'claude-test', max_tokens: 321 });
  });

  it('refuses a malformed answer', async () => {
    reply = () => ({ text: '{"summary": "half a plan"' });
    await refusal(anthropic().draft(actor, { intent: 'x' }));
  });
});

describe('when the model provider is down (degraded mode)', () => {
  it('answers 503 model_unavailable with Retry-After at once, while its own bad requests trip nothing', async () => {
    let mode: 'up' | '400' | '500' = 'up';
    let hits = 0;
    const provider = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => {
        if (mode !== 'up') {
          res.writeHead(Number(mode), { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `status ${mode}`, type: 'server_error' } }));
          return;
        }
        const message = { role: 'assistant', content: JSON.stringify(goodPlan), refusal: null };
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'c',
            object: 'chat.completion',
            created: 0,
            model: 'gpt-test',
            choices: [{ index: 0, message, finish_reason: 'stop' }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    let now = 1_000_000;
    const config = configSchema.parse({ llm: { provider: 'openai', api_base: base, model: 'gpt-test' } }).llm;
    const drafts = new PlanDrafter({
      llm: config,
      catalog: async () => new ToolCatalog(),
      redactor: createRedactor([]),
      provider: () => createModelProvider(config, { OPENAI_API_KEY: 'k' }),
      availability: new ModelAvailability({ retryAfterMs: 30_000, now: () => now }),
    });
    const attempt = () => drafts.draft(actor, { intent: 'restart checkout' }).catch((e: unknown) => e);
    try {
      expect(await attempt()).toMatchObject({ draft: { summary: 'Restart checkout' } });
      // The caller's own bad request (a 4xx) is no outage: the next draft still asks the provider.
      mode = '400';
      expect(await attempt()).toMatchObject({ status: 502, code: 'model_unavailable' });
      mode = '500';
      expect(await attempt()).toMatchObject({
        status: 503,
        code: 'model_unavailable',
        extra: { retry_after_seconds: 30 },
      });
      expect(hits).toBe(3);
      // Held down: answered at once, the provider not asked; Retry-After counts down.
      now += 10_000;
      expect(await attempt()).toMatchObject({ status: 503, extra: { retry_after_seconds: 20 } });
      expect(hits).toBe(3);
      // After Retry-After the next draft tries again, and drafting is back when the provider is.
      mode = 'up';
      now += 20_001;
      expect(await attempt()).toMatchObject({ draft: { summary: 'Restart checkout' } });
      expect(hits).toBe(4);
    } finally {
      provider.closeAllConnections();
      await new Promise((resolve) => provider.close(resolve));
    }
    // Stopped for real: no connection is an outage too.
    expect(await attempt()).toMatchObject({ status: 503, code: 'model_unavailable' });
  });
});
