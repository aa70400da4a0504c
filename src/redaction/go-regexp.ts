/**
 * Go (RE2) regular expressions, as gitleaks writes them, turned into JavaScript ones. JavaScript has no
 * `(?i)` flag group that runs to the end of the enclosing group, no `(?P<name>`, no `\z` and no POSIX
 * classes; everything else gitleaks uses means the same in both. A leading `(?i)` becomes the `i` flag; a later
 * one becomes a `(?i:…)` modifier group closed where Go's flag stops applying: at the end of its group, and
 * before each `|` of that group (reopened after it, since Go's flag carries on into the next alternative).
 */
const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\s',
  xdigit: '0-9a-fA-F',
  word: '\\w',
};

export function goRegExp(pattern: string, extraFlags = ''): RegExp {
  const leading = pattern.startsWith('(?i)');
  return new RegExp(translate(leading ? pattern.slice(4) : pattern), `${leading ? 'i' : ''}${extraFlags}`);
}

function translate(pattern: string): string {
  let out = '';
  // For each open group, the outermost being the pattern itself: whether a `(?i)` is in force in it.
  const insensitive: boolean[] = [false];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      out += next === 'z' ? '$' : `\\${next}`;
      i += 2;
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      out += pattern
        .slice(i, end)
        .replace(/\[:(\w+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole);
      i = end;
    } else if (pattern.startsWith('(?i)', i)) {
      if (!insensitive.at(-1)) out += '(?i:';
      insensitive[insensitive.length - 1] = true;
      i += 4;
    } else if (c === '(') {
      const named = pattern.startsWith('(?P<', i);
      out += named ? '(?<' : '(';
      insensitive.push(false);
      i += named ? 4 : 1;
    } else if (c === '|' && insensitive.at(-1)) {
      out += ')|(?i:';
      i += 1;
    } else if (c === ')') {
      if (insensitive.pop()) out += ')';
      out += ')';
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return insensitive.pop() ? `${out})` : out;
}

/** The index just past the character class opening at `start` (a `]` first in the class is a literal). */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    const posix = pattern.startsWith('[:', i) ? pattern.indexOf(':]', i + 2) : -1;
    if (pattern[i] === '\\') i += 2;
    else if (posix >= 0) i = posix + 2;
    else i++;
  }
  return i + 1;
}
