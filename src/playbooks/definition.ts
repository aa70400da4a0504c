/**
 * A playbook: a versioned, parameterized plan template. Its strings may hold `{{ params.x }}` placeholders;
 * instantiating it validates the parameters first, renders the template and checks the result as a plan
 * body, so a plan exists only when all of that holds.
 */
import { z } from 'zod';
import { invalid } from '../core/problem.ts';
import {
  ContextRefSchema,
  PlanBodySchema,
  type PlanSubmission,
  TriggerSchema,
} from '../plans/plan-schema.ts';
import { ParamsSchemaSchema, type ParamValue, schemaIssues, validateParams } from './params.ts';
import { placeholdersOf, render, TemplateError } from './template.ts';

export const PLAYBOOK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

// Loose where a placeholder may stand in for a typed value; the rendered plan is checked strictly.
const StepTemplateSchema = z.strictObject({
  step_id: z.string().min(1).max(200),
  action: z.string().min(1).max(500),
  tool: z.string().min(1).max(200),
  input: z.record(z.string(), z.unknown()),
  preconditions: z.array(z.string().min(1)).default([]),
  rollback: z.strictObject({ type: z.string(), steps: z.array(z.string()).default([]) }).optional(),
  evidence_required: z.array(z.strictObject({ type: z.string(), query: z.string().min(1) })).default([]),
});

export const PlaybookBodySchema = z.strictObject({
  description: z.string().min(1).max(4000),
  parameters: ParamsSchemaSchema.prefault({}),
  summary: z.string().min(1).max(500),
  intent: z.string().min(1).max(4000),
  /** The default context; a caller's `context` overrides it field by field. */
  context: z.record(z.string(), z.unknown()),
  steps: z.array(StepTemplateSchema).min(1).max(50),
});
export type PlaybookBody = z.output<typeof PlaybookBodySchema>;
export type PlaybookBodyInput = z.input<typeof PlaybookBodySchema>;

export const InstantiateSchema = z.strictObject({
  params: z.record(z.string(), z.unknown()).default({}),
  context: ContextRefSchema.partial().optional(),
  trigger: TriggerSchema.optional(),
});
export type InstantiateRequest = z.output<typeof InstantiateSchema>;

/** A parameter value good enough to render a template for a shape check. */
function sampleValues(body: PlaybookBody): Record<string, ParamValue> {
  return Object.fromEntries(
    Object.entries(body.parameters.properties).map(([name, spec]) => {
      const sample =
        spec.default ??
        spec.enum?.[0] ??
        (spec.type === 'boolean' ? true : spec.type === 'string' ? 'x' : (spec.minimum ?? spec.maximum ?? 1));
      return [name, sample];
    }),
  );
}

/** Problems with a definition: its parameter schema, undeclared placeholders, a plan shape that cannot parse. */
export function definitionIssues(body: PlaybookBody): string[] {
  const issues = schemaIssues(body.parameters).map((issue) => issue.message);
  const { parameters: _parameters, description: _description, ...template } = body;
  for (const name of placeholdersOf(template)) {
    if (!Object.hasOwn(body.parameters.properties, name))
      issues.push(`placeholder {{ params.${name} }} names no declared parameter`);
  }
  if (issues.length > 0) return issues;
  const sample = PlanBodySchema.safeParse(render(template, sampleValues(body)));
  if (!sample.success) {
    issues.push(
      ...sample.error.issues.map(
        (issue) => `rendered plan: ${issue.path.join('.') || '(plan)'}: ${issue.message}`,
      ),
    );
  }
  return issues;
}

/**
 * The plan body a playbook version makes from parameters, or a 400 naming the parameter at fault.
 * Pure: nothing is stored until PlanService.submit takes the result.
 */
export function instantiate(
  playbook: { name: string; version: number; body: PlaybookBody },
  request: InstantiateRequest,
): PlanSubmission {
  const checked = validateParams(playbook.body.parameters, request.params);
  if (!checked.ok) {
    throw invalid(checked.issues.map((issue) => issue.message).join('; '), 'invalid_parameters', {
      issues: checked.issues,
    });
  }
  const { summary, intent, context, steps } = playbook.body;
  let rendered: Pick<PlaybookBody, 'summary' | 'intent' | 'context' | 'steps'>;
  try {
    rendered = render({ summary, intent, context, steps }, checked.values);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw invalid(error.message, 'invalid_parameters');
  }
  const plan = PlanBodySchema.safeParse({
    ...rendered,
    context: { ...rendered.context, ...request.context },
    trigger: request.trigger ?? 'manual',
    playbook: { name: playbook.name, version: playbook.version, params: checked.values },
  });
  if (!plan.success) {
    const first = plan.error.issues[0]!;
    throw invalid(
      `playbook ${playbook.name} v${playbook.version} renders an invalid plan: ${first.path.join('.')}: ${first.message}`,
      'invalid_playbook_plan',
      { issues: plan.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
    );
  }
  return plan.data;
}
