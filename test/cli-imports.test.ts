// A client command loads no server module (issue 22): each command runs with a module hook that records every
// file Node loads (import and require), and the list is held to what a client may load. The server's modules
// (the database, Cedar, pg-boss, Fastify, the model SDKs…) load only for serve, worker, migrate, demo and
// audit verify, through import() in those commands. Asserts on the module list, never on time.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, startServe } from './cli-spawn.ts';
import { LOADED_ON_DEMAND } from './lazy-packages.ts';
import { initializeRequest } from './mcp-messages.ts';

const MARK = 'LOADED-MODULES ';
// Registered before the CLI loads; prints the list on exit (the CLI ends with process.exit).
const recorder = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write('\\n${MARK}' + JSON.stringify(seen) + '\\n'));
`)}`;

const root = new URL('..', import.meta.url).href;

/** Folders of src/ that only the server (or a command that runs one) loads. */
const SERVER_FOLDERS = [
  'app.ts',
  'audit/',
  'chatops/',
  'connectors/',
  'db/',
  'demo/',
  'events/',
  'governance/',
  'http/',
  'llm/',
  'ops/',
  'plans/store.ts',
  'plans/service.ts',
  'policy/',
  'runs/',
  'storage/',
  'tenancy/',
  'transparency/',
  'triggers/',
  'verification/',
  'worklog/',
];
/** Packages only the server loads. */
const SERVER_PACKAGES = [
  '@electric-sql/pglite',
  '@cedar-policy/cedar-wasm',
  'pg-boss',
  'pg',
  'drizzle-orm',
  'fastify',
  '@aws-sdk',
  '@kubernetes/client-node',
  '@octokit',
  '@opentelemetry',
  '@anthropic-ai/sdk',
  'openai',
  'pdf-lib',
  'pino',
  'vite',
];

/** The module list the recorder printed in `stderr`, as URLs of this project's files. */
function recorded(stderr: string, what: string): string[] {
  const line = stderr.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`no module list from ${what}:\n${stderr}`);
  return (JSON.parse(line.slice(MARK.length)) as string[]).filter((url) => url.startsWith(root));
}

async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const stderr = await new Promise<string>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', recorder, cliEntry, ...args],
      { env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1', ...env }, timeout: 60_000 },
      (_error, _stdout, stderr) => resolve(stderr),
    );
    child.stdin?.end();
  });
  return recorded(stderr, `warrant ${args.join(' ')}`);
}

const relative = (urls: string[]) => urls.map((url) => url.slice(root.length));
const packageOf = (path: string) => {
  const [first, second] = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
  return first!.startsWith('@') ? `${first}/${second}` : first!;
};

function serverModules(paths: string[]): string[] {
  return paths.filter((path) =>
    path.includes('node_modules/')
      ? SERVER_PACKAGES.some((name) => packageOf(path) === name || packageOf(path).startsWith(`${name}/`))
      : SERVER_FOLDERS.some((folder) => path.startsWith(`src/${folder}`)),
  );
}

let fake: Server;
let url: string;
beforeAll(async () => {
  // The one answer whoami needs; a client command's modules do not depend on who answers.
  fake = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/v1/whoami')
      response.end(
        JSON.stringify({
          actor: {
            id: 'a1',
            name: 'alice',
            type: 'user',
            roles: ['admin'],
            tenant_name: 'demo',
            tenant_id: 't1',
          },
        }),
      );
    else response.end('{"items":[]}');
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

describe('client commands load no server module', () => {
  it('--help loads the CLI, commander and nothing else', async () => {
    const paths = relative(await loadedBy(['--help']));
    expect(paths).toContain('src/cli/main.ts');
    expect(serverModules(paths)).toEqual([]);
    const packages = new Set(paths.filter((p) => p.includes('node_modules/')).map(packageOf));
    expect([...packages]).toEqual(['commander']);
  });

  it('whoami, with and without WARRANT_URL, adds no package to the CLI and commander', async () => {
    const env = { WARRANT_API_KEY: 'k' };
    for (const paths of [
      relative(await loadedBy(['whoami'], { ...env, WARRANT_URL: url })),
      // The configured address without a config file: the default or WARRANT_GATEWAY_HTTP_ADDR, not the schema.
      relative(
        await loadedBy(['whoami'], { ...env, WARRANT_GATEWAY_HTTP_ADDR: url.slice('http://'.length) }),
      ),
    ]) {
      expect(paths).toContain('src/cli/client.ts');
      expect(serverModules(paths)).toEqual([]);
      const packages = new Set(paths.filter((p) => p.includes('node_modules/')).map(packageOf));
      expect([...packages]).toEqual(['commander']);
    }
  });

  it('plan list and mcp (an MCP server for agents) load no server module', async () => {
    for (const args of [['plan', 'list'], ['mcp']]) {
      const paths = relative(await loadedBy(args, { WARRANT_URL: url, WARRANT_API_KEY: 'k' }));
      expect(paths.length).toBeGreaterThan(0);
      expect(serverModules(paths)).toEqual([]);
    }
  });

  it('the recorder sees a server command load the server (the check above can fail)', async () => {
    // audit verify runs the audit log's verifier (src/audit) in the CLI; any readable file will do.
    const paths = relative(await loadedBy(['audit', 'verify', 'package.json', '--key', 'a+01234567+AAAA']));
    expect(serverModules(paths).some((path) => path.startsWith('src/audit/'))).toBe(true);
  });

  it('serve loads the S3 client, jose, the MCP SDK, OpenTelemetry and the other on-demand packages only once something needs them', async () => {
    const lazy = LOADED_ON_DEMAND;
    const loadedWhen = async (use: (url: string, adminKey: string) => Promise<void>) => {
      const home = mkdtempSync(join(tmpdir(), 'warrant-lazy-'));
      // The sources' module graph; src/cli/server-build.test.ts holds the build (build/server) to the same.
      const env = { WARRANT_HOME: home, DATABASE_URL: '', WARRANT_SERVER_FROM_SOURCE: '1' };
      const served = await startServe(env, [], 110_000, ['--import', recorder]);
      try {
        await use(served.url, readFileSync(join(home, 'admin-key'), 'utf8').trim());
      } finally {
        await served.stop();
        rmSync(home, { recursive: true, force: true });
      }
      const packages = relative(recorded(served.output(), 'warrant serve'))
        .filter((path) => path.includes('node_modules/'))
        .map(packageOf);
      return lazy.filter((name) => packages.some((found) => found === name || found.startsWith(`${name}/`)));
    };
    expect(await loadedWhen(async () => {})).toEqual([]);
    // The check can fail: one MCP request from a known caller loads the MCP SDK.
    const afterMcp = await loadedWhen(async (url, adminKey) => {
      const response = await fetch(`${url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${adminKey}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify(initializeRequest('t')),
      });
      expect(response.status).toBe(200);
      await response.text();
    });
    expect(afterMcp).toEqual(['@modelcontextprotocol/sdk']);
  }, 240_000);

  it('bin/warrant.js (compile cache, drizzle-orm resolved by its hook) runs a server command on the database', async () => {
    const home = mkdtempSync(join(tmpdir(), 'warrant-bin-'));
    try {
      const bin = new URL('../bin/warrant.js', import.meta.url).pathname;
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
        (resolve) => {
          execFile(
            process.execPath,
            [bin, 'migrate'],
            { env: { ...process.env, WARRANT_HOME: home, DATABASE_URL: '' }, timeout: 120_000 },
            (error, stdout, stderr) =>
              resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr }),
          );
        },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/applied: |the database is up to date/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
