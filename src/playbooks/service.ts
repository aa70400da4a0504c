import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { canonicalHash } from '../core/hash.ts';
import { conflict, forbidden, invalid, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Orm } from '../db/connect.ts';
import type { PlanSubmission } from '../plans/plan-schema.ts';
import type { PlanService } from '../plans/service.ts';
import { type BuiltinPlaybook, builtinPlaybooks } from './builtin.ts';
import { definitionIssues, type InstantiateRequest, instantiate, type PlaybookBody } from './definition.ts';
import {
  findPlaybook,
  insertPlaybook,
  latestPlaybooks,
  lockPlaybookName,
  type PlaybookVersion,
} from './store.ts';

export interface Playbook {
  name: string;
  version: number;
  source: 'builtin' | 'tenant';
  body: PlaybookBody;
  content_hash: string;
  created_at: string | null;
}

const fromBuiltin = (p: BuiltinPlaybook): Playbook => ({
  ...p,
  source: 'builtin',
  content_hash: canonicalHash(p.body),
  created_at: null,
});
const fromRow = (row: PlaybookVersion): Playbook => ({
  name: row.name,
  version: row.version,
  source: 'tenant',
  body: row.body,
  content_hash: row.content_hash,
  created_at: iso(row.created_at),
});

/** The catalog entry: what a playbook is for and what it takes, without its steps. */
export const summaryOf = (p: Playbook) => ({
  name: p.name,
  version: p.version,
  source: p.source,
  description: p.body.description,
  parameters: p.body.parameters,
  created_at: p.created_at,
});

/**
 * Playbooks per tenant: the built-ins every tenant has, and the tenant's own, each change a new version.
 * Instantiating one goes through PlanService.submit, so policy and approvals decide it like any plan.
 */
export class PlaybookService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #plans: Pick<PlanService, 'submit'>;
  readonly #givenBuiltins: readonly BuiltinPlaybook[] | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    plans: Pick<PlanService, 'submit'>;
    builtins?: readonly BuiltinPlaybook[];
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#plans = deps.plans;
    this.#givenBuiltins = deps.builtins;
  }

  /** Read and checked on first use (≈ 0.2 s of RE2 compiles and schema checks), not at every server start. */
  get #builtins(): readonly BuiltinPlaybook[] {
    return this.#givenBuiltins ?? builtinPlaybooks();
  }

  async list(actor: Actor): Promise<Playbook[]> {
    const rows = await latestPlaybooks(this.#orm, actor.tenant_id);
    return [...this.#builtins.map(fromBuiltin), ...rows.map(fromRow)].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  /** The latest version, or the one asked for; another tenant's playbook is not found. */
  async get(actor: Actor, name: string, version?: number): Promise<Playbook> {
    const builtin = this.#builtins.find((p) => p.name === name);
    if (builtin) {
      if (version !== undefined && version !== builtin.version)
        throw notFound(`playbook ${name} v${version}`);
      return fromBuiltin(builtin);
    }
    const row = await findPlaybook(this.#orm, actor.tenant_id, name, version);
    if (!row) throw notFound(`playbook ${version === undefined ? name : `${name} v${version}`}`);
    return fromRow(row);
  }

  /** Stores a new version when the definition changed; an identical one returns the current version. */
  async put(
    actor: Actor,
    name: string,
    body: PlaybookBody,
  ): Promise<{ playbook: Playbook; created: boolean }> {
    if (!hasRole(actor, 'admin', 'operator'))
      throw forbidden('changing playbooks needs the admin or operator role');
    if (this.#builtins.some((p) => p.name === name)) {
      throw conflict(`${name} is a built-in playbook; choose another name`, 'builtin_playbook');
    }
    const issues = definitionIssues(body);
    if (issues.length > 0) throw invalid(issues.join('; '), 'invalid_playbook', { issues });
    const hash = canonicalHash(body);
    const now = this.#clock.now();
    return this.#orm.transaction(async (tx) => {
      await lockPlaybookName(tx, actor.tenant_id, name);
      const latest = await findPlaybook(tx, actor.tenant_id, name);
      if (latest?.content_hash === hash) return { playbook: fromRow(latest), created: false };
      const row: PlaybookVersion = {
        name,
        version: (latest?.version ?? 0) + 1,
        body,
        content_hash: hash,
        created_at: now,
      };
      await insertPlaybook(tx, { ...row, tenant_id: actor.tenant_id, created_by: actor.id });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: latest ? 'playbook.updated' : 'playbook.created',
        occurred_at: now,
        context: { playbook: name, version: row.version, content_hash: hash },
      });
      return { playbook: fromRow(row), created: true };
    });
  }

  /** The plan body a playbook makes from these parameters; nothing is stored. */
  async render(
    actor: Actor,
    name: string,
    request: InstantiateRequest & { version?: number },
  ): Promise<PlanSubmission> {
    return instantiate(await this.get(actor, name, request.version), request);
  }

  /** Renders and submits: the plan, decided by policy, with the playbook and version it came from. */
  async instantiate(
    actor: Actor,
    name: string,
    request: InstantiateRequest & { version?: number },
    idempotencyKey?: string,
  ) {
    return this.#plans.submit(actor, await this.render(actor, name, request), idempotencyKey);
  }
}
