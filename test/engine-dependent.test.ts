import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineDependentTests } from './engine-dependent.ts';

describe('the files the PostgreSQL pass runs', () => {
  it('are those whose imports reach the engine switch, through re-exports and dynamic imports, not types', () => {
    const root = mkdtempSync(join(tmpdir(), 'warrant-engine-'));
    mkdirSync(join(root, 'src/db'), { recursive: true });
    const write = (path: string, text: string) => writeFileSync(join(root, path), text);
    write('src/db/testing.ts', "export const url = process.env['WARRANT_TEST_DATABASE_URL'];\n");
    write('src/db/helper.ts', "export { url } from './testing.ts';\n");
    write('src/db/cycle-a.ts', "import './cycle-b.ts';\n");
    write('src/db/cycle-b.ts', "import './cycle-a.ts';\nimport { url } from './testing.ts';\n");
    write('src/direct.test.ts', "import {\n  url,\n} from './db/testing.ts';\n");
    write('src/reexport.test.ts', "import { url } from './db/helper.ts';\n");
    write('src/dynamic.test.ts', "const m = await import('./db/testing.ts');\n");
    write('src/cycle.test.ts', "import './db/cycle-a.ts';\n");
    write('src/types-only.test.ts', "import type { url } from './db/testing.ts';\n");
    write('src/pure.test.ts', "import { describe } from 'vitest';\n");
    expect(engineDependentTests(root, ['src']).sort()).toEqual([
      'src/cycle.test.ts',
      'src/direct.test.ts',
      'src/dynamic.test.ts',
      'src/reexport.test.ts',
    ]);
  });

  it('include every test that opens the test database, and leave pure ones out', () => {
    const root = new URL('..', import.meta.url).pathname;
    const files = engineDependentTests(root, ['src', 'test']);
    expect(files).toContain('src/runs/transitions.test.ts');
    expect(files).toContain('test/runs.test.ts');
    expect(files).toContain('test/crash.test.ts');
    expect(files).not.toContain('src/audit/merkle.test.ts');
    expect(files).not.toContain('test/cli-run.test.ts');
  });
});
