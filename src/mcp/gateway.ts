/**
 * The MCP gateway: stands between an agent and another MCP server. The agent sees the upstream's tools,
 * resources and prompts unchanged; every tools/call, resources/read and prompts/get is first put to Warrant
 * (POST /v1/authorize). A covered request is forwarded, its result redacted and journaled as evidence of the
 * plan (posted behind the answer, see evidence-journal.ts); any other is refused without reaching the
 * upstream, with the reason and a ready plan that would cover it.
 *
 * With a namespace, the upstream's tools are catalog tools of their own (`fs.read_text_file`, see
 * catalog.ts), registered when the gateway starts; `gateway.tool_map` still maps a tool to another one.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type Tool as McpTool,
  PromptListChangedNotificationSchema,
  ReadResourceRequestSchema,
  ResourceListChangedNotificationSchema,
  type ServerCapabilities,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/schema.ts';
import { canonicalHash } from '../core/hash.ts';
import type { Environment, PlanStep, PlanSubmissionInput } from '../plans/plan-schema.ts';
import type { Redactor } from '../redaction/redact.ts';
import { type AuthorizeAnswer, type Warrant, WarrantError } from '../sdk/index.ts';
import {
  catalogEntry,
  catalogInput,
  catalogName,
  promptGetTool,
  promptInput,
  readEntries,
  resourceReadTool,
} from './catalog.ts';
import type { EvidenceJournal } from './evidence-journal.ts';
import { explainRefusal } from './explain.ts';

export interface GatewayOptions {
  /** A connected client of the upstream MCP server. */
  upstream: Client;
  warrant: Warrant;
  toolMap: Config['gateway']['tool_map'];
  /** The catalog namespace of the upstream's tools (`fs`: its `read_text_file` is `fs.read_text_file`). */
  namespace?: string;
  /** The plan whose steps cover calls that name no `_warrant` of their own. */
  planId?: string;
  /** The environment of the plans the gateway proposes. */
  environment: Environment;
  redactor: Redactor;
  /** Where forwarded results go as evidence (journaled at once, posted behind the answer). */
  evidence: Pick<EvidenceJournal, 'add' | 'begin'>;
  /** Where the gateway reports what it cannot tell the agent (stdout belongs to the protocol). */
  warn?: (message: string) => void;
}

/** Where a refusal's machine-readable reason travels (`_meta` of the result, or `data` of a read's error). */
export const REFUSAL_META = 'warrant/refusal';
/** Where a resources/read or prompts/get names the step that covers it (`params._meta`). */
export const STEP_META = 'warrant/step';
/** The JSON-RPC error code of a refused read (a server-defined code: the request was understood, not allowed). */
export const REFUSED = -32003;

const INSTRUCTIONS =
  'Tool calls pass through Warrant: a call runs only when a plan covers it. Name the covering step by adding ' +
  '"_warrant": {"plan_id": "...", "step_id": "..."} to the arguments (it is removed before the call); a ' +
  `resources/read or prompts/get names it in params._meta["${STEP_META}"]. A refused call says why and ` +
  'includes a ready plan to submit.';

// Stands for "no plan named": authorize answers no_plan and records the attempt.
const NO_PLAN = 'none';

interface Target {
  plan_id: string;
  step_id: string;
}

/** What a refusal says in words and carries for machines. */
interface Refusal {
  text: string;
  data: Record<string, unknown>;
}

/** One request as Warrant decides it. */
interface Request {
  /** The upstream's name of what is asked (a tool's name, `resources/read`, `prompts/get`). */
  name: string;
  /** The catalog tool and input it is authorized as. */
  tool: string;
  input: Record<string, unknown>;
  named: unknown;
  /** How the agent names the covering step when it retries. */
  retryHint: (step: string) => string;
}

const stepIdFor = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'call';

function namedTarget(value: unknown): Target | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { plan_id, step_id } = value as Record<string, unknown>;
  return typeof plan_id === 'string' && typeof step_id === 'string' ? { plan_id, step_id } : undefined;
}

/** A plan with one step for this request, ready to submit as is. */
function readyPlan(
  request: Request,
  options: Pick<GatewayOptions, 'environment' | 'toolMap'>,
): PlanSubmissionInput {
  const { name, tool, input } = request;
  const risk = options.toolMap[name]?.risk;
  return {
    summary: `Call ${name} through the MCP gateway`,
    intent: `An agent asked to call ${name} (catalog tool ${tool}) with the input below; no plan covered it.`,
    context: { environment: options.environment },
    ...(risk ? { constraints: { declared_risk: risk } } : {}),
    steps: [{ step_id: stepIdFor(name), action: `call ${name}`, tool, input }],
  };
}

/**
 * A refused tools/call. The reason is always in `_meta` (clients that check results against the tool's
 * output schema must not choke on it); older clients also get it as structuredContent, but only from a
 * tool without an output schema: a refusal's shape is not the tool's.
 */
function refusedCall(refusal: Refusal, structured: boolean): CallToolResult {
  return {
    content: [
      { type: 'text', text: refusal.text },
      { type: 'text', text: JSON.stringify(refusal.data, null, 2) },
    ],
    _meta: { [REFUSAL_META]: refusal.data },
    ...(structured ? { structuredContent: refusal.data } : {}),
    isError: true,
  };
}

export class Gateway {
  readonly server: Server;
  readonly #options: GatewayOptions;
  #steps?: Promise<PlanStep[]>;
  #tools?: Promise<Map<string, McpTool>>;

  constructor(options: GatewayOptions) {
    this.#options = options;
    const { upstream } = options;
    const upstreamInstructions = upstream.getInstructions();
    const has = upstream.getServerCapabilities() ?? {};
    // Resources and prompts are offered only when the upstream has them (no subscriptions: reads are decided one by one).
    // A list the upstream says may change is one the agent hears changes of, through the gateway.
    const changes = (listChanged: boolean | undefined) => (listChanged ? { listChanged: true } : {});
    const capabilities: ServerCapabilities = {
      tools: changes(has.tools?.listChanged),
      ...(has.resources ? { resources: changes(has.resources.listChanged) } : {}),
      ...(has.prompts ? { prompts: changes(has.prompts.listChanged) } : {}),
    };
    this.server = new Server(
      { name: `warrant-gateway (${upstream.getServerVersion()?.name ?? 'upstream'})`, version: '0.1.0' },
      {
        capabilities,
        instructions: upstreamInstructions ? `${INSTRUCTIONS}\n\n${upstreamInstructions}` : INSTRUCTIONS,
      },
    );
    // Names, descriptions and schemas pass through untouched; the listing refreshes what calls look up.
    this.server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const listed = await upstream.listTools(request.params);
      if (!request.params?.cursor && !listed.nextCursor) {
        this.#tools = Promise.resolve(new Map(listed.tools.map((tool) => [tool.name, tool])));
      }
      return listed;
    });
    this.#forwardListChanges(has);
    this.server.setRequestHandler(CallToolRequestSchema, (request) =>
      this.call(request.params.name, request.params.arguments ?? {}),
    );
    if (has.resources) {
      this.server.setRequestHandler(ListResourcesRequestSchema, (request) =>
        upstream.listResources(request.params),
      );
      this.server.setRequestHandler(ListResourceTemplatesRequestSchema, (request) =>
        upstream.listResourceTemplates(request.params),
      );
      this.server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
        const { uri, _meta } = request.params;
        const tool =
          options.toolMap['resources/read']?.tool ?? this.#namespaced(resourceReadTool, 'resources.read');
        return this.#read({ name: 'resources/read', tool, input: { uri }, named: _meta?.[STEP_META] }, () =>
          upstream.readResource({ uri }),
        );
      });
    }
    if (has.prompts) {
      this.server.setRequestHandler(ListPromptsRequestSchema, (request) =>
        upstream.listPrompts(request.params),
      );
      this.server.setRequestHandler(GetPromptRequestSchema, async (request) => {
        const { name, arguments: args, _meta } = request.params;
        const tool = options.toolMap['prompts/get']?.tool ?? this.#namespaced(promptGetTool, 'prompts.get');
        return this.#read(
          { name: 'prompts/get', tool, input: promptInput(name, args), named: _meta?.[STEP_META] },
          () => upstream.getPrompt({ name, ...(args ? { arguments: args } : {}) }),
        );
      });
    }
  }

  /**
   * The upstream changed its tools: the catalog learns the new definitions first (a changed one is a new
   * version, which re-decides the plans made for the old one), then the agent is told to list them again.
   */
  async #toolsChanged(): Promise<void> {
    this.#tools = undefined;
    try {
      await this.registerCatalog();
      await this.server.sendToolListChanged();
    } catch (error) {
      this.#options.warn?.(`the upstream's changed tools were not taken in: ${(error as Error).message}`);
    }
  }

  #forwardListChanges(has: ServerCapabilities): void {
    const { upstream } = this.#options;
    if (has.tools?.listChanged) {
      upstream.setNotificationHandler(ToolListChangedNotificationSchema, () => this.#toolsChanged());
    }
    if (has.resources?.listChanged) {
      upstream.setNotificationHandler(ResourceListChangedNotificationSchema, () =>
        this.server.sendResourceListChanged(),
      );
    }
    if (has.prompts?.listChanged) {
      upstream.setNotificationHandler(PromptListChangedNotificationSchema, () =>
        this.server.sendPromptListChanged(),
      );
    }
  }

  /**
   * Registers the upstream's tools (and its resource and prompt reads) in the tenant's catalog under the
   * namespace. A tool whose definition is unchanged stays as it is; a changed one becomes a new version.
   * Needs a key that may register tools (admin); otherwise the catalog is left to an admin, and said so.
   */
  async registerCatalog(): Promise<void> {
    const namespace = this.#options.namespace;
    if (!namespace) return;
    const warn = this.#options.warn ?? (() => {});
    const entries = [];
    for (const tool of (await this.#upstreamTools()).values()) {
      const mapped = catalogEntry(namespace, tool);
      if (mapped.ok) entries.push(mapped.entry);
      else warn(`${tool.name} is not catalogued: ${mapped.why}; map it in gateway.tool_map`);
    }
    const has = this.#options.upstream.getServerCapabilities() ?? {};
    entries.push(...readEntries(namespace, { resources: !!has.resources, prompts: !!has.prompts }));
    for (const entry of entries) {
      try {
        await this.#options.warrant.request('POST', '/v1/tools', entry);
      } catch (error) {
        if (!(error instanceof WarrantError)) throw error;
        const who =
          error.status === 403
            ? "the gateway's key may not register tools (it takes an admin's)"
            : error.detail;
        warn(
          `the ${namespace}.* tools were not registered in the catalog: ${who}; calls are still authorized as ${namespace}.<tool>`,
        );
        return;
      }
    }
  }

  async call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    return this.#busy(() => this.#call(name, args));
  }

  /** Runs one request, telling the evidence journal to hold its posts meanwhile. */
  async #busy<T>(request: () => Promise<T>): Promise<T> {
    const done = this.#options.evidence.begin();
    try {
      return await request();
    } finally {
      done();
    }
  }

  async #call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const { _warrant, ...input } = args;
    const upstreamTool = (await this.#upstreamTools()).get(name);
    const mapped = this.#options.toolMap[name]?.tool;
    const request: Request = {
      name,
      // A mapped tool takes the call's own arguments; a catalogued one takes them as catalog.ts shapes them.
      tool: mapped ?? this.#namespaced((ns) => catalogName(ns, name), name),
      input: mapped || !this.#options.namespace ? input : catalogInput(upstreamTool, input),
      named: _warrant,
      retryHint: (step) =>
        `retry the call with "_warrant": {"plan_id": "<the new plan's id>", "step_id": "${step}"} in the arguments`,
    };
    const decided = await this.#decide(request);
    if ('refused' in decided) return refusedCall(decided.refused, !upstreamTool?.outputSchema);
    const result = this.#options.redactor.value(
      (await this.#options.upstream.callTool({ name, arguments: input })) as CallToolResult,
    );
    this.#attach(decided.allowed, name, result);
    return result;
  }

  async #read<T>(request: Omit<Request, 'retryHint'>, forward: () => Promise<T>): Promise<T> {
    const decided = await this.#decide({
      ...request,
      retryHint: (step) =>
        `repeat the request with "_meta": {"${STEP_META}": {"plan_id": "<the new plan's id>", "step_id": "${step}"}} in its params`,
    });
    if ('refused' in decided)
      throw new McpError(REFUSED, decided.refused.text, { [REFUSAL_META]: decided.refused.data });
    const result = this.#options.redactor.value(await forward());
    this.#attach(decided.allowed, request.name, result);
    return result;
  }

  #namespaced(name: (namespace: string) => string, bare: string): string {
    return this.#options.namespace ? name(this.#options.namespace) : bare;
  }

  #attach(verdict: AuthorizeAnswer, name: string, result: unknown): void {
    this.#options.evidence.add(verdict.plan_id, {
      step_id: verdict.step_id,
      type: 'log',
      query: name,
      result,
    });
  }

  /** Warrant's answer: allowed, or the refusal to give (no request goes upstream without an allowing answer). */
  async #decide(request: Request): Promise<{ allowed: AuthorizeAnswer } | { refused: Refusal }> {
    const { name, tool, input } = request;
    let verdict: AuthorizeAnswer;
    try {
      const target = namedTarget(request.named) ?? (await this.#target(name, tool, input));
      verdict = await this.#options.warrant.authorize({ ...target, tool, input });
    } catch (error) {
      if (!(error instanceof WarrantError)) throw error;
      return {
        refused: {
          text: `Warrant could not be asked (${error.code}: ${error.detail}); the call was not forwarded.`,
          data: { reason_code: 'warrant_unavailable' },
        },
      };
    }
    if (verdict.allowed) return { allowed: verdict };
    // The plan may have been revised: look at its steps afresh next time.
    this.#steps = undefined;
    const reason = {
      reason_code: verdict.reason_code,
      plan_id: verdict.plan_id,
      step_id: verdict.step_id,
      ...(verdict.exception_id ? { exception_id: verdict.exception_id } : {}),
    };
    if (verdict.reason_code === 'not_approved') {
      const plan = await this.#options.warrant.getPlan(verdict.plan_id);
      return {
        refused: {
          text: `${explainRefusal(verdict, plan)} The call to ${name} was not forwarded.`,
          data: reason,
        },
      };
    }
    const plan = readyPlan(request, this.#options);
    return {
      refused: {
        text:
          `${explainRefusal(verdict, undefined)} The call to ${name} was not forwarded. A ready plan for it follows: ` +
          `submit it as is (propose_plan, or POST /v1/plans), and once it is approved ${request.retryHint(plan.steps[0]!.step_id)}.`,
        data: { ...reason, ready_plan: plan },
      },
    };
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

  /** The upstream's tools by name (every page), for their output and input schemas. */
  #upstreamTools(): Promise<Map<string, McpTool>> {
    this.#tools ??= (async () => {
      const tools = new Map<string, McpTool>();
      let cursor: string | undefined;
      do {
        const page = await this.#options.upstream.listTools(cursor ? { cursor } : undefined);
        for (const tool of page.tools) tools.set(tool.name, tool);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    })();
    const loading = this.#tools;
    loading.catch(() => {
      if (this.#tools === loading) this.#tools = undefined;
    });
    return loading;
  }
}

/** Serves the gateway to the agent on `agent` until either side closes. */
export async function serveGateway(options: GatewayOptions, agent: Transport): Promise<Gateway> {
  const gateway = new Gateway(options);
  await gateway.registerCatalog();
  await gateway.server.connect(agent);
  return gateway;
}
