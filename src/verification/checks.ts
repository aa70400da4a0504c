import type { ErrorBudget } from '../ops/slo.ts';
import type { ApprovalState } from '../plans/approvals/machine.ts';
import type { ChangeWindow, EvidenceRequirement, RollbackSpec } from '../plans/plan-schema.ts';
import type { ToolEffect } from '../policy/tool-catalog.ts';
import type { CheckResult, Flow } from './report.ts';

/** Everything a check may look at, read from the database beforehand: checks themselves do no I/O. */
export interface VerificationSubject {
  flow: Flow;
  now: Date;
  /** The moment the warrant has to hold: now before a run, the run's start after it. */
  warrant_at: Date;
  tenant_id: string;
  plan: {
    id: string;
    status: string;
    content_hash: string;
    effect: 'allow' | 'deny' | 'require_approval';
    approval: ApprovalState | null;
    change_window?: ChangeWindow;
    steps: {
      step_id: string;
      tool: string;
      effect: ToolEffect;
      rollback?: RollbackSpec;
      evidence_required: EvidenceRequirement[];
    }[];
  };
  run?: {
    id: string;
    status: string;
    break_glass_exception_id: string | null;
    steps: { step_id: string; status: string }[];
  };
  /** Break glass covers (or will cover) the run: approvals are then reviewed after, not required. */
  break_glass: boolean;
  /** Evidence of the run and evidence agents attached to the plan's steps: references and hashes. */
  evidence: { step_id: string; type: string; query: string; result_ref: string; sha256: string }[];
  /** Warrant's error budget (burn rate 1 = burning exactly the budget); undefined while no SLO data exists. */
  slo?: Pick<
    ErrorBudget,
    | 'status'
    | 'burn_rate'
    | 'uptime_budget_consumed_pct'
    | 'latency_budget_consumed_pct'
    | 'error_rate_budget_consumed_pct'
  >;
  settings: { slo_burn_threshold: number };
}

export type CheckOutcome = Omit<CheckResult, 'key' | 'title'>;

/** A pluggable check: register one with a CheckRegistry to have it in every report of its flows. */
export interface VerificationCheck {
  readonly key: string;
  readonly title: string;
  readonly flows: readonly Flow[];
  evaluate(subject: VerificationSubject): CheckOutcome;
}

export class CheckRegistry {
  readonly #checks = new Map<string, VerificationCheck>();

  constructor(checks: readonly VerificationCheck[] = []) {
    for (const check of checks) this.register(check);
  }

  register(check: VerificationCheck): void {
    if (this.#checks.has(check.key)) throw new RangeError(`check ${check.key} is already registered`);
    this.#checks.set(check.key, check);
  }

  /** The results of every check of the subject's flow, in registration order. */
  run(subject: VerificationSubject): CheckResult[] {
    return [...this.#checks.values()]
      .filter((check) => check.flows.includes(subject.flow))
      .map((check) => ({ key: check.key, title: check.title, ...check.evaluate(subject) }));
  }
}
