import { tool as agentsTool, RunContext } from '@openai/agents';
import { tool as aiTool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type PlanSubmissionInput, Warrant, WarrantRefusal, withWarrant } from '../src/sdk/index.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

let h: Harness;
let sdk: Warrant;
let approver: string;

beforeAll(async () => {
  h = await startHarness();
  sdk = new Warrant({ url: h.url, apiKey: await keyFor(h, 'demo', 'agent', 'framework-bot') });
  approver = await keyFor(h, 'demo', 'approver', 'alice');
});
afterAll(async () => {
  await h?.close();
});

const plan = (step: PlanSubmissionInput['steps'][number]): PlanSubmissionInput => ({
  summary: 'Checkout is saturated',
  intent: 'Look at the metrics, then add replicas.',
  context: { environment: 'prod', namespace: 'shop' },
  steps: [step],
});
const scaleInput = { namespace: 'shop', deployment: 'checkout', replicas: 5 };

/** Unapproved attempts on record for a plan (Warrant's authorize records them). */
async function attempts(planId: string) {
  const { body } = await h.call<{ items: { plan_id: string | null; details: { step_id: string } }[] }>(
    'GET',
    '/v1/exceptions?type=unapproved_attempt',
  );
  return body.items.filter((item) => item.plan_id === planId);
}

describe('withWarrant on a Vercel AI SDK tool', () => {
  it('runs a call only once it is approved, and attaches its result as evidence', async () => {
    const scaled: unknown[] = [];
    const scale = aiTool({
      description: 'Scale a deployment',
      inputSchema: z.object({ namespace: z.string(), deployment: z.string(), replicas: z.number().int() }),
      execute: async (input) => {
        scaled.push(input);
        return { deployment: input.deployment, replicas: input.replicas };
      },
    });
    const submitted = await sdk.submitPlan(
      plan({ step_id: 'scale', action: 'scale', tool: 'k8s.scale', input: scaleInput }),
    );
    const guarded = withWarrant(scale, { planId: submitted.id, tool: 'k8s.scale', warrant: sdk });
    const options = { toolCallId: 'call-1', messages: [] };

    const early = await Promise.resolve(guarded.execute!(scaleInput, options)).catch(
      (error: unknown) => error,
    );
    expect(early).toBeInstanceOf(WarrantRefusal);
    expect((early as WarrantRefusal).answer).toMatchObject({ allowed: false, reason_code: 'not_approved' });
    expect((early as Error).message).toMatch(/^Warrant refused k8s\.scale \(not_approved\): /);
    expect(scaled).toEqual([]);

    expect(
      (
        await h.call('POST', `/v1/plans/${submitted.id}/approvals`, {
          key: approver,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(201);
    expect(await guarded.execute!(scaleInput, options)).toEqual({ deployment: 'checkout', replicas: 5 });
    expect(scaled).toEqual([scaleInput]);
    const evidence = (await sdk.listEvidence(submitted.id)).items;
    expect(evidence).toMatchObject([{ step_id: 'scale', type: 'log', query: 'k8s.scale' }]);

    // Another input than the approved one does not run, and is on record as an unapproved attempt.
    const other = { ...scaleInput, replicas: 50 };
    const refused = await Promise.resolve(guarded.execute!(other, options)).catch((error: unknown) => error);
    expect((refused as WarrantRefusal).answer.reason_code).toBe('input_mismatch');
    expect(scaled).toEqual([scaleInput]);
    expect(await attempts(submitted.id)).toMatchObject([{ details: { step_id: 'scale' } }]);
  });
});

describe('withWarrant on an OpenAI Agents SDK tool', () => {
  it('answers a refusal as the tool output and runs the covered call with evidence', async () => {
    const queries: string[] = [];
    const readMetrics = agentsTool({
      name: 'read_metrics',
      description: 'Run a PromQL query',
      parameters: z.object({ query: z.string() }),
      execute: async ({ query }) => {
        queries.push(query);
        return `${query} = 1`;
      },
    });
    const reads = await sdk.submitPlan(
      plan({ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }),
    );
    expect(reads.status).toBe('approved');
    const guarded = withWarrant(readMetrics, { planId: reads.id, stepId: 'q', warrant: sdk });
    const context = new RunContext();

    expect(await guarded.invoke(context, JSON.stringify({ query: 'up' }))).toBe('up = 1');
    expect((await sdk.listEvidence(reads.id)).items).toMatchObject([
      { step_id: 'q', type: 'log', query: 'read_metrics' },
    ]);

    const refused = await guarded.invoke(context, JSON.stringify({ query: 'rate(errors[5m])' }));
    expect(refused).toMatch(/^Warrant refused read_metrics \(input_mismatch\): /);
    expect(queries).toEqual(['up']);
    expect(guarded).toMatchObject({ type: 'function', name: 'read_metrics' });
  });

  it('refuses a binding that names neither a step nor a catalog tool', () => {
    const noop = aiTool({ description: 'noop', inputSchema: z.object({}), execute: async () => 1 });
    expect(() => withWarrant(noop, { planId: 'p' } as never)).toThrow('needs a stepId or a catalog tool');
  });
});
