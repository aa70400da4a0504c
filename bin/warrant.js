#!/usr/bin/env node
// Runs the CLI on Node 24: directly when this is Node 24+, else through the `node` devDependency's binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * drizzle-orm's own relative imports, resolved here. Node finds each imported .js file's module format in its
 * package.json, and (Node 24) parses that file's `exports` again for every file: drizzle-orm's is 179 KB and the
 * server loads some 100 of its files, about a second of a start on a loaded machine. Its files are all ES modules
 * ("type": "module"), so a relative .js import inside it is that file, as an ES module.
 */
function resolveDrizzleDirectly() {
  const drizzle = pathToFileURL(join(root, 'node_modules', 'drizzle-orm')).href + '/';
  module.registerHooks?.({
    resolve(specifier, context, next) {
      if (
        context.parentURL?.startsWith(drizzle) &&
        (specifier.startsWith('./') || specifier.startsWith('../')) &&
        specifier.endsWith('.js')
      ) {
        return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
      }
      return next(specifier, context);
    },
  });
}
const entry = join(root, 'src', 'cli', 'main.ts');
if (Number(process.versions.node.split('.')[0]) >= 24) {
  // Node's compile cache (keyed by each file's content) keeps the TypeScript stripped and the code compiled
  // between runs, so a command loads neither the TypeScript stripper nor a cold parse of its modules.
  // Set before the entry loads, as it covers only what is loaded after it; NODE_DISABLE_COMPILE_CACHE=1 opts out.
  module.enableCompileCache?.();
  resolveDrizzleDirectly();
  await import(entry);
} else {
  const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) {
    process.stderr.write('warrant: needs Node 24; run `npm ci` in the Warrant folder first\n');
    process.exit(2);
  }
  // This file again under Node 24, for the compile cache above.
  const result = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
