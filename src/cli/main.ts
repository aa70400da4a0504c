#!/usr/bin/env node
import { Command, Option } from 'commander';
import { createWarrant } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import { roles } from '../tenancy/roles.ts';
import { registerAgentCommands } from './agent-commands.ts';
import { auditCommands } from './audit.ts';
import { ApiError, api, clientSettings } from './client.ts';
import { demo } from './demo.ts';
import { doctor } from './doctor.ts';
import { registerDraftCommands } from './draft-commands.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { registerPlanCommands } from './plan-commands.ts';
import { registerPlaybookCommands } from './playbook-commands.ts';
import { registerPolicyCommands } from './policy-commands.ts';
import { openRuntime } from './runtime.ts';
import { serve } from './serve.ts';

const program = new Command('warrant')
  .description('Governance control plane for AI agents and automation')
  .showHelpAfterError();

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

program
  .command('serve')
  .description('run the API server (and an in-process worker)')
  .option('--no-worker', 'do not run an in-process worker')
  .option('--demo', 'load demo data on first start and act on the simulated cluster')
  .action(async (options: { worker: boolean; demo?: boolean }) => serve(options));

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const runtime = await openRuntime();
    const { migrate } = await import('../db/migrate.ts');
    const result = await migrate(runtime.db.orm);
    await runtime.close();
    process.stdout.write(
      result.applied.length > 0 ? `applied: ${result.applied.join(', ')}\n` : 'the database is up to date\n',
    );
  });

program
  .command('worker')
  .description('run a worker against a PostgreSQL server (DATABASE_URL)')
  .action(async () => {
    if (!process.env.DATABASE_URL) {
      throw new ApiError(
        0,
        'needs_postgres',
        'a separate worker needs a PostgreSQL server: set DATABASE_URL',
      );
    }
    const config = loadConfig();
    const runtime = await openRuntime();
    const warrant = await createWarrant({ config, db: runtime.db, home: runtime.home });
    // Listen before the first run is claimed, so a SIGTERM always means a clean hand-back.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    // Expiry and audit integration take turns across processes (advisory locks), so every worker helps.
    warrant.startBackground();
    const worker = await warrant.startWorker();
    warrant.logger.info({ message: `worker ${worker.id} started; waiting for runs` });
    await stopped;
    warrant.logger.info({ message: `worker ${worker.id} stopping: handing runs back` });
    await warrant.close();
    await runtime.close();
  });

const tenants = program.command('tenants').description('manage tenants (first admin key)');
tenants
  .command('create')
  .requiredOption('--name <name>', 'tenant name, its handle in the CLI')
  .action(async (options: { name: string }) =>
    print(await api(clientSettings(), 'POST', '/v1/tenants', options)),
  );
tenants.command('list').action(async () => print(await api(clientSettings(), 'GET', '/v1/tenants')));

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .option('--tenant <tenant>', "tenant name (default: the caller's)")
  .addOption(new Option('--role <role>', 'role of the new key').choices(roles).makeOptionMandatory())
  .requiredOption('--name <name>', 'a name for the key')
  .action(async (options: { tenant?: string; role: string; name: string }) => {
    const created = await api<{ key: string }>(clientSettings(), 'POST', '/v1/keys', options);
    process.stdout.write(`${created.key}\n`);
  });
keys.command('list').action(async () => print(await api(clientSettings(), 'GET', '/v1/keys')));
keys.command('revoke <id>').action(async (id: string) => {
  await api(clientSettings(), 'DELETE', `/v1/keys/${encodeURIComponent(id)}`);
  process.stdout.write(`revoked ${id}\n`);
});

registerPlanCommands(program);
registerPlaybookCommands(program);
registerDraftCommands(program);
registerPolicyCommands(program);
registerAgentCommands(program);
registerOpsCommands(program);

auditCommands(program);

program
  .command('whoami')
  .description('show the caller behind WARRANT_API_KEY')
  .action(async () => print(await api(clientSettings(), 'GET', '/v1/whoami')));

program
  .command('demo')
  .description(
    'tell the whole story on a throwaway database and the simulated cluster; exit 0 when it ends well',
  )
  .action(async () => {
    process.exitCode = (await demo()) ? 0 : 1;
  });

program
  .command('doctor')
  .description('check the configuration, the database and the server')
  .action(async () => {
    process.exitCode = (await doctor()) ? 0 : 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
  process.stderr.write(`warrant: ${message}\n`);
  process.exit(error instanceof ApiError && error.status === 0 ? 2 : 1);
}
