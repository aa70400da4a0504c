/**
 * `warrant policy test`: example requests with the decisions they should get, run against a policy set
 * through the same assessment a submitted plan goes through.
 */
import { z } from 'zod';
import { assessSteps } from './assess.ts';
import type { IndexedGraph } from './context-graph.ts';
import type { DecisionActor, DecisionEffect, PolicyDecider } from './decision.ts';
import type { ToolCatalog } from './tool-catalog.ts';

const actorSchema = z.strictObject({
  id: z.string().default('policy-test'),
  type: z.enum(['user', 'service', 'agent']).default('agent'),
  roles: z.array(z.string()).default([]),
});

export const policyTestCaseSchema = z.strictObject({
  name: z.string().min(1),
  step: z.strictObject({
    tool: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
    environment: z.enum(['dev', 'stage', 'prod']),
    namespace: z.string().optional(),
    cluster_id: z.string().optional(),
  }),
  actor: actorSchema.optional(),
  expect: z.strictObject({
    effect: z.enum(['allow', 'deny', 'require_approval']),
    quorum: z.int().min(1).optional(),
    tier: z.enum(['medium', 'high']).optional(),
  }),
});

export const policyTestFileSchema = z.array(policyTestCaseSchema);
export type PolicyTestCase = z.infer<typeof policyTestCaseSchema>;

export interface PolicyTestResult {
  name: string;
  pass: boolean;
  expected: PolicyTestCase['expect'];
  actual: { effect: DecisionEffect; quorum?: number; tier?: string };
  reasons: string[];
}

export interface PolicyTestReport {
  passed: number;
  failed: number;
  results: PolicyTestResult[];
}

export interface PolicyTestEnv {
  decider: PolicyDecider;
  policyVersion: string;
  catalog: ToolCatalog;
  graph: IndexedGraph;
}

const DEFAULT_ACTOR: DecisionActor = actorSchema.parse({});

async function runCase(test: PolicyTestCase, env: PolicyTestEnv): Promise<PolicyTestResult> {
  const { tool, input, environment, namespace, cluster_id } = test.step;
  const context = { environment, ...(namespace ? { namespace } : {}), ...(cluster_id ? { cluster_id } : {}) };
  // A case states its environment: a resource the graph does not place is taken to be there.
  const assessed = assessSteps(
    context,
    [{ step_id: 'step', tool, input }],
    env.catalog,
    env.graph,
    environment,
  );
  if (!assessed.ok) {
    const reasons = assessed.issues.map((i) => `invalid input at ${i.path}: ${i.message}`);
    return { name: test.name, pass: false, expected: test.expect, actual: { effect: 'deny' }, reasons };
  }
  const decision = await env.decider.decidePlan({
    policy_version: env.policyVersion,
    actor: test.actor ?? DEFAULT_ACTOR,
    plan_id: `test:${test.name}`,
    steps: assessed.steps.map((s) => s.facts),
  });
  const actual = {
    effect: decision.effect,
    ...(decision.requirement ? { quorum: decision.requirement.quorum, tier: decision.requirement.tier } : {}),
  };
  const { expect } = test;
  const pass =
    expect.effect === actual.effect &&
    (expect.quorum === undefined || expect.quorum === actual.quorum) &&
    (expect.tier === undefined || expect.tier === actual.tier);
  return { name: test.name, pass, expected: expect, actual, reasons: decision.reasons };
}

export async function runPolicyTests(
  cases: readonly PolicyTestCase[],
  env: PolicyTestEnv,
): Promise<PolicyTestReport> {
  const results: PolicyTestResult[] = [];
  for (const test of cases) results.push(await runCase(test, env));
  const passed = results.filter((r) => r.pass).length;
  return { passed, failed: results.length - passed, results };
}
