/**
 * What a shell command line does to the world, from simple rules: read-only commands (ls, cat, git status)
 * read; rm, git push, kubectl delete, sudo and piping into a shell are destructive; a redirection into a file
 * writes; anything unknown writes. A compound command (`;`, `&&`, `||`, `|`, `&`, `$(…)`, backticks) is as
 * bad as its worst part. It is a guide for the decision, not a sandbox: a determined command can hide its
 * effect (an alias, a script), which is why unknown commands are never reads.
 */

export type Effect = 'read' | 'write' | 'destructive';

const RANK: Record<Effect, number> = { read: 0, write: 1, destructive: 2 };
export const worst = (a: Effect, b: Effect): Effect => (RANK[a] >= RANK[b] ? a : b);

/** One simple command of a command line: its words, quotes removed. */
export interface CommandPart {
  words: string[];
  /** Why the part (not its program) writes: a redirection into a file. */
  writesTo?: string;
}

const READ_PROGRAMS = new Set(
  (
    'ls ll la dir cat tac head tail less more grep egrep fgrep rg ag ack pwd echo printf wc which type whereis ' +
    'whoami id groups date cal diff cmp comm tree stat file du df ps pgrep uname hostname uptime free sort uniq ' +
    'cut paste tr jq yq basename dirname realpath readlink true false test [ printenv man help column nl od ' +
    'hexdump xxd strings sha1sum sha256sum sha512sum md5sum shasum cksum seq sleep cd pushd popd tldr lsof'
  ).split(' '),
);

const DESTRUCTIVE_PROGRAMS = new Set(
  (
    'rm rmdir unlink shred dd mkfs fdisk sfdisk parted wipefs truncate kill pkill killall reboot shutdown halt ' +
    'poweroff systemctl sudo doas su'
  ).split(' '),
);

/** Programs that run the rest of their words as a command. */
const WRAPPERS = new Set(['env', 'time', 'nice', 'nohup', 'command', 'exec', 'xargs', 'timeout', 'stdbuf']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);

/** Subcommand rules of tools with many verbs: [reads, destructive]; other verbs write. */
const VERBS: Record<string, [reads: string[], destructive: string[]]> = {
  git: [
    [
      'status',
      'diff',
      'log',
      'show',
      'blame',
      'rev-parse',
      'ls-files',
      'ls-tree',
      'grep',
      'describe',
      'shortlog',
      'cat-file',
      'reflog',
      'whatchanged',
    ],
    ['push', 'clean', 'restore', 'filter-branch', 'filter-repo', 'update-ref'],
  ],
  kubectl: [
    [
      'get',
      'describe',
      'logs',
      'top',
      'explain',
      'version',
      'api-resources',
      'api-versions',
      'diff',
      'cluster-info',
    ],
    ['delete', 'drain', 'replace', 'cordon'],
  ],
  docker: [
    ['ps', 'images', 'logs', 'inspect', 'version', 'info', 'stats', 'top', 'history', 'search'],
    ['rm', 'rmi', 'kill', 'prune'],
  ],
  helm: [
    ['list', 'ls', 'status', 'get', 'template', 'show', 'history', 'search', 'lint', 'version'],
    ['uninstall', 'delete', 'rollback'],
  ],
  terraform: [['plan', 'show', 'validate', 'output', 'version', 'graph', 'providers'], ['destroy']],
  npm: [
    ['ls', 'list', 'view', 'info', 'outdated', 'audit', 'explain', 'why', 'help', 'search'],
    ['unpublish'],
  ],
  gh: [['status', 'browse', 'search'], []],
};

/** Splits a command line into its simple commands, each with its words; `$(…)` and backticks become parts. */
export function splitCommand(line: string): CommandPart[] {
  const parts: CommandPart[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let writesTo: string | undefined;
  let redirect: 'file' | undefined;
  const endWord = () => {
    if (!inWord) return;
    if (redirect) {
      if (word !== '/dev/null') writesTo ??= word;
      redirect = undefined;
    } else words.push(word);
    word = '';
    inWord = false;
  };
  const endPart = () => {
    endWord();
    if (words.length > 0 || writesTo) parts.push({ words, ...(writesTo ? { writesTo } : {}) });
    words = [];
    writesTo = undefined;
  };
  const add = (text: string) => {
    word += text;
    inWord = true;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      add(line.slice(i + 1, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) text += line[++j];
        else if (line.startsWith('$(', j) || line[j] === '`') {
          const [inner, next] = substitution(line, j);
          parts.push(...splitCommand(inner));
          j = next;
        } else text += line[j];
      }
      add(text);
      i = j;
    } else if (c === '\\' && i + 1 < line.length) {
      add(line[++i]!);
    } else if (line.startsWith('$(', i) || c === '`') {
      const [inner, next] = substitution(line, i);
      parts.push(...splitCommand(inner));
      add('$(…)');
      i = next;
    } else if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '(' || c === ')') {
      // `&>file` and `>&2` are redirections, not separators.
      if (c === '&' && line[i + 1] === '>') {
        endWord();
        redirect = 'file';
        i += line[i + 2] === '>' ? 2 : 1;
      } else endPart();
    } else if (c === '>') {
      // `2>` takes its fd digit along; `>&2` duplicates a descriptor; `>|` overrides noclobber.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      } else endWord();
      if (line[i + 1] === '>' || line[i + 1] === '|') i++;
      if (line[i + 1] === '&') {
        // `>&2`, `2>&1`, `>&-`: onto another descriptor, not into a file.
        i++;
        while (/[\d-]/.test(line[i + 1] ?? '')) i++;
      } else redirect = 'file';
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else add(c);
  }
  endPart();
  return parts;
}

/** The text of `$(…)` or `` `…` `` starting at `start`, and the index of its last character. */
function substitution(line: string, start: number): [string, number] {
  if (line[start] === '`') {
    const end = line.indexOf('`', start + 1);
    return [line.slice(start + 1, end < 0 ? line.length : end), end < 0 ? line.length : end];
  }
  let depth = 0;
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return [line.slice(start + 2, i), i];
  }
  return [line.slice(start + 2), line.length];
}

/** The words of a part from its program on: variable assignments and wrappers (env, xargs, nohup…) skipped. */
export function programWords(words: readonly string[]): string[] {
  let rest = [...words];
  for (;;) {
    while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]!)) rest = rest.slice(1);
    const program = rest[0] === undefined ? '' : basename(rest[0]);
    if (!WRAPPERS.has(program)) return rest;
    rest = rest.slice(1);
    // A wrapper's own options and arguments (timeout's duration) come before the command.
    while (rest.length > 0 && (rest[0]!.startsWith('-') || /^\d/.test(rest[0]!))) rest = rest.slice(1);
  }
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The built-in rule for one simple command. */
export function partEffect(part: CommandPart): Effect {
  const words = programWords(part.words);
  const own = programEffect(words);
  return part.writesTo ? worst(own, 'write') : own;
}

function programEffect(words: string[]): Effect {
  if (words.length === 0) return 'read';
  const program = basename(words[0]!);
  const args = words.slice(1);
  if (DESTRUCTIVE_PROGRAMS.has(program) || program.startsWith('mkfs.')) return 'destructive';
  if (SHELLS.has(program) || program === 'eval') {
    const script = program === 'eval' ? args.join(' ') : args[args.indexOf('-c') + 1];
    // A shell with no -c runs whatever reaches its stdin (`curl … | sh`): nothing can be said for it.
    if (program !== 'eval' && !args.includes('-c'))
      return args.length === 0 || args[0] === '-s' ? 'destructive' : 'write';
    return script === undefined ? 'write' : commandEffect(script);
  }
  if (program === 'find') {
    if (args.includes('-delete')) return 'destructive';
    return args.some((a) => /^-(exec|execdir|ok|okdir|fprint|fprintf|fls)$/.test(a)) ? 'write' : 'read';
  }
  if (program === 'sed') return args.some((a) => /^(-i|--in-place)/.test(a)) ? 'write' : 'read';
  if (READ_PROGRAMS.has(program)) return 'read';
  const verbs = VERBS[program];
  if (verbs) return verbEffect(program, args, verbs);
  return 'write';
}

function verbEffect(program: string, args: string[], [reads, destructive]: [string[], string[]]): Effect {
  const verb = args.find((a) => !a.startsWith('-')) ?? '';
  if (destructive.includes(verb)) return 'destructive';
  if (program === 'git') {
    if (verb === 'reset' && args.includes('--hard')) return 'destructive';
    if (verb === 'branch' || verb === 'tag' || verb === 'stash' || verb === 'remote') {
      if (args.some((a) => /^(-d|-D|--delete|drop|clear|remove|rm)$/.test(a))) return 'destructive';
      // Listing: no name after the verb (git branch, git branch -a, git remote -v, git stash list).
      const named = args.slice(args.indexOf(verb) + 1).filter((a) => !a.startsWith('-'));
      return named.length === 0 || named[0] === 'list' || named[0] === 'show' ? 'read' : 'write';
    }
    if (verb === 'checkout' && args.includes('--')) return 'destructive';
    if (verb === 'config')
      return args.some((a) => /^--(get|list|get-all|get-regexp)$|^-l$/.test(a)) ? 'read' : 'write';
  }
  if (program === 'terraform' && verb === 'apply' && args.includes('-destroy')) return 'destructive';
  if (program === 'terraform' && verb === 'state')
    return /^(list|show|pull)$/.test(args[args.indexOf('state') + 1] ?? '') ? 'read' : 'destructive';
  return reads.includes(verb) || (verb === '' && args.some((a) => a === '--version' || a === 'version'))
    ? 'read'
    : 'write';
}

/** The effect of a whole command line: its worst part (an empty line reads nothing). */
export function commandEffect(line: string): Effect {
  return splitCommand(line).reduce<Effect>((effect, part) => worst(effect, partEffect(part)), 'read');
}
