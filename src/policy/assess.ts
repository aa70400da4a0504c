/**
 * Assessment, end to end and still pure: check each step's input against the catalog, find what it touches
 * in the context graph (and so the environment it is decided in), score its risk, and hand the facts to a
 * policy engine.
 */

import { blastRadius, type Environment, type IndexedGraph, type PlanContext } from './context-graph.ts';
import type { GraphRef, PlanDecision, StepFacts } from './decision.ts';
import { type EnvironmentDecision, placeStep, planEnvironment } from './environment.ts';
import { type RiskScore, scorePlan, scoreStep } from './risk.ts';
import type { ToolCatalog } from './tool-catalog.ts';

export interface StepToAssess {
  step_id: string;
  tool: string;
  input: unknown;
}

// A type, not an interface, so it fits the blast-radius answer's open object schema.
export type AssessedStep = {
  step_id: string;
  risk: RiskScore;
  facts: StepFacts;
  environment: EnvironmentDecision;
  /** The catalog version of the step's tool it was assessed against: a new version re-decides the plan. */
  tool_version: string;
};

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
  /** The environment of a resource the graph does not place. */
  unmapped: Environment,
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
    const place = placeStep(checked.resources, context, graph, unmapped);
    const environment = place.environment.value;
    const scored = scoreStep({
      tool: step.tool,
      effect: checked.effect,
      input: checked.input,
      environment,
      resources: checked.resources,
      blast_radius: radius,
      open_world: catalog.get(step.tool)?.openWorld ?? false,
    });
    const risk = place.reason ? { ...scored, reasons: [place.reason, ...scored.reasons] } : scored;
    const { namespace, cluster } = place;
    assessed.push({
      step_id: step.step_id,
      risk,
      environment: place.environment,
      tool_version: catalog.versionOf(step.tool)!,
      facts: {
        step_id: step.step_id,
        tool: step.tool,
        effect: checked.effect,
        environment,
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

/** The decision, saying which environment each step, and so the plan, was decided in and why. */
export function withEnvironments(
  decision: PlanDecision,
  steps: readonly AssessedStep[],
  graph?: GraphRef,
): PlanDecision {
  const environment = planEnvironment(steps.map((step) => step.environment));
  return {
    ...decision,
    ...(environment ? { environment } : {}),
    ...(graph ? { context_graph: graph } : {}),
    steps: decision.steps.map((step) => {
      const assessed = steps.find((s) => s.step_id === step.step_id);
      return assessed ? { ...step, environment: assessed.environment } : step;
    }),
  };
}
