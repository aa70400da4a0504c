import { errorFields, type Logger } from '../core/logger.ts';
import type { PlanView } from './service.ts';

/**
 * What happened in a plan's life, told after it committed: metrics, traces and chat notices hang on
 * these. Services take one optional `events`; hearing them must never change the outcome.
 */
export interface PlanDecided {
  tenant_id: string;
  plan: PlanView;
  revised: boolean;
  started: Date;
  at: Date;
}

export interface VoteCast {
  tenant_id: string;
  plan_id: string;
  decision: string;
  source: string;
  /** The plan's status after the vote. */
  status: string;
  requested_at: string | undefined;
  at: Date;
}

export interface StepFinished {
  tenant_id: string;
  plan_id: string;
  run_id: string;
  step_id: string;
  tool: string;
  phase: string;
  status: string;
  started_at: Date;
  at: Date;
}

export interface RunFinished {
  tenant_id: string;
  plan_id: string;
  run_id: string;
  status: string;
  started_at: Date;
  at: Date;
}

export interface PlanCancelled {
  tenant_id: string;
  plan_id: string;
  at: Date;
}

export interface PlanEvents {
  decided?(event: PlanDecided): void;
  cancelled?(event: PlanCancelled): void;
  voted?(event: VoteCast): void;
  stepFinished?(event: StepFinished): void;
  runFinished?(event: RunFinished): void;
}

/** One listener that tells them all; a listener that throws is logged and the others still hear. */
export function fanOut(logger: Logger, listeners: readonly PlanEvents[]): Required<PlanEvents> {
  const tell =
    <K extends keyof PlanEvents>(name: K) =>
    (event: Parameters<Required<PlanEvents>[K]>[0]) => {
      for (const listener of listeners) {
        try {
          (listener[name] as ((e: typeof event) => void) | undefined)?.(event);
        } catch (error) {
          logger.warn({ ...errorFields(error), message: `plan event listener failed (${name})` });
        }
      }
    };
  return {
    decided: tell('decided'),
    cancelled: tell('cancelled'),
    voted: tell('voted'),
    stepFinished: tell('stepFinished'),
    runFinished: tell('runFinished'),
  };
}
