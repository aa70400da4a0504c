import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/cli-spawn.ts';
import { LOADED_ON_DEMAND } from '../../test/lazy-packages.ts';
import { type BuiltServer, buildServer, currentBuild, type Manifest, serverModule } from './server-build.ts';

// One build for the file (rolldown takes a few seconds), in a directory of its own (build/server is left alone)
// under the root, as the packages it leaves outside are found from there.
const root = fileURLToPath(new URL('../../', import.meta.url));
mkdirSync(join(root, 'build'), { recursive: true });
const dir = mkdtempSync(join(root, 'build', 'test-'));
let built: BuiltServer;
beforeAll(async () => {
  built = await buildServer(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sourceEntry = pathToFileURL(fileURLToPath(new URL('./serve.ts', import.meta.url))).href;

/** A copy of the build whose manifest `edit` changed. */
function editedCopy(edit: (manifest: Manifest) => void): string {
  const copy = mkdtempSync(join(root, 'build', 'test-edited-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest));
  return copy;
}

describe('the server build', () => {
  it('holds every source file the server loads, and is what serve loads while they are unchanged', () => {
    const manifest = currentBuild(dir);
    expect(manifest).toBeDefined();
    expect(Object.keys(manifest!.sources)).toEqual(
      expect.arrayContaining(['src/app.ts', 'src/cli/serve.ts', 'src/cli/worker.ts', 'src/db/migrate.ts']),
    );
    expect(built.sources).toBe(Object.keys(manifest!.sources).length);
    expect(serverModule('serve', dir, {})).toBe(pathToFileURL(join(dir, 'serve.js')).href);
    expect(serverModule('serve', dir, { WARRANT_SERVER_FROM_SOURCE: '1' })).toBe(sourceEntry);
  });

  it('keeps what serve and worker load only once something needs it out of their start', () => {
    // Code splitting keeps each import() a chunk of its own, loaded when that import() runs.
    for (const entry of ['serve', 'worker'] as const) {
      const packages = built.loadedAtStart[entry];
      expect(packages).toEqual(expect.arrayContaining(['fastify', 'drizzle-orm', '@electric-sql/pglite']));
      expect(packages.filter((name) => LOADED_ON_DEMAND.includes(name))).toEqual([]);
    }
  });

  it('is passed over for the sources when a source, the lockfile or an output differs from the build', () => {
    const stale = [
      editedCopy((m) => {
        m.sources['src/app.ts'] = '0'.repeat(64);
      }),
      editedCopy((m) => {
        m.sources['src/cli/gone.ts'] = '0'.repeat(64);
      }),
      editedCopy((m) => {
        m.lockfile = '0'.repeat(64);
      }),
      editedCopy((m) => {
        m.entries.serve = 'missing.js';
      }),
      editedCopy(() => {}),
    ];
    rmSync(join(stale[4]!, 'manifest.json'));
    try {
      for (const copy of stale) {
        expect(currentBuild(copy)).toBeUndefined();
        expect(serverModule('serve', copy, {})).toBe(sourceEntry);
      }
    } finally {
      for (const copy of stale) rmSync(copy, { recursive: true, force: true });
    }
  });

  it('serves from the build: the API, its documents, the console and a clean stop', async () => {
    const home = mkdtempSync(join(tmpdir(), 'warrant-built-home-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const script = 'const { serve } = await import(process.argv[1]); await serve({ worker: true });';
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, pathToFileURL(join(dir, 'serve.js')).href],
      {
        env: { ...process.env, WARRANT_HOME: home, WARRANT_GATEWAY_HTTP_ADDR: `127.0.0.1:${port}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await expect
        .poll(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status, {
          timeout: 90_000,
          interval: 100,
        })
        .toBe(200);
      const key = readFileSync(join(home, 'admin-key'), 'utf8').trim();
      const whoami = await fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
      expect(whoami.status).toBe(200);
      expect(await whoami.json()).toMatchObject({ actor: { roles: ['admin'], tenant_name: 'demo' } });
      const console = await fetch(`${url}/`);
      expect(console.status).toBe(200);
      expect(console.headers.get('content-type')).toContain('text/html');
      const document = await fetch(`${url}/openapi.json`);
      expect((await document.json()).paths['/v1/plans']).toBeDefined();
      // Packages kept outside the build still find their files: Swagger UI's assets here; Cedar's wasm (the
      // shipped policy set is validated at start) and PGlite's (the database) served the answers above.
      expect((await fetch(`${url}/docs/static/index.html`)).status).toBe(200);
      const policies = await fetch(`${url}/v1/policies`, { headers: { authorization: `Bearer ${key}` } });
      expect(await policies.json()).toMatchObject({ active: 'default' });
      const bad = await fetch(`${url}/v1/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{"intent":',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
