// Which test files the database engine can change: those whose static imports reach a module that reads
// WARRANT_TEST_DATABASE_URL (src/db/testing.ts and the few tests that read it themselves). The PostgreSQL pass
// runs only these; every other file (pure logic, CLI tests that spawn servers on the embedded database) runs the
// same on either pass, and the first pass ran it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ENGINE_SWITCH = 'WARRANT_TEST_DATABASE_URL';
// Relative imports only: packages do not read the variable. `import type` is erased and is not followed.
const IMPORT =
  /(?:^|[^\w.])(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

function testFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(root, path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The test files under `dirs` (relative to `root`) whose import closure reaches the engine switch. */
export function engineDependentTests(root: string, dirs: string[]): string[] {
  // The import graph of everything the tests reach, then the switch's readers walked back along it: a walk
  // forward with a memo would miss a module that reaches the switch only through a cycle still being walked.
  const importers = new Map<string, string[]>();
  const readers: string[] = [];
  const seen = new Set<string>();
  const tests = dirs.flatMap((dir) => testFiles(root, dir)).map((file) => resolve(root, file));
  const pending = [...tests];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    if (source.includes(ENGINE_SWITCH)) readers.push(file);
    for (const match of source.matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] ?? match[2]!);
      if (!target.endsWith('.ts') || !existsSync(target)) continue;
      importers.set(target, [...(importers.get(target) ?? []), file]);
      pending.push(target);
    }
  }
  const reaching = new Set<string>(readers);
  for (let file = readers.pop(); file !== undefined; file = readers.pop()) {
    for (const importer of importers.get(file) ?? []) {
      if (!reaching.has(importer)) {
        reaching.add(importer);
        readers.push(importer);
      }
    }
  }
  return tests.filter((file) => reaching.has(file)).map((file) => relative(root, file));
}
