import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAlertmanagerState, startFakeAlertmanager } from '../../test/fakes/alertmanager.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { BUILTIN_TOOLS } from '../policy/tool-catalog.ts';
import { AlertmanagerConnector } from './alertmanager.ts';
import { type CallContext, ConnectorError } from './connector.ts';

let fake: FakeServer<FakeAlertmanagerState>;
let am: AlertmanagerConnector;
const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});
const checkout = [{ name: 'service', value: 'checkout', isRegex: false }];

beforeEach(async () => {
  fake = await startFakeAlertmanager();
  am = new AlertmanagerConnector({ addr: fake.url });
});
afterEach(() => fake.close());

describe('alertmanager silences', () => {
  it('creates a silence once, however often the call is retried, and expires it to roll back', async () => {
    const input = { matchers: checkout, duration_minutes: 60, comment: 'deploying checkout' };
    const first = await am.call('alertmanager.silence_create', input, ctx('run-1/s1/do'));
    const retried = await am.call('alertmanager.silence_create', input, ctx('run-1/s1/do'));
    expect(retried.output.silence_id).toBe(first.output.silence_id);
    expect(fake.state.silences.size).toBe(1);
    const silence = fake.state.silences.get(String(first.output.silence_id))!;
    expect(silence).toMatchObject({ createdBy: 'warrant', status: { state: 'active' } });
    expect(silence.matchers).toEqual([{ name: 'service', value: 'checkout', isRegex: false, isEqual: true }]);
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(60 * 60_000);

    const listed = await am.call('alertmanager.silences', { filter: ['service="checkout"'] }, ctx('r'));
    expect(listed.output.silences).toHaveLength(1);

    await am.undo('alertmanager.silence_create', input, first.output, ctx('run-1/s1/undo'));
    expect(silence.status.state).toBe('expired');
    // An undo retried after it went through finds it expired and does nothing more.
    await am.undo('alertmanager.silence_create', input, first.output, ctx('run-1/s1/undo'));
  });

  it('expires a silence, and rolls that back with the same matchers for the time it had left', async () => {
    const made = await am.call(
      'alertmanager.silence_create',
      { matchers: checkout, duration_minutes: 120, comment: 'maintenance' },
      ctx('k1'),
    );
    const id = String(made.output.silence_id);
    const expired = await am.call('alertmanager.silence_expire', { silence_id: id }, ctx('k2'));
    expect(fake.state.silences.get(id)!.status.state).toBe('expired');
    expect(expired.output).toMatchObject({ silence_id: id, was: 'active' });
    const restored = await am.undo(
      'alertmanager.silence_expire',
      { silence_id: id },
      expired.output,
      ctx('k3'),
    );
    const again = fake.state.silences.get(String(restored.output.silence_id))!;
    expect(again.status.state).toBe('active');
    expect(again.matchers).toEqual(fake.state.silences.get(id)!.matchers);
    expect(again.endsAt).toBe(expired.output.ends_at);
  });

  it('says what Alertmanager refused, and that an unknown silence is not found', async () => {
    const missing = await am
      .call('alertmanager.silence_expire', { silence_id: 'nope' }, ctx('k'))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConnectorError);
    expect(missing).toMatchObject({ code: 'not_found' });
    expect((missing as Error).message).toContain('silence not found');
  });

  it('refuses, before any call, a silence that could cover every alert or last over 7 days', () => {
    const tool = BUILTIN_TOOLS.find((t) => t.name === 'alertmanager.silence_create')!;
    const base = { duration_minutes: 60, comment: 'x' };
    expect(tool.inspect({ ...base, matchers: [] }).ok).toBe(false);
    expect(tool.inspect({ ...base, matchers: [{ name: 'alertname', value: '.*', isRegex: true }] }).ok).toBe(
      false,
    );
    expect(
      tool.inspect({
        ...base,
        matchers: [{ name: 'service', value: 'checkout', isRegex: false, isEqual: false }],
      }).ok,
    ).toBe(false);
    expect(tool.inspect({ ...base, matchers: checkout, duration_minutes: 7 * 24 * 60 + 1 }).ok).toBe(false);
    expect(tool.inspect({ ...base, matchers: checkout })).toMatchObject({
      ok: true,
      effect: 'write',
      resources: [{ kind: 'alertmanager_silence', name: 'service=checkout' }],
    });
  });
});

describe('alertmanager previews', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const silence = (id: string, state: 'active' | 'expired', endsAt: string, value = 'checkout') =>
    fake.state.silences.set(id, {
      id,
      matchers: [{ name: 'service', value, isRegex: false, isEqual: true }],
      startsAt: '2026-12-05T09:00:00Z',
      endsAt,
      createdBy: 'oncall',
      comment: 'deploy',
      status: { state },
    });

  it('shows until when a new silence would silence, against the active one with the same matchers', async () => {
    silence('s1', 'active', '2026-12-05T10:30:00Z');
    silence('s2', 'expired', '2026-12-05T12:00:00Z');
    silence('s3', 'active', '2026-12-05T13:00:00Z', 'payments');
    const clocked = new AlertmanagerConnector({ addr: fake.url, now: () => now });
    const input = { matchers: checkout, duration_minutes: 60, comment: 'deploying checkout' };
    expect(await clocked.preview('alertmanager.silence_create', input, ctx('p'))).toEqual({
      method: 'computed',
      changes: [
        {
          resource: 'silence/service=checkout',
          field: 'silenced until',
          before: '2026-12-05T10:30:00Z',
          after: '2026-12-05T11:00:00.000Z',
        },
      ],
      notes: [],
    });
    silence('s4', 'active', '2026-12-05T18:00:00Z');
    const longer = await clocked.preview('alertmanager.silence_create', input, ctx('p'));
    expect(longer.changes[0]!.before).toBe('2026-12-05T18:00:00Z');
    expect(longer.notes).toEqual([
      'an active silence with the same matchers already lasts until 2026-12-05T18:00:00Z',
    ]);
    const fresh = await clocked.preview(
      'alertmanager.silence_create',
      { ...input, matchers: [{ name: 'service', value: 'search', isRegex: false }] },
      ctx('p'),
    );
    expect(fresh.changes[0]).toMatchObject({ resource: 'silence/service=search', before: null });
    expect(fake.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(fake.state.silences.size).toBe(4);
  });

  it("shows an expiry as the silence's state, and says when it is expired already", async () => {
    silence('s1', 'active', '2026-12-05T10:30:00Z');
    silence('s2', 'expired', '2026-12-05T09:30:00Z');
    expect(await am.preview('alertmanager.silence_expire', { silence_id: 's1' }, ctx('p'))).toEqual({
      method: 'computed',
      changes: [{ resource: 'silence/s1', field: 'state', before: 'active', after: 'expired' }],
      notes: ['it silences service=checkout until 2026-12-05T10:30:00Z'],
    });
    expect(await am.preview('alertmanager.silence_expire', { silence_id: 's2' }, ctx('p'))).toEqual({
      method: 'computed',
      changes: [],
      notes: ['silence s2 is already expired: nothing changes'],
    });
    expect(fake.state.silences.get('s1')!.status.state).toBe('active');
    expect(fake.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('lists as read-only without a request, and refuses a tool it does not run', async () => {
    expect(await am.preview('alertmanager.silences', {}, ctx('p'))).toEqual({
      method: 'read_only',
      changes: [],
    });
    expect(fake.calls).toHaveLength(0);
    await expect(am.preview('alertmanager.nope', {}, ctx('p'))).rejects.toMatchObject({
      code: 'unknown_tool',
    });
  });
});
