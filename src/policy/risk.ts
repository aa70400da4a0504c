/**
 * Risk scoring. Each rule adds a one-line reason a person can read.
 *
 * 1. A read-only step is `read`.
 * 2. A write outside prod is `low`; a write in prod is `medium`.
 * 3. A destructive step is `high`, in any environment.
 * 4. A write that touches several services, or whose blast radius is a whole cluster or account, rises one
 *    level (low → medium → high).
 * 5. Scaling a deployment to 0 replicas in prod is `high` (it is an outage by another name).
 *
 * A plan is as risky as its riskiest step; its reasons are the steps' reasons, its blast radius their union.
 */

import { type BlastRadius, type Environment, mergeBlastRadius } from './context-graph.ts';
import type { ResourceRef, ToolEffect } from './tool-catalog.ts';

export type RiskLevel = 'read' | 'low' | 'medium' | 'high';

// A type alias, not an interface: API response schemas (loose objects) accept it as a JSON record.
export type RiskScore = {
  level: RiskLevel;
  reasons: string[];
  blast_radius: BlastRadius;
};

export interface StepRiskInput {
  tool: string;
  effect: ToolEffect;
  input: Record<string, unknown>;
  environment: Environment;
  resources: readonly ResourceRef[];
  blast_radius: BlastRadius;
  /** The tool reaches beyond its own system: said in the reasons, for the approver and the policy author. */
  open_world?: boolean;
}

const LEVELS: readonly RiskLevel[] = ['read', 'low', 'medium', 'high'];

export function riskRank(level: RiskLevel): number {
  return LEVELS.indexOf(level);
}

export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return riskRank(a) >= riskRank(b) ? a : b;
}

function raise(level: RiskLevel): RiskLevel {
  return LEVELS[Math.min(riskRank(level) + 1, LEVELS.length - 1)]!;
}

function describeTargets(resources: readonly ResourceRef[]): string {
  if (resources.length === 0) return '';
  return ` ${resources.map((r) => `${r.kind.replace(/_/g, ' ')} ${r.name}`).join(', ')}`;
}

export function scoreStep(step: StepRiskInput): RiskScore {
  const scored = scoreByEffect(step);
  if (!step.open_world) return scored;
  return {
    ...scored,
    reasons: [...scored.reasons, `${step.tool} reaches systems beyond its own (open world)`],
  };
}

function scoreByEffect(step: StepRiskInput): RiskScore {
  const { tool, effect, environment, blast_radius } = step;
  const targets = describeTargets(step.resources);
  if (effect === 'read') {
    return { level: 'read', reasons: [`${tool} only reads`], blast_radius };
  }
  if (effect === 'destructive') {
    return {
      level: 'high',
      reasons: [`${tool} is destructive:${targets || ' no named target'} in ${environment}`],
      blast_radius,
    };
  }
  let level: RiskLevel = environment === 'prod' ? 'medium' : 'low';
  const reasons = [`${tool} writes to${targets || ' an unnamed target'} in ${environment}`];
  if (blast_radius.services.length > 1) {
    level = raise(level);
    reasons.push(`it touches ${blast_radius.services.length} services: ${blast_radius.services.join(', ')}`);
  } else if (blast_radius.scope !== 'namespace') {
    level = raise(level);
    reasons.push(`its blast radius is the whole ${blast_radius.scope}`);
  }
  if (tool === 'k8s.scale' && step.input['replicas'] === 0 && environment === 'prod') {
    level = 'high';
    reasons.push(`it scales${targets} to 0 replicas in prod`);
  }
  return { level, reasons, blast_radius };
}

export function scorePlan(steps: readonly { step_id: string; risk: RiskScore }[]): RiskScore {
  return {
    level: steps.reduce<RiskLevel>((level, s) => maxRisk(level, s.risk.level), 'read'),
    reasons: steps.flatMap((s) => s.risk.reasons.map((reason) => `${s.step_id}: ${reason}`)),
    blast_radius: mergeBlastRadius(steps.map((s) => s.risk.blast_radius)),
  };
}
