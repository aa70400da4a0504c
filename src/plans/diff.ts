/**
 * "What will change": for each step of a plan, the state it acts on read live through its connector and the
 * state after it (a Kubernetes server-side dry run, an Argo CD application's revisions, the simulated cluster's
 * own state), then the rollback in words and what runs if a step fails. Nothing here writes to a system: a
 * connector's `preview` reads, and at most asks for a dry run. Like reading a plan, it is not audited.
 *
 * A step whose state cannot be read says why; the other steps are still answered.
 */
import type { Actor } from '../core/roles.ts';
import type { Redactor } from '../redaction/redact.ts';
import type { PlanStep } from './plan-schema.ts';
import type { PlanService } from './service.ts';

export type StateChange = {
  resource: string;
  field: string;
  before: unknown;
  after: unknown;
};

/** What a connector's `preview` answers (src/connectors/connector.ts ToolPreview, seen from here). */
interface Preview {
  method: 'dry_run' | 'computed' | 'read_only';
  changes: StateChange[];
  notes?: string[];
}

/** The connectors as the diff needs them: the ConnectorRegistry fits. */
export interface Previewers {
  forTool(tool: string): {
    readonly name: string;
    preview?(
      tool: string,
      input: Record<string, unknown>,
      ctx: { idempotencyKey: string; signal: AbortSignal; heartbeat(): void },
    ): Promise<Preview>;
  };
}

export type StepDiff = {
  step_id: string;
  tool: string;
  action: string;
  /** `previewed`: changes and notes were read live; `unavailable`: `reason` says why not. */
  status: 'previewed' | 'unavailable';
  connector: string | null;
  method: Preview['method'] | null;
  changes: StateChange[];
  notes: string[];
  reason: string | null;
  /** How this step is undone if a later one fails. */
  rollback: string;
};

export type PlanDiff = {
  plan_id: string;
  revision: number;
  content_hash: string;
  steps: StepDiff[];
  summary: string[];
  rollback: string;
  on_failure: string;
};

const PREVIEW_TIMEOUT_MS = 10_000;

export class PlanDiffService {
  readonly #plans: Pick<PlanService, 'get'>;
  readonly #connectors: Previewers;
  readonly #redactor: Pick<Redactor, 'value'>;

  constructor(deps: {
    plans: Pick<PlanService, 'get'>;
    connectors: Previewers;
    redactor: Pick<Redactor, 'value'>;
  }) {
    this.#plans = deps.plans;
    this.#connectors = deps.connectors;
    this.#redactor = deps.redactor;
  }

  /** The plan's diff, read now. Another tenant's plan is not found (PlanService.get). */
  async diff(actor: Actor, id: string): Promise<PlanDiff> {
    const plan = await this.#plans.get(actor, id);
    const steps = await Promise.all(
      plan.steps.map((step) => this.#step(plan.id, plan.revision, step as PlanStep)),
    );
    return this.#redactor.value(explain(plan.id, plan.revision, plan.content_hash, plan.steps, steps));
  }

  async #step(planId: string, revision: number, step: PlanStep): Promise<Omit<StepDiff, 'rollback'>> {
    const base = { step_id: step.step_id, tool: step.tool, action: step.action };
    const unavailable = (connector: string | null, reason: string) => ({
      ...base,
      status: 'unavailable' as const,
      connector,
      method: null,
      changes: [],
      notes: [],
      reason,
    });
    let connector: ReturnType<Previewers['forTool']>;
    try {
      connector = this.#connectors.forTool(step.tool);
    } catch (error) {
      return unavailable(null, (error as Error).message);
    }
    if (!connector.preview)
      return unavailable(connector.name, `the ${connector.name} connector cannot read ${step.tool}'s state`);
    try {
      const preview = await connector.preview(step.tool, step.input, {
        idempotencyKey: `preview:${planId}:${revision}:${step.step_id}`,
        signal: AbortSignal.timeout(PREVIEW_TIMEOUT_MS),
        heartbeat() {},
      });
      return {
        ...base,
        status: 'previewed',
        connector: connector.name,
        method: preview.method,
        changes: preview.changes,
        notes: preview.notes ?? [],
        reason: null,
      };
    } catch (error) {
      return unavailable(connector.name, `the state could not be read: ${(error as Error).message}`);
    }
  }
}

/** Puts the words around the previews: each step's line, its rollback, and what a failure at each step runs. */
export function explain(
  planId: string,
  revision: number,
  contentHash: string,
  planSteps: readonly Pick<PlanStep, 'step_id' | 'tool' | 'rollback'>[],
  previews: readonly Omit<StepDiff, 'rollback'>[],
): PlanDiff {
  const steps: StepDiff[] = previews.map((preview, i) => ({
    ...preview,
    rollback: rollbackText(planSteps[i]!, preview.changes),
  }));
  const summary = steps.map((step) => `${step.step_id}: ${stepLine(step)}`);
  const undoable = steps.filter((_, i) => planSteps[i]!.rollback);
  const rollback =
    undoable.length === 0
      ? 'No step declares a rollback: nothing is undone if the run fails.'
      : `Undone in reverse order of completion: ${[...undoable]
          .reverse()
          .map((step) => `${step.step_id} — ${step.rollback}`)
          .join('; ')}.`;
  const on_failure = steps
    .map((step, i) => `If ${step.step_id} fails: ${failureText(planSteps.slice(0, i), steps.slice(0, i))}`)
    .join(' ');
  return { plan_id: planId, revision, content_hash: contentHash, steps, summary, rollback, on_failure };
}

const shown = (value: unknown) =>
  value === null || value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);

/** `deployment/shop/checkout replicas 2 → 6`. */
export const changeLine = (change: StateChange) =>
  `${change.resource} ${change.field} ${shown(change.before)} → ${shown(change.after)}`;

function stepLine(step: StepDiff): string {
  if (step.status === 'unavailable') return `cannot say what changes (${step.reason})`;
  const parts = step.changes.map(changeLine);
  if (parts.length === 0)
    parts.push(step.method === 'read_only' ? 'changes nothing' : 'no change to the state read');
  return [...parts, ...step.notes].join('; ');
}

export function rollbackText(
  step: Pick<PlanStep, 'tool' | 'rollback'>,
  changes: readonly StateChange[],
): string {
  const rollback = step.rollback;
  if (!rollback) return 'not undone: the plan declares no rollback for it';
  switch (rollback.type) {
    case 'scale': {
      const replicas = changes.find((c) => c.field === 'replicas')?.before;
      return replicas === undefined
        ? 'scaled back to its previous replica count'
        : `scaled back to ${shown(replicas)} replicas`;
    }
    case 'argo': {
      if (step.tool === 'argocd.set_helm_values') return 'its previous Helm parameters are put back';
      const revision = changes.find((c) => c.field === 'revision')?.before;
      return revision === undefined
        ? 'Argo CD rolls the application back to the history entry before the sync'
        : `Argo CD rolls the application back to the history entry before the sync (revision ${shown(revision)})`;
    }
    case 'undo':
      return `undone by its connector (${step.tool}'s own undo)`;
    case 'custom':
      return rollback.steps.length === 0
        ? 'nothing to undo (declared)'
        : `runs ${rollback.steps.join(', then ')}`;
  }
}

function failureText(before: readonly Pick<PlanStep, 'rollback'>[], done: readonly StepDiff[]): string {
  if (done.length === 0) return 'nothing has run before it; the run ends failed.';
  const undone = done.filter((_, i) => before[i]!.rollback).reverse();
  const kept = done.filter((_, i) => !before[i]!.rollback);
  const undo =
    undone.length === 0
      ? 'nothing is undone'
      : `${undone.map((step) => `${step.step_id} is undone (${step.rollback})`).join(', then ')}`;
  return kept.length === 0
    ? `${undo}; the run ends rolled_back.`
    : `${undo}; ${kept.map((s) => s.step_id).join(', ')} cannot be undone, so the run ends failed.`;
}
