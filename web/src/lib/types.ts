// The API's shapes, as far as the console reads them.
export type RiskLevel = 'read' | 'low' | 'medium' | 'high';

export interface Actor {
  id: string;
  type: string;
  name: string;
  roles: string[];
  tenant_id: string;
  tenant_name: string;
}

export interface BlastRadius {
  scope: string;
  namespaces: string[];
  clusters: string[];
  services: string[];
  teams: string[];
}

export interface Requirement {
  tier: string;
  approvers: string[];
  quorum: number;
  ttl_hours: number;
}

export interface Vote {
  actor_id: string;
  decision: 'approve' | 'deny' | 'send_back';
  comment?: string;
  created_at: string;
}

export interface PlanStep {
  step_id: string;
  action: string;
  tool: string;
  input: Record<string, unknown>;
  rollback?: unknown;
  evidence_required?: { type: string; query?: string }[];
}

export interface Plan {
  id: string;
  status: string;
  content_hash: string;
  revision: number;
  summary: string;
  intent: string;
  context: Record<string, string>;
  steps: PlanStep[];
  creator_id: string;
  created_at: string;
  decision: {
    effect: 'allow' | 'deny' | 'require_approval';
    risk: { level: RiskLevel; reasons: string[]; blast_radius: BlastRadius };
    requirement?: Requirement;
    reasons: string[];
    policy_ids: string[];
    policy_version: string;
  };
  approval: {
    status: string;
    votes: Vote[];
    quorum_remaining: number;
    expires_at: string;
    valid_to: string | null;
  } | null;
}

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

export interface Evidence {
  evidence_id: string;
  type: string;
  query: string | null;
  sha256: string;
  result_ref: string;
  link: string | null;
}

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

export interface Run {
  id: string;
  status: string;
  plan_id: string;
  error: { code: string; message: string } | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  steps: RunStep[];
}

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

export interface AuditItem {
  leaf_index: number | null;
  event: Record<string, unknown> & {
    event_id: string;
    action: string;
    occurred_at: string;
    actor: { id: string; type: string };
    context: Record<string, unknown>;
  };
}

export interface ContextGraph {
  services: { service_id: string; name: string; owner_team: string }[];
  nodes: { node_id: string; kind: string; name: string; owner_team?: string | null }[];
  edges: { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
}

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
