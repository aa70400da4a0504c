/**
 * Regular expressions that tenants write (playbook parameter patterns) run on RE2 (re2js, a JavaScript port),
 * whose time is linear in the subject: `^(a+)+$` cannot hold the server's one thread as a backtracking engine
 * lets it. RE2 has no backreferences or lookaround; a pattern using them is refused where it is uploaded.
 *
 * Why re2js and not re2-wasm: re2-wasm runs in one fixed 16 MiB heap for the whole process, which a single
 * `[\p{L}\p{N}]{100}` exhausts (an abort, not an error), and builds `.{512}`'s automaton in ~0.5 s. re2js is
 * collected like any JavaScript object, and the worst patterns RE2 accepts (it caps counted repetition at
 * 1000) compile and match a bounded subject in tens of milliseconds (`npm run bench patterns` measures them).
 */
import { RE2JS } from 're2js';

export const MAX_SUBJECT_LENGTH = 1000;

/** A tenant's pattern, compiled; or why it cannot be used, in words for whoever wrote it. */
function compile(pattern: string): { re: RE2JS } | { problem: string } {
  try {
    return { re: RE2JS.compile(pattern) };
  } catch (error) {
    // RE2's words, e.g. "invalid or unsupported Perl syntax: `(?=`", "invalid escape sequence: `\1`".
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : '';
    return { problem: `RE2 cannot compile it: ${detail} (RE2 has no backreferences or lookaround)` };
  }
}

/** Why `pattern` cannot be used; undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  const compiled = compile(pattern);
  return 'problem' in compiled ? compiled.problem : undefined;
}

/** Whether `subject` holds a match of `pattern`, as RegExp.prototype.test says; or why it cannot be checked. */
export function matchPattern(pattern: string, subject: string): { matched: boolean } | { problem: string } {
  if (subject.length > MAX_SUBJECT_LENGTH)
    return { problem: `it is over ${MAX_SUBJECT_LENGTH} characters, too long to check against a pattern` };
  const compiled = compile(pattern);
  if ('problem' in compiled) return { problem: `its pattern cannot be used: ${compiled.problem}` };
  return { matched: compiled.re.matcher(subject).find() };
}
