/**
 * Slack slash commands (seed 001's ChatOps): `/warrant plan <text>`, `/warrant approve <plan>`, `/warrant status
 * <plan|run>`, `/warrant audit <plan>`. They arrive signed on the same route as the buttons (routes.ts checks the
 * signature, the timestamp and replays first). The Slack user acts as the Warrant actor an admin linked it to,
 * in the tenant of the link; a plan or run of a tenant it is not linked in is "not found", as in the API.
 *
 * `approve` does not vote: it answers, to the caller only, what they would approve (the revision, its content
 * hash, what will change and the rollback) with Approve/Deny buttons carrying that hash. The press is the vote, and
 * it goes through the buttons' path (vote.ts → the approval service): stale revisions, self-approval and quorum by
 * persons are refused there exactly as for every other channel.
 */
import type { AuditService } from '../audit/service.ts';
import { isUuid } from '../core/ids.ts';
import { Problem } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { refuseHostileJson } from '../http/json-body.ts';
import type { PlanDrafter } from '../llm/draft.ts';
import type { PlanDiff, PlanDiffService } from '../plans/diff.ts';
import { mayPropose } from '../plans/routes.ts';
import type { PlanService, PlanView } from '../plans/service.ts';
import type { RunService } from '../runs/service.ts';
import { loadActor } from '../tenancy/store.ts';
import { APPROVE_ACTION, buttonValue, changeBlocks, DENY_ACTION, slackText } from './slack.ts';
import { chatIdentitiesOf } from './store.ts';

export interface SlashCommand {
  user: string;
  user_name: string | undefined;
  command: string;
  text: string;
  /** Where a late answer goes (Slack waits 3 s for the HTTP one). */
  response_url: string | undefined;
}

/** A slash command in a form body (Slack sends `command`, `text`, `user_id`, …), if this is one. */
export function parseSlashCommand(formBody: string): SlashCommand | undefined {
  const form = new URLSearchParams(formBody);
  const command = form.get('command');
  const user = form.get('user_id');
  if (command === null || user === null) return undefined;
  const text = form.get('text') ?? '';
  // Signed by Slack, yet still refused when not storable as text (400 invalid_text).
  refuseHostileJson(JSON.stringify({ command, text, user }), { command, text, user }, 'command');
  return {
    user,
    user_name: form.get('user_name') ?? undefined,
    command,
    text: text.trim(),
    response_url: form.get('response_url') ?? undefined,
  };
}

export interface CommandDeps {
  orm: Orm;
  plans: Pick<PlanService, 'get' | 'submit'>;
  diffs: Pick<PlanDiffService, 'diff'>;
  drafter: Pick<PlanDrafter, 'draft'>;
  runs: Pick<RunService, 'get'>;
  audit: Pick<AuditService, 'search'>;
}

export interface CommandAnswer {
  response_type: 'ephemeral';
  text: string;
  blocks?: Record<string, unknown>[];
  outcome: 'shown' | 'submitted' | 'refused' | 'not_found' | 'unlinked_user' | 'usage';
  code?: string;
}

const USAGE =
  'Usage: `/warrant plan <what to do>`, `/warrant approve <plan id>`, `/warrant status <plan or run id>`, ' +
  '`/warrant audit <plan id>`.';

const answer = (outcome: CommandAnswer['outcome'], text: string, extra: Partial<CommandAnswer> = {}) => ({
  response_type: 'ephemeral' as const,
  text,
  outcome,
  ...extra,
});

const notFound = (what: string) =>
  answer('not_found', `Warrant has no ${what} you can see.`, { code: 'not_found' });

/** The actors a Slack user is linked to, one per tenant. */
async function actorsOf(orm: Orm, slackUser: string): Promise<Actor[]> {
  const links = await chatIdentitiesOf(orm, 'slack', slackUser);
  const actors: Actor[] = [];
  for (const link of links) {
    try {
      actors.push(await loadActor(orm, link.actor_id, link.tenant_id));
    } catch (error) {
      // A link to an actor that no longer exists links to nobody.
      if (!(error instanceof Problem && error.status === 404)) throw error;
    }
  }
  return actors;
}

/** The first of `actors` for whom `read` finds the thing (a 404 Problem means not in that tenant). */
async function firstFound<T>(
  actors: Actor[],
  read: (actor: Actor) => Promise<T>,
): Promise<{ actor: Actor; value: T } | undefined> {
  for (const actor of actors) {
    try {
      return { actor, value: await read(actor) };
    } catch (error) {
      if (error instanceof Problem && error.status === 404) continue;
      throw error;
    }
  }
  return undefined;
}

const requirementText = (plan: PlanView) => {
  const r = plan.decision.requirement;
  return r ? `${r.quorum} of ${r.approvers.join('/')} (${r.tier})` : 'no approval';
};

/** The ephemeral confirmation of `/warrant approve`: the revision, its hash, the diff, and buttons bound to it. */
export function approveConfirmation(plan: PlanView, diff: PlanDiff | undefined) {
  // The hash shown and carried is the diff's: the revision whose changes the caller reads.
  const shown = diff ?? { plan_id: plan.id, content_hash: plan.content_hash, revision: plan.revision };
  const summary = slackText(String(plan.summary ?? plan.id));
  const value = buttonValue({ id: plan.id, content_hash: shown.content_hash });
  return {
    text: `Approve plan ${plan.id} (revision ${shown.revision}, content hash ${shown.content_hash})?`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Approve: ${summary}*\nPlan \`${plan.id}\`, now ${plan.status}` },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Risk*\n${plan.decision.risk.level}` },
          { type: 'mrkdwn', text: `*Needs*\n${requirementText(plan)}` },
          { type: 'mrkdwn', text: `*Revision*\n${shown.revision}` },
          { type: 'mrkdwn', text: `*Content hash*\n\`${shown.content_hash}\`` },
        ],
      },
      ...changeBlocks(diff),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Your vote is for this revision only: if the plan is revised before you press, it is refused.',
          },
        ],
      },
      {
        type: 'actions',
        block_id: `warrant_plan_${plan.id}`,
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve this revision' },
            value,
          },
          {
            type: 'button',
            action_id: DENY_ACTION,
            style: 'danger',
            text: { type: 'plain_text', text: 'Deny' },
            value,
          },
        ],
      },
    ],
  };
}

const READS_AUDIT = ['admin', 'approver', 'operator', 'auditor', 'viewer'] as const;

/** One slash command, answered to its caller. */
export async function runCommand(deps: CommandDeps, command: SlashCommand): Promise<CommandAnswer> {
  const [verb = '', ...rest] = command.text.split(/\s+/);
  const argument = rest.join(' ').trim();
  if (!['plan', 'approve', 'status', 'audit'].includes(verb) || argument === '') {
    return answer('usage', USAGE, { code: 'usage' });
  }
  const actors = await actorsOf(deps.orm, command.user);
  if (actors.length === 0) {
    return answer(
      'unlinked_user',
      'Your Slack user is not linked to a Warrant actor. An admin links it with ' +
        `PUT /v1/chatops/slack-users/${command.user}.`,
      { code: 'unlinked_user' },
    );
  }
  try {
    if (verb === 'plan') return await draftPlan(deps, actors, argument);
    if (!isUuid(argument))
      return notFound(verb === 'status' ? `plan or run ${argument}` : `plan ${argument}`);
    if (verb === 'approve') {
      const found = await firstFound(actors, (actor) => deps.plans.get(actor, argument));
      if (!found) return notFound(`plan ${argument}`);
      const { actor, value: plan } = found;
      if (plan.status !== 'pending_approval') {
        return answer('refused', `Plan ${plan.id} is ${plan.status}: it takes no votes now.`, {
          code: 'not_pending',
        });
      }
      const diff = await deps.diffs.diff(actor, plan.id).catch(() => undefined);
      return answer('shown', '', approveConfirmation(plan, diff));
    }
    if (verb === 'status') {
      const plan = await firstFound(actors, (actor) => deps.plans.get(actor, argument));
      if (plan) {
        const p = plan.value;
        return answer(
          'shown',
          `Plan ${p.id} (${slackText(String(p.summary ?? ''))}): ${p.status}, revision ${p.revision}, ` +
            `risk ${p.decision.risk.level}, needs ${requirementText(p)}.`,
        );
      }
      const run = await firstFound(actors, (actor) => deps.runs.get(actor, argument));
      if (!run) return notFound(`plan or run ${argument}`);
      return answer('shown', `Run ${run.value.id} of plan ${run.value.plan_id}: ${run.value.status}.`);
    }
    // audit
    const readers = actors.filter((actor) => hasRole(actor, ...READS_AUDIT));
    const found = await firstFound(readers, (actor) => deps.plans.get(actor, argument));
    if (!found) return notFound(`plan ${argument}`);
    const events = await deps.audit.search(found.actor.tenant_id, { plan_id: argument, limit: 20 });
    const lines = events.items.map(
      (item) =>
        `• ${String(item.event.occurred_at)} ${slackText(String(item.event.action))} by ${slackText(
          String((item.event.actor as { id?: unknown } | undefined)?.id ?? '?'),
        )}${item.leaf_index === null ? '' : ` (leaf ${item.leaf_index})`}`,
    );
    return answer(
      'shown',
      `Audit trail of plan ${argument} (${lines.length} event${lines.length === 1 ? '' : 's'}${events.next_cursor ? ', more in the console' : ''}):\n${lines.join('\n')}`,
    );
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    return answer('refused', `Not done: ${error.message}.`, { code: error.code });
  }
}

async function draftPlan(deps: CommandDeps, actors: Actor[], text: string): Promise<CommandAnswer> {
  const proposers = actors.filter((actor) => hasRole(actor, 'agent', 'operator', 'admin'));
  if (proposers.length === 0) {
    return answer('refused', 'Proposing plans needs the agent, operator or admin role.', {
      code: 'forbidden',
    });
  }
  if (proposers.length > 1) {
    return answer(
      'refused',
      'Your Slack user is linked in several tenants: propose the plan in the console or the CLI.',
      { code: 'ambiguous_tenant' },
    );
  }
  const actor = proposers[0]!;
  mayPropose(actor);
  const drafted = await deps.drafter.draft(actor, { intent: text });
  const { body } = await deps.plans.submit(actor, drafted.draft);
  const plan = body as PlanView;
  return answer(
    'submitted',
    `Plan ${plan.id} submitted as ${actor.name}: ${slackText(String(plan.summary ?? ''))}. It is ${plan.status}` +
      (plan.status === 'pending_approval' ? `; approvers: /warrant approve ${plan.id}` : '') +
      '.',
  );
}
