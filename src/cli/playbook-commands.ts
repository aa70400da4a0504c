import type { Command } from 'commander';
import type { ParamsSchema } from '../playbooks/params.ts';
import { api, clientSettings } from './client.ts';
import { describePlan } from './plan-commands.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `warrant plan from PLAYBOOK --param k=v …` and `warrant playbooks`; call after registerPlanCommands. */
export function registerPlaybookCommands(program: Command): void {
  const plan = program.commands.find((command) => command.name() === 'plan') ?? program.command('plan');
  plan
    .command('from <playbook>')
    .description('instantiate a playbook: its parameters are checked, then the plan is submitted to policy')
    .option(
      '--param <name=value>',
      'a parameter (repeatable); typed by the playbook, e.g. replicas=3',
      collect,
      [],
    )
    .option('--version <n>', 'a version of the playbook (default: the latest)')
    .option('--environment <environment>', "override the playbook's environment")
    .option('--json', 'print the plan as JSON')
    .action(
      async (
        name: string,
        options: { param: string[]; version?: string; environment?: string; json?: boolean },
      ) => {
        const settings = clientSettings();
        const { parseParamAssignments } = await import('../playbooks/params.ts');
        const path = `/v1/playbooks/${encodeURIComponent(name)}`;
        const version = options.version === undefined ? undefined : Number(options.version);
        // The playbook's schema types the values (`3` an integer, `true` a boolean); the server checks them.
        const playbook = await api<{ body: { parameters: ParamsSchema } }>(
          settings,
          'GET',
          version === undefined ? path : `${path}?version=${version}`,
        );
        const answer = await api<Parameters<typeof describePlan>[0]>(settings, 'POST', `${path}/plans`, {
          params: parseParamAssignments(options.param, playbook.body.parameters),
          ...(version === undefined ? {} : { version }),
          ...(options.environment ? { context: { environment: options.environment } } : {}),
        });
        process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : describePlan(answer));
      },
    );
  program
    .command('playbooks')
    .description('list the playbooks: built-in and this tenant’s own')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const answer = await api<{
        items: { name: string; version: number; source: string; description: string }[];
      }>(clientSettings(), 'GET', '/v1/playbooks');
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      const { items } = answer;
      for (const item of items) {
        process.stdout.write(
          `${item.name.padEnd(24)} v${String(item.version).padEnd(4)} ${item.source.padEnd(8)} ${item.description.split('. ')[0]}\n`,
        );
      }
    });
}
