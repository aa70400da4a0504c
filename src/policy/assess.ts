/**
 * Assessment, end to end and still pure: check each step's input against the catalog, find what it touches
 * in the context graph, score its risk, and hand the facts to a policy engine.
 */
import type { ToolCatalog } from '../plans/tool-catalog.ts';
import { blastRadius, type IndexedGraph, type PlanContext } from './context-graph.ts';
import type { StepFacts } from './decision.ts';
import { type RiskScore, scorePlan, scoreStep } from './risk.ts';

export interface StepToAssess {
  step_id: string;
  tool: string;
  input: unknown;
}

export interface AssessedStep {
  step_id: string;
  risk: RiskScore;
  facts: StepFacts;
}

export interface StepIssue {
  step_id: string;
  path: string;
  message: string;
}

export type Assessment =
  | { ok: true; risk: RiskScore; steps: AssessedStep[] }
  | { ok: false; issues: StepIssue[] };

export function assessSteps(
  context: PlanContext,
  steps: readonly StepToAssess[],
  catalog: ToolCatalog,
  graph: IndexedGraph,
): Assessment {
  const assessed: AssessedStep[] = [];
  const issues: StepIssue[] = [];
  for (const step of steps) {
    const checked = catalog.validateStep(step.tool, step.input);
    if (!checked.ok) {
      issues.push(...checked.issues.map((issue) => ({ step_id: step.step_id, ...issue })));
      continue;
    }
    const radius = blastRadius(checked.resources, context, graph);
    const risk = scoreStep({
      tool: step.tool,
      effect: checked.effect,
      input: checked.input,
      environment: context.environment,
      resources: checked.resources,
      blast_radius: radius,
    });
    const namespace = radius.namespaces.length === 1 ? radius.namespaces[0] : context.namespace;
    const cluster = radius.clusters.length === 1 ? radius.clusters[0] : context.cluster_id;
    assessed.push({
      step_id: step.step_id,
      risk,
      facts: {
        step_id: step.step_id,
        tool: step.tool,
        effect: checked.effect,
        environment: context.environment,
        ...(namespace ? { namespace } : {}),
        ...(cluster ? { cluster } : {}),
        risk: risk.level,
        blast_scope: radius.scope,
        services: radius.services,
        teams: radius.teams,
      },
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, risk: scorePlan(assessed), steps: assessed };
}
