import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PolicyTestReport, PolicyTestResult } from '../policy/policy-test.ts';
import { api, clientSettings } from './client.ts';
import { printJson, short, table, usageError, when, write } from './output.ts';

interface Requirement {
  tier: string;
  quorum: number;
  approvers: string[];
  ttl_hours: number;
}

interface Simulation {
  policy_version: string;
  compared: number;
  changed: {
    plan_id: string;
    summary: string;
    created_at: string;
    current: string;
    simulated: string;
    requirement_before?: Requirement;
    requirement_after?: Requirement;
    reasons: string[];
  }[];
}

const outcome = (effect: string, requirement?: Requirement) =>
  requirement ? `${effect} (quorum ${requirement.quorum}, ${requirement.tier})` : effect;

/** The simulation as a table: one row per plan the set would decide differently. */
export function describeSimulation(result: Simulation): string {
  const head = `compared ${result.compared} recent plan(s) against ${result.policy_version}: ${result.changed.length} would be decided differently\n`;
  if (result.changed.length === 0) return head;
  return (
    head +
    table(
      ['PLAN', 'CREATED', 'NOW', 'WITH THIS SET', 'SUMMARY'],
      result.changed.map((c) => [
        short(c.plan_id),
        when(c.created_at),
        outcome(c.current, c.requirement_before),
        outcome(c.simulated, c.requirement_after),
        c.summary,
      ]),
    ) +
    result.changed
      .filter((c) => c.reasons.length > 0)
      .map((c) => `${short(c.plan_id)}: ${c.reasons.join('; ')}\n`)
      .join('')
  );
}

/** A file the command was given, read or refused as bad input (exit 2). */
function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function describe(d: PolicyTestResult['actual']): string {
  const terms = [d.quorum === undefined ? '' : `quorum ${d.quorum}`, d.tier ? `${d.tier} tier` : ''];
  const details = terms.filter(Boolean).join(', ');
  return details ? `${d.effect} (${details})` : d.effect;
}

function report(result: PolicyTestResult): string {
  if (result.pass) return `PASS  ${result.name}`;
  return `FAIL  ${result.name}: expected ${describe(result.expected)}, got ${describe(result.actual)}\n      ${result.reasons.join('\n      ')}`;
}

/** `warrant policy …`: test, upload and simulate Cedar policy sets through the server. */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('test, upload and simulate policy sets');

  policy
    .command('test <file>')
    .description('run example cases (a JSON or YAML list) against the active set or --policies')
    .option('--policies <cedarFile>', 'a Cedar policy set to test instead of the active one')
    .option('--json', 'print the report as JSON (the exit code is the same)')
    .action(async (file: string, options: { policies?: string; json?: boolean }) => {
      let cases: unknown;
      const { parse: parseYaml } = await import('yaml');
      try {
        // YAML is a superset of JSON, so one parser reads both.
        cases = parseYaml(readInput(file)) as unknown;
      } catch (error) {
        throw usageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const body = {
        cases,
        ...(options.policies ? { policies: readInput(options.policies) } : {}),
      };
      const result = await api<PolicyTestReport>(clientSettings(), 'POST', '/v1/policies/test', body);
      if (options.json) printJson(result);
      else {
        for (const r of result.results) process.stdout.write(`${report(r)}\n`);
        process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
      }
      if (result.failed > 0) process.exitCode = 1;
    });

  policy
    .command('upload <cedarFile>')
    .description('store a new version of the tenant policy set (validated first)')
    .option('--activate', 'make it the active set')
    .option('--json', 'print the stored version as JSON')
    .action(async (file: string, options: { activate?: boolean; json?: boolean }) => {
      const stored = await api<{ version: number; active: boolean }>(
        clientSettings(),
        'POST',
        '/v1/policies',
        {
          policies: readInput(file),
          activate: options.activate ?? false,
        },
      );
      if (options.json) printJson(stored);
      else
        write(
          `stored policy set version ${stored.version}${stored.active ? ', now active' : ' (not active: policy upload --activate, or activate it later)'}`,
        );
    });

  policy
    .command('simulate <cedarFile>')
    .description('list recent plans the set would decide differently (nothing is activated)')
    .option('--last <n>', 'how many recent plans to compare', '100')
    .option('--json', 'print the raw answer as JSON')
    .action(async (file: string, options: { last: string; json?: boolean }) => {
      const result = await api<Simulation>(clientSettings(), 'POST', '/v1/policies/simulate', {
        policies: readInput(file),
        last: Number(options.last),
      });
      if (options.json) printJson(result);
      else write(describeSimulation(result));
    });
}
