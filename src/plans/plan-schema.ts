import { z } from 'zod';

// The public contract of `POST /v1/plans`: a plan's intent, context and steps, plus the WorkLog intent fields
// (purpose, scope, constraints, success criteria).
// Objects are strict so that a misspelt field is an error rather than silently ignored content.

export const PlanStatusSchema = z.enum([
  'pending_approval',
  'approved',
  'denied',
  'sent_back',
  'cancelled',
  'expired',
]);
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

export const TriggerSchema = z.enum(['manual', 'alert', 'webhook', 'scheduled']);
export type Trigger = z.infer<typeof TriggerSchema>;

export const EnvironmentSchema = z.enum(['dev', 'stage', 'prod']);
export type Environment = z.infer<typeof EnvironmentSchema>;

const name = z.string().min(1).max(256);

export const ContextRefSchema = z.strictObject({
  environment: EnvironmentSchema,
  cluster_id: name.optional(),
  namespace: name.optional(),
  aws_account_id: name.optional(),
  region: name.optional(),
  argocd_project: name.optional(),
  grafana_org_id: name.optional(),
});
export type ContextRef = z.infer<typeof ContextRefSchema>;

export const RollbackSpecSchema = z.strictObject({
  // `undo`: the tool's own undo through its connector, for tools that are neither Argo CD nor a scale.
  type: z.enum(['argo', 'scale', 'custom', 'undo']),
  steps: z.array(z.string().min(1)),
});
export type RollbackSpec = z.infer<typeof RollbackSpecSchema>;

export const EvidenceRequirementSchema = z.strictObject({
  type: z.enum(['promql', 'traceql', 'argocd', 'k8s', 'cloudtrail', 'git', 'log']),
  query: z.string().min(1),
});
export type EvidenceRequirement = z.infer<typeof EvidenceRequirementSchema>;

export const STEP_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export const PlanStepSchema = z.strictObject({
  step_id: z.string().regex(STEP_ID_PATTERN, 'step_id must be 1-64 characters of A-Z a-z 0-9 _ . -'),
  action: z.string().min(1).max(500),
  tool: z.string().min(1).max(128),
  input: z.record(z.string(), z.unknown()),
  preconditions: z.array(z.string().min(1)).default([]),
  rollback: RollbackSpecSchema.optional(),
  evidence_required: z.array(EvidenceRequirementSchema).default([]),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const ChangeWindowSchema = z
  .strictObject({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
  })
  .refine((w) => Date.parse(w.start) < Date.parse(w.end), {
    message: 'change_window.end must be after change_window.start',
    path: ['end'],
  });
export type ChangeWindow = z.infer<typeof ChangeWindowSchema>;

const planFields = {
  summary: z.string().min(1).max(500),
  intent: z.string().min(1).max(4000),
  trigger: TriggerSchema.default('manual'),
  context: ContextRefSchema,
  // Seed 001 allows null for these two; null and absent mean the same thing.
  constraints: z.record(z.string(), z.unknown()).nullish(),
  plan_text: z.string().max(100_000).nullish(),
  purpose: z.string().min(1).max(4000).optional(),
  scope: z.string().min(1).max(4000).optional(),
  success_criteria: z.array(z.string().min(1)).optional(),
  change_window: ChangeWindowSchema.optional(),
  steps: z.array(PlanStepSchema).min(1).max(50),
};

// Steps are addressed by step_id at authorization time, so an ambiguous id would make a warrant ambiguous.
function uniqueStepIds(plan: { steps: { step_id: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  plan.steps.forEach((step, i) => {
    if (seen.has(step.step_id)) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate step_id "${step.step_id}": step ids must be unique within a plan`,
        path: ['steps', i, 'step_id'],
      });
    }
    seen.add(step.step_id);
  });
}

/** What clients submit. It has no `playbook`: provenance is only ever set by Warrant itself. */
export const PlanSubmissionSchema = z.strictObject(planFields).superRefine(uniqueStepIds);

/** The playbook version and parameters a plan was instantiated from; part of the hashed, approved content. */
export const PlaybookProvenanceSchema = z.strictObject({
  name: z.string().min(1).max(100),
  version: z.int().min(1),
  params: z.record(z.string(), z.unknown()),
});
export type PlaybookProvenance = z.infer<typeof PlaybookProvenanceSchema>;

/** A plan body Warrant produced (a submission, or a playbook's instance with its provenance). */
export const PlanBodySchema = z
  .strictObject({ ...planFields, playbook: PlaybookProvenanceSchema.optional() })
  .superRefine(uniqueStepIds);

/** A validated submission, defaults applied (with provenance when a playbook made it). */
export type PlanSubmission = z.output<typeof PlanBodySchema>;
/** What a client may send (defaults optional). */
export type PlanSubmissionInput = z.input<typeof PlanSubmissionSchema>;
