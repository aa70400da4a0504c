/**
 * A coding agent's own tool call as a call of Warrant's catalog. Claude Code and Codex CLI name their tools
 * alike (Bash, Edit, Write, Read, WebFetch, mcp__<server>__<tool>; Codex edits through apply_patch):
 *
 * - Bash → a `shell.*` tool chosen by the command's effect (see command-effect.ts): `shell.read`, `shell.exec`
 *   (writes) or `shell.destructive`. A tenant's catalog may hold rules of its own, tools named
 *   `shell.<program>` or `shell.<program>_<verb>` (`shell.terraform_plan`, effect read): such a tool decides
 *   its program's effect, and a command of that one program is authorized as that tool.
 * - Edit, Write, MultiEdit, NotebookEdit, apply_patch → `fs.write` (the path and a hash of the exact change).
 * - Read, Glob, Grep, LS → `fs.read`.  WebFetch → `http.request` (a GET).
 * - mcp__<server>__<tool> → `<server>.<tool>`, the name the MCP gateway gives an upstream's tool in its namespace.
 *
 * One tool per effect, because a tenant tool's effect is fixed: a single `shell.exec` could not be a read for
 * `ls` and destructive for `rm`. Inputs are flat strings, the shape tenant tools can declare.
 */
import { canonicalHash } from '../core/hash.ts';
import {
  type CommandPart,
  type Effect,
  partEffect,
  programWords,
  splitCommand,
  worst,
} from './command-effect.ts';

export interface CatalogCall {
  tool: string;
  input: Record<string, unknown>;
  /** What the call does, in words (a plan step's action). */
  action: string;
  /** The effect by the rules; undefined when only the catalog knows (an MCP tool). */
  effect?: Effect;
}

/** The catalog as the hook sees it: tool names with their fixed effects (by_input tools decide per call). */
export type Catalog = ReadonlyMap<string, string>;

export const SHELL_TOOLS: Record<Effect, string> = {
  read: 'shell.read',
  write: 'shell.exec',
  destructive: 'shell.destructive',
};
const GENERIC = new Set(Object.values(SHELL_TOOLS));
const FIXED = new Set<string>(['read', 'write', 'destructive']);

/** A name part as catalog names allow it: lower case letters, digits, _ and -, starting with a letter. */
const namePart = (text: string) => {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return /^[a-z]/.test(cleaned) ? cleaned : `x${cleaned}`;
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The tenant's rule for one simple command, if it has one. */
function ruleFor(part: CommandPart, catalog: Catalog): { tool: string; effect: Effect } | undefined {
  const words = programWords(part.words);
  if (words.length === 0) return undefined;
  const program = namePart(words[0]!.slice(words[0]!.lastIndexOf('/') + 1));
  const verb = words.slice(1).find((word) => !word.startsWith('-'));
  const names = [...(verb ? [`shell.${program}_${namePart(verb)}`] : []), `shell.${program}`];
  for (const name of names) {
    const effect = catalog.get(name);
    if (!GENERIC.has(name) && effect && FIXED.has(effect)) {
      // A redirection into a file writes, whatever the program's rule says.
      return { tool: name, effect: part.writesTo ? worst(effect as Effect, 'write') : (effect as Effect) };
    }
  }
  return undefined;
}

export function shellCall(command: string, cwd: string, catalog: Catalog): CatalogCall {
  const parts = splitCommand(command);
  const ruled = parts.map((part) => ruleFor(part, catalog));
  const effect = parts.reduce<Effect>(
    (sum, part, i) => worst(sum, ruled[i]?.effect ?? partEffect(part)),
    'read',
  );
  const only = parts.length === 1 ? ruled[0] : undefined;
  return {
    tool: only?.tool ?? SHELL_TOOLS[effect],
    input: { command, cwd },
    action: clip(`run \`${command}\` in ${cwd}`, 500),
    effect,
  };
}

/** Files an apply_patch patch touches (`*** Update File: path`, Add, Delete, `*** Move to:`). */
function patchedFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Update|Add|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)].map((m) =>
    (m[1] ?? m[2]!).trim(),
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The catalog call for an agent's tool call; undefined for a tool the hook has no mapping for. */
export function catalogCall(
  toolName: string,
  toolInput: Record<string, unknown>,
  cwd: string,
  catalog: Catalog,
): CatalogCall | undefined {
  const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName);
  if (mcp) {
    const tool = `${namePart(mcp[1]!)}.${namePart(mcp[2]!)}`;
    return { tool, input: toolInput, action: `call ${mcp[2]} of MCP server ${mcp[1]}` };
  }
  switch (toolName) {
    case 'Bash': {
      const command = str(toolInput.command);
      return command === undefined ? undefined : shellCall(command, cwd, catalog);
    }
    case 'Edit':
    case 'Write':
    case 'MultiEdit':
    case 'NotebookEdit':
    case 'apply_patch': {
      const patch = str(toolInput.command) ?? str(toolInput.patch) ?? str(toolInput.input);
      const path =
        str(toolInput.file_path) ??
        str(toolInput.notebook_path) ??
        (patch === undefined ? undefined : patchedFiles(patch).join(', '));
      if (!path) return undefined;
      // The change itself is hashed, not copied: an approval covers this exact edit and no other.
      const operation = namePart(toolName);
      return {
        tool: 'fs.write',
        input: { path, operation, sha256: canonicalHash(toolInput) },
        action: clip(`${operation} ${path}`, 500),
        effect: 'write',
      };
    }
    case 'Read':
    case 'Glob':
    case 'Grep':
    case 'LS': {
      const path = str(toolInput.file_path) ?? str(toolInput.path) ?? cwd;
      const pattern = str(toolInput.pattern);
      return {
        tool: 'fs.read',
        input: { path, ...(pattern === undefined ? {} : { pattern }) },
        action: clip(`read ${path}${pattern === undefined ? '' : ` (${pattern})`}`, 500),
        effect: 'read',
      };
    }
    case 'WebFetch': {
      const url = str(toolInput.url);
      if (!url) return undefined;
      return {
        tool: 'http.request',
        input: { method: 'GET', url },
        action: clip(`fetch ${url}`, 500),
        effect: 'read',
      };
    }
    default:
      return undefined;
  }
}
