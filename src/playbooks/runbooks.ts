import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden, notFound } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import { loadPlan } from '../plans/store.ts';
import type { PolicyService } from '../policy/service.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';

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

interface RunbookRow {
  id: string;
  title: string;
  markdown: string;
  services: string[];
  playbooks: string[];
  version: number;
  updated_by: string;
  updated_at: Date | string;
}

const view = (row: RunbookRow) => ({ ...row, updated_at: iso(row.updated_at) });
export type RunbookView = ReturnType<typeof view>;

/** Markdown runbooks linked to services and playbooks, shown beside the plans they concern. */
export class RunbookService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: PolicyService;

  constructor(deps: { orm: Orm; clock: Clock; policy: PolicyService }) {
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
      const [row] = rowsOf<RunbookRow>(
        await tx.execute(sql`
          INSERT INTO runbooks (tenant_id, id, title, markdown, services, playbooks, version, updated_by, updated_at)
          VALUES (${actor.tenant_id}, ${id}, ${input.title}, ${input.markdown}, ${JSON.stringify(input.services)}::jsonb,
                  ${JSON.stringify(input.playbooks)}::jsonb, 1, ${actor.id}, ${now.toISOString()})
          ON CONFLICT (tenant_id, id) DO UPDATE SET title = EXCLUDED.title, markdown = EXCLUDED.markdown,
            services = EXCLUDED.services, playbooks = EXCLUDED.playbooks, version = runbooks.version + 1,
            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
          RETURNING id, title, markdown, services, playbooks, version, updated_by, updated_at`),
      );
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: row!.version === 1 ? 'runbook.created' : 'runbook.updated',
        occurred_at: now,
        context: {
          runbook_id: id,
          version: row!.version,
          services: input.services,
          playbooks: input.playbooks,
        },
      });
      return { runbook: view(row!), created: row!.version === 1 };
    });
  }

  async get(actor: Actor, id: string): Promise<RunbookView> {
    const [row] = rowsOf<RunbookRow>(
      await this.#orm.execute(
        sql`SELECT * FROM runbooks WHERE tenant_id = ${actor.tenant_id} AND id = ${id}`,
      ),
    );
    if (!row) throw notFound(`runbook ${id}`);
    return view(row);
  }

  async list(actor: Actor): Promise<RunbookView[]> {
    return rowsOf<RunbookRow>(
      await this.#orm.execute(sql`SELECT * FROM runbooks WHERE tenant_id = ${actor.tenant_id} ORDER BY id`),
    ).map(view);
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
    return rowsOf<RunbookRow>(
      await this.#orm.execute(sql`
        SELECT * FROM runbooks WHERE tenant_id = ${actor.tenant_id} AND (
          EXISTS (SELECT 1 FROM jsonb_array_elements_text(services) s
                  WHERE s IN (SELECT jsonb_array_elements_text(${JSON.stringify(services)}::jsonb)))
          OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(playbooks) p
                  WHERE p IN (SELECT jsonb_array_elements_text(${JSON.stringify(playbooks)}::jsonb))))
        ORDER BY id`),
    ).map(view);
  }
}
