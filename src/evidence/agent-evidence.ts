/**
 * Evidence an agent collected itself (a query it ran, a tool result the MCP gateway saw), attached to a
 * step of a plan. The result is redacted, stored in the object store and referenced by key and SHA-256:
 * the database and the audit log hold references and hashes only.
 */
import type { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { forbidden, invalid } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { idempotent } from '../db/idempotency.ts';
import { loadPlan } from '../plans/store.ts';
import type { Redactor } from '../redaction/redact.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { AgentEvidenceSchema, AgentEvidenceView } from './agent-evidence-schema.ts';
import { insertAgentEvidence, listAgentEvidence } from './store.ts';
import type { AgentEvidenceRecord } from './tables.ts';

export {
  type AgentEvidenceInput,
  AgentEvidenceSchema,
  type AgentEvidenceView,
} from './agent-evidence-schema.ts';

const view = (row: AgentEvidenceRecord): AgentEvidenceView => ({
  id: row.id,
  plan_id: row.plan_id,
  step_id: row.step_id,
  type: row.type,
  query: row.query,
  result_ref: row.result_ref,
  sha256: row.sha256,
  link: row.link,
  actor_id: row.actor_id,
  collected_at: row.collected_at.toISOString(),
});

export class AgentEvidenceService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #objects: Pick<ObjectStore, 'put'>;
  readonly #redactor: Pick<Redactor, 'value' | 'text'>;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    objects: Pick<ObjectStore, 'put'>;
    redactor: Pick<Redactor, 'value' | 'text'>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#objects = deps.objects;
    this.#redactor = deps.redactor;
  }

  async attach(
    actor: Actor,
    planId: string,
    input: z.output<typeof AgentEvidenceSchema>,
    idempotencyKey?: string,
  ) {
    if (!hasRole(actor, 'agent', 'operator', 'admin')) {
      throw forbidden('attaching evidence needs the agent, operator or admin role');
    }
    return this.#orm.transaction(async (tx) => {
      const plan = await loadPlan(tx, actor.tenant_id, planId);
      if (!plan.body.steps.some((step) => step.step_id === input.step_id)) {
        throw invalid(`the plan has no step ${input.step_id}`, 'unknown_step');
      }
      return idempotent(
        tx,
        {
          tenant_id: actor.tenant_id,
          actor_id: actor.id,
          route: 'POST /v1/plans/:id/evidence',
          key: idempotencyKey,
        },
        { planId, input },
        async () => {
          const id = newId();
          const now = this.#clock.now();
          const bytes = JSON.stringify(this.#redactor.value(input.result));
          const ref = `evidence/agent/${plan.id}/${id}.json`;
          // Written before the row commits: a rollback leaves an unreferenced object, never a dangling row.
          await this.#objects.put(ref, bytes);
          const row: AgentEvidenceRecord = {
            id,
            tenant_id: actor.tenant_id,
            plan_id: plan.id,
            step_id: input.step_id,
            type: input.type,
            query: this.#redactor.text(input.query),
            result_ref: ref,
            sha256: sha256Hex(bytes),
            link: input.link ? this.#redactor.text(input.link) : null,
            actor_id: actor.id,
            collected_at: now,
          };
          await insertAgentEvidence(tx, row);
          await appendAudit(tx, {
            tenant_id: actor.tenant_id,
            actor,
            action: 'evidence.attached',
            occurred_at: now,
            plan_id: plan.id,
            evidence_refs: [ref],
            context: { evidence_id: id, step_id: row.step_id, type: row.type, sha256: row.sha256 },
          });
          return { status: 201, body: view(row) };
        },
      );
    });
  }

  async list(actor: Actor, planId: string): Promise<AgentEvidenceView[]> {
    await loadPlan(this.#orm, actor.tenant_id, planId);
    return (await listAgentEvidence(this.#orm, actor.tenant_id, planId)).map(view);
  }
}
