/**
 * A fake Alertmanager speaking its v2 API: POST /api/v2/silences (validated as Alertmanager does: matchers,
 * endsAt after startsAt), GET /api/v2/silences (with `filter` label matchers), GET and DELETE
 * /api/v2/silence/{id}. It ignores Idempotency-Key, as Alertmanager does: every POST makes a silence.
 */
import { randomUUID } from 'node:crypto';
import { type FakeServer, startFake } from './server.ts';

interface FakeSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

export interface FakeAlertmanagerState {
  silences: Map<string, FakeSilence>;
}

// Alertmanager answers errors as a plain JSON string.
const bad = (text: string) => ({ status: 400, body: text });

export async function startFakeAlertmanager(): Promise<FakeServer<FakeAlertmanagerState>> {
  const state: FakeAlertmanagerState = { silences: new Map() };
  const matches = (silence: FakeSilence, filter: string) => {
    const [, name, value] = /^(\w+)="(.*)"$/.exec(filter) ?? [];
    return silence.matchers.some((m) => m.name === name && m.value === value);
  };
  return startFake(state, [
    {
      method: 'POST',
      path: /^\/api\/v2\/silences$/,
      handle: (req) => {
        const body = req.body as Partial<FakeSilence> | undefined;
        if (!body?.matchers?.length) return bad('missing matchers');
        if (!body.startsAt || !body.endsAt || Date.parse(body.endsAt) <= Date.parse(body.startsAt))
          return bad('end time must not be before start time');
        if (!body.createdBy) return bad('creator information missing');
        const id = randomUUID();
        state.silences.set(id, {
          id,
          matchers: body.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true })),
          startsAt: body.startsAt,
          endsAt: body.endsAt,
          createdBy: body.createdBy,
          comment: body.comment ?? '',
          status: { state: 'active' },
        });
        return { status: 200, body: { silenceID: id } };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v2\/silences$/,
      handle: (req) => {
        const filters = req.query.getAll('filter');
        const found = [...state.silences.values()].filter((s) => filters.every((f) => matches(s, f)));
        return { status: 200, body: found };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/v2\/silence\/([^/]+)$/,
      handle: (_req, [id]) => {
        const silence = state.silences.get(id!);
        return silence ? { status: 200, body: silence } : { status: 404, body: 'silence not found' };
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/v2\/silence\/([^/]+)$/,
      handle: (_req, [id]) => {
        const silence = state.silences.get(id!);
        if (!silence) return { status: 404, body: 'silence not found' };
        // Alertmanager refuses to expire what already expired.
        if (silence.status.state === 'expired') return { status: 500, body: 'silence already expired' };
        silence.status = { state: 'expired' };
        silence.endsAt = new Date().toISOString();
        return { status: 200 };
      },
    },
  ]);
}
