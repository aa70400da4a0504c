/**
 * A fake Tempo search API: GET /api/search?q&start&end answers `{traces, metrics}` with the traces in
 * `state.traces` whose start lies in [start, end] (unix seconds), whatever the TraceQL says.
 */
import { type FakeServer, startFake } from './server.ts';

export interface FakeTrace {
  traceID: string;
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  durationMs: number;
}

export async function startFakeTempo(): Promise<FakeServer<{ traces: FakeTrace[] }>> {
  const state = { traces: [] as FakeTrace[] };
  return startFake(state, [
    {
      method: 'GET',
      path: /^\/api\/search$/,
      handle: (req) => {
        if (!req.query.get('q')) return { status: 400, body: 'invalid TraceQL query: empty' };
        const start = Number(req.query.get('start') ?? 0);
        const end = Number(req.query.get('end') ?? Number.MAX_SAFE_INTEGER);
        const traces = state.traces.filter((t) => {
          const at = Number(BigInt(t.startTimeUnixNano) / 1_000_000_000n);
          return at >= start && at <= end;
        });
        return { status: 200, body: { traces, metrics: { inspectedTraces: state.traces.length } } };
      },
    },
  ]);
}
