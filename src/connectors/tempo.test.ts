import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../test/fakes/server.ts';
import { type FakeTrace, startFakeTempo } from '../../test/fakes/tempo.ts';
import type { CallContext } from './connector.ts';
import { TempoConnector } from './tempo.ts';

let fake: FakeServer<{ traces: FakeTrace[] }>;
let tempo: TempoConnector;
const ctx: CallContext = { idempotencyKey: 't', signal: new AbortController().signal, heartbeat() {} };
const trace = (id: string, seconds: number): FakeTrace => ({
  traceID: id,
  rootServiceName: 'checkout',
  rootTraceName: 'POST /pay',
  startTimeUnixNano: `${seconds}000000000`,
  durationMs: 1200,
});

beforeEach(async () => {
  fake = await startFakeTempo();
  fake.state.traces.push(trace('a1', 1_767_225_600), trace('b2', 1_767_229_200));
  tempo = new TempoConnector({ addr: fake.url });
});
afterEach(() => fake.close());

describe('tempo', () => {
  it('searches with TraceQL and a time window given in RFC 3339', async () => {
    const query = '{ resource.service.name = "checkout" && duration > 1s }';
    const { output } = await tempo.call(
      'tempo.search',
      { query, start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:30:00Z' },
      ctx,
    );
    expect(output).toEqual({ traces: [trace('a1', 1_767_225_600)] });
    const call = fake.calls[0]!;
    expect(call.path).toBe('/api/search');
    expect(new URLSearchParams(call.query).get('q')).toBe(query);
    expect(new URLSearchParams(call.query).get('start')).toBe('1767225600');
  });

  it('collects traceql evidence', async () => {
    const evidence = await tempo.collect({ type: 'traceql', query: '{ status = error }' }, ctx);
    expect((evidence.result as { traces: unknown[] }).traces).toHaveLength(2);
  });

  it('maps errors', async () => {
    await expect(tempo.call('tempo.search', { query: 'x', start: 'yesterday' }, ctx)).rejects.toMatchObject({
      code: 'bad_input',
    });
    fake.fail({ status: 502 });
    await expect(tempo.call('tempo.search', { query: '{}' }, ctx)).rejects.toMatchObject({ retryable: true });
  });
});
