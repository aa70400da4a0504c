import type { AuditAction } from '../audit/actions.ts';
import { type AuditInput, appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, invalid, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { idempotent } from '../db/idempotency.ts';
import { assessSteps, withEnvironments } from '../policy/assess.ts';
import type { PolicyService } from '../policy/service.ts';
import type { Redactor } from '../redaction/redact.ts';
import { type ApprovalState, isFinal, openApproval, reduceApproval } from './approvals/machine.ts';
import { planContentHash, stepInputHash } from './content-hash.ts';
import type { PlanEvents } from './plan-events.ts';
import type { EvidenceRequirement, PlanSubmission } from './plan-schema.ts';
import {
  insertPlan,
  listPlans,
  loadPlan,
  openPlanIdsUsingTool,
  type PlanListFilter,
  updatePlan,
} from './store.ts';
import type { PlanRecord } from './tables.ts';

export interface PlanFilter extends Omit<PlanListFilter, 'before'> {
  cursor?: string | undefined;
  limit?: number | undefined;
}

export type PlanView = ReturnType<typeof planView>;

/** The API's picture of a plan: the §8 fields first (id, status, content_hash, decision), then the rest. */
export function planView(row: PlanRecord) {
  const { decision, risk, approval } = row;
  return {
    id: row.id,
    status: row.status,
    content_hash: row.content_hash,
    revision: row.revision,
    decision: {
      effect: decision.effect,
      risk: row.risk.plan,
      ...(decision.requirement ? { requirement: decision.requirement } : {}),
      reasons: decision.reasons,
      policy_ids: decision.policy_ids,
      policy_version: decision.policy_version,
      ...(decision.environment ? { environment: decision.environment } : {}),
      ...(decision.context_graph ? { context_graph: decision.context_graph } : {}),
      steps: decision.steps.map((step) => ({
        ...step,
        risk: risk.steps.find((s) => s.step_id === step.step_id)?.risk,
      })),
    },
    approval: approval ? approvalView(approval) : null,
    creator_id: row.creator_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...row.body,
  };
}

function approvalView(state: ApprovalState) {
  const approvals = state.votes.filter((vote) => vote.decision === 'approve').length;
  return {
    status: state.status,
    requirement: state.requirement,
    votes: state.votes,
    quorum_remaining: Math.max(0, state.requirement.quorum - approvals),
    requested_at: state.requested_at,
    expires_at: state.expires_at,
    valid_from: state.valid_from ?? null,
    valid_to: state.valid_to ?? null,
  };
}

const statusFor = { allow: 'approved', deny: 'denied', require_approval: 'pending_approval' } as const;

/** Which kinds of evidence the configured connectors can collect. */
export interface EvidenceCollectors {
  collects(type: EvidenceRequirement['type']): boolean;
}

export class PlanService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: Pick<PolicyService, 'forTenant'>;
  readonly #redactor: Pick<Redactor, 'value'>;
  readonly #events: Pick<PlanEvents, 'decided' | 'cancelled'> | undefined;
  readonly #evidence: EvidenceCollectors;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    policy: Pick<PolicyService, 'forTenant'>;
    redactor: Pick<Redactor, 'value'>;
    evidence: EvidenceCollectors;
    /** Told of each decision once committed (metrics, traces, chat notices). */
    events?: Pick<PlanEvents, 'decided' | 'cancelled'>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    this.#redactor = deps.redactor;
    this.#events = deps.events;
    this.#evidence = deps.evidence;
  }

  /** Validates, redacts, scores and decides a plan, then stores it with its audit trail. */
  async submit(actor: Actor, submission: PlanSubmission, idempotencyKey?: string) {
    const id = newId();
    const now = this.#clock.now();
    const assessed = await this.#assess(actor, id, submission);
    const row: PlanRecord = {
      id,
      tenant_id: actor.tenant_id,
      creator_id: actor.id,
      status: statusFor[assessed.decision.effect],
      trigger: submission.trigger,
      created_at: now,
      updated_at: now,
      revision: 1,
      ...assessed.columns,
      approval:
        assessed.decision.requirement && assessed.decision.effect === 'require_approval'
          ? openApproval({
              creator_id: actor.id,
              content_hash: assessed.columns.content_hash,
              requirement: assessed.decision.requirement,
              at: now.toISOString(),
            })
          : null,
    };
    const result = await this.#orm.transaction((tx) =>
      idempotent(
        tx,
        { tenant_id: actor.tenant_id, actor_id: actor.id, route: 'POST /v1/plans', key: idempotencyKey },
        submission,
        async () => {
          await insertPlan(tx, row);
          await appendAudit(tx, ...this.#decisionEvents(actor, row, 'plan.submitted', now));
          return { status: 201, body: planView(row) };
        },
      ),
    );
    if (!result.replayed) {
      this.#events?.decided?.({
        tenant_id: actor.tenant_id,
        plan: result.body,
        revised: false,
        started: now,
        at: this.#clock.now(),
      });
    }
    return result;
  }

  async get(actor: Actor, id: string): Promise<PlanView> {
    return planView(await loadPlan(this.#orm, actor.tenant_id, id));
  }

  async list(actor: Actor, filter: PlanFilter): Promise<{ items: PlanView[]; next_cursor: string | null }> {
    const { cursor, limit: wanted, ...where } = filter;
    const limit = Math.min(Math.max(wanted ?? 50, 1), 200);
    const before = cursor ? decodeCursor(cursor) : undefined;
    const rows = await listPlans(this.#orm, actor.tenant_id, { ...where, before }, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(planView),
      next_cursor: rows.length > limit && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
    };
  }

  /** A new revision: re-assessed and re-decided; every vote on the old content is void. */
  async revise(actor: Actor, id: string, submission: PlanSubmission) {
    const started = this.#clock.now();
    const view = await this.#orm.transaction(async (tx) => {
      const row = await loadPlan(tx, actor.tenant_id, id, true);
      this.#mayChange(actor, row, 'revise');
      if (isFinal(row.status)) throw conflict(`a ${row.status} plan cannot be revised`, 'final_state');
      const assessed = await this.#assess(actor, id, submission);
      if (assessed.columns.content_hash === row.content_hash) {
        throw conflict('the revision does not change the plan', 'unchanged');
      }
      const now = this.#clock.now();
      const revised: PlanRecord = {
        ...row,
        ...assessed.columns,
        revision: row.revision + 1,
        status: statusFor[assessed.decision.effect],
        updated_at: now,
        approval:
          assessed.decision.effect === 'require_approval' && assessed.decision.requirement
            ? {
                ...openApproval({
                  creator_id: row.creator_id,
                  content_hash: assessed.columns.content_hash,
                  requirement: assessed.decision.requirement,
                  at: now.toISOString(),
                }),
                revision: row.revision + 1,
              }
            : null,
      };
      await updatePlan(tx, revised, actor.id);
      await appendAudit(
        tx,
        ...this.#decisionEvents(actor, revised, 'plan.revised', now, {
          previous_content_hash: row.content_hash,
        }),
      );
      return planView(revised);
    });
    this.#events?.decided?.({
      tenant_id: actor.tenant_id,
      plan: view,
      revised: true,
      started,
      at: this.#clock.now(),
    });
    return view;
  }

  /**
   * Re-decides the tenant's open plans that call `tool` after its definition changed (a new catalog version):
   * the approvers saw, and policy decided, another tool. Content and revision stay; votes are void. A plan whose
   * input no longer fits the tool is denied. Returns the ids of the plans re-decided.
   */
  async redecideForTool(actor: Actor, tool: string): Promise<string[]> {
    const redecided: string[] = [];
    // Loaded before any transaction: the embedded database has one connection, which a transaction holds.
    const current = (await this.#policy.forTenant(actor.tenant_id)).catalog.versionOf(tool);
    for (const id of await openPlanIdsUsingTool(this.#orm, actor.tenant_id, tool)) {
      await this.#policy.forTenant(actor.tenant_id);
      const view = await this.#orm.transaction(async (tx) => {
        const row = await loadPlan(tx, actor.tenant_id, id, true);
        if (isFinal(row.status)) return undefined;
        const stale = row.risk.steps.filter(
          (step) => step.facts.tool === tool && step.tool_version !== current,
        );
        if (stale.length === 0) return undefined;
        const now = this.#clock.now();
        const redecidedRow = await this.#redecided(actor, row, now);
        await updatePlan(tx, redecidedRow);
        await appendAudit(
          tx,
          ...this.#decisionEvents(actor, redecidedRow, 'plan.redecided', now, {
            reason: 'tool_changed',
            tool,
            previous_tool_version: stale[0]!.tool_version ?? null,
            tool_version: current ?? null,
            previous_status: row.status,
          }),
        );
        return planView(redecidedRow);
      });
      if (!view) continue;
      redecided.push(id);
      this.#events?.decided?.({
        tenant_id: actor.tenant_id,
        plan: view,
        revised: true,
        started: this.#clock.now(),
        at: this.#clock.now(),
      });
    }
    return redecided;
  }

  /** The plan as the current catalog and policy decide its unchanged content. */
  async #redecided(actor: Actor, row: PlanRecord, now: Date): Promise<PlanRecord> {
    const assessed = await this.#assess(actor, row.id, row.body).catch((error: unknown) => {
      if (error instanceof Problem && error.status === 400) return error;
      throw error;
    });
    if (assessed instanceof Problem) {
      // The stored input no longer fits the tool: nobody may run it as it stands.
      return {
        ...row,
        status: 'denied',
        updated_at: now,
        approval: null,
        decision: {
          ...row.decision,
          effect: 'deny',
          requirement: undefined,
          reasons: [`re-decided after a tool changed: ${assessed.message}`],
        },
      };
    }
    const { decision, risk, risk_level, environment } = assessed.columns;
    return {
      ...row,
      decision,
      risk,
      risk_level,
      environment,
      status: statusFor[decision.effect],
      updated_at: now,
      approval:
        decision.effect === 'require_approval' && decision.requirement
          ? {
              ...openApproval({
                creator_id: row.creator_id,
                content_hash: row.content_hash,
                requirement: decision.requirement,
                at: now.toISOString(),
              }),
              revision: row.revision,
            }
          : null,
    };
  }

  async cancel(actor: Actor, id: string, reason?: string): Promise<PlanView> {
    const view = await this.#orm.transaction(async (tx) => {
      const row = await loadPlan(tx, actor.tenant_id, id, true);
      this.#mayChange(actor, row, 'cancel');
      if (isFinal(row.status)) throw conflict(`the plan is already ${row.status}`, 'final_state');
      const now = this.#clock.now();
      let approval = row.approval;
      if (approval) {
        const result = reduceApproval(approval, {
          type: 'cancel',
          at: now.toISOString(),
          actor_id: actor.id,
        });
        if (!result.ok) throw conflict(result.message, result.code);
        approval = result.state;
      }
      const cancelled: PlanRecord = { ...row, status: 'cancelled', approval, updated_at: now };
      await updatePlan(tx, cancelled);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'plan.cancelled',
        occurred_at: now,
        plan_id: id,
        context: { reason: reason ?? null, content_hash: row.content_hash },
      });
      return planView(cancelled);
    });
    this.#events?.cancelled?.({ tenant_id: actor.tenant_id, plan_id: id, at: this.#clock.now() });
    return view;
  }

  /** Only the creator, or an admin or operator of the tenant, may change a plan. */
  #mayChange(actor: Actor, row: PlanRecord, what: string): void {
    if (row.creator_id !== actor.id && !actor.roles.some((role) => role === 'admin' || role === 'operator')) {
      throw forbidden(`only the plan's creator, an admin or an operator may ${what} it`);
    }
  }

  async #assess(actor: Actor, planId: string, submission: PlanSubmission) {
    const tenant = await this.#policy.forTenant(actor.tenant_id);
    const assessment = assessSteps(
      submission.context,
      submission.steps,
      tenant.catalog,
      tenant.graph,
      tenant.unmapped,
    );
    if (!assessment.ok) {
      const unknown = assessment.issues.find((issue) => issue.path === 'tool');
      const first = assessment.issues[0]!;
      throw invalid(
        unknown
          ? `step ${unknown.step_id}: ${unknown.message}`
          : `step ${first.step_id}: ${first.path}: ${first.message}`,
        unknown ? 'unknown_tool' : 'invalid_step_input',
        { issues: assessment.issues },
      );
    }
    this.#refuseUncollectable(submission);
    const decided = await tenant.decider.decidePlan({
      policy_version: tenant.version,
      actor,
      plan_id: planId,
      steps: assessment.steps.map((step) => step.facts),
    });
    const decision = withEnvironments(decided, assessment.steps, tenant.graphRef);
    if (decision.effect === 'require_approval' && !decision.requirement) {
      throw new Problem(500, 'policy_error', 'the policy asked for approval without a requirement');
    }
    // Hash what people approve (redacted); match calls against what was submitted.
    const body = this.#redactor.value(submission);
    const stepHashes = Object.fromEntries(
      submission.steps.map((step) => [step.step_id, stepInputHash(step.tool, step.input)]),
    );
    return {
      decision,
      columns: {
        summary: body.summary,
        // Where it was decided, which the graph may make stricter than the declaration.
        environment: decision.environment?.value ?? body.context.environment,
        risk_level: assessment.risk.level,
        content_hash: planContentHash(body),
        body,
        step_hashes: stepHashes,
        risk: { plan: assessment.risk, steps: assessment.steps },
        decision,
      },
    };
  }

  /** Evidence nobody can collect would fail the run after its step acted: refused before anyone approves. */
  #refuseUncollectable(submission: PlanSubmission): void {
    for (const step of submission.steps) {
      const missing = step.evidence_required.find((required) => !this.#evidence.collects(required.type));
      if (missing) {
        throw invalid(
          `step ${step.step_id}: no configured connector collects ${missing.type} evidence`,
          'evidence_uncollectable',
          { step_id: step.step_id, evidence_type: missing.type },
        );
      }
    }
  }

  #decisionEvents(
    actor: Actor,
    row: PlanRecord,
    action: AuditAction,
    at: Date,
    extra: Record<string, unknown> = {},
  ) {
    const base = {
      tenant_id: row.tenant_id,
      actor,
      occurred_at: at,
      plan_id: row.id,
    };
    const events: AuditInput[] = [
      {
        ...base,
        action,
        decision: row.decision.effect,
        context: {
          ...extra,
          content_hash: row.content_hash,
          revision: row.revision,
          summary: row.summary,
          environment: row.environment,
          risk_level: row.risk_level,
          policy_version: row.decision.policy_version,
          policy_ids: row.decision.policy_ids,
          requirement: row.decision.requirement ?? null,
        },
      },
    ];
    if (row.status === 'approved')
      events.push({ ...base, action: 'plan.approved', decision: 'allow', context: { by: 'policy' } });
    if (row.status === 'denied')
      events.push({ ...base, action: 'plan.denied', decision: 'deny', context: { by: 'policy' } });
    return events;
  }
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw invalid('the cursor is not one this API gave out', 'invalid_cursor');
  }
  return { at, id };
}
