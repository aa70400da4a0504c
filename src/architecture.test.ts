import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseSync, Visitor } from 'vite';
import { describe, expect, it } from 'vitest';

// The folders of src/ depend one way (ARCHITECTURE.md): this test computes the folder import graph from the
// sources and fails on any cycle, naming one import per hop so the failure says which import to move.

const srcDir = path.dirname(fileURLToPath(import.meta.url));

/** One import of a folder by another: the witness printed for a hop of a cycle. */
type ImportEdge = { from: string; to: string; at: string };

/** Relative module specifiers of a TypeScript file with their lines: static imports and re-exports (type-only
 * included: a type is a dependency too), dynamic `import()` and `import('…').T` type references. */
function relativeImports(fileName: string, code: string): { specifier: string; line: number }[] {
  const { program, errors } = parseSync(fileName, code);
  if (errors.length > 0) throw new Error(`${fileName}: ${errors[0]?.message}`);
  const found: { specifier: string; start: number }[] = [];
  const note = (source: unknown) => {
    const { value, start } = (source ?? {}) as { value?: unknown; start?: number };
    if (typeof value === 'string' && value.startsWith('.') && start !== undefined) {
      found.push({ specifier: value, start });
    }
  };
  // Each of these nodes names its module in `source`: imports, re-exports, import() and import('…').T.
  const kinds = [
    'ImportDeclaration',
    'ExportNamedDeclaration',
    'ExportAllDeclaration',
    'ImportExpression',
    'TSImportType',
  ];
  new Visitor(
    Object.fromEntries(kinds.map((kind) => [kind, (node: { source: unknown }) => note(node.source)])),
  ).visit(program);
  return found.map(({ specifier, start }) => ({
    specifier,
    line: code.slice(0, start).split('\n').length,
  }));
}

/** The top-level folder of a path relative to src/, or null for files directly in src/ (the composition root,
 * app.ts, wires every folder and is exempt) and for paths outside src/. */
function folderOf(relative: string): string | null {
  const parts = relative.split(path.sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0]! : null;
}

/** Imports between different top-level folders of src/. Test files are left out: a test may import a fake or
 * fixture from another folder without making production code depend on it, and the direction is about what
 * ships. */
function folderImports(): ImportEdge[] {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'),
  );
  const edges: ImportEdge[] = [];
  for (const file of files.sort()) {
    const from = folderOf(file);
    if (from === null) continue;
    for (const { specifier, line } of relativeImports(file, readFileSync(path.join(srcDir, file), 'utf8'))) {
      const to = folderOf(path.join(path.dirname(file), specifier));
      if (to !== null && to !== from)
        edges.push({ from, to, at: `src/${file}:${line} imports ${specifier}` });
    }
  }
  return edges;
}

/** Tarjan's strongly connected components of a directed graph given as adjacency lists. */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** The folder cycles: each component of more than one folder, with one import per hop inside it. */
function folderCycles(edges: ImportEdge[]): { members: string; report: string }[] {
  const graph = new Map<string, Set<string>>();
  const witness = new Map<string, string>();
  for (const { from, to, at } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
    if (!witness.has(`${from} -> ${to}`)) witness.set(`${from} -> ${to}`, at);
  }
  return stronglyConnected(graph)
    .filter((component) => component.length > 1)
    .map((component) => {
      const inside = new Set(component);
      const hops = [...witness]
        .filter(([hop]) => {
          const [from, to] = hop.split(' -> ');
          return inside.has(from!) && inside.has(to!);
        })
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([hop, at]) => `  ${hop}: ${at}`);
      const members = component.join(', ');
      return { members, report: [`cycle of ${component.length} folders: ${members}`, ...hops].join('\n') };
    });
}

describe('folder import graph', () => {
  const edges = folderImports();

  it('has no cycle between the folders of src/', () => {
    expect(
      folderCycles(edges)
        .map((cycle) => cycle.report)
        .join('\n\n'),
    ).toBe('');
  });

  it('keeps core/ a kernel that imports no other folder', () => {
    expect(edges.filter((edge) => edge.from === 'core').map((edge) => edge.at)).toEqual([]);
  });

  it('sees every kind of relative import, with its line', () => {
    const code = [
      "import { a } from '../a/a.ts';",
      "import type { B } from '../b/b.ts';",
      "export { c } from '../c/c.ts';",
      "export * from '../d/d.ts';",
      "const e = await import('../e/e.ts');",
      "type F = import('../f/f.ts').F;",
      "import { z } from 'zod';",
      "const s = `import x from '../not/code.ts'`; // import y from '../not/either.ts'",
      'function g<T>(x: T): T { return x as T; }',
    ].join('\n');
    expect(relativeImports('sample.ts', code)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ specifier: `../${name}/${name}.ts`, line: i + 1 })),
    );
  });

  it('names a cycle with one import per hop', () => {
    const cycles = folderCycles([
      { from: 'core', to: 'db', at: 'src/core/x.ts:3' },
      { from: 'db', to: 'core', at: 'src/db/y.ts:1' },
      { from: 'http', to: 'core', at: 'src/http/z.ts:2' },
    ]);
    expect(cycles).toEqual([
      {
        members: 'core, db',
        report: 'cycle of 2 folders: core, db\n  core -> db: src/core/x.ts:3\n  db -> core: src/db/y.ts:1',
      },
    ]);
  });
});

describe('stronglyConnected', () => {
  const graphs = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { maxLength: 20 })
    .map((pairs) => {
      const graph = new Map<string, Set<string>>();
      for (let node = 0; node < 8; node += 1) graph.set(`n${node}`, new Set());
      for (const [from, to] of pairs) graph.get(`n${from}`)!.add(`n${to}`);
      return graph;
    });

  const reachable = (graph: Map<string, Set<string>>, start: string): Set<string> => {
    const seen = new Set([start]);
    const queue = [start];
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      for (const next of graph.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };

  it('puts two nodes in one component exactly when each reaches the other', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const components = stronglyConnected(graph);
        expect(components.flat().sort()).toEqual([...graph.keys()].sort());
        const componentOf = new Map(components.flatMap((members, i) => members.map((m) => [m, i] as const)));
        for (const a of graph.keys()) {
          const fromA = reachable(graph, a);
          for (const b of graph.keys()) {
            const mutual = fromA.has(b) && reachable(graph, b).has(a);
            expect(componentOf.get(a) === componentOf.get(b)).toBe(mutual);
          }
        }
      }),
    );
  });
});
