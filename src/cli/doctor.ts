import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { loadConfig } from '../config/load.ts';
import { api, clientSettings } from './client.ts';
import { warrantHome } from './home.ts';

type Check = { name: string; run: () => Promise<string> };

/** Checks what a start needs, each with one line of verdict; true when all pass. */
export async function doctor(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const checks: Check[] = [
    {
      name: 'node',
      run: async () => {
        const major = Number(process.versions.node.split('.')[0]);
        if (major < 24)
          throw new Error(`Node ${process.versions.node}; Warrant needs 24 (run through npm or npx)`);
        return process.versions.node;
      },
    },
    {
      name: 'config',
      run: async () => {
        loadConfig({ env });
        return `valid (${env.WARRANT_CONFIG ?? 'no file, defaults'})`;
      },
    },
    {
      name: 'home',
      run: async () => {
        const home = warrantHome(env);
        if (!existsSync(home)) mkdirSync(home, { recursive: true });
        accessSync(home, constants.W_OK);
        return `${home} is writable`;
      },
    },
    {
      name: 'database',
      run: async () => {
        if (!env.DATABASE_URL)
          return 'embedded (PGlite) under the home directory; PostgreSQL via DATABASE_URL';
        const pg = await import('pg');
        const client = new pg.default.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
        await client.end();
        return `PostgreSQL ${rows[0]?.server_version}`;
      },
    },
    {
      name: 'server',
      run: async () => {
        const settings = clientSettings(env);
        const health = await fetch(`${settings.url}/healthz`, { signal: AbortSignal.timeout(3000) });
        if (!health.ok) throw new Error(`${settings.url}/healthz answered ${health.status}`);
        return `${settings.url} is up`;
      },
    },
    {
      name: 'api key',
      run: async () => {
        const settings = clientSettings(env);
        if (!settings.apiKey) throw new Error('no WARRANT_API_KEY and no admin-key file');
        const who = await api<{ actor: { name: string; tenant_name: string; roles: string[] } }>(
          settings,
          'GET',
          '/v1/whoami',
        );
        return `${who.actor.name} in tenant ${who.actor.tenant_name} (${who.actor.roles.join(', ')})`;
      },
    },
  ];
  let ok = true;
  for (const check of checks) {
    try {
      process.stdout.write(`ok    ${check.name}: ${await check.run()}\n`);
    } catch (error) {
      ok = false;
      process.stdout.write(`FAIL  ${check.name}: ${(error as Error).message}\n`);
    }
  }
  return ok;
}
