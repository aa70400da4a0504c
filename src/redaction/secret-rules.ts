/**
 * Secrets found by gitleaks' rule set, vendored as data in ./gitleaks/ (MIT, see its README): each rule's
 * pattern, the part of a match that is the secret, and the filters gitleaks applies before reporting one
 * (keywords, an entropy floor, allowlists), applied here as gitleaks applies them.
 *
 * Why gitleaks' rules as data rather than secretlint's as a library: redaction is synchronous (it runs in the
 * log serializer and before every store and prompt) and secretlint's rules are built for its asynchronous
 * engine; its recommended preset also has no rule for Google API keys (AIza…) or JSON Web Tokens, and some of
 * its rules report a range that starts at the setting's name, not at the secret.
 *
 * The patterns, written for Go's RE2, run on JavaScript's engine (go-regexp.ts translates them): RE2 in
 * WebAssembly (re2-wasm) ran out of its fixed 16 MiB heap with these rules compiled, and RE2's JavaScript port
 * took 0.1 ms for one short string. JavaScript's engine backtracks, so what makes it slow is taken out: see
 * LEFT_CONTEXT and UNBOUNDED below. How long what is left takes on 64 KiB written to be slow, beside ordinary
 * log lines, is measured by `npm run bench patterns` (bench/patterns.bench.ts), not asserted in tests.
 */
import data from './gitleaks/rules.json' with { type: 'json' };
import { goRegExp } from './go-regexp.ts';

interface AllowlistData {
  regexes?: string[];
  regexTarget?: string;
  stopwords?: string[];
  condition?: string;
}
interface RuleData {
  id: string;
  regex?: string;
  keywords?: string[];
  entropy?: number;
  secretGroup?: number;
  allowlists?: AllowlistData[];
}

/** A secret found, and the rule that found it. */
export interface FoundSecret {
  rule: string;
  secret: string;
}

interface Finding {
  secret: string;
  match: string;
  line: string;
}

/**
 * Most rules that name a service first match up to 50 characters of the setting's name lazily
 * (`[\w.-]{0,50}?`), only to report it; on a backtracking engine that is 50 tries at every position. The
 * rules run without it, and the match an allowlist sees is widened to the left by the same characters.
 */
const LEFT_CONTEXT = '[\\w.-]{0,50}?';
const NAME_CHAR = /[\w.-]/;
/** An allowlist that looks at the line sees this many characters of it either side of the match, at most. */
const LINE_REACH = 512;
/**
 * The curl rules search the rest of a line with `.*?` before each option, quadratic in the line's length on a
 * backtracking engine; the Authorization values they find are hidden by redact.ts's own detectors.
 */
const UNBOUNDED = new Set(['curl-auth-header', 'curl-auth-user']);

class Allowlist {
  readonly #patterns: RegExp[];
  readonly #target: keyof Finding;
  readonly #stopwords: string[];
  readonly #all: boolean;

  constructor(list: AllowlistData) {
    this.#patterns = (list.regexes ?? []).map((source) => goRegExp(source));
    this.#target = list.regexTarget === 'match' || list.regexTarget === 'line' ? list.regexTarget : 'secret';
    this.#stopwords = list.stopwords ?? [];
    this.#all = list.condition === 'AND';
  }

  allows(finding: Finding): boolean {
    const target = finding[this.#target];
    const regex = target !== '' && this.#patterns.some((pattern) => pattern.test(target));
    const lower = finding.secret.toLowerCase();
    const stopword = lower !== '' && this.#stopwords.some((word) => lower.includes(word));
    if (!this.#all) return regex || stopword;
    const checks = [...(this.#patterns.length ? [regex] : []), ...(this.#stopwords.length ? [stopword] : [])];
    return checks.length > 0 && checks.every(Boolean);
  }
}

interface Rule {
  id: string;
  regex: RegExp;
  /** How many characters of the setting's name the match took before LEFT_CONTEXT was removed. */
  leftContext: number;
  keywords: string[];
  entropy: number;
  secretGroup: number;
  allowlists: Allowlist[];
}

const RULES: Rule[] = (data.rules as RuleData[]).flatMap((rule) => {
  if (rule.regex === undefined || UNBOUNDED.has(rule.id)) return [];
  let { regex } = rule;
  let flag = '';
  let leftContext = 0;
  // Some rules repeat the prefix after a `(?i)`: every leading one goes.
  for (;;) {
    if (regex.startsWith('(?i)')) [flag, regex] = ['(?i)', regex.slice(4)];
    else if (regex.startsWith(LEFT_CONTEXT))
      [leftContext, regex] = [leftContext + 50, regex.slice(LEFT_CONTEXT.length)];
    else break;
  }
  return [
    {
      id: rule.id,
      regex: goRegExp(flag + regex, 'g'),
      leftContext,
      keywords: (rule.keywords ?? []).map((k) => k.toLowerCase()),
      entropy: rule.entropy ?? 0,
      secretGroup: rule.secretGroup ?? 0,
      allowlists: (rule.allowlists ?? []).map((list) => new Allowlist(list)),
    },
  ];
});
const GLOBAL_ALLOWLIST = new Allowlist(data.allowlist);

/**
 * gitleaks runs a rule only on text holding one of its keywords. One alternation finds them all: each search
 * resumes one character after the last keyword's start, so overlapping keywords are found too; at a position the
 * longest keyword wins, and it stands for the keywords that are its prefixes as well. The keywords are literal
 * text, so this JavaScript expression cannot backtrack.
 */
const KEYWORDS = [...new Set(RULES.flatMap((rule) => rule.keywords))].sort((a, b) => b.length - a.length);
const KEYWORD_SCAN = new RegExp(KEYWORDS.map(escapeLiteral).join('|'), 'g');
const PREFIXES = new Map(KEYWORDS.map((k) => [k, KEYWORDS.filter((other) => k.startsWith(other))]));
const RULES_BY_KEYWORD = new Map(KEYWORDS.map((k) => [k, RULES.filter((rule) => rule.keywords.includes(k))]));
const UNCONDITIONAL = RULES.filter((rule) => rule.keywords.length === 0);

export const SECRET_RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

/** Every secret gitleaks' rules find in `text` (a secret found twice is listed twice). */
export function findSecrets(text: string): FoundSecret[] {
  const found: FoundSecret[] = [];
  for (const rule of rulesFor(text)) {
    for (const match of text.matchAll(rule.regex)) {
      const secret = secretOf(rule, match, text);
      if (secret) found.push({ rule: rule.id, secret });
    }
  }
  return found;
}

/** The rules to run on `text`: those with a keyword in it, and those with none. */
function rulesFor(text: string): Set<Rule> {
  const lower = text.toLowerCase();
  const rules = new Set(UNCONDITIONAL);
  KEYWORD_SCAN.lastIndex = 0;
  for (let found = KEYWORD_SCAN.exec(lower); found; found = KEYWORD_SCAN.exec(lower)) {
    for (const k of PREFIXES.get(found[0])!) for (const rule of RULES_BY_KEYWORD.get(k)!) rules.add(rule);
    KEYWORD_SCAN.lastIndex = found.index + 1;
  }
  return rules;
}

function secretOf(rule: Rule, match: RegExpExecArray, text: string): string | undefined {
  // As gitleaks: the match less surrounding newlines; the secret is the rule's secret group, else the first
  // capture group that matched something, else the whole match.
  const whole = match[0].replace(/^\n+|\n+$/g, '');
  const secret = rule.secretGroup > 0 ? match[rule.secretGroup] : match.slice(1).find((group) => group);
  const start = match.index;
  const end = start + match[0].length;
  let left = start;
  while (left > start - rule.leftContext && left > 0 && NAME_CHAR.test(text[left - 1]!)) left--;
  const finding: Finding = {
    secret: secret ?? whole,
    match: text.slice(left, start) + whole,
    // Bounded, so that many matches on one long line do not each copy and search all of it.
    line: text.slice(lineStart(text, start), lineEnd(text, end)),
  };
  if (finding.secret === '') return undefined;
  if (rule.entropy > 0 && shannonEntropy(finding.secret) <= rule.entropy) return undefined;
  if (GLOBAL_ALLOWLIST.allows(finding) || rule.allowlists.some((list) => list.allows(finding)))
    return undefined;
  return finding.secret;
}

function lineStart(text: string, from: number): number {
  const floor = Math.max(0, from - LINE_REACH);
  const newline = text.slice(floor, from).lastIndexOf('\n');
  return newline < 0 ? floor : floor + newline + 1;
}

function lineEnd(text: string, from: number): number {
  const newline = text.slice(from, from + LINE_REACH).indexOf('\n');
  return newline < 0 ? Math.min(text.length, from + LINE_REACH) : from + newline;
}

/** Bits per character, as gitleaks computes it. */
function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function escapeLiteral(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
