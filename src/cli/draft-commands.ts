import { type Command, Option } from 'commander';
import type { Environment } from '../plans/plan-schema.ts';
import { api, clientSettings } from './client.ts';
import { describePlan } from './plan-commands.ts';

// The plan schema's environments, spelled out so the CLI starts without loading the schema (and zod).
const ENVIRONMENTS: readonly Environment[] = ['dev', 'stage', 'prod'];

interface DraftAnswer {
  draft: Record<string, unknown>;
  provider: string;
  model: string;
  plan?: Parameters<typeof describePlan>[0];
}

/** `warrant plan draft "<intent>"`: the printed draft is a file `warrant plan submit` takes as it is. */
export function registerDraftCommands(program: Command): void {
  const plan = program.commands.find((command) => command.name() === 'plan') ?? program.command('plan');
  plan
    .command('draft <intent>')
    .description('draft a plan from free text with the configured model (offline rules by default)')
    .addOption(new Option('--environment <environment>', 'the context environment').choices(ENVIRONMENTS))
    .option('--namespace <namespace>', 'the context namespace')
    .option('--submit', 'submit the draft at once; policy decides as for any plan')
    .option('--json', 'print JSON instead of YAML')
    .action(
      async (
        intent: string,
        options: { environment?: string; namespace?: string; submit?: boolean; json?: boolean },
      ) => {
        const context = {
          ...(options.environment ? { environment: options.environment } : {}),
          ...(options.namespace ? { namespace: options.namespace } : {}),
        };
        const answer = await api<DraftAnswer>(
          clientSettings(),
          'POST',
          `/v1/plans/draft${options.submit ? '?submit=true' : ''}`,
          { intent, ...(Object.keys(context).length > 0 ? { context } : {}) },
        );
        process.stderr.write(`drafted by ${answer.provider} (${answer.model})\n`);
        if (options.json)
          process.stdout.write(`${JSON.stringify(options.submit ? answer : answer.draft, null, 2)}\n`);
        else
          process.stdout.write(
            answer.plan ? describePlan(answer.plan) : (await import('yaml')).stringify(answer.draft),
          );
      },
    );
}
