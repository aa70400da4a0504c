import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { PolicyTestReport, PolicyTestResult } from '../policy/policy-test.ts';
import { api, clientSettings } from './client.ts';

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

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
    .action(async (file: string, options: { policies?: string }) => {
      // YAML is a superset of JSON, so one parser reads both.
      const cases = parseYaml(readFileSync(file, 'utf8')) as unknown;
      const body = {
        cases,
        ...(options.policies ? { policies: readFileSync(options.policies, 'utf8') } : {}),
      };
      const result = await api<PolicyTestReport>(clientSettings(), 'POST', '/v1/policies/test', body);
      for (const r of result.results) process.stdout.write(`${report(r)}\n`);
      process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
      if (result.failed > 0) process.exitCode = 1;
    });

  policy
    .command('upload <cedarFile>')
    .description('store a new version of the tenant policy set (validated first)')
    .option('--activate', 'make it the active set')
    .action(async (file: string, options: { activate?: boolean }) =>
      print(
        await api(clientSettings(), 'POST', '/v1/policies', {
          policies: readFileSync(file, 'utf8'),
          activate: options.activate ?? false,
        }),
      ),
    );

  policy
    .command('simulate <cedarFile>')
    .description('list recent plans the set would decide differently (nothing is activated)')
    .option('--last <n>', 'how many recent plans to compare', '100')
    .action(async (file: string, options: { last: string }) =>
      print(
        await api(clientSettings(), 'POST', '/v1/policies/simulate', {
          policies: readFileSync(file, 'utf8'),
          last: Number(options.last),
        }),
      ),
    );
}
