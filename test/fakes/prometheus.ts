/**
 * A fake Prometheus HTTP API: /api/v1/query (vector) and /api/v1/query_range (matrix, one point per step).
 * `state.values` gives each query's current value (unknown queries answer an empty result);
 * `state.errors` makes a query answer Prometheus's error body.
 */
import { type FakeServer, startFake } from './server.ts';

export interface FakePrometheusState {
  values: Map<string, number>;
  errors: Map<string, { status: number; errorType: string; error: string }>;
}

export async function startFakePrometheus(): Promise<FakeServer<FakePrometheusState>> {
  const state: FakePrometheusState = { values: new Map(), errors: new Map() };
  const answer = (query: string, data: () => unknown) => {
    const error = state.errors.get(query);
    if (error)
      return {
        status: error.status,
        body: { status: 'error', errorType: error.errorType, error: error.error },
      };
    return { status: 200, body: { status: 'success', data: data() } };
  };
  const seconds = (value: string | null, fallback: number) => (value === null ? fallback : Number(value));
  return startFake(state, [
    {
      method: 'GET',
      path: /^\/api\/v1\/query$/,
      handle: (req) => {
        const query = req.query.get('query') ?? '';
        const time = seconds(req.query.get('time'), Date.now() / 1000);
        const value = state.values.get(query);
        return answer(query, () => ({
          resultType: 'vector',
          result: value === undefined ? [] : [{ metric: {}, value: [time, String(value)] }],
        }));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/query_range$/,
      handle: (req) => {
        const query = req.query.get('query') ?? '';
        const start = seconds(req.query.get('start'), 0);
        const end = seconds(req.query.get('end'), start);
        const step = seconds(req.query.get('step'), 60);
        const value = state.values.get(query);
        const points: [number, string][] = [];
        for (let t = start; value !== undefined && t <= end; t += step) points.push([t, String(value)]);
        return answer(query, () => ({
          resultType: 'matrix',
          result: value === undefined ? [] : [{ metric: {}, values: points }],
        }));
      },
    },
  ]);
}
