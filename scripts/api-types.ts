// The console's API types, generated from the server's OpenAPI document (built in process on an in-memory
// database, no network server): `npm run api-types` writes web/src/lib/api-schema.d.ts; `-- --check` fails
// when the committed file is not what the document generates today.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarrant } from '../src/app.ts';
import { generateSignerKey } from '../src/audit/checkpoint.ts';
import { configSchema } from '../src/config/schema.ts';
import { createLogger } from '../src/core/logger.ts';
import { openTestDatabase } from '../src/db/testing.ts';

const TARGET = 'web/src/lib/api-schema.d.ts';
const HEADER =
  "// Generated from the server's /openapi.json by `npm run api-types` (openapi-typescript): do not edit.\n\n";

// openapi-typescript builds its output with the TypeScript 5/6 compiler API, which TypeScript 7 (the
// project's compiler) does not have (openapi-ts/openapi-typescript#2841): its `typescript` is version 6.
registerHooks({
  resolve(specifier, context, nextResolve) {
    const fromGenerator = context.parentURL?.includes('/node_modules/openapi-typescript/') ?? false;
    return nextResolve(
      fromGenerator && specifier === 'typescript' ? '@typescript/typescript6' : specifier,
      context,
    );
  },
});
const { default: openapiTS, astToString } = await import('openapi-typescript');

async function openapiDocument(): Promise<string> {
  const db = await openTestDatabase();
  const home = mkdtempSync(join(tmpdir(), 'warrant-api-types-'));
  const warrant = await createWarrant({
    config: configSchema.parse({}),
    db,
    home,
    logger: createLogger({ level: 'silent' }),
    auditSignerKey: generateSignerKey('warrant.api-types/audit').signerKey,
  });
  try {
    const response = await warrant.server.inject({ method: 'GET', url: '/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
    return response.body;
  } finally {
    await warrant.close();
    await db.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** The file as biome formats it, so that `biome check .` accepts it as generated. */
function formatted(source: string): string {
  const biome = spawnSync('npx', ['biome', 'format', `--stdin-file-path=${TARGET}`], {
    input: source,
    encoding: 'utf8',
  });
  if (biome.status !== 0) throw new Error(`biome format failed: ${biome.stderr}`);
  return biome.stdout;
}

const generated = formatted(HEADER + astToString(await openapiTS(await openapiDocument())));

if (process.argv.includes('--check')) {
  const fresh = join(mkdtempSync(join(tmpdir(), 'warrant-api-types-')), 'api-schema.d.ts');
  writeFileSync(fresh, generated);
  const diff = spawnSync('diff', ['-u', TARGET, fresh], { encoding: 'utf8' });
  if (diff.status !== 0) {
    process.stderr.write(
      `${diff.stdout}\n${TARGET} is not current: run \`npm run api-types\` and commit it.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${TARGET} is current.\n`);
} else {
  writeFileSync(TARGET, generated);
  process.stdout.write(`wrote ${TARGET}\n`);
}
