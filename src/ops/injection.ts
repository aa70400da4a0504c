import type { AttackType } from './security-events.ts';

/**
 * A light screen for obvious injection payloads in JSON string fields. Warrant never builds SQL, HTML or
 * shell from these strings (queries are parameterized, the console escapes), so this is an early warning
 * and a record, not the defence. It must not refuse real work: PromQL (quotes, `or`, `and`, `$1`), Cedar
 * (`||`, `&&`), plan texts with apostrophes, and runbook markdown with shell snippets all pass. Each rule
 * wants a shape that has no business in those: a quote that closes a string and then rewrites the query,
 * a tag that runs script, a command chained onto a fetch-and-execute or a credential read.
 */
export const RULES: readonly { type: AttackType; pattern: RegExp }[] = [
  // ' OR '1'='1 / " or 1=1 -- : a closed quote followed by a tautology.
  {
    type: 'sql_injection',
    pattern: /['"]\s*\)?\s*(?:or|and)\s+\(?\s*(['"]?)(\w+)\1\s*=\s*\1\2(?:\1|\b)/i,
  },
  { type: 'sql_injection', pattern: /\bunion\s+(?:all\s+)?select\s+[\w*@'"(]/i },
  // '; DROP TABLE x; -- and friends: a closed quote or statement, then destructive SQL.
  {
    type: 'sql_injection',
    pattern: /['";]\s*;?\s*(?:drop|truncate|alter)\s+(?:table|database|schema|user)\b/i,
  },
  {
    type: 'sql_injection',
    pattern: /['"]\s*;\s*(?:delete\s+from|insert\s+into|update\s+\w+\s+set|shutdown)\b/i,
  },
  { type: 'sql_injection', pattern: /\b(?:pg_sleep|waitfor\s+delay|benchmark)\s*\(\s*['"\d]/i },
  { type: 'xss', pattern: /<\s*script\b/i },
  { type: 'xss', pattern: /<\s*(?:iframe|object|embed|svg|img|body|a|div|input)\b[^>]*\son[a-z]+\s*=/i },
  { type: 'xss', pattern: /\bjavascript\s*:\s*[\w(]/i },
  // ; rm -rf /, && curl … | sh, $(wget …), `cat /etc/passwd`: a chained command that destroys or fetches and runs.
  {
    type: 'command_injection',
    pattern:
      /(?:[;&|]|\$\(|`)\s*(?:rm\s+-[a-z]*r[a-z]*f?\s+\/|(?:curl|wget)\s+\S+.*\|\s*(?:ba|z)?sh\b|(?:ba|z)?sh\s+-c\s|nc\s+(?:-\w+\s+)*-e\s|cat\s+\/etc\/(?:passwd|shadow))/i,
  },
  { type: 'command_injection', pattern: /\$\(\s*(?:curl|wget|nc|rm|cat\s+\/etc)\b/i },
];

export interface Detection {
  attack_type: AttackType;
  /** The string field that matched. */
  value: string;
}

/**
 * Every rule above needs one of these characters or words, so a string without any is clean after one
 * scan instead of ten: nearly every field of every request is such a string.
 */
export const SUSPECT = /['"<;&|`$]|union|pg_sleep|waitfor|benchmark|javascript/i;

const MAX_DEPTH = 32;

/** The first string in a JSON value (keys included) that looks like an injection attempt. */
export function detectInjection(value: unknown, depth = 0): Detection | undefined {
  if (typeof value === 'string') return screen(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = detectInjection(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key in value) {
    const found = screen(key) ?? detectInjection((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The rule a string matches, if any. */
export function screen(text: string): Detection | undefined {
  if (!SUSPECT.test(text)) return undefined;
  const rule = RULES.find((r) => r.pattern.test(text));
  return rule ? { attack_type: rule.type, value: text } : undefined;
}
