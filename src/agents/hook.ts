/**
 * `warrant hook <agent>`: a coding agent's PreToolUse hook. The agent (Claude Code, Codex CLI) runs it before
 * each tool call with the call as JSON on stdin; it answers whether the call may run.
 *
 * Each call becomes a one-step plan for its catalog tool (tool-call.ts), submitted under an Idempotency-Key
 * made of the plan itself, so the same call (same command, same directory) always finds the same plan: policy
 * decides it once (reads are allowed at once by the default policy), and a plan that needs approval is
 * approved once by a person (`warrant approve <id>`), after which the identical call passes until the
 * approval lapses. The answer is always POST /v1/authorize's: allow only when it covers the call. A lapsed
 * approval, an expired request or a policy change asks afresh (a new key, chained to the old plan).
 *
 * Wire formats, checked against the vendors' documentation:
 * - Claude Code (https://code.claude.com/docs/en/hooks, PreToolUse): stdin carries session_id,
 *   transcript_path, cwd, hook_event_name, tool_name, tool_input; the answer is JSON on stdout with exit 0:
 *   `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"|"deny"|"ask",
 *   "permissionDecisionReason": "…"}}` (a deny's reason is shown to Claude). Exit 2 blocks; any other
 *   non-zero exit is a non-blocking error and the call goes ahead, so this hook never exits that way.
 * - Codex CLI (https://developers.openai.com/codex/hooks): the same input and output format, but its
 *   PreToolUse honours only "deny" (allow/ask support, openai/codex#20756, was closed unmerged): an allowed
 *   call prints nothing and leaves Codex's own approval flow in place.
 * The hook never answers "ask": a person clicking yes in the agent is not a warrant.
 */
import { z } from 'zod';
import { canonicalHash } from '../core/hash.ts';
import { approvalsNeeded } from '../mcp/explain.ts';
import type { Environment } from '../plans/plan-schema.ts';
import { type AuthorizeAnswer, type PlanSubmissionInput, type Warrant, WarrantError } from '../sdk/index.ts';
import type { HookAgent } from './hook-agents.ts';
import { type CatalogCall, catalogCall } from './tool-call.ts';

const AGENT_NAMES: Record<HookAgent, string> = { 'claude-code': 'Claude Code', codex: 'Codex CLI' };

const HookInputSchema = z.looseObject({
  session_id: z.string().optional(),
  cwd: z.string().min(1),
  hook_event_name: z.string().optional(),
  tool_name: z.string().min(1),
  tool_input: z.record(z.string(), z.unknown()),
});
export type HookInput = z.infer<typeof HookInputSchema>;

export interface HookDecision {
  permission: 'allow' | 'deny';
  reason: string;
}

export interface HookOptions {
  /** The environment the agent works in: decides which policy rules apply (default dev). */
  environment: Environment;
}

const STEP_ID = 'call';
// Reasons that a fresh request can cure; the others (denied, cancelled, sent back) are a person's answer.
const RENEWABLE = new Set<AuthorizeAnswer['reason_code']>(['expired', 'approval_expired', 'policy_changed']);
// Each renewal follows one lapse of the same call; more in one look means something is wrong.
const MAX_RENEWALS = 5;

const allow = (reason: string): HookDecision => ({ permission: 'allow', reason });
const deny = (reason: string): HookDecision => ({ permission: 'deny', reason });

/** The plan that covers exactly this call; deterministic, so it is its own idempotency key. */
function planFor(
  call: CatalogCall,
  agent: HookAgent,
  cwd: string,
  environment: Environment,
): PlanSubmissionInput {
  const who = AGENT_NAMES[agent];
  return {
    summary: `${who}: ${call.action}`.slice(0, 500),
    intent:
      `${who} asked to ${call.action} (catalog tool ${call.tool}${call.effect ? `, ${call.effect}` : ''}, working directory ${cwd}). Warrant's hook proposed this plan for that one call.`.slice(
        0,
        4000,
      ),
    context: { environment },
    steps: [{ step_id: STEP_ID, action: call.action, tool: call.tool, input: call.input }],
  };
}

const submitHint = (plan: PlanSubmissionInput) =>
  `A plan for this call follows; save it as plan.json, run \`warrant plan submit plan.json\`, have it approved ` +
  `(\`warrant approve <id>\`), then retry the same call unchanged.\n${JSON.stringify(plan, null, 2)}`;

/** Asks Warrant about one hook input; a refusal names the plan and the command that would cover the call. */
export async function decide(
  warrant: Warrant,
  hook: HookInput,
  agent: HookAgent,
  options: HookOptions,
): Promise<HookDecision> {
  const { items } = await warrant.listTools();
  const catalog = new Map(items.map((tool) => [tool.name, tool.effect]));
  const call = catalogCall(hook.tool_name, hook.tool_input, hook.cwd, catalog);
  if (!call) {
    return deny(
      `Warrant: the hook has no catalog mapping for ${hook.tool_name} (it maps Bash, Edit, Write, MultiEdit, ` +
        'NotebookEdit, apply_patch, Read, Glob, Grep, LS, WebFetch and mcp__ tools), so the call was not made. ' +
        'Leave this tool out of the hook matcher if it needs no warrant.',
    );
  }
  const plan = planFor(call, agent, hook.cwd, options.environment);
  if (!catalog.has(call.tool)) {
    return deny(
      `Warrant: the tool catalog has no ${call.tool}, so this call cannot be decided and was not made. An admin ` +
        `registers it (POST /v1/tools, input ${JSON.stringify(Object.keys(call.input))}). ${submitHint(plan)}`,
    );
  }
  let key = `warrant-hook:${agent}:${canonicalHash(plan)}`;
  for (let renewal = 0; renewal <= MAX_RENEWALS; renewal++) {
    let planId: string;
    try {
      planId = (await warrant.submitPlan(plan, { idempotencyKey: key })).id;
    } catch (error) {
      if (!(error instanceof WarrantError) || error.status === 0 || error.status >= 500) throw error;
      return deny(
        `Warrant refused the plan for this call (${error.code}: ${error.detail}); the call was not made. ${submitHint(plan)}`,
      );
    }
    const verdict = await warrant.authorize({
      plan_id: planId,
      step_id: STEP_ID,
      tool: call.tool,
      input: call.input,
    });
    if (verdict.allowed) return allow(`Warrant: ${verdict.reason} (plan ${planId}, ${call.tool}).`);
    if (!RENEWABLE.has(verdict.reason_code)) return refusal(warrant, verdict, call);
    key = `${key}:after:${planId}`;
  }
  return deny(
    `Warrant: the plan for this call lapsed ${MAX_RENEWALS} times in one look; the call was not made.`,
  );
}

async function refusal(warrant: Warrant, verdict: AuthorizeAnswer, call: CatalogCall): Promise<HookDecision> {
  const id = verdict.plan_id;
  if (verdict.reason_code === 'not_approved') {
    const plan = await warrant.getPlan(id);
    return deny(
      `Warrant: not approved yet (${call.tool}, risk ${plan.decision.risk.level}): ${approvalsNeeded(plan)}. ` +
        `Plan ${id} covers exactly this call. To approve it, an approver runs:\n  warrant approve ${id}\n` +
        `then retry the same call unchanged (see the plan: warrant plan show ${id}).`,
    );
  }
  return deny(
    `Warrant refused this call (${verdict.reason_code}): ${verdict.reason} (plan ${id}). Do not retry it; ` +
      'tell the user what you meant to do.',
  );
}

/** The JSON on stdin, or undefined (which the schema then refuses) when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The hook's stdout for one stdin. It never throws: anything that goes wrong denies the call. */
export async function runHook(
  agent: HookAgent,
  stdin: string,
  warrant: () => Warrant,
  options: HookOptions,
): Promise<string> {
  let decision: HookDecision;
  try {
    const parsed = HookInputSchema.safeParse(parseJson(stdin));
    if (!parsed.success) {
      decision = deny(`Warrant's hook could not read its input: ${z.prettifyError(parsed.error)}`);
    } else if (parsed.data.hook_event_name && parsed.data.hook_event_name !== 'PreToolUse') {
      return ''; // Another event: nothing to decide.
    } else decision = await decide(warrant(), parsed.data, agent, options);
  } catch (error) {
    const detail =
      error instanceof WarrantError ? `${error.detail} (${error.code})` : (error as Error).message;
    decision = deny(`Warrant could not be asked, so the call was not made: ${detail}`);
  }
  if (agent === 'codex' && decision.permission === 'allow') return '';
  const output = {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision.permission,
      permissionDecisionReason: decision.reason,
    },
  };
  return `${JSON.stringify(output)}\n`;
}
