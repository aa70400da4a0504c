import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Orm } from '../db/connect.ts';
import { loadPlan } from '../plans/store.ts';
import type { PolicyService } from '../policy/service.ts';
import { findRunbook, listRunbooks, runbooksLinkedTo, upsertRunbook } from './store.ts';
import type { RunbookRecord } from './tables.ts';

export const RUNBOOK_ID = /^[A-Za-z0-9_.-]{1,100}$/;

export const RunbookInputSchema = z.strictObject({
  title: z.string().min(1).max(300),
  markdown: z.string().max(200_000),
  /** Context-graph services, by service id or name. */
  services: z.array(z.string().min(1).max(256)).max(100).default([]),
  /** Playbook names. */
  playbooks: z.array(z.string().min(1).max(100)).max(100).default([]),
});
export type RunbookInput = z.output<typeof RunbookInputSchema>;

// Reads pass whole records, so their answers carry tenant_id too; a put's answer is what it returned.
const view = (row: Omit<RunbookRecord, 'tenant_id'>) => ({ ...row, updated_at: iso(row.updated_at) });
export type RunbookView = ReturnType<typeof view>;

/** Markdown runbooks linked to services and playbooks, shown beside the plans they concern. */
export class RunbookService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: Pick<PolicyService, 'forTenant'>;

  constructor(deps: { orm: Orm; clock: Clock; policy: Pick<PolicyService, 'forTenant'> }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
  }

  async put(
    actor: Actor,
    id: string,
    input: RunbookInput,
  ): Promise<{ runbook: RunbookView; created: boolean }> {
    if (!hasRole(actor, 'admin', 'operator'))
      throw forbidden('changing runbooks needs the admin or operator role');
    const now = this.#clock.now();
    return this.#orm.transaction(async (tx) => {
      const row = await upsertRunbook(tx, {
        tenant_id: actor.tenant_id,
        id,
        title: input.title,
        markdown: input.markdown,
        services: input.services,
        playbooks: input.playbooks,
        updated_by: actor.id,
        updated_at: now,
      });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: row.version === 1 ? 'runbook.created' : 'runbook.updated',
        occurred_at: now,
        context: {
          runbook_id: id,
          version: row.version,
          services: input.services,
          playbooks: input.playbooks,
        },
      });
      return { runbook: view(row), created: row.version === 1 };
    });
  }

  async get(actor: Actor, id: string): Promise<RunbookView> {
    const row = await findRunbook(this.#orm, actor.tenant_id, id);
    if (!row) throw notFound(`runbook ${id}`);
    return view(row);
  }

  async list(actor: Actor): Promise<RunbookView[]> {
    return (await listRunbooks(this.#orm, actor.tenant_id)).map(view);
  }

  /** The runbooks linked to the plan's playbook or to a service in its blast radius (by name or id). */
  async forPlan(actor: Actor, planId: string): Promise<RunbookView[]> {
    const plan = await loadPlan(this.#orm, actor.tenant_id, planId);
    const names = plan.risk.plan.blast_radius.services;
    const { graph } = await this.#policy.forTenant(actor.tenant_id);
    const ids = graph.graph.services.filter((s) => names.includes(s.name)).map((s) => s.service_id);
    const services = [...new Set([...names, ...ids])];
    const playbooks = plan.body.playbook ? [plan.body.playbook.name] : [];
    if (services.length === 0 && playbooks.length === 0) return [];
    return (await runbooksLinkedTo(this.#orm, actor.tenant_id, { services, playbooks })).map(view);
  }
}
