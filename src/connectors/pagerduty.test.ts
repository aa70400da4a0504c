import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakePagerDutyState, startFakePagerDuty } from '../../test/fakes/pagerduty.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { type CallContext, ConnectorError } from './connector.ts';
import { PagerDutyConnector } from './pagerduty.ts';

const TOKEN = 'u+pagerdutytesttoken0123';
let fake: FakeServer<FakePagerDutyState>;
let pd: PagerDutyConnector;
const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});

beforeEach(async () => {
  fake = await startFakePagerDuty(TOKEN);
  fake.state.incidents.set('Q1INCIDENT', {
    id: 'Q1INCIDENT',
    status: 'triggered',
    title: 'checkout 5xx above budget',
    html_url: 'https://acme.pagerduty.example/incidents/Q1INCIDENT',
    notes: [],
  });
  pd = new PagerDutyConnector({ addr: fake.url, token: TOKEN, from: 'oncall@acme.example' });
});
afterEach(() => fake.close());

describe('pagerduty incidents', () => {
  it('acknowledges, then resolves; a repeat changes nothing; the From header names who acted', async () => {
    const ack = await pd.call('pagerduty.incident_ack', { incident_id: 'Q1INCIDENT' }, ctx('a'));
    expect(ack.output).toMatchObject({ status: 'acknowledged', changed: true });
    expect(ack.link).toBe('https://acme.pagerduty.example/incidents/Q1INCIDENT');
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.headers.from).toBe('oncall@acme.example');
    expect(put.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(put.body).toEqual({ incident: { type: 'incident_reference', status: 'acknowledged' } });
    expect(
      (await pd.call('pagerduty.incident_ack', { incident_id: 'Q1INCIDENT' }, ctx('a'))).output,
    ).toMatchObject({
      changed: false,
    });
    await pd.call('pagerduty.incident_resolve', { incident_id: 'Q1INCIDENT' }, ctx('r'));
    expect(fake.state.incidents.get('Q1INCIDENT')!.status).toBe('resolved');
    // Acknowledging a resolved incident answers it as it is rather than failing the step.
    expect(
      (await pd.call('pagerduty.incident_ack', { incident_id: 'Q1INCIDENT' }, ctx('a2'))).output,
    ).toMatchObject({
      status: 'resolved',
      changed: false,
    });
  });

  it('adds a note once however often retried', async () => {
    const input = { incident_id: 'Q1INCIDENT', content: 'Rolled back checkout to v41 (plan 42).' };
    const first = await pd.call('pagerduty.incident_note', input, ctx('run/s2/do'));
    const again = await pd.call('pagerduty.incident_note', input, ctx('run/s2/do'));
    expect(again.output.note_id).toBe(first.output.note_id);
    expect(fake.state.incidents.get('Q1INCIDENT')!.notes).toHaveLength(1);
    expect('undo' in pd).toBe(false);
  });

  it("says PagerDuty's refusals: unknown incident, no From, wrong token", async () => {
    const missing = await pd
      .call('pagerduty.incident_ack', { incident_id: 'NOPE' }, ctx('k'))
      .catch((e) => e);
    expect(missing).toBeInstanceOf(ConnectorError);
    expect(missing).toMatchObject({ code: 'not_found' });
    const noFrom = new PagerDutyConnector({ addr: fake.url, token: TOKEN, from: '' });
    const refused = await noFrom
      .call('pagerduty.incident_ack', { incident_id: 'Q1INCIDENT' }, ctx('k'))
      .catch((e) => e);
    expect(refused).toMatchObject({ code: 'rejected' });
    expect((refused as Error).message).toContain('From header is required');
    const wrong = new PagerDutyConnector({ addr: fake.url, token: 'nope', from: 'a@b.c' });
    expect(
      await wrong.call('pagerduty.incident_ack', { incident_id: 'Q1INCIDENT' }, ctx('k')).catch((e) => e),
    ).toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('pagerduty previews', () => {
  it('shows the status an ack or resolve would set, and nothing once the incident is at or past it', async () => {
    const incident = { incident_id: 'Q1INCIDENT' };
    expect(await pd.preview('pagerduty.incident_ack', incident, ctx('p'))).toEqual({
      method: 'computed',
      changes: [
        { resource: 'incident/Q1INCIDENT', field: 'status', before: 'triggered', after: 'acknowledged' },
      ],
    });
    fake.state.incidents.get('Q1INCIDENT')!.status = 'acknowledged';
    expect(await pd.preview('pagerduty.incident_ack', incident, ctx('p'))).toEqual({
      method: 'computed',
      changes: [],
      notes: ['incident/Q1INCIDENT is already acknowledged: nothing changes'],
    });
    expect((await pd.preview('pagerduty.incident_resolve', incident, ctx('p'))).changes).toEqual([
      { resource: 'incident/Q1INCIDENT', field: 'status', before: 'acknowledged', after: 'resolved' },
    ]);
    fake.state.incidents.get('Q1INCIDENT')!.status = 'resolved';
    expect((await pd.preview('pagerduty.incident_ack', incident, ctx('p'))).notes).toEqual([
      'incident/Q1INCIDENT is already resolved: nothing changes',
    ]);
    expect(fake.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('shows a note as one more on the incident, with an excerpt of its text', async () => {
    fake.state.incidents
      .get('Q1INCIDENT')!
      .notes.push({ id: 'n1', content: 'paged', user: { summary: 'oncall@acme.example' } });
    const content = `Rolled back checkout to v41 (plan 42). ${'x'.repeat(200)}`;
    const preview = await pd.preview(
      'pagerduty.incident_note',
      { incident_id: 'Q1INCIDENT', content },
      ctx('p'),
    );
    expect(preview).toMatchObject({
      method: 'computed',
      changes: [{ resource: 'incident/Q1INCIDENT', field: 'notes', before: 1, after: 2 }],
    });
    const [note] = preview.notes!;
    expect(note).toMatch(/^adds the note: Rolled back checkout to v41 \(plan 42\)\. x+…$/);
    expect(note!.length - 'adds the note: '.length).toBe(120);
    expect(fake.state.incidents.get('Q1INCIDENT')!.notes).toHaveLength(1);
    expect(fake.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('refuses a tool it does not run, and says an unknown incident is not found', async () => {
    await expect(pd.preview('pagerduty.incident_merge', {}, ctx('p'))).rejects.toMatchObject({
      code: 'unknown_tool',
    });
    await expect(
      pd.preview('pagerduty.incident_ack', { incident_id: 'NOPE' }, ctx('p')),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
