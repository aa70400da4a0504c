import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { ApiError, api, type ClientSettings, clientSettings } from './client.ts';
import { actorNames, type NameOf, printJson, usageError, write } from './output.ts';

// YAML loads when a file is read, not with every command (a synchronous require: readDocument is synchronous).
const parseYaml = (text: string): unknown =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);

interface PlanAnswer {
  id: string;
  status: string;
  revision: number;
  summary: string;
  content_hash: string;
  decision: {
    effect: string;
    risk: {
      level: string;
      reasons: string[];
      blast_radius: { scope: string; services: string[]; teams: string[] };
    };
    requirement?: { tier: string; quorum: number; approvers: string[]; ttl_hours: number };
    reasons: string[];
  };
  approval: {
    votes: { actor_id: string; decision: string; comment?: string }[];
    quorum_remaining: number;
    valid_to: string | null;
    expires_at: string;
  } | null;
  steps: { step_id: string; tool: string; action: string }[];
}

/** A plan in the words an approver reads: what, how risky, what policy said, who voted. */
export function describePlan(plan: PlanAnswer, nameOf: NameOf = (id) => id ?? '-'): string {
  const { decision, approval } = plan;
  const lines = [
    `plan ${plan.id}  (revision ${plan.revision})`,
    `  ${plan.summary}`,
    `  status:   ${plan.status}`,
    `  decision: ${decision.effect}${decision.requirement ? ` — ${decision.requirement.quorum} approval(s), ${decision.requirement.tier} tier, from ${decision.requirement.approvers.join('/')}, valid ${decision.requirement.ttl_hours}h` : ''}`,
    `  risk:     ${decision.risk.level}, blast radius ${decision.risk.blast_radius.scope}` +
      (decision.risk.blast_radius.services.length
        ? `, services ${decision.risk.blast_radius.services.join(', ')}`
        : '') +
      (decision.risk.blast_radius.teams.length
        ? `, teams ${decision.risk.blast_radius.teams.join(', ')}`
        : ''),
    ...decision.risk.reasons.map((reason) => `            - ${reason}`),
    '  steps:',
    ...plan.steps.map((step) => `    ${step.step_id}: ${step.tool} — ${step.action}`),
  ];
  if (approval) {
    lines.push(`  votes (${approval.quorum_remaining} more needed; request expires ${approval.expires_at}):`);
    for (const vote of approval.votes)
      lines.push(
        `    ${vote.decision} by ${nameOf(vote.actor_id)}${vote.comment ? `: ${vote.comment}` : ''}`,
      );
    if (approval.valid_to) lines.push(`  approved until ${approval.valid_to}`);
  }
  lines.push(`  content hash: ${plan.content_hash}`);
  return `${lines.join('\n')}\n`;
}

interface StepDiff {
  step_id: string;
  tool: string;
  action: string;
  status: 'previewed' | 'unavailable';
  connector: string | null;
  method: 'dry_run' | 'computed' | 'read_only' | null;
  changes: { resource: string; field: string; before: unknown; after: unknown }[];
  notes: string[];
  reason: string | null;
  rollback: string;
}

/** GET /v1/plans/{id}/diff: what each step will change, read live, and the rollback in words. */
export interface PlanDiffAnswer {
  plan_id: string;
  revision: number;
  content_hash: string;
  steps: StepDiff[];
  summary: string[];
  rollback: string;
  on_failure: string;
}

const HOW: Record<NonNullable<StepDiff['method']>, string> = {
  dry_run: "the API server's dry run",
  computed: 'computed from the live state',
  read_only: 'reads only',
};

const stateText = (value: unknown) =>
  value === null || value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * What will change, step by step (`checkout replicas 2 → 6`), what each step's rollback does, and what a
 * failure at each step runs: what an approver reads before voting.
 */
export function describeDiff(diff: PlanDiffAnswer): string {
  const lines = ['  what will change (the current state, read live now):'];
  diff.steps.forEach((step, i) => {
    lines.push(`    ${i + 1}. ${step.step_id}: ${step.action}${step.method ? ` (${HOW[step.method]})` : ''}`);
    if (step.status === 'unavailable') lines.push(`       cannot be shown: ${step.reason}`);
    else if (step.changes.length === 0) lines.push('       changes nothing');
    for (const change of step.changes)
      lines.push(
        `       ${change.resource} ${change.field} ${stateText(change.before)} → ${stateText(change.after)}`,
      );
    for (const note of step.notes) lines.push(`       note: ${note}`);
    lines.push(`       rollback: ${step.rollback}`);
  });
  lines.push(`  if the run fails: ${diff.rollback}`);
  for (const sentence of diff.on_failure.split(/(?<=\.) (?=If )/)) lines.push(`    ${sentence}`);
  return `${lines.join('\n')}\n`;
}

/** The plan's diff in words, or a line saying why it cannot be read now (the plan is still shown). */
async function diffText(settings: ClientSettings, id: string): Promise<string> {
  try {
    return describeDiff(
      await api<PlanDiffAnswer>(settings, 'GET', `/v1/plans/${encodeURIComponent(id)}/diff`),
    );
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) throw error;
    return `  what will change: cannot be read now (${error.message})\n`;
  }
}

/** A plan file, JSON or YAML (by its extension; YAML reads JSON too); one that cannot be read is bad input. */
export function readDocument(path: string): unknown {
  try {
    const text = readFileSync(path, 'utf8');
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw usageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('submit, inspect and list plans');
  plan
    .command('submit <file>')
    .description('submit a plan from a JSON or YAML file')
    .option('--idempotency-key <key>', 'replay protection for retries')
    .option('--json', 'print the answer as JSON')
    .action(async (file: string, options: { idempotencyKey?: string; json?: boolean }) => {
      const headers: Record<string, string> = options.idempotencyKey
        ? { 'idempotency-key': options.idempotencyKey }
        : {};
      const document = readDocument(file);
      const settings = clientSettings();
      const answer = await api<PlanAnswer>(settings, 'POST', '/v1/plans', document, headers);
      if (options.json) printJson(answer);
      else write(describePlan(answer, await actorNames(settings)));
    });
  plan
    .command('show <id>')
    .description('a plan: its decision, risk, votes, and what it will change with the rollback in words')
    .option('--no-diff', 'leave out what will change (it is read live through the connectors)')
    .option('--json', 'print the plan as JSON (with --diff-json, its diff too)')
    .option('--diff-json', 'with --json: {"plan": …, "diff": …}')
    .action(async (id: string, options: { json?: boolean; diff: boolean; diffJson?: boolean }) => {
      const settings = clientSettings();
      const answer = await api<PlanAnswer>(settings, 'GET', `/v1/plans/${encodeURIComponent(id)}`);
      if (options.json && options.diffJson) {
        const diff = await api<PlanDiffAnswer>(settings, 'GET', `/v1/plans/${encodeURIComponent(id)}/diff`);
        return printJson({ plan: answer, diff });
      }
      if (options.json) return printJson(answer);
      write(describePlan(answer, await actorNames(settings)));
      if (options.diff) write(await diffText(settings, answer.id));
    });
  plan
    .command('list')
    .option('--status <status>')
    .option('--environment <environment>')
    .option('--risk <level>')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean } & Record<string, string>) => {
      const { json, ...filters } = options;
      const query = new URLSearchParams(filters).toString();
      const answer = await api<{ items: PlanAnswer[] }>(
        clientSettings(),
        'GET',
        `/v1/plans${query ? `?${query}` : ''}`,
      );
      if (json) return printJson(answer);
      const { items } = answer;
      if (items.length === 0) write('no plans');
      for (const item of items) {
        process.stdout.write(
          `${item.id}  ${item.status.padEnd(16)} ${item.decision.risk.level.padEnd(6)} ${item.summary}\n`,
        );
      }
    });

  const voteCommand = (name: string, decision: string, description: string, needsReason: boolean) =>
    program
      .command(`${name} <plan-id>`)
      .description(description)
      .option(
        needsReason ? '--reason <text>' : '--comment <text>',
        needsReason ? 'why (required)' : 'a comment for the record',
      )
      .option(
        '--content-hash <hash>',
        'the revision you reviewed (default: the one shown now); a newer revision refuses the vote',
      )
      .option('--json', 'print the plan after the vote as JSON')
      .action(
        async (
          id: string,
          options: { reason?: string; comment?: string; contentHash?: string; json?: boolean },
        ) => {
          const comment = options.reason ?? options.comment;
          if (needsReason && !comment) throw usageError(`${name} needs --reason`);
          const settings = clientSettings();
          const nameOf = await actorNames(settings);
          const path = `/v1/plans/${encodeURIComponent(id)}`;
          // The vote is for what the voter saw: without --content-hash, the plan is shown first and the vote
          // names that revision, so a revision made in between refuses it (409 stale_revision).
          let contentHash = options.contentHash;
          if (contentHash === undefined) {
            const shown = await api<PlanAnswer>(settings, 'GET', path);
            process.stderr.write(`voting ${decision} on:\n${describePlan(shown, nameOf)}`);
            // An approver approves what the plan will do: the changes and the rollback, before the vote.
            if (decision === 'approve' && shown.status === 'pending_approval')
              process.stderr.write(await diffText(settings, shown.id));
            contentHash = shown.content_hash;
          }
          const answer = await api<{ plan: PlanAnswer }>(settings, 'POST', `${path}/approvals`, {
            decision,
            source: 'cli',
            content_hash: contentHash,
            ...(comment ? { comment } : {}),
          });
          if (options.json) printJson(answer.plan);
          else write(describePlan(answer.plan, nameOf));
        },
      );
  voteCommand('approve', 'approve', 'approve a plan', false);
  voteCommand('deny', 'deny', 'deny a plan', true);
  voteCommand('send-back', 'send_back', 'send a plan back to its author', true);
}
