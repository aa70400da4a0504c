import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakePrometheusState, startFakePrometheus } from '../../test/fakes/prometheus.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import type { CallContext } from './connector.ts';
import { PrometheusConnector } from './prometheus.ts';

let fake: FakeServer<FakePrometheusState>;
let prom: PrometheusConnector;
const ctx: CallContext = { idempotencyKey: 'p', signal: new AbortController().signal, heartbeat() {} };
const ERRORS = 'sum(rate(http_requests_total{status=~"5.."}[5m]))';

beforeEach(async () => {
  fake = await startFakePrometheus();
  fake.state.values.set(ERRORS, 0.25);
  prom = new PrometheusConnector({ addr: fake.url });
});
afterEach(() => fake.close());

describe('prometheus', () => {
  it('runs an instant query', async () => {
    const { output } = await prom.call('prometheus.query', { query: ERRORS, time: '1767225600' }, ctx);
    expect(output).toEqual({ resultType: 'vector', result: [{ metric: {}, value: [1767225600, '0.25'] }] });
    expect(fake.calls[0]?.path).toBe('/api/v1/query');
  });

  it('runs a range query', async () => {
    const { output } = await prom.call(
      'prometheus.query_range',
      { query: ERRORS, start: '100', end: '220', step: '60' },
      ctx,
    );
    expect(output).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [100, '0.25'],
            [160, '0.25'],
            [220, '0.25'],
          ],
        },
      ],
    });
  });

  it('collects promql evidence with a link to the graph', async () => {
    const evidence = await prom.collect({ type: 'promql', query: ERRORS }, ctx);
    expect(evidence.result).toMatchObject({ resultType: 'vector' });
    expect(evidence.link).toContain('/graph?g0.expr=');
  });

  it("turns Prometheus's error body into a ConnectorError with its message", async () => {
    fake.state.errors.set('rate(', {
      status: 400,
      errorType: 'bad_data',
      error: 'parse error: unclosed left parenthesis',
    });
    await expect(prom.call('prometheus.query', { query: 'rate(' }, ctx)).rejects.toMatchObject({
      code: 'rejected',
      retryable: false,
      message: expect.stringContaining('bad_data: parse error: unclosed left parenthesis'),
    });
    fake.state.errors.set('slow', { status: 503, errorType: 'timeout', error: 'query timed out' });
    await expect(prom.call('prometheus.query', { query: 'slow' }, ctx)).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('reports a call the engine cancelled as cancelled, not retryable', async () => {
    const aborted = { ...ctx, signal: AbortSignal.abort() };
    await expect(prom.call('prometheus.query', { query: ERRORS }, aborted)).rejects.toMatchObject({
      code: 'cancelled',
      retryable: false,
    });
  });

  it('maps a 500 to a retryable error and an unreachable server likewise', async () => {
    fake.fail({ status: 500 });
    await expect(prom.call('prometheus.query', { query: ERRORS }, ctx)).rejects.toMatchObject({
      retryable: true,
    });
    await fake.close();
    await expect(prom.call('prometheus.query', { query: ERRORS }, ctx)).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    fake = await startFakePrometheus();
  });
});
