import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { api, clientSettings } from './client.ts';

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
export function describePlan(plan: PlanAnswer): string {
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
      lines.push(`    ${vote.decision} by ${vote.actor_id}${vote.comment ? `: ${vote.comment}` : ''}`);
    if (approval.valid_to) lines.push(`  approved until ${approval.valid_to}`);
  }
  lines.push(`  content hash: ${plan.content_hash}`);
  return `${lines.join('\n')}\n`;
}

function readDocument(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
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
      const answer = await api<PlanAnswer>(
        clientSettings(),
        'POST',
        '/v1/plans',
        readDocument(file),
        headers,
      );
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : describePlan(answer));
    });
  plan
    .command('show <id>')
    .option('--json', 'print the plan as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await api<PlanAnswer>(clientSettings(), 'GET', `/v1/plans/${encodeURIComponent(id)}`);
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : describePlan(answer));
    });
  plan
    .command('list')
    .option('--status <status>')
    .option('--environment <environment>')
    .option('--risk <level>')
    .action(async (options: Record<string, string>) => {
      const query = new URLSearchParams(options).toString();
      const { items } = await api<{ items: PlanAnswer[] }>(
        clientSettings(),
        'GET',
        `/v1/plans${query ? `?${query}` : ''}`,
      );
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
      .action(async (id: string, options: { reason?: string; comment?: string }) => {
        const comment = options.reason ?? options.comment;
        if (needsReason && !comment) throw new Error(`${name} needs --reason`);
        const answer = await api<{ plan: PlanAnswer }>(
          clientSettings(),
          'POST',
          `/v1/plans/${encodeURIComponent(id)}/approvals`,
          {
            decision,
            source: 'cli',
            ...(comment ? { comment } : {}),
          },
        );
        process.stdout.write(describePlan(answer.plan));
      });
  voteCommand('approve', 'approve', 'approve a plan', false);
  voteCommand('deny', 'deny', 'deny a plan', true);
  voteCommand('send-back', 'send_back', 'send a plan back to its author', true);
}
