import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMPTY_GRAPH, indexGraph } from './context-graph.ts';
import { PolicyEngine } from './engine.ts';
import { type PolicyTestEnv, policyTestFileSchema, runPolicyTests } from './policy-test.ts';
import { ToolCatalog } from './tool-catalog.ts';

const read = (name: string) => readFileSync(new URL(`../../policies/${name}`, import.meta.url), 'utf8');

function env(): PolicyTestEnv {
  const decider = new PolicyEngine();
  decider.load('default', read('default.cedar'));
  return { decider, policyVersion: 'default', catalog: new ToolCatalog(), graph: indexGraph(EMPTY_GRAPH) };
}

describe('policy tests', () => {
  it('the default set passes its example file', async () => {
    const cases = policyTestFileSchema.parse(JSON.parse(read('default.tests.json')));
    const report = await runPolicyTests(cases, env());
    expect(report.results.filter((r) => !r.pass)).toEqual([]);
    expect(report.passed).toBe(cases.length);
  });

  it('reports a case that gets another decision, and one with a bad input', async () => {
    const step = {
      tool: 'k8s.scale',
      input: { namespace: 'a', deployment: 'b', replicas: 1 },
      environment: 'prod' as const,
    };
    const report = await runPolicyTests(
      [
        { name: 'wrong quorum', step, expect: { effect: 'require_approval', quorum: 2 } },
        { name: 'bad input', step: { ...step, input: { namespace: 'a' } }, expect: { effect: 'deny' } },
      ],
      env(),
    );
    expect(report).toMatchObject({ passed: 0, failed: 2 });
    expect(report.results[0]?.actual).toEqual({ effect: 'require_approval', quorum: 1, tier: 'medium' });
    expect(report.results[1]?.reasons[0]).toMatch(/^invalid input at deployment/);
  });
});
