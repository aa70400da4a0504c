/**
 * The success answers of WorkLog's routes, for the OpenAPI document and the serializer. Each schema lists the
 * fields in the order its view writes them (repositories.ts, events.ts, intents.ts, review.ts, projects.ts,
 * assets.ts, ci.ts): zod writes listed fields first, so another order would reorder the JSON. Objects kept in
 * jsonb columns (an approval's requirement and votes, a spec, findings, an edit's changes) are documented as
 * objects and written as they are: jsonb keeps its own key order, and their content is another module's.
 */
import { z } from 'zod';
import { PlanStatusSchema } from '../plans/plan-schema.ts';
import { RISK_LEVELS } from './schemas.ts';

const timestamp = z.iso.datetime();
/** An object kept in a jsonb column: documented, written as stored. */
const stored = (description: string) => z.unknown().meta({ type: 'object', description });
const items = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item) });

export const repositoryViewSchema = z.looseObject({
  id: z.string(),
  full_name: z.string(),
  owner_id: z.string(),
  sensitivity: z.enum(['normal', 'high']),
  connection_status: z.enum(['connected', 'disconnected']),
  webhook_status: z.enum(['pending', 'active']),
  last_delivery_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const repositoryListSchema = items(repositoryViewSchema);

export const webhookTargetSchema = z.looseObject({
  path: z.string().describe('Where GitHub sends the deliveries'),
  secret: z.string().describe("The tenant's webhook secret, to enter in GitHub"),
});

export const deliveryOutcomeSchema = z.looseObject({
  status: z.enum(['recorded', 'duplicate', 'ignored']),
  pr_event_id: z.string().optional(),
  reason: z.string().optional(),
});

export const prEventViewSchema = z.looseObject({
  id: z.string(),
  repository_id: z.string(),
  delivery_id: z.string(),
  action: z.string().describe("GitHub's pull_request action: opened, synchronize, reopened, closed, …"),
  pr_number: z.number().int(),
  pr_url: z.string(),
  title: z.string(),
  author: z.string().nullable(),
  base_sha: z.string(),
  head_sha: z.string(),
  merged: z.boolean(),
  received_at: timestamp,
  processed_at: timestamp.nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
});
export const prEventListSchema = items(prEventViewSchema);

const intentApprovalSchema = z.looseObject({
  status: PlanStatusSchema,
  requirement: stored('Who approves and how many: { tier, approvers, quorum, ttl_hours }'),
  votes: z.array(stored('A vote: { actor_id, voter?, roles, decision, at, source, comment? }')),
  // The approval machine's own timestamps, kept as it wrote them.
  expires_at: z.string(),
  valid_from: z.string().nullable(),
  valid_to: z.string().nullable(),
});

export const intentViewSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['review', 'project']),
  purpose: z.string(),
  scope: z.string(),
  constraints: z.array(z.string()),
  success_criteria: z.array(z.string()),
  riskLevel: z.enum(RISK_LEVELS),
  risk_reasons: z.array(z.string()),
  requiresApproval: z.boolean(),
  status: z
    .string()
    .describe("The approval's status (pending_approval, approved, denied, …); approved when none"),
  content_hash: z.string(),
  approval: intentApprovalSchema.nullable().describe('null when the intent needs no approval'),
  creatorId: z.string(),
  pr_event_id: z.string().nullable(),
  spec: stored('A review: its pull request; a project: its repository, bootstrap and considerations'),
  created_at: timestamp,
  updated_at: timestamp,
});
export const intentListSchema = items(intentViewSchema);

const pipelineJobSchema = z.looseObject({
  run_id: z.number().int(),
  name: z.string().nullable(),
  branch: z.string().nullable(),
  commit_sha: z.string(),
  status: z.enum(['queued', 'in_progress', 'completed', 'failed', 'cancelled']),
  started_at: timestamp,
  completed_at: timestamp.nullable(),
  duration_seconds: z.number().int().nullable(),
  logs_url: z.string(),
  // From the check runs and commit statuses named for each (worklog/ci.ts); null when none answers.
  lint_passed: z.boolean().nullable(),
  type_check_passed: z.boolean().nullable(),
  tests_passed: z.boolean().nullable(),
  coverage_pct: z.number().nullable(),
  contract_check_passed: z.boolean().nullable(),
});

const previewDeploymentSchema = z.looseObject({
  pr_number: z.number().int(),
  environment: z.string(),
  frontend_url: z.string().nullable(),
  backend_url: z.string().nullable(),
  created_at: timestamp,
  deleted_at: timestamp.nullable(),
  status: z.enum(['building', 'ready', 'error', 'deleted']),
  commit_sha: z.string(),
  environment_vars: z.record(z.string(), z.string()),
});

export const runViewSchema = z.looseObject({
  runId: z.string(),
  intentId: z.string(),
  approvalId: z.string().nullable(),
  repoFullName: z.string(),
  prNumber: z.number().int(),
  prUrl: z.string(),
  baseSHA: z.string(),
  headSHA: z.string(),
  diffHash: z.string().nullable(),
  status: z.enum(['waiting_approval', 'queued', 'running', 'succeeded', 'failed']),
  errorCode: z.string().nullable(),
  githubReviewId: z.number().int().nullable(),
  evidences: z.array(
    z.looseObject({
      kind: z.string().describe('pr_url, diff_hash or ci_snapshot'),
      url: z.string().nullable(),
      hash: z.string().nullable(),
    }),
  ),
  review: z
    .looseObject({
      summary: z.string(),
      findings: z.array(
        stored(
          'A finding: { id, category, severity, title, description, evidenceRef, recommendation, confidence }',
        ),
      ),
      status: z.enum(['valid', 'invalid']),
      errorCode: z.string().nullable(),
    })
    .nullable()
    .describe('null until the model has answered'),
  ci: z
    .looseObject({
      head_sha: z.string(),
      pipelines: z.array(pipelineJobSchema),
      previews: z.array(previewDeploymentSchema),
      sha256: z.string(),
      captured_at: timestamp,
    })
    .nullable()
    .describe(
      "GitHub's CI of the head as the review found it (seed 003's PipelineJob, PreviewDeployment); null before the review read it or when it could not",
    ),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
});

export const provisioningViewSchema = z.looseObject({
  eventId: z.string(),
  intentId: z.string(),
  approvalId: z.string(),
  actorId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  resourceUrl: z.string(),
  structureType: z.string().nullable(),
  createdAt: timestamp,
});

export const intentDetailSchema = intentViewSchema.extend({
  run: runViewSchema.nullable().describe('A review intent’s run; null for a project or before it exists'),
  provisioning: z.array(provisioningViewSchema).describe('A project intent’s provisioning events'),
});

export const intentVoteResultSchema = z.looseObject({
  approval: z.looseObject({ id: z.string(), decision: z.enum(['approve', 'deny', 'send_back']) }),
  intent: intentViewSchema,
});

export const cardViewSchema = z.looseObject({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'flagged']),
  title: z.string(),
  summary: z.string(),
  impact: z.string(),
  skills: z.array(z.string()),
  owner_id: z.string(),
  pr: z.looseObject({
    pr_event_id: z.string(),
    repository: z.string(),
    number: z.number().int(),
    url: z.string(),
    merged_at: timestamp.nullable(),
  }),
  created_at: timestamp,
  updated_at: timestamp,
});
export const cardListSchema = items(cardViewSchema);

export const cardDetailSchema = cardViewSchema.extend({
  decisions: z.array(
    z.looseObject({
      id: z.string(),
      actor_id: z.string(),
      decision: z.enum(['approve', 'edit', 'reject']),
      changes: stored("An edit's card fields { before, after }; null for other decisions").nullable(),
      comment: z.string().nullable(),
      created_at: timestamp,
    }),
  ),
});

export const cardExport = {
  description: "The caller's approved asset cards: JSON by default, Markdown with format=md",
  content: {
    'application/json': { schema: z.looseObject({ cards: z.array(cardViewSchema) }) },
    'text/markdown': { schema: z.string() },
  },
};

export const pullRequestCiSchema = z.looseObject({
  repository: z.string(),
  pr_number: z.number().int(),
  head_sha: z.string(),
  pipelines: z.array(pipelineJobSchema),
  previews: z.array(previewDeploymentSchema),
});

const rateSchema = z.looseObject({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z
    .number()
    .nullable()
    .describe('numerator / denominator (4 places); null when there is nothing to count'),
});

export const kpiViewSchema = z.looseObject({
  from: timestamp,
  to: timestamp.describe('excluded'),
  link_rate: rateSchema.describe(
    'Pull requests with a reviewable event in the period that are linked to an intent',
  ),
  approval_rate: rateSchema.describe(
    'Intents created in the period that need an approval and were decided: approved',
  ),
  audit_success_rate: rateSchema.describe(
    "Seed 000's success metric: AI runs that acted and repositories created in the period with their intent, " +
      'an approval given before the action where required, and their evidence',
  ),
  counts: z.looseObject({
    pull_requests: z.number().int(),
    ai_runs: z.number().int(),
    ai_runs_acted: z.number().int(),
    repository_creations: z.number().int(),
    intents_requiring_approval: z.number().int(),
    intents_decided: z.number().int(),
  }),
  deficits: z.looseObject({
    run_without_intent: z.number().int(),
    approval_missing: z.number().int(),
    approval_after_the_fact: z.number().int(),
    evidence_missing: z.number().int(),
  }),
});

export const reportContent = {
  description: 'The audit report of the period: Markdown by default, HTML with format=html',
  content: {
    'text/markdown': { schema: z.string() },
    'text/html': { schema: z.string() },
  },
};

export const provisioningListSchema = items(provisioningViewSchema);
