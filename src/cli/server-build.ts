// The server's modules as one build (issue 22): `warrant serve` and `warrant worker` load some 1,300 modules from
// source (Warrant's TypeScript and its packages), and resolving and reading them file by file was about half a
// warm start. `npm ci` (the `prepare` step) and `npm run build` bundle them into build/server with rolldown; a
// start loads that build only while it is exactly what the sources would give (the manifest's hashes of every
// source file it holds and of package-lock.json), and otherwise the sources themselves, so an edit is never
// run stale. Packages that find files next to their own code (wasm, workers, static assets) stay outside.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILD_DIR, fileHash, lockfileHash, ROOT } from '../core/install-build.ts';

export const SERVER_BUILD_DIR = join(BUILD_DIR, 'server');
const MANIFEST = 'manifest.json';

/** The commands' modules, each an entry of the build. */
const ENTRIES = { serve: 'src/cli/serve.ts', worker: 'src/cli/worker.ts' } as const;
export type ServerEntry = keyof typeof ENTRIES;

/**
 * Loaded from node_modules at run time, not bundled: each finds files relative to its own code (wasm, worker
 * scripts, its package.json, static assets), or is a build tool. The build fails if any other package it
 * bundles does that (SELF_LOCATING), naming it for this list.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  '@cedar-policy/cedar-wasm',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@fastify/static',
  'pino',
  'thread-stream',
  'vite',
  'rolldown',
  'undici',
];

export interface Manifest {
  /** Each bundled file of the checkout (relative to the root) and the SHA-256 of its content. */
  sources: Record<string, string>;
  lockfile: string;
  entries: Record<ServerEntry, string>;
}

/**
 * The module a server command loads: the build while it matches the sources, else the source entry.
 * WARRANT_SERVER_FROM_SOURCE=1 always loads the sources (stack traces then name the TypeScript files).
 */
export function serverModule(
  entry: ServerEntry,
  dir: string = SERVER_BUILD_DIR,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const built = env.WARRANT_SERVER_FROM_SOURCE === '1' ? undefined : currentBuild(dir);
  return built
    ? pathToFileURL(join(dir, built.entries[entry])).href
    : pathToFileURL(join(ROOT, ENTRIES[entry])).href;
}

/** The build's manifest when every file it was built from is unchanged, else undefined. */
export function currentBuild(dir: string = SERVER_BUILD_DIR): Manifest | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  try {
    if (lockfileHash() !== manifest.lockfile) return undefined;
    for (const [path, hash] of Object.entries(manifest.sources)) {
      if (fileHash(join(ROOT, path)) !== hash) return undefined;
    }
  } catch {
    return undefined; // a source file is gone
  }
  return Object.values(manifest.entries).every((file) => existsSync(join(dir, file))) ? manifest : undefined;
}

const packageOf = (id: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id)?.[1];
/** A file of this checkout (src/, or anything it imports from outside node_modules): tracked by the manifest. */
const ownFile = (id: string) => id.startsWith(ROOT) && !id.includes('/node_modules/');

/** Code that locates files next to itself, which a bundle moves away from them. */
const SELF_LOCATING = /\b__dirname\b|\b__filename\b|\bimport\.meta\b|\brequire\.resolve\b/;

export interface BuiltServer {
  sources: number;
  /** For each entry, the packages its start loads (bundled into, or imported by, its static import closure). */
  loadedAtStart: Record<ServerEntry, string[]>;
}

/** Bundles the server into `dir` (replacing what is there; inside the root) and writes its manifest last. */
export async function buildServer(dir: string = SERVER_BUILD_DIR): Promise<BuiltServer> {
  // The packages left outside are imported from the build's own folder: it must see the root's node_modules.
  if (relative(ROOT, dir).startsWith('..')) throw new Error(`the server build must lie inside ${ROOT}`);
  const { rolldown } = await import('rolldown');
  rmSync(dir, { recursive: true, force: true });
  const bundle = await rolldown({
    input: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
    platform: 'node',
    logLevel: 'silent',
    external: (id) => {
      const name = id.startsWith('node:') ? undefined : (packageOf(id) ?? bareName(id));
      return name !== undefined && EXTERNAL.includes(name);
    },
    plugins: [
      {
        // Warrant's modules find their files (migrations, policies, the console) from their own URL: each
        // keeps the URL of its source file, wherever its code now lives.
        name: 'source-urls',
        transform(code, id) {
          if (!ownFile(id) || !code.includes('import.meta.url')) return null;
          const from = JSON.stringify(relative(dir, id));
          return code.replaceAll('import.meta.url', `new URL(${from}, import.meta.url).href`);
        },
      },
    ],
  });
  const { output } = await bundle.write({ dir, format: 'esm', entryFileNames: '[name].js' });
  await bundle.close();
  const sources: Record<string, string> = {};
  const selfLocating = new Set<string>();
  const entries: Partial<Record<ServerEntry, string>> = {};
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    if (chunk.isEntry && chunk.name in ENTRIES) entries[chunk.name as ServerEntry] = chunk.fileName;
    for (const [id, module] of Object.entries(chunk.modules)) {
      if (ownFile(id)) sources[relative(ROOT, id)] = fileHash(id);
      const name = packageOf(id);
      if (name && module.code && SELF_LOCATING.test(module.code)) selfLocating.add(name);
    }
  }
  if (selfLocating.size > 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `these packages locate files next to their own code and cannot be bundled: ${[...selfLocating].join(', ')} (add them to EXTERNAL in src/cli/server-build.ts)`,
    );
  }
  const manifest: Manifest = { sources, lockfile: lockfileHash(), entries: entries as Manifest['entries'] };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const chunks = new Map(
    output.flatMap((item) => (item.type === 'chunk' ? [[item.fileName, item] as const] : [])),
  );
  const loadedBy = (file: string): string[] => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (name: string) => {
      const chunk = chunks.get(name);
      if (!chunk) {
        const external = bareName(name);
        if (external && !name.startsWith('node:')) packages.add(external);
        return;
      }
      if (seen.has(name)) return;
      seen.add(name);
      for (const id of Object.keys(chunk.modules)) {
        const found = packageOf(id);
        if (found) packages.add(found);
      }
      for (const imported of chunk.imports) visit(imported);
    };
    visit(file);
    return [...packages].sort();
  };
  return {
    sources: Object.keys(sources).length,
    loadedAtStart: { serve: loadedBy(manifest.entries.serve), worker: loadedBy(manifest.entries.worker) },
  };
}

/** The package a bare import names (`pino`, `@fastify/static/x` → `@fastify/static`). */
function bareName(id: string): string | undefined {
  if (id.startsWith('.') || id.startsWith('/')) return undefined;
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
