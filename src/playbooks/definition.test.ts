import { describe, expect, it } from 'vitest';
import { Problem } from '../core/problem.ts';
import { builtinPlaybooks } from './builtin.ts';
import { definitionIssues, instantiate, PlaybookBodySchema } from './definition.ts';

const scale = () => builtinPlaybooks().find((p) => p.name === 'scale-service')!;
const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof Problem) return { code: error.code, message: error.message };
  }
  throw new Error('expected a problem');
};

describe('playbook definitions', () => {
  it('ships the five standard workflows, each one valid', () => {
    expect(builtinPlaybooks().map((p) => p.name)).toEqual([
      'gitops-deploy',
      'helm-release',
      'incident-remediation',
      'scale-service',
      'secret-rotation',
    ]);
  });

  it('instantiates a plan with typed values and its provenance', () => {
    const plan = instantiate(scale(), { params: { namespace: 'shop', deployment: 'web', replicas: 4 } });
    expect(plan.steps[0]!.input).toEqual({ namespace: 'shop', deployment: 'web', replicas: 4 });
    expect(plan.steps[0]!.preconditions).toEqual(['k8s: deployment/shop/web ready']);
    expect(plan.context).toEqual({ environment: 'stage', namespace: 'shop' });
    expect(plan.playbook).toEqual({
      name: 'scale-service',
      version: 1,
      params: {
        namespace: 'shop',
        deployment: 'web',
        replicas: 4,
        environment: 'stage',
        timeout_seconds: 300,
      },
    });
  });

  it('refuses bad parameters with a 400 that names them', () => {
    expect(
      problemOf(() =>
        instantiate(scale(), { params: { namespace: 'shop', deployment: 'web', replicas: 99 } }),
      ),
    ).toEqual({
      code: 'invalid_parameters',
      message: 'parameter "replicas" must be <= 50, got 99',
    });
  });

  it('refuses a definition whose placeholders name no parameter, or that renders no valid plan', () => {
    const body = PlaybookBodySchema.parse({
      description: 'd',
      summary: 's {{ params.nope }}',
      intent: 'i',
      context: { environment: 'qa' },
      steps: [{ step_id: 'a', action: 'a', tool: 't', input: {} }],
    });
    expect(definitionIssues(body)).toEqual(['placeholder {{ params.nope }} names no declared parameter']);
    expect(definitionIssues({ ...body, summary: 's' })[0]).toMatch(/^rendered plan: context.environment/);
  });
});
