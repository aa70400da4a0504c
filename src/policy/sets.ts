/**
 * Versioned policy sets per tenant: store, activate (at most one active; none means the shipped default),
 * simulate a candidate against recent plans, and run example cases. A set is validated against the Cedar
 * schema before anything is stored, and every change is audited in its own transaction.
 */
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import { forbidden, invalid, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import type { ApprovalRequirement, DecisionEffect, PolicyDecider } from './decision.ts';
import { type PolicyTestCase, type PolicyTestReport, runPolicyTests } from './policy-test.ts';
import { defaultPolicyText, type PolicyService } from './service.ts';
import {
  deactivatePolicySets,
  findPolicySet,
  insertPolicySet,
  listPolicySets,
  lockPolicySets,
  markPolicySetActive,
  nextPolicySetVersion,
  type PolicySetSummary,
  recentPlans,
} from './store.ts';

export interface PolicySetView {
  /** The row id, or `default` for the shipped set. */
  id: string;
  version: number | 'default';
  version_hash: string;
  active: boolean;
  created_at: string | null;
  created_by: string | null;
}

export interface SimulatedChange {
  plan_id: string;
  summary: string;
  created_at: string;
  current: DecisionEffect;
  simulated: DecisionEffect;
  requirement_before?: ApprovalRequirement;
  requirement_after?: ApprovalRequirement;
  reasons: string[];
}

const viewOf = (row: PolicySetSummary): PolicySetView => ({
  id: row.id,
  version: row.version,
  version_hash: row.version_hash,
  active: row.active,
  created_at: row.created_at.toISOString(),
  created_by: row.created_by,
});

function sameRequirement(a?: ApprovalRequirement, b?: ApprovalRequirement): boolean {
  if (!a || !b) return a === b;
  return (
    a.tier === b.tier &&
    a.quorum === b.quorum &&
    a.ttl_hours === b.ttl_hours &&
    [...a.approvers].sort().join() === [...b.approvers].sort().join()
  );
}

function requireAdmin(actor: Actor, what: string): void {
  if (!hasRole(actor, 'admin')) throw forbidden(`${what} needs the admin role`);
}

type SetsPolicy = Pick<
  PolicyService,
  'engine' | 'defaultVersion' | 'acquire' | 'release' | 'forTenant' | 'changed' | 'invalidate'
>;

export class PolicySets {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: SetsPolicy;

  constructor(deps: { orm: Orm; clock: Clock; policy: SetsPolicy }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
  }

  async list(actor: Actor): Promise<{ active: number | 'default'; versions: PolicySetView[] }> {
    const versions = (await listPolicySets(this.#orm, actor.tenant_id)).map(viewOf);
    const active = versions.find((v) => v.active);
    return { active: active?.version ?? 'default', versions: [this.#defaultView(!active), ...versions] };
  }

  async get(actor: Actor, ref: string): Promise<PolicySetView & { policies: string }> {
    if (ref === 'default') {
      const { active } = await this.list(actor);
      return { ...this.#defaultView(active === 'default'), policies: defaultPolicyText };
    }
    const row = await this.#find(this.#orm, actor.tenant_id, ref);
    return { ...viewOf(row), policies: row.policies };
  }

  async create(actor: Actor, text: string, activate: boolean): Promise<PolicySetView> {
    requireAdmin(actor, 'uploading a policy set');
    // Validated by loading it as a candidate; once stored, it is loaded for good when it first decides.
    const view = await this.#withCandidate(text, (version_hash) =>
      this.#store(actor, text, version_hash, activate),
    );
    if (activate) this.#policy.invalidate(actor.tenant_id);
    return view;
  }

  #store(actor: Actor, text: string, version_hash: string, activate: boolean): Promise<PolicySetView> {
    return this.#orm.transaction(async (tx) => {
      await lockPolicySets(tx, actor.tenant_id);
      const row: PolicySetSummary = {
        id: newId(),
        version: await nextPolicySetVersion(tx, actor.tenant_id),
        version_hash,
        active: false,
        created_at: this.#clock.now(),
        created_by: actor.id,
      };
      await insertPolicySet(tx, { ...row, tenant_id: actor.tenant_id, policies: text });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'policy_set.created',
        occurred_at: this.#clock.now(),
        context: { policy_set_id: row.id, version: row.version, version_hash },
      });
      if (activate) await this.#activate(tx, actor, row);
      return viewOf({ ...row, active: activate });
    });
  }

  async activate(actor: Actor, ref: string): Promise<PolicySetView> {
    requireAdmin(actor, 'activating a policy set');
    const view = await this.#orm.transaction(async (tx) => {
      await lockPolicySets(tx, actor.tenant_id);
      if (ref === 'default') {
        await this.#activate(tx, actor, undefined);
        return this.#defaultView(true);
      }
      const row = await this.#find(tx, actor.tenant_id, ref);
      await this.#activate(tx, actor, row);
      return viewOf({ ...row, active: true });
    });
    this.#policy.invalidate(actor.tenant_id);
    return view;
  }

  /** Re-decides the stored facts of the tenant's last plans with a candidate set, which stays inactive. */
  async simulate(
    actor: Actor,
    text: string,
    last: number,
  ): Promise<{ policy_version: string; compared: number; changed: SimulatedChange[] }> {
    if (!hasRole(actor, 'admin', 'auditor')) throw forbidden('simulation needs the admin or auditor role');
    return this.#withCandidate(text, (version) => this.#simulate(actor, version, last));
  }

  async #simulate(
    actor: Actor,
    version: string,
    last: number,
  ): Promise<{ policy_version: string; compared: number; changed: SimulatedChange[] }> {
    const plans = await recentPlans(this.#orm, actor.tenant_id, last);
    const changed: SimulatedChange[] = [];
    for (const plan of plans) {
      const simulated = await this.#policy.engine.decidePlan({
        policy_version: version,
        actor: { id: plan.actor_id, type: plan.actor_type, roles: plan.actor_roles },
        plan_id: plan.id,
        steps: plan.risk.steps.map((s) => s.facts),
      });
      const before = plan.decision;
      if (before.effect === simulated.effect && sameRequirement(before.requirement, simulated.requirement))
        continue;
      changed.push({
        plan_id: plan.id,
        summary: plan.summary,
        created_at: iso(plan.created_at),
        current: before.effect,
        simulated: simulated.effect,
        ...(before.requirement ? { requirement_before: before.requirement } : {}),
        ...(simulated.requirement ? { requirement_after: simulated.requirement } : {}),
        reasons: simulated.reasons,
      });
    }
    return { policy_version: version, compared: plans.length, changed };
  }

  /** Runs example cases against a candidate set, or against what decides for the tenant now. */
  async test(actor: Actor, cases: readonly PolicyTestCase[], text?: string): Promise<PolicyTestReport> {
    const tenant = await this.#policy.forTenant(actor.tenant_id);
    const run = (decider: PolicyDecider, policyVersion: string) =>
      runPolicyTests(cases, { decider, policyVersion, catalog: tenant.catalog, graph: tenant.graph });
    if (text === undefined) return run(tenant.decider, tenant.version);
    return this.#withCandidate(text, (version) => run(this.#policy.engine, version));
  }

  /** Loads a candidate set for the time `use` takes; an invalid one is a 400 naming its first error. */
  async #withCandidate<T>(text: string, use: (version: string) => Promise<T>): Promise<T> {
    const prepared = this.#policy.acquire(text);
    if (!prepared.ok) {
      const first = prepared.errors[0];
      throw invalid(
        `the policy set is invalid${first ? ` (line ${first.line}, column ${first.column}): ${first.message}` : ''}`,
        'policy_invalid',
        { errors: prepared.errors },
      );
    }
    try {
      return await use(prepared.version);
    } finally {
      this.#policy.release(prepared.version);
    }
  }

  #defaultView(active: boolean): PolicySetView {
    const { defaultVersion } = this.#policy;
    return {
      id: 'default',
      version: 'default',
      version_hash: defaultVersion,
      active,
      created_at: null,
      created_by: null,
    };
  }

  /** A version of the caller's tenant by number or row id; anything else is not found. */
  async #find(db: Executor, tenantId: string, ref: string) {
    const match = /^\d{1,9}$/.test(ref) ? { version: Number(ref) } : isUuid(ref) ? { id: ref } : undefined;
    const row = match && (await findPolicySet(db, tenantId, match));
    if (!row) throw notFound(`policy set ${ref}`);
    return row;
  }

  /** Makes `row` the active set (none: the shipped default), audited, in the caller's transaction. */
  async #activate(tx: Executor, actor: Actor, row: PolicySetSummary | undefined): Promise<void> {
    const previous = await deactivatePolicySets(tx, actor.tenant_id);
    if (row) await markPolicySetActive(tx, row.id);
    await appendAudit(tx, {
      tenant_id: actor.tenant_id,
      actor,
      action: 'policy_set.activated',
      occurred_at: this.#clock.now(),
      context: {
        version: row?.version ?? 'default',
        version_hash: row?.version_hash ?? this.#policy.defaultVersion,
        previous_version: previous ?? 'default',
        ...(row ? { policy_set_id: row.id } : {}),
      },
    });
    await this.#policy.changed(tx, actor.tenant_id);
  }
}
