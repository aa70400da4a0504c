/**
 * `withWarrant(tool, binding)`: a tool of an agent framework that runs only when a warrant covers the call.
 * Every call is put to Warrant first (POST /v1/authorize) against a step of the bound plan; a covered call
 * runs and its result is attached to that step as evidence (redacted and hashed by the server); any other
 * call does not run, and the agent hears why.
 *
 * It wraps the two frameworks' tool objects without importing them (they stay optional for SDK users):
 * - Vercel AI SDK, `tool({ description, inputSchema, execute })` from `ai`: `execute(input, options)` is
 *   wrapped; a refusal throws WarrantRefusal, which the AI SDK hands to the model as the tool's error.
 * - OpenAI Agents SDK, `tool({ name, parameters, execute })` from `@openai/agents`: the FunctionTool's
 *   `invoke(runContext, input: JSON text, details)` is wrapped; a refusal is returned as the tool's output
 *   text (as the SDK does for a tool's own errors), so the run goes on and the model can react.
 *
 * Which step covers a call: `stepId` when given; else the step of the plan for catalog tool `tool` whose
 * input is the call's, else that tool's first step (authorize then names the mismatch). A binding names at
 * least one of the two, so a call is never matched to another tool's step by its input alone.
 */
import canonicalize from 'canonicalize';
import { type AuthorizeAnswer, type PlanView, Warrant, WarrantError } from './index.ts';

export type WarrantBinding = {
  planId: string;
  /** Default: a client from WARRANT_URL and WARRANT_API_KEY. */
  warrant?: Warrant;
  /** Hears what could not be done after the call ran (evidence not attached). Default: process warning. */
  warn?: (message: string) => void;
} & ({ stepId: string; tool?: string } | { stepId?: string; tool: string });

/** A call Warrant does not cover: it did not run. */
export class WarrantRefusal extends Error {
  readonly answer: AuthorizeAnswer;
  constructor(name: string, answer: AuthorizeAnswer) {
    super(
      `Warrant refused ${name} (${answer.reason_code}): ${answer.reason}. The call did not run; ` +
        `plan ${answer.plan_id}, step ${answer.step_id}.`,
    );
    this.name = 'WarrantRefusal';
    this.answer = answer;
  }
}

type Step = PlanView['steps'][number];

/** Authorizes one call, runs it when covered, attaches its result as evidence. */
class Guard {
  readonly #warrant: Warrant;
  readonly #binding: WarrantBinding;
  #steps?: Promise<Step[]>;

  constructor(binding: WarrantBinding) {
    if (!binding.stepId && !binding.tool) throw new TypeError('withWarrant needs a stepId or a catalog tool');
    this.#binding = binding;
    this.#warrant = binding.warrant ?? new Warrant();
  }

  async #step(input: Record<string, unknown>): Promise<{ step_id: string; tool: string }> {
    const { planId, stepId, tool } = this.#binding;
    this.#steps ??= this.#warrant.getPlan(planId).then((plan) => plan.steps);
    const steps = await this.#steps.catch((error: unknown) => {
      this.#steps = undefined;
      throw error;
    });
    if (stepId) {
      const step = steps.find((s) => s.step_id === stepId);
      // An unknown step is authorize's to refuse (and record), not ours.
      return { step_id: stepId, tool: tool ?? step?.tool ?? 'unknown' };
    }
    // Equal JSON values have equal canonical forms (RFC 8785), whatever their key order.
    const wanted = canonicalize(input);
    const candidates = steps.filter((s) => s.tool === tool);
    const step = candidates.find((s) => canonicalize(s.input) === wanted) ?? candidates[0];
    return { step_id: step?.step_id ?? 'none', tool: tool! };
  }

  /** The verdict for this call; a refusal forgets the plan's steps (it may have been revised). */
  async authorize(input: Record<string, unknown>): Promise<AuthorizeAnswer> {
    const target = await this.#step(input);
    const answer = await this.#warrant.authorize({ plan_id: this.#binding.planId, ...target, input });
    if (!answer.allowed) this.#steps = undefined;
    return answer;
  }

  async attach(name: string, answer: AuthorizeAnswer, result: unknown): Promise<void> {
    try {
      await this.#warrant.attachEvidence(answer.plan_id, {
        step_id: answer.step_id,
        type: 'log',
        query: name,
        result: result === undefined ? null : result,
      });
    } catch (error) {
      if (!(error instanceof WarrantError)) throw error;
      const message = `evidence for ${name} was not attached: ${error.message}`;
      (this.#binding.warn ?? ((m: string) => process.emitWarning(m, 'WarrantEvidence')))(message);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape of an AI SDK tool that runs on the caller's side. */
interface ExecutableTool {
  execute?: (input: never, options: never) => unknown;
}
/** The shape of an OpenAI Agents SDK function tool. */
interface InvokableTool {
  type: 'function';
  name: string;
  invoke: (runContext: never, input: string, details?: never) => Promise<unknown>;
}

function wrapInvoke<T extends InvokableTool>(tool: T, guard: Guard): T {
  const invoke = async (runContext: never, input: string, details?: never) => {
    let args: unknown;
    try {
      args = JSON.parse(input);
    } catch {
      args = undefined;
    }
    // Input that is not a JSON object cannot match a step: the tool's own parser says what is wrong with it.
    if (!isRecord(args)) return tool.invoke(runContext, input, details);
    const answer = await guard.authorize(args);
    if (!answer.allowed) return new WarrantRefusal(tool.name, answer).message;
    const result = await tool.invoke(runContext, input, details);
    await guard.attach(tool.name, answer, result);
    return result;
  };
  return { ...tool, invoke };
}

function wrapExecute<T extends ExecutableTool>(tool: T, guard: Guard, name: string): T {
  const execute = tool.execute;
  if (!execute) throw new TypeError('withWarrant: this tool has no execute function to guard');
  const guarded = async (input: never, options: never) => {
    const answer = await guard.authorize(isRecord(input) ? input : { input });
    if (!answer.allowed) throw new WarrantRefusal(name, answer);
    const result = await execute(input, options);
    await guard.attach(name, answer, result);
    return result;
  };
  return { ...tool, execute: guarded };
}

/**
 * The tool, guarded: each call is authorized against the bound plan and runs only when covered; its result
 * becomes evidence of the covering step. Works on `tool()` objects of `ai` and of `@openai/agents`.
 */
export function withWarrant<T extends ExecutableTool | InvokableTool>(tool: T, binding: WarrantBinding): T {
  const guard = new Guard(binding);
  if ('invoke' in tool && typeof tool.invoke === 'function')
    return wrapInvoke(tool as T & InvokableTool, guard);
  return wrapExecute(tool as ExecutableTool, guard, binding.tool ?? binding.stepId!) as T;
}
