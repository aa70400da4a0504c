import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions } from './actions.ts';

// The compiler checks every typed path to appendAudit; this reads the source for the literals it cannot see
// (a cast, an `any`, an event built from JSON) and for actions built from template strings.

const root = join(import.meta.dirname, '..', '..');
const known: ReadonlySet<string> = new Set(auditActions);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The key whose value is the object literal around `at`, if that object is a property's value. */
function enclosingKey(text: string, at: number): string | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === '}') depth++;
    else if (text[i] === '{' && depth-- === 0) return /(\w+)\??:\s*$/.exec(text.slice(0, i))?.[1];
  }
  return undefined;
}

// Objects nested under these keys are data about an event (e.g. a tool's name in `details.action`), not events.
const DATA_KEYS = new Set(['context', 'detail', 'details', 'input']);

/** The source of an `action` expression: from after `action:` or `action =` to the first `,` `;` or newline. */
const ACTION_SITE = /\baction\??\s*(?::|=(?!=|>))\s*([^,;\n]+)/g;
// Dotted ids and template strings that start like one; free text (plan steps' actions) has spaces.
const LITERAL = /'([^'\s]*\.[^'\s]*)'|`([^`\s]*\.[^`\s]*)`/g;
// A map of actions, e.g. `const RUN_ENDED = { … } as const satisfies Record<…, AuditAction>;`.
const ACTION_MAP = /=\s*\{([^{}]*)\}\s*as const satisfies [^;]*AuditAction>/g;

interface Site {
  file: string;
  text: string;
}

function actionSites(): Site[] {
  const sites: Site[] = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const file = path.slice(root.length + 1);
    const source = readFileSync(path, 'utf8');
    for (const site of source.matchAll(ACTION_SITE)) {
      if (DATA_KEYS.has(enclosingKey(source, site.index) ?? '')) continue;
      for (const literal of site[1]!.matchAll(LITERAL)) sites.push({ file, text: literal[1] ?? literal[2]! });
    }
    for (const map of source.matchAll(ACTION_MAP)) {
      for (const value of map[1]!.matchAll(/:\s*'([^']*)'/g)) sites.push({ file, text: value[1]! });
    }
  }
  return sites;
}

describe('audit actions', () => {
  it('are distinct dotted ids', () => {
    expect(new Set(auditActions).size).toBe(auditActions.length);
    for (const action of auditActions) expect(action).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
  });

  it('every action the source writes is one of them, none built from a template string', () => {
    const sites = actionSites();
    // The scan must see the log's writers, or it proves nothing.
    expect(sites.length).toBeGreaterThan(80);
    const unknown = sites.filter((site) => !known.has(site.text)).map((site) => `${site.file}: ${site.text}`);
    expect(unknown).toEqual([]);
  });

  it('every one of them is written somewhere in the source', () => {
    const sources = sourceFiles(join(root, 'src'))
      .filter((path) => !path.endsWith(join('audit', 'actions.ts')))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(auditActions.filter((action) => !sources.includes(`'${action}'`))).toEqual([]);
  });

  it('the docs name only actions that exist', () => {
    const resources = new Set(auditActions.map((action) => action.split('.')[0]!));
    // The live stream's event names (events/stream.ts) look like actions but are not audit events.
    const stream = readFileSync(join(root, 'src/events/stream.ts'), 'utf8');
    const liveEvents = /type LiveEventName = ([^;]+);/.exec(stream)![1]!.match(/[a-z_.]+(?=')/g)!;
    expect(liveEvents).toContain('plan.updated');
    const named: string[] = [];
    for (const doc of ['README.md', 'ARCHITECTURE.md']) {
      const path = join(root, doc);
      if (!existsSync(path)) continue;
      for (const [, token] of readFileSync(path, 'utf8').matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)) {
        // An action's shape: a resource Warrant audits, then a verb in the past tense.
        if (resources.has(token!.split('.')[0]!) && token!.endsWith('ed')) named.push(`${doc}: ${token}`);
      }
    }
    const missing = named.filter((entry) => {
      const token = entry.split(': ')[1]!;
      return !known.has(token) && !liveEvents.includes(token);
    });
    expect(missing).toEqual([]);
  });
});
