/**
 * Policy decisions and the seam every policy engine implements (Cedar in process, OPA over HTTP).
 * Combining is engine-independent: any deny denies; any approval requirement wins over allow, and several
 * requirements merge into the strictest one.
 */

import type { BlastScope, Environment } from './context-graph.ts';
import type { EnvironmentDecision } from './environment.ts';
import type { RiskLevel } from './risk.ts';
import type { ToolEffect } from './tool-catalog.ts';

export type DecisionEffect = 'allow' | 'deny' | 'require_approval';
export type ApprovalTier = 'medium' | 'high';

export interface ApprovalRequirement {
  tier: ApprovalTier;
  approvers: string[];
  quorum: number;
  ttl_hours: number;
}

export interface DecisionActor {
  id: string;
  type: 'user' | 'service' | 'agent';
  roles: readonly string[];
}

/** What an engine needs to know about one step; the risk engine and the catalog have filled it in. */
export interface StepFacts {
  step_id: string;
  tool: string;
  effect: ToolEffect;
  environment: Environment;
  namespace?: string;
  cluster?: string;
  risk: RiskLevel;
  blast_scope: BlastScope;
  services: readonly string[];
  teams: readonly string[];
}

export interface StepDecisionInput {
  policy_version: string;
  actor: DecisionActor;
  plan_id: string;
  step: StepFacts;
}

export interface PlanDecisionInput {
  policy_version: string;
  actor: DecisionActor;
  plan_id: string;
  steps: readonly StepFacts[];
}

export interface StepDecision {
  step_id: string;
  effect: DecisionEffect;
  requirement?: ApprovalRequirement;
  policy_ids: string[];
  reasons: string[];
  /** The environment the step was decided in; set by assessment, not by engines. */
  environment?: EnvironmentDecision;
}

// A type, not an interface, so it fits the API answers' open object schemas.
export type PlanDecision = {
  effect: DecisionEffect;
  requirement?: ApprovalRequirement;
  policy_version: string;
  policy_ids: string[];
  reasons: string[];
  steps: StepDecision[];
  /** The environment the plan was decided in (its strictest step's), set by assessment, not by engines. */
  environment?: EnvironmentDecision;
  /** The context graph it was decided against (context-sources.ts), set by assessment, not by engines. */
  context_graph?: GraphRef;
};

/**
 * Which context graph a decision used: the hash of the whole graph, and the newest snapshot of its refreshes from
 * live sources (null before the first). Equal hashes mean the graph is what that refresh left; different ones,
 * that people changed it since.
 */
export type GraphRef = { hash: string; snapshot_id: string | null; snapshot_hash: string | null };

export type Awaitable<T> = T | Promise<T>;

export interface PolicyDecider {
  decideStep(input: StepDecisionInput): Awaitable<StepDecision>;
  decidePlan(input: PlanDecisionInput): Awaitable<PlanDecision>;
}

const TIERS: readonly ApprovalTier[] = ['medium', 'high'];

/** The strictest of several requirements: highest tier and quorum, shortest TTL, every named role. */
export function strictest(requirements: readonly ApprovalRequirement[]): ApprovalRequirement | undefined {
  if (requirements.length === 0) return undefined;
  return {
    tier: requirements.some((r) => r.tier === 'high') ? 'high' : 'medium',
    approvers: [...new Set(requirements.flatMap((r) => r.approvers))].sort(),
    quorum: Math.max(...requirements.map((r) => r.quorum)),
    ttl_hours: Math.min(...requirements.map((r) => r.ttl_hours)),
  };
}

export function isTier(value: string): value is ApprovalTier {
  return (TIERS as readonly string[]).includes(value);
}

export function combineSteps(policyVersion: string, steps: StepDecision[]): PlanDecision {
  const effect: DecisionEffect = steps.some((s) => s.effect === 'deny')
    ? 'deny'
    : steps.some((s) => s.effect === 'require_approval')
      ? 'require_approval'
      : 'allow';
  // An empty plan does nothing, and nothing needs no warrant; but say so rather than allow silently.
  if (steps.length === 0) {
    return {
      effect: 'deny',
      policy_version: policyVersion,
      policy_ids: [],
      reasons: ['the plan has no steps'],
      steps,
    };
  }
  const requirement =
    effect === 'require_approval'
      ? strictest(steps.flatMap((s) => (s.requirement ? [s.requirement] : [])))
      : undefined;
  const relevant = steps.filter((s) => s.effect === effect);
  return {
    effect,
    ...(requirement ? { requirement } : {}),
    policy_version: policyVersion,
    policy_ids: [...new Set(steps.flatMap((s) => s.policy_ids))].sort(),
    reasons: relevant.flatMap((s) => s.reasons.map((reason) => `${s.step_id}: ${reason}`)),
    steps,
  };
}
