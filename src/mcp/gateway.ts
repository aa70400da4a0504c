/**
 * The MCP gateway: stands between an agent and another MCP server. The agent sees the upstream's tools
 * unchanged; every tools/call is first put to Warrant (POST /v1/authorize). A covered call is forwarded,
 * its result redacted and attached to the plan as evidence; any other call is refused without reaching
 * the upstream, with the reason and a ready plan that would cover it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/schema.ts';
import type { Redactor } from '../evidence/redact.ts';
import { canonicalHash } from '../plans/content-hash.ts';
import type { Environment, PlanStep, PlanSubmissionInput } from '../plans/plan-schema.ts';
import { type AuthorizeAnswer, type Warrant, WarrantError } from '../sdk/index.ts';
import { explainRefusal } from './explain.ts';

export interface GatewayOptions {
  /** A connected client of the upstream MCP server. */
  upstream: Client;
  warrant: Warrant;
  toolMap: Config['gateway']['tool_map'];
  /** The plan whose steps cover calls that name no `_warrant` of their own. */
  planId?: string;
  /** The environment of the plans the gateway proposes. */
  environment: Environment;
  redactor: Redactor;
  /** Where the gateway reports what it cannot tell the agent (stdout belongs to the protocol). */
  warn?: (message: string) => void;
}

const INSTRUCTIONS =
  'Tool calls pass through Warrant: a call runs only when a plan covers it. Name the covering step by adding ' +
  '"_warrant": {"plan_id": "...", "step_id": "..."} to the arguments (it is removed before the call). A refused ' +
  'call says why and includes a ready plan to submit.';

// Stands for "no plan named": authorize answers no_plan and records the attempt.
const NO_PLAN = 'none';

interface Target {
  plan_id: string;
  step_id: string;
}

const stepIdFor = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'call';

function namedTarget(value: unknown): Target | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { plan_id, step_id } = value as Record<string, unknown>;
  return typeof plan_id === 'string' && typeof step_id === 'string' ? { plan_id, step_id } : undefined;
}

/** A plan with one step for this call, ready to submit as is. */
function readyPlan(
  name: string,
  tool: string,
  input: Record<string, unknown>,
  options: Pick<GatewayOptions, 'environment' | 'toolMap'>,
): PlanSubmissionInput {
  const risk = options.toolMap[name]?.risk;
  return {
    summary: `Call ${name} through the MCP gateway`,
    intent: `An agent asked to call ${name} (catalog tool ${tool}) with the input below; no plan covered it.`,
    context: { environment: options.environment },
    ...(risk ? { constraints: { declared_risk: risk } } : {}),
    steps: [{ step_id: stepIdFor(name), action: `call ${name}`, tool, input }],
  };
}

export class Gateway {
  readonly server: Server;
  readonly #options: GatewayOptions;
  #steps?: Promise<PlanStep[]>;

  constructor(options: GatewayOptions) {
    this.#options = options;
    const upstream = options.upstream.getServerVersion();
    const upstreamInstructions = options.upstream.getInstructions();
    this.server = new Server(
      { name: `warrant-gateway (${upstream?.name ?? 'upstream'})`, version: '0.1.0' },
      {
        capabilities: { tools: {} },
        instructions: upstreamInstructions ? `${INSTRUCTIONS}\n\n${upstreamInstructions}` : INSTRUCTIONS,
      },
    );
    // Tool names, descriptions and schemas pass through untouched.
    this.server.setRequestHandler(ListToolsRequestSchema, (request) =>
      options.upstream.listTools(request.params),
    );
    this.server.setRequestHandler(CallToolRequestSchema, (request) =>
      this.call(request.params.name, request.params.arguments ?? {}),
    );
  }

  async call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const { _warrant, ...input } = args;
    const tool = this.#options.toolMap[name]?.tool ?? name;
    let verdict: AuthorizeAnswer;
    try {
      const target = namedTarget(_warrant) ?? (await this.#target(name, tool, input));
      verdict = await this.#options.warrant.authorize({ ...target, tool, input });
    } catch (error) {
      if (!(error instanceof WarrantError)) throw error;
      return refusal(
        `Warrant could not be asked (${error.code}: ${error.detail}); the call was not forwarded.`,
      );
    }
    if (!verdict.allowed) return this.#refuse(name, tool, input, verdict);
    const result = this.#options.redactor.value(
      (await this.#options.upstream.callTool({ name, arguments: input })) as CallToolResult,
    );
    await this.#options.warrant
      .attachEvidence(verdict.plan_id, { step_id: verdict.step_id, type: 'log', query: name, result })
      .catch((error: Error) =>
        this.#options.warn?.(`evidence for ${name} was not attached: ${error.message}`),
      );
    return result;
  }

  /** The step of `--plan` with this tool and input, else with this tool (authorize then names the mismatch). */
  async #target(name: string, tool: string, input: Record<string, unknown>): Promise<Target> {
    const planId = this.#options.planId;
    if (!planId) return { plan_id: NO_PLAN, step_id: stepIdFor(name) };
    this.#steps ??= this.#options.warrant.getPlan(planId).then((plan) => plan.steps);
    const steps = await this.#steps.catch((error) => {
      this.#steps = undefined;
      throw error;
    });
    const hash = canonicalHash(input);
    const candidates = steps.filter((step) => step.tool === tool);
    const step = candidates.find((s) => canonicalHash(s.input) === hash) ?? candidates[0];
    return { plan_id: planId, step_id: step?.step_id ?? stepIdFor(name) };
  }

  async #refuse(
    name: string,
    tool: string,
    input: Record<string, unknown>,
    verdict: AuthorizeAnswer,
  ): Promise<CallToolResult> {
    // The plan may have been revised: look at its steps afresh next time.
    this.#steps = undefined;
    if (verdict.reason_code === 'not_approved') {
      const plan = await this.#options.warrant.getPlan(verdict.plan_id);
      return refusal(`${explainRefusal(verdict, plan)} The call to ${name} was not forwarded.`);
    }
    const plan = readyPlan(name, tool, input, this.#options);
    return refusal(
      `${explainRefusal(verdict, undefined)} The call to ${name} was not forwarded. A ready plan for it follows: ` +
        `submit it (propose_plan, or POST /v1/plans), and once it is approved retry the call with ` +
        `"_warrant": {"plan_id": "<the new plan's id>", "step_id": "${plan.steps[0]!.step_id}"} in the arguments.`,
      { reason_code: verdict.reason_code, exception_id: verdict.exception_id, ready_plan: plan },
    );
  }
}

function refusal(text: string, data?: Record<string, unknown>): CallToolResult {
  return {
    content: [
      { type: 'text', text },
      ...(data ? [{ type: 'text' as const, text: JSON.stringify(data, null, 2) }] : []),
    ],
    ...(data ? { structuredContent: data } : {}),
    isError: true,
  };
}

/** Serves the gateway to the agent on `agent` until either side closes. */
export async function serveGateway(options: GatewayOptions, agent: Transport): Promise<Gateway> {
  const gateway = new Gateway(options);
  gateway.server.onclose = () => void options.upstream.close();
  options.upstream.onclose = () => void gateway.server.close();
  await gateway.server.connect(agent);
  return gateway;
}
