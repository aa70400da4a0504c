// `warrant worklog …`: WorkLog's KPIs, audit report, review runs asked for by hand, and provisioning events.
// Client commands only: this module imports the HTTP client and the output helpers, never a server module.
import type { Command } from 'commander';
import { api, clientSettings, request } from './client.ts';
import { printJson, short, table, when, write } from './output.ts';

interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface KpiView {
  from: string;
  to: string;
  link_rate: Rate;
  approval_rate: Rate;
  audit_success_rate: Rate;
  counts: Record<string, number>;
  deficits: Record<string, number>;
}

interface ProvisioningView {
  eventId: string;
  intentId: string;
  approvalId: string;
  resourceType: string;
  resourceUrl: string;
  structureType: string | null;
  createdAt: string;
}

interface RunView {
  runId: string;
  intentId: string;
  status: string;
  prUrl: string;
  headSHA: string;
}

const percent = (r: Rate) => (r.rate === null ? 'n/a' : `${(r.rate * 100).toFixed(1)}%`);

/** The KPIs as a person reads them: one row per KPI, then the deficits. */
export function describeKpi(kpi: KpiView): string {
  const rows = [
    ['link rate', kpi.link_rate],
    ['approval rate', kpi.approval_rate],
    ['audit success rate', kpi.audit_success_rate],
  ] as const;
  const deficits = Object.entries(kpi.deficits).filter(([, n]) => n > 0);
  return [
    `WorkLog KPIs ${when(kpi.from)} to ${when(kpi.to)}\n`,
    table(
      ['KPI', 'VALUE', 'OF'],
      rows.map(([name, r]) => [name, percent(r), `${r.numerator}/${r.denominator}`]),
    ),
    deficits.length === 0
      ? 'deficits: none\n'
      : `deficits: ${deficits.map(([kind, n]) => `${kind} ${n}`).join(', ')}\n`,
  ].join('\n');
}

const periodQuery = (options: { from?: string; to?: string }, extra: Record<string, string> = {}) => {
  const query = new URLSearchParams({
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...extra,
  }).toString();
  return query ? `?${query}` : '';
};

export function registerWorklogCommands(program: Command): void {
  const worklog = program
    .command('worklog')
    .description('WorkLog: KPIs, audit report, review runs, provisioning');

  worklog
    .command('kpi')
    .description('link rate, approval rate and audit success rate of a period (default: the last 30 days)')
    .option('--from <date>', 'start of the period (a date or an RFC 3339 time)')
    .option('--to <date>', 'end of the period, excluded (default now)')
    .option('--json', 'print the answer as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      const kpi = await api<KpiView>(clientSettings(), 'GET', `/v1/worklog/kpi${periodQuery(options)}`);
      if (options.json) printJson(kpi);
      else write(describeKpi(kpi));
    });

  worklog
    .command('report')
    .description('the audit report of a period: every AI run and repository creation, and the deficits')
    .option('--from <date>', 'start of the period (a date or an RFC 3339 time)')
    .option('--to <date>', 'end of the period, excluded (default now)')
    .option('--format <format>', 'md or html', 'md')
    .action(async (options: { from?: string; to?: string; format: string }) => {
      const response = await request(
        clientSettings(),
        'GET',
        `/v1/worklog/report${periodQuery(options, { format: options.format })}`,
      );
      write(await response.text());
    });

  worklog
    .command('review')
    .description('start an AI review of a pull request by hand (the same governed path as the webhook)')
    .argument('<repository>', 'owner/name of a connected repository')
    .argument('<number>', 'the pull request number')
    .option('--json', 'print the run as JSON')
    .action(async (repository: string, number: string, options: { json?: boolean }) => {
      const run = await api<RunView>(clientSettings(), 'POST', '/v1/worklog/reviews', {
        repository,
        pr_number: Number(number),
      });
      if (options.json) return printJson(run);
      write(
        `run ${run.runId} ${run.status} for ${run.prUrl} at ${run.headSHA.slice(0, 12)} (intent ${run.intentId})`,
      );
    });

  worklog
    .command('provisioning')
    .description('repositories created under approved project intents')
    .option('--from <date>', 'start of the period')
    .option('--to <date>', 'end of the period, excluded')
    .option('--json', 'print the list as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }) => {
      const answer = await api<{ items: ProvisioningView[] }>(
        clientSettings(),
        'GET',
        `/v1/worklog/provisioning${periodQuery(options)}`,
      );
      if (options.json) return printJson(answer);
      write(
        table(
          ['EVENT', 'CREATED', 'RESOURCE', 'STRUCTURE', 'INTENT', 'APPROVAL'],
          answer.items.map((e) => [
            short(e.eventId),
            when(e.createdAt),
            e.resourceUrl,
            e.structureType ?? '-',
            short(e.intentId),
            short(e.approvalId),
          ]),
          'no provisioning events',
        ),
      );
    });
}
