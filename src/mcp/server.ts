/**
 * Warrant's MCP server: plans, decisions, runs, authorization and evidence as MCP tools and resources.
 * It is a client of the Warrant API through the SDK, so the same server runs over stdio against any
 * Warrant URL (`warrant mcp`) and inside Warrant at /mcp (with a fetch that stays in process).
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AgentEvidenceSchema } from '../evidence/agent-evidence-schema.ts';
import { PlanSubmissionSchema } from '../plans/plan-schema.ts';
import type { PlanView } from '../plans/service.ts';
import { type Warrant, WarrantError } from '../sdk/index.ts';
import { approvalsNeeded, describePlan, describeRun, explainRefusal } from './explain.ts';

export const MCP_INSTRUCTIONS =
  'Warrant governs tool calls: no action without a warrant. Propose a plan (propose_plan), wait for its decision ' +
  '(wait_for_decision), then run it (run_plan) or check each call of your own (authorize_call) and attach what ' +
  'you observed (attach_evidence). A refusal says what to do next.';

const planId = z.string().min(1).max(100).describe('the id propose_plan returned');

/** A tool answer: words for the agent first, the data as JSON after. */
function answer(text: string, data: object, isError = false): CallToolResult {
  return {
    content: [
      { type: 'text', text },
      { type: 'text', text: JSON.stringify(data, null, 2) },
    ],
    structuredContent: data as Record<string, unknown>,
    ...(isError ? { isError: true } : {}),
  };
}

/** API errors become tool errors the agent can read; anything else is a bug and propagates. */
async function explained(work: () => Promise<CallToolResult>, hint = ''): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof WarrantError)) throw error;
    return answer(`Refused (${error.code}): ${error.detail}.${hint}`, error.problem, true);
  }
}

const json = (uri: URL, value: unknown) => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});

export function createMcpServer(warrant: Warrant): McpServer {
  const server = new McpServer({ name: 'warrant', version: '0.1.0' }, { instructions: MCP_INSTRUCTIONS });

  server.registerTool(
    'propose_plan',
    {
      description:
        'Submit a plan (summary, intent, context.environment, steps with step_id, action, tool, input). Policy ' +
        'decides at once: allowed, denied, or waiting for approval. Tools are listed in the warrant://tools resource.',
      inputSchema: PlanSubmissionSchema,
    },
    (plan) =>
      explained(async () => {
        const created = await warrant.submitPlan(plan);
        return answer(describePlan(created), created);
      }),
  );

  server.registerTool(
    'get_plan',
    {
      description: "A plan's status, decision, risk with reasons, and the approvals it still needs.",
      inputSchema: { plan_id: planId },
    },
    ({ plan_id }) =>
      explained(async () => {
        const plan = await warrant.getPlan(plan_id);
        return answer(describePlan(plan), plan);
      }),
  );

  server.registerTool(
    'wait_for_decision',
    {
      description:
        'Wait until the plan is no longer pending approval (or the timeout passes), then describe it.',
      inputSchema: {
        plan_id: planId,
        // Clients time requests out after 60 s by default; the default stays below that.
        timeout_seconds: z.number().int().min(1).max(300).default(50),
      },
    },
    ({ plan_id, timeout_seconds }, extra) =>
      explained(async () => {
        // A client that asked for progress hears how the votes stand on each look, and may keep its
        // request alive on it (resetTimeoutOnProgress) instead of timing out a long wait.
        const progressToken = extra._meta?.progressToken;
        const plan = await warrant.waitForDecision(plan_id, {
          timeoutMs: timeout_seconds * 1000,
          ...(progressToken === undefined
            ? {}
            : {
                onPoll: (pending: PlanView, elapsedMs: number) =>
                  extra.sendNotification({
                    method: 'notifications/progress',
                    params: {
                      progressToken,
                      progress: Math.round(elapsedMs / 1000),
                      total: timeout_seconds,
                      message: `Still ${pending.status}: ${approvalsNeeded(pending)}.`,
                    },
                  }),
              }),
        });
        const still = plan.status === 'pending_approval' ? `Still waiting after ${timeout_seconds} s. ` : '';
        return answer(`${still}${describePlan(plan)}`, plan);
      }),
  );

  server.registerTool(
    'run_plan',
    {
      description:
        'Start a run of an allowed or approved plan; Warrant executes its steps through its connectors.',
      inputSchema: { plan_id: planId },
    },
    ({ plan_id }) =>
      explained(async () => {
        try {
          const run = await warrant.startRun(plan_id);
          return answer(`Run ${run.id} is ${run.status}. Call get_run to follow it.`, run);
        } catch (error) {
          if (!(error instanceof WarrantError) || error.code !== 'not_approved') throw error;
          const plan = await warrant.getPlan(plan_id);
          return answer(
            `Cannot run yet: ${approvalsNeeded(plan)}. Call wait_for_decision, then run_plan again.`,
            error.problem,
            true,
          );
        }
      }, ' Call get_plan to see why.'),
  );

  server.registerTool(
    'get_run',
    {
      description: 'A run and the status of each of its steps.',
      inputSchema: { run_id: z.string().min(1).max(100) },
    },
    ({ run_id }) =>
      explained(async () => {
        const run = await warrant.getRun(run_id);
        return answer(describeRun(run), run);
      }),
  );

  server.registerTool(
    'authorize_call',
    {
      description:
        'Before a tool call of your own: is it covered right now by a step of an allowed or approved plan? ' +
        'Calls no plan covers are recorded as unapproved attempts.',
      inputSchema: {
        plan_id: planId,
        step_id: z.string().min(1).max(64),
        tool: z.string().min(1).max(200),
        input: z.record(z.string(), z.unknown()),
      },
    },
    (request) =>
      explained(async () => {
        const verdict = await warrant.authorize(request);
        if (verdict.allowed) return answer(`Allowed: ${verdict.reason}. Make the call.`, verdict);
        const plan =
          verdict.reason_code === 'not_approved' ? await warrant.getPlan(request.plan_id) : undefined;
        return answer(explainRefusal(verdict, plan), verdict, true);
      }),
  );

  server.registerTool(
    'attach_evidence',
    {
      description:
        'Attach what you observed (a query and its result) to a step of a plan; it is redacted, stored and hashed.',
      inputSchema: AgentEvidenceSchema.extend({ plan_id: planId }),
    },
    ({ plan_id, ...evidence }) =>
      explained(async () => {
        const stored = await warrant.attachEvidence(plan_id, evidence);
        return answer(
          `Evidence ${stored.id} attached to step ${stored.step_id} (sha256 ${stored.sha256}).`,
          stored,
        );
      }),
  );

  server.registerResource(
    'tools',
    'warrant://tools',
    {
      description: 'The tool catalog: each tool, its effect (read/write/destructive) and input schema.',
      mimeType: 'application/json',
    },
    async (uri) => json(uri, await warrant.listTools()),
  );
  server.registerResource(
    'plans',
    'warrant://plans',
    { description: "Your tenant's recent plans, newest first.", mimeType: 'application/json' },
    async (uri) => json(uri, await warrant.listPlans({ limit: 20 })),
  );
  server.registerResource(
    'plan',
    new ResourceTemplate('warrant://plans/{id}', { list: undefined }),
    { description: 'One plan with its decision and approval.', mimeType: 'application/json' },
    async (uri, { id }) => json(uri, await warrant.getPlan(String(id))),
  );
  return server;
}
