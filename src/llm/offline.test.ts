import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import type { Actor } from '../core/roles.ts';
import { ToolCatalog } from '../policy/tool-catalog.ts';
import { createRedactor } from '../redaction/redact.ts';
import type { Alert } from './alert-schema.ts';
import { PlanDrafter } from './draft.ts';

const drafter = new PlanDrafter({
  llm: configSchema.parse({}).llm,
  catalog: async () => new ToolCatalog(),
  redactor: createRedactor(),
});
const actor = { tenant_id: 't1' } as Actor;
const stepsOf = async (intent: string, namespace?: string) =>
  (await drafter.draft(actor, { intent, ...(namespace ? { context: { namespace } } : {}) })).draft.steps.map(
    ({ tool, input }) => ({ tool, input }),
  );

describe('the offline provider', () => {
  it('is the default, and the same request always drafts the same plan', async () => {
    const request = { intent: 'restart checkout in namespace shop' };
    const first = await drafter.draft(actor, request);
    expect(first).toMatchObject({ provider: 'offline', model: 'rules-v1' });
    expect(await drafter.draft(actor, request)).toEqual(first);
  });

  it('reads restart, scale and roll back intents', async () => {
    expect(await stepsOf('please restart the deployment checkout in shop')).toEqual([
      { tool: 'k8s.rollout_restart', input: { namespace: 'shop', deployment: 'checkout' } },
    ]);
    expect(await stepsOf('scale api to 5 replicas in namespace web')).toEqual([
      { tool: 'k8s.scale', input: { namespace: 'web', deployment: 'api', replicas: 5 } },
    ]);
    expect(await stepsOf('Roll back payments', 'billing')).toEqual([
      { tool: 'k8s.rollout_undo', input: { namespace: 'billing', deployment: 'payments' } },
    ]);
  });

  it('turns an alert on a deployment into PromQL evidence and a restart, in the alert context', async () => {
    const alert: Alert = {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', deployment: 'checkout', namespace: 'shop', env: 'stage' },
      annotations: {},
      startsAt: '2026-03-01T10:00:00Z',
      fingerprint: 'abc',
    };
    const { draft } = await drafter.draft(actor, { intent: 'HighErrorRate firing', alert });
    expect(draft.trigger).toBe('alert');
    expect(draft.context).toEqual({ environment: 'stage', namespace: 'shop' });
    const query = 'ALERTS{alertname="HighErrorRate",namespace="shop",alertstate="firing"}';
    expect(draft.steps).toMatchObject([
      { tool: 'prometheus.query', input: { query } },
      {
        tool: 'k8s.rollout_restart',
        input: { namespace: 'shop', deployment: 'checkout' },
        evidence_required: [{ type: 'promql', query }],
      },
    ]);
  });

  it('declines what its rules do not cover instead of guessing', async () => {
    await expect(drafter.draft(actor, { intent: 'make the site faster' })).rejects.toMatchObject({
      status: 422,
      code: 'draft_unsupported',
    });
  });
});
