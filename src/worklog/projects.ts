/**
 * Project provisioning (provisioning events): a project intent, assessed by the model (risk and
 * security considerations), always needs an approval; only then is the repository created through the
 * GitHub connector, optionally bootstrapped spec-ready, and recorded once per intent, type and scope.
 * An attempt without a valid approval is refused and recorded as an `unapproved_attempt` exception.
 */
import { appendAudit } from '../audit/append.ts';
import { newId } from '../core/ids.ts';
import { notFound, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import { recordException } from '../plans/approvals/exception-store.ts';
import { ask, githubOf, upstream, type WorklogDeps } from './deps.ts';
import { insertIntent, intentView, intentWarrant, loadIntent } from './intents.ts';
import { parsePeriod } from './period.ts';
import { ProjectAssessmentSchema, type ProjectInput } from './schemas.ts';
import { findProvisioning, insertProvisioning, provisioningBetween, provisioningEvents } from './store.ts';
import type { WorklogProvisioningEventRecord } from './tables.ts';

interface ProjectSpec {
  repository: { owner: string; name: string; private: boolean; description?: string };
  bootstrap: boolean;
  considerations: string[];
}

export const provisioningView = (row: WorklogProvisioningEventRecord) => ({
  eventId: row.id,
  intentId: row.intent_id,
  approvalId: row.approval_id,
  actorId: row.actor_id,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  resourceUrl: row.resource_url,
  structureType: row.structure_type,
  createdAt: new Date(row.created_at).toISOString(),
});

const SYSTEM = `You assess a software project before its GitHub repository is created. Answer with JSON: a
risk_level (Low, Med or High) and a list of security and risk considerations for the people who approve it.`;

const STRUCTURE = 'spec-ready';

/** The spec-ready bootstrap: where the project's purpose, scope and criteria are written down first. */
export function bootstrapFiles(intent: {
  purpose: string;
  scope: string;
  constraints: string[];
  success_criteria: string[];
}) {
  const list = (items: string[]) =>
    items.length > 0 ? items.map((item) => `- ${item}`).join('\n') : '- (none)';
  return [
    {
      path: 'README.md',
      content: `# Project\n\n${intent.purpose}\n\nSee [SPEC.md](SPEC.md) and [docs/](docs/).\n`,
    },
    {
      path: 'SPEC.md',
      content: `# Specification\n\n## Scope\n\n${intent.scope}\n\n## Constraints\n\n${list(intent.constraints)}\n\n## Success criteria\n\n${list(intent.success_criteria)}\n`,
    },
    { path: 'docs/README.md', content: '# Documentation\n\nDesign notes and decisions go here.\n' },
  ];
}

const RESOURCE = 'repository';

export class Projects {
  readonly #deps: WorklogDeps;
  constructor(deps: WorklogDeps) {
    this.#deps = deps;
  }

  async create(actor: Actor, input: ProjectInput) {
    const assessment = await ask(this.#deps, {
      schema: ProjectAssessmentSchema,
      schemaName: 'project_assessment',
      system: SYSTEM,
      prompt: {
        purpose: input.purpose,
        scope: input.scope,
        constraints: input.constraints,
        success_criteria: input.success_criteria,
        repository: {
          owner: input.repository.owner,
          name: input.repository.name,
          private: input.repository.private,
        },
      },
    });
    const spec: ProjectSpec = {
      repository: input.repository,
      bootstrap: input.bootstrap,
      considerations: assessment.considerations,
    };
    const now = this.#deps.clock.now();
    const intent = await this.#deps.orm.transaction((tx) =>
      insertIntent(
        tx,
        {
          tenant_id: actor.tenant_id,
          kind: 'project',
          creator_id: actor.id,
          purpose: input.purpose,
          scope: input.scope,
          constraints: input.constraints,
          success_criteria: input.success_criteria,
          risk_level: assessment.risk_level,
          risk_reasons: [`suggested by the model: ${assessment.risk_level}`],
          requires_approval: true,
          spec: spec as unknown as Record<string, unknown>,
        },
        actor,
        now,
      ),
    );
    return intentView(intent!);
  }

  /** The tenant's provisioning events, newest first; of a period when it has a bound. */
  async list(actor: Actor, query: { from?: string | undefined; to?: string | undefined }) {
    const bounded = query.from !== undefined || query.to !== undefined;
    const period = bounded ? parsePeriod(query, this.#deps.clock.now()) : undefined;
    const rows = await provisioningBetween(this.#deps.orm, actor.tenant_id, period?.from, period?.to);
    return rows.map(provisioningView);
  }

  async events(tenantId: string, intentId: string) {
    const rows = await provisioningEvents(this.#deps.orm, tenantId, intentId);
    return rows.map(provisioningView);
  }

  /**
   * Creates the project's repository under a valid approval, or answers the event of an earlier success.
   * `created` says whether this call recorded the event.
   */
  async provision(actor: Actor, intentId: string) {
    const { orm, clock } = this.#deps;
    const intent = await loadIntent(orm, actor.tenant_id, intentId);
    if (intent.kind !== 'project') throw notFound(`project intent ${intentId}`);
    const spec = intent.spec as unknown as ProjectSpec;
    const scope = `${spec.repository.owner}/${spec.repository.name}`;
    const done = await findProvisioning(orm, intentId, RESOURCE, scope);
    if (done) return { created: false, event: provisioningView(done) };
    const now = clock.now();
    const warrant = await intentWarrant(orm, intent, now);
    if (!warrant.ok) {
      const exceptionId = await orm.transaction((tx) =>
        recordException(tx, {
          tenant_id: actor.tenant_id,
          type: 'unapproved_attempt',
          actor,
          at: now,
          reason: warrant.reason_code,
          details: { intent_id: intentId, tool: 'github.create_repository', scope },
        }),
      );
      throw new Problem(
        403,
        warrant.reason_code,
        `intent ${intentId} has no valid approval (${warrant.reason_code})`,
        {
          exception_id: exceptionId,
        },
      );
    }
    const key = `worklog-provision-${intentId}`;
    const github = githubOf(this.#deps);
    const created = await upstream(() =>
      github.call(
        'github.create_repository',
        {
          owner: spec.repository.owner,
          name: spec.repository.name,
          private: spec.repository.private,
          ...(spec.repository.description ? { description: spec.repository.description } : {}),
        },
        { idempotencyKey: key, signal: new AbortController().signal, heartbeat() {} },
      ),
    );
    if (spec.bootstrap) {
      const ref = { owner: spec.repository.owner, repo: spec.repository.name };
      for (const file of bootstrapFiles(intent)) {
        await upstream(() => github.createFile(ref, file.path, file.content, `${key}-${file.path}`));
      }
    }
    return orm.transaction(async (tx) => {
      const row = await insertProvisioning(tx, {
        id: newId(),
        tenant_id: actor.tenant_id,
        intent_id: intentId,
        // A project intent always requires an approval, so its warrant names the vote.
        approval_id: warrant.approval_id!,
        actor_id: actor.id,
        resource_type: RESOURCE,
        scope,
        resource_id: String(created.output.id),
        resource_url: String(created.output.html_url),
        structure_type: spec.bootstrap ? STRUCTURE : null,
        created_at: clock.now(),
      });
      // A concurrent attempt recorded it first: its event is the one.
      if (!row) {
        const first = await findProvisioning(tx, intentId, RESOURCE, scope);
        return { created: false, event: provisioningView(first!) };
      }
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'worklog.provisioned',
        occurred_at: clock.now(),
        decision: 'allow',
        context: {
          intent_id: intentId,
          approval_id: warrant.approval_id,
          resource_type: RESOURCE,
          resource_id: row.resource_id,
          resource_url: row.resource_url,
          structure_type: row.structure_type,
        },
      });
      return { created: true, event: provisioningView(row) };
    });
  }
}
