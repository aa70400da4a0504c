#!/usr/bin/env node
// Client commands load only commander, the HTTP client and light helpers; the server's modules (the database,
// Cedar, pg-boss, Fastify, model SDKs…) load through import() in the commands that need them (serve, worker,
// migrate, demo, audit verify). test/cli-imports.test.ts holds the client commands to that.
import { Command, CommanderError, Option } from 'commander';
import { HOOK_AGENTS, type HookAgent } from '../agents/hook-agents.ts';
import { roles } from '../core/roles.ts';
import type { Environment } from '../plans/plan-schema.ts';
import { registerAgentCommands } from './agent-commands.ts';
import { auditCommands } from './audit.ts';
import { ApiError, api, clientSettings } from './client.ts';
import { registerDraftCommands } from './draft-commands.ts';
import { registerListingCommands } from './listing-commands.ts';
import { registerOpsCommands } from './ops-commands.ts';
import { EXIT, printJson, table, when, write } from './output.ts';
import { registerPlanCommands } from './plan-commands.ts';
import { registerPlaybookCommands } from './playbook-commands.ts';
import { registerPolicyCommands } from './policy-commands.ts';
import { registerRunCommands } from './run-commands.ts';

const program = new Command('warrant')
  .description('Governance control plane for AI agents and automation')
  .showHelpAfterError()
  // Usage errors throw (to exit 2, see the end); set before any subcommand, which inherits it.
  .exitOverride();

program
  .command('serve')
  .description('run the API server (and an in-process worker)')
  .option('--no-worker', 'do not run an in-process worker')
  .option('--demo', 'load demo data on first start and act on the simulated cluster')
  .action(async (options: { worker: boolean; demo?: boolean }) => {
    const { serverModule } = await import('./server-build.ts');
    const { serve } = (await import(serverModule('serve'))) as typeof import('./serve.ts');
    await serve(options);
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const { openRuntime } = await import('./runtime.ts');
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
    const { serverModule } = await import('./server-build.ts');
    const { worker } = (await import(serverModule('worker'))) as typeof import('./worker.ts');
    await worker();
  });

interface TenantView {
  id: string;
  name: string;
  created_at: string;
}
const tenantTable = (items: TenantView[]) =>
  table(
    ['TENANT', 'NAME', 'CREATED'],
    items.map((t) => [t.id, t.name, when(t.created_at)]),
    'no tenants',
  );

const tenants = program.command('tenants').description('manage tenants (first admin key)');
tenants
  .command('create')
  .requiredOption('--name <name>', 'tenant name, its handle in the CLI')
  .option('--json', 'print the tenant as JSON')
  .action(async (options: { name: string; json?: boolean }) => {
    const tenant = await api<TenantView>(clientSettings(), 'POST', '/v1/tenants', { name: options.name });
    if (options.json) printJson(tenant);
    else write(`tenant ${tenant.name} created: ${tenant.id}`);
  });
tenants
  .command('list')
  .option('--json', 'print the list as JSON')
  .action(async (options: { json?: boolean }) => {
    const answer = await api<{ items: TenantView[] }>(clientSettings(), 'GET', '/v1/tenants');
    if (options.json) printJson(answer);
    else write(tenantTable(answer.items));
  });

interface KeyView {
  id: string;
  name: string;
  actor_id: string;
  roles: string[];
  created_at: string;
  revoked_at: string | null;
}

const keys = program.command('keys').description('manage API keys');
keys
  .command('create')
  .option('--tenant <tenant>', "tenant name (default: the caller's)")
  .addOption(new Option('--role <role>', 'role of the new key').choices(roles).makeOptionMandatory())
  .requiredOption('--name <name>', 'a name for the key')
  .option('--person <person>', 'the person it belongs to (default: the name); one person is one voter')
  .option('--json', 'print the whole answer as JSON (the key is shown once)')
  .action(
    async (options: { tenant?: string; role: string; name: string; person?: string; json?: boolean }) => {
      const { json, ...body } = options;
      const created = await api<{ key: string }>(clientSettings(), 'POST', '/v1/keys', body);
      if (json) printJson(created);
      else process.stdout.write(`${created.key}\n`);
    },
  );
keys
  .command('list')
  .option('--json', 'print the list as JSON')
  .action(async (options: { json?: boolean }) => {
    const answer = await api<{ items: KeyView[] }>(clientSettings(), 'GET', '/v1/keys');
    if (options.json) return printJson(answer);
    write(
      table(
        ['KEY', 'NAME', 'ROLES', 'CREATED', 'REVOKED'],
        answer.items.map((k) => [k.id, k.name, k.roles.join(', '), when(k.created_at), when(k.revoked_at)]),
        'no keys',
      ),
    );
  });
keys
  .command('revoke <id>')
  .option('--json', 'print { id, revoked: true }')
  .action(async (id: string, options: { json?: boolean }) => {
    await api(clientSettings(), 'DELETE', `/v1/keys/${encodeURIComponent(id)}`);
    if (options.json) printJson({ id, revoked: true });
    else write(`revoked ${id}`);
  });

registerPlanCommands(program);
registerPlaybookCommands(program);
registerDraftCommands(program);
registerPolicyCommands(program);
registerAgentCommands(program);
registerOpsCommands(program);
registerRunCommands(program);
registerListingCommands(program);
(await import('./worklog-commands.ts')).registerWorklogCommands(program);

program
  .command('hook <agent>')
  .description(
    `a coding agent's PreToolUse hook (${HOOK_AGENTS.join(', ')}): reads the call on stdin, answers on stdout`,
  )
  .addOption(
    new Option('--environment <env>', 'environment the agent works in (decides the policy rules)')
      .choices(['dev', 'stage', 'prod'])
      .default('dev'),
  )
  .action(async (agent: string, options: { environment: Environment }) => {
    // Exit 2 is the one failure both agents treat as "block"; any other would let the call through.
    if (!(HOOK_AGENTS as readonly string[]).includes(agent)) {
      process.stderr.write(`warrant hook: unknown agent ${agent} (one of ${HOOK_AGENTS.join(', ')})\n`);
      process.exitCode = 2;
      return;
    }
    const [{ text }, { runHook }, { Warrant }] = await Promise.all([
      import('node:stream/consumers'),
      import('../agents/hook.ts'),
      import('../sdk/index.ts'),
    ]);
    const stdin = await text(process.stdin);
    const warrant = () => new Warrant({ ...clientSettings(), retries: 1 });
    process.stdout.write(await runHook(agent as HookAgent, stdin, warrant, options));
  });

auditCommands(program);

interface WhoAmI {
  actor: { id: string; name: string; type: string; roles: string[]; tenant_name: string; tenant_id: string };
}
program
  .command('whoami')
  .description('show the caller behind WARRANT_API_KEY')
  .option('--json', 'print the answer as JSON')
  .action(async (options: { json?: boolean }) => {
    const who = await api<WhoAmI>(clientSettings(), 'GET', '/v1/whoami');
    if (options.json) return printJson(who);
    const { actor } = who;
    write(
      `${actor.name} (${actor.type}; ${actor.roles.join(', ')}) in tenant ${actor.tenant_name}\n  actor ${actor.id}`,
    );
  });

program
  .command('demo')
  .description(
    'tell the whole story on a throwaway database and the simulated cluster; exit 0 when it ends well',
  )
  .action(async () => {
    process.exitCode = (await (await import('./demo.ts')).demo()) ? 0 : 1;
  });

program
  .command('doctor')
  .description('check the configuration, the database and the server')
  .action(async () => {
    process.exitCode = (await (await import('./doctor.ts')).doctor()) ? 0 : 1;
  });

// Exit codes (README "Exit codes"): 0 ok; 1 refused or failed (the server said no, a check failed, a run did
// not succeed); 2 usage (a bad command line, a file that cannot be read, the server unreachable); `run watch`
// adds 3 for a timeout, and `warrant hook` keeps its agents' own convention.
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help, or the version, which are not errors).
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : (error as Error).message;
  process.stderr.write(`warrant: ${message}\n`);
  process.exit(error instanceof ApiError && error.status === 0 ? EXIT.usage : EXIT.refused);
}
