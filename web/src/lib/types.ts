// The API's shapes, as far as the console reads them: the contract's (api-schema.d.ts, generated from
// /openapi.json by `npm run api-types`) where the document describes the answer, written here where it does not yet.
import type { operations } from './api-schema.d.ts';

type JsonAnswer<Responses> = Responses extends { 200: { content: { 'application/json': infer Body } } }
  ? Body
  : never;

/** The operations whose 200 answer the document describes: naming another one is a type error, not `never`. */
type Documented = {
  [Operation in keyof operations]: [JsonAnswer<operations[Operation]['responses']>] extends [never]
    ? never
    : Operation;
}[keyof operations];

/** The JSON body of an operation's 200 answer. */
type Answer<Operation extends Documented> = JsonAnswer<operations[Operation]['responses']>;

export type Actor = Answer<'getWhoami'>['actor'];

/** Seed 000's KPIs of a period (GET /v1/worklog/kpi). */
export type WorkLogKpi = Answer<'getWorklogKpi'>;

/** A run step by step, with an excerpt of each tool call's redacted output (GET /v1/runs/{id}/logs). */
export type RunLog = Answer<'getRunsIdLogs'>;

type DocumentedPlan = Answer<'getPlansId'>;
export type RiskLevel = DocumentedPlan['decision']['risk']['level'];
export type BlastRadius = DocumentedPlan['decision']['risk']['blast_radius'];
export type Requirement = NonNullable<DocumentedPlan['decision']['requirement']>;

// not in the contract yet: getPlansId's approval.votes
export interface Vote {
  actor_id: string;
  decision: 'approve' | 'deny' | 'send_back';
  comment?: string;
  created_at: string;
}

// not in the contract yet: getPlansId's steps
export interface PlanStep {
  step_id: string;
  action: string;
  tool: string;
  input: Record<string, unknown>;
  rollback?: unknown;
  evidence_required?: { type: string; query?: string }[];
}

// not in the contract yet: getPlansId's summary, intent, context, steps, creator_id, created_at, approval,
// decision.policy_ids and decision.policy_version
export type Plan = DocumentedPlan & {
  summary: string;
  intent: string;
  context: Record<string, string>;
  steps: PlanStep[];
  creator_id: string;
  created_at: string;
  decision: { policy_ids: string[]; policy_version: string };
  approval: {
    status: string;
    votes: Vote[];
    quorum_remaining: number;
    expires_at: string;
    valid_to: string | null;
  } | null;
};

// not in the contract yet: getRunsId
export interface ToolCall {
  tool_call_id: string;
  tool_name: string;
  phase: string;
  status: string;
  attempts: number;
  input_ref: string | null;
  input_sha256: string | null;
  output_ref: string | null;
  output_sha256: string | null;
  link: string | null;
  error: { code: string; message: string } | null;
  started_at: string | null;
  completed_at: string | null;
}

// not in the contract yet: getRunsId
export interface Evidence {
  evidence_id: string;
  type: string;
  query: string | null;
  sha256: string;
  result_ref: string;
  link: string | null;
}

// not in the contract yet: getRunsId
export interface RunStep {
  step_id: string;
  status: string;
  action: string;
  tool: string;
  rollback: unknown;
  error: { code: string; message: string } | null;
  tool_calls: ToolCall[];
  evidence: Evidence[];
}

// not in the contract yet: getRunsId
export interface Run {
  id: string;
  status: string;
  plan_id: string;
  started_by: string;
  resume_after: string | null;
  failed_drives: number;
  error: { code: string; message: string } | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  steps: RunStep[];
}

// not in the contract yet: getExceptions
export interface ExceptionEvent {
  id: string;
  type: string;
  status: 'open' | 'resolved';
  actor_id: string;
  plan_id?: string;
  run_id?: string;
  reason?: string;
  details: Record<string, unknown>;
  raised_at: string;
  resolution?: { text: string; reviewer_id: string; at: string };
}

// not in the contract yet: getAuditEvents' event fields (the document has an open object)
export type AuditItem = Answer<'getAuditEvents'>['items'][number] & {
  event: {
    event_id: string;
    action: string;
    occurred_at: string;
    actor: { id: string; type: string };
    context: Record<string, unknown>;
  };
};

// not in the contract yet: getContextGraph
export interface ContextGraph {
  services: { service_id: string; name: string; owner_team: string }[];
  nodes: { node_id: string; kind: string; name: string; owner_team?: string | null }[];
  edges: { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
}

// not in the contract yet: getWorklogIntents
/** A WorkLog intent: a pull request to review or a project to provision, and its approval. */
export interface WorkLogIntent {
  id: string;
  kind: 'review' | 'project';
  purpose: string;
  scope: string;
  constraints: string[];
  success_criteria: string[];
  riskLevel: RiskLevel;
  risk_reasons: string[];
  requiresApproval: boolean;
  status: string;
  content_hash: string;
  approval: {
    status: string;
    requirement: Requirement;
    votes: Vote[];
    expires_at: string;
    valid_to: string | null;
  } | null;
  creatorId: string;
  spec: { pr_url?: string; repository?: { owner: string; name: string; private?: boolean } };
  created_at: string;
}
