import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGrafanaState, startFakeGrafana } from '../../test/fakes/grafana.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import { type CallContext, ConnectorError } from './connector.ts';
import { GrafanaConnector } from './grafana.ts';

const TOKEN = 'glsa_grafanatesttoken0123456789abcdef';
let fake: FakeServer<FakeGrafanaState>;
let grafana: GrafanaConnector;
const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});

beforeEach(async () => {
  fake = await startFakeGrafana(TOKEN);
  grafana = new GrafanaConnector({ addr: fake.url, token: TOKEN });
});
afterEach(() => fake.close());

describe('grafana annotations', () => {
  it('annotates a dashboard panel once however often retried, and deletes it to roll back', async () => {
    const input = {
      text: 'Scaled checkout to 5 (plan 42)',
      tags: ['warrant', 'deploy'],
      dashboard_uid: 'checkout-slo',
      panel_id: 2,
      time: '2026-12-05T10:00:00Z',
    };
    const first = await grafana.call('grafana.annotate', input, ctx('run/s1/do'));
    const retried = await grafana.call('grafana.annotate', input, ctx('run/s1/do'));
    expect(retried.output.annotation_id).toBe(first.output.annotation_id);
    expect(fake.state.annotations.size).toBe(1);
    const stored = fake.state.annotations.get(Number(first.output.annotation_id))!;
    expect(stored).toMatchObject({
      dashboardUID: 'checkout-slo',
      panelId: 2,
      time: Date.parse('2026-12-05T10:00:00Z'),
      text: input.text,
    });
    expect(stored.tags).toEqual(['warrant', 'deploy', 'warrant:run/s1/do']);
    await grafana.undo('grafana.annotate', input, first.output, ctx('run/s1/undo'));
    expect(fake.state.annotations.size).toBe(0);
    // Gone already: the undo is done, not failed.
    await grafana.undo('grafana.annotate', input, first.output, ctx('run/s1/undo'));
    // The token went only where it belongs.
    expect(JSON.stringify(first.output)).not.toContain(TOKEN);
  });

  it("says Grafana's refusal: a wrong token is unauthorized", async () => {
    const wrong = new GrafanaConnector({ addr: fake.url, token: 'glsa_wrong' });
    const error = await wrong.call('grafana.annotate', { text: 'x' }, ctx('k')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect((error as Error).message).toContain('Unauthorized');
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
      'glsa_wrong',
    );
  });
});

describe('grafana previews', () => {
  it('shows the annotation it would add, on the dashboard or the organization, without a request', async () => {
    const input = {
      text: 'Scaled checkout to 5 (plan 42)',
      tags: ['warrant', 'deploy'],
      dashboard_uid: 'checkout-slo',
    };
    expect(await grafana.preview('grafana.annotate', input)).toEqual({
      method: 'computed',
      changes: [{ resource: 'annotation/checkout-slo', field: 'text', before: null, after: input.text }],
      notes: ['tags: warrant, deploy'],
    });
    expect(await grafana.preview('grafana.annotate', { text: 'Freeze begins' })).toEqual({
      method: 'computed',
      changes: [{ resource: 'annotation/organization', field: 'text', before: null, after: 'Freeze begins' }],
      notes: [],
    });
    expect(fake.calls).toHaveLength(0);
    await expect(grafana.preview('grafana.dashboard_delete', {})).rejects.toMatchObject({
      code: 'unknown_tool',
    });
  });
});
