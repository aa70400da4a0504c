import type { Command } from 'commander';
import type { ErrorBudget } from '../ops/slo.ts';
import { api, clientSettings } from './client.ts';

const percent = (ratio: number) => `${(ratio * 100).toFixed(3)}%`;

/** The error budget as an on-call engineer reads it: target, actual and budget used, per SLO. */
export function describeBudget(b: ErrorBudget): string {
  const row = (name: string, target: string, current: string, used: number) =>
    `  ${name.padEnd(10)} target ${target.padEnd(10)} now ${current.padEnd(10)} budget used ${used.toFixed(1)}%`;
  return `${[
    `error budget over ${b.measurement_period_days} days: ${b.status} (burn rate ${b.burn_rate.toFixed(2)})`,
    row('uptime', percent(b.slo_target_uptime), percent(b.current_uptime), b.uptime_budget_consumed_pct),
    row(
      'p95',
      `${b.slo_target_latency_p95_ms} ms`,
      `${b.current_latency_p95_ms.toFixed(1)} ms`,
      b.latency_budget_consumed_pct,
    ),
    row(
      'errors',
      percent(b.slo_target_error_rate),
      percent(b.current_error_rate),
      b.error_rate_budget_consumed_pct,
    ),
    `  downtime left ${b.remaining_downtime_minutes.toFixed(1)} min; ${b.requests} requests over ${b.minutes_measured} min measured`,
    `  as of ${b.last_updated}`,
  ].join('\n')}\n`;
}

/** `warrant slo`: the server's error budget (GET /v1/slo). */
export function registerOpsCommands(program: Command): void {
  program
    .command('slo')
    .description('show the error budget: uptime, p95 latency and error rate against their SLOs')
    .option('--json', 'print the ErrorBudget document as JSON')
    .action(async (options: { json?: boolean }) => {
      const budget = await api<ErrorBudget>(clientSettings(), 'GET', '/v1/slo');
      process.stdout.write(options.json ? `${JSON.stringify(budget, null, 2)}\n` : describeBudget(budget));
    });
}
