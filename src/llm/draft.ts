import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { Actor } from '../core/roles.ts';
import {
  type ContextRef,
  EnvironmentSchema,
  type PlanSubmission,
  PlanSubmissionSchema,
  type Trigger,
} from '../plans/plan-schema.ts';
import type { ToolCatalog } from '../policy/tool-catalog.ts';
import type { Redactor } from '../redaction/redact.ts';
import type { Alert } from './alert-schema.ts';
import { ModelAvailability } from './availability.ts';
import { ModelOutputError, type ModelProvider, type OutputIssue } from './provider.ts';
import { createModelProvider } from './select.ts';
import { generateStructured } from './structured.ts';

export interface DraftRequest {
  intent: string;
  context?: Partial<ContextRef>;
  alert?: Alert;
}

export interface Draft {
  draft: PlanSubmission;
  provider: string;
  model: string;
}

const SYSTEM = `You draft change plans for Warrant, a governance control plane for infrastructure agents.
Given an operator's intent (and possibly a firing Prometheus alert), answer with ONE plan as JSON.
Rules:
- Use only the tools listed below, with inputs that match each tool's input schema exactly.
- Prefer the smallest change that addresses the intent; start with read-only evidence steps when useful.
- step_id: short, unique, [A-Za-z0-9_.-]. context.environment is one of dev, stage, prod.
- Never include credentials or secrets.
Tools:`;

/** The alert's labels, read as Warrant context: environment/env, namespace, cluster. */
function contextOfAlert(alert: Alert | undefined): Partial<ContextRef> {
  if (!alert) return {};
  const { labels } = alert;
  const environment = EnvironmentSchema.safeParse(labels.environment ?? labels.env);
  const cluster = labels.cluster_id ?? labels.cluster;
  return {
    ...(environment.success ? { environment: environment.data } : {}),
    ...(labels.namespace ? { namespace: labels.namespace } : {}),
    ...(cluster ? { cluster_id: cluster } : {}),
  };
}

function toolsPrompt(catalog: ToolCatalog): string {
  return catalog
    .list()
    .map(
      (tool) =>
        `- ${tool.name} (${tool.effect}): ${tool.description}; input: ` +
        JSON.stringify(z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' })),
    )
    .join('\n');
}

/** Every step must name a catalog tool with an input it accepts; a draft is refused whole otherwise. */
function catalogIssues(catalog: ToolCatalog, plan: PlanSubmission): OutputIssue[] {
  return plan.steps.flatMap((step, i) => {
    const checked = catalog.validateStep(step.tool, step.input);
    return checked.ok
      ? []
      : checked.issues.map((issue) => ({
          path: issue.path === 'tool' ? `steps.${i}.tool` : `steps.${i}.input.${issue.path}`,
          message: issue.message,
        }));
  });
}

/**
 * Turns an intent or an alert into a plan submission checked against the schema and the tenant's tool
 * catalog. It never submits: the caller decides whether the draft goes to PlanService.
 */
export class PlanDrafter {
  readonly #llm: Config['llm'];
  readonly #catalog: (tenantId: string) => Promise<ToolCatalog>;
  readonly #redactor: Redactor;
  readonly #provider: () => ModelProvider;
  readonly #availability: ModelAvailability;

  constructor(deps: {
    llm: Config['llm'];
    /** The tenant's tool catalog (built-ins and its own tools). */
    catalog: (tenantId: string) => Promise<ToolCatalog>;
    redactor: Redactor;
    /** Default: the configured provider, built per draft so refreshed credentials are picked up. */
    provider?: () => ModelProvider;
    /** Whether the provider is held down after an outage (availability.ts); default: one of its own. */
    availability?: ModelAvailability;
  }) {
    this.#llm = deps.llm;
    this.#catalog = deps.catalog;
    this.#redactor = deps.redactor;
    this.#provider = deps.provider ?? (() => createModelProvider(deps.llm));
    this.#availability = deps.availability ?? new ModelAvailability();
  }

  async draft(actor: Actor, request: DraftRequest): Promise<Draft> {
    const catalog = await this.#catalog(actor.tenant_id);
    // What the caller states wins over what the alert's labels suggest; prod is the cautious default.
    const context: ContextRef = { environment: 'prod', ...contextOfAlert(request.alert), ...request.context };
    const provider = this.#provider();
    const answer = await this.#availability.call(() =>
      generateStructured(provider, {
        schema: PlanSubmissionSchema,
        schemaName: 'plan_submission',
        system: `${SYSTEM}\n${toolsPrompt(catalog)}`,
        prompt: {
          intent: request.intent,
          context,
          ...(request.alert
            ? { alert: { labels: request.alert.labels, annotations: request.alert.annotations } }
            : {}),
        },
        redactor: this.#redactor,
        maxOutputTokens: this.#llm.max_output_tokens,
        timeoutMs: this.#llm.timeout_ms,
      }),
    );
    const trigger: Trigger = request.alert ? 'alert' : 'manual';
    const draft: PlanSubmission = { ...answer, trigger, context: { ...answer.context, ...context } };
    const issues = catalogIssues(catalog, draft);
    if (issues.length > 0) {
      throw new ModelOutputError(
        `the drafted plan does not fit the tool catalog: ${issues[0]!.path}: ${issues[0]!.message}`,
        issues,
      );
    }
    return { draft, provider: provider.name, model: provider.model };
  }
}
