/**
 * Redaction runs before anything is stored, logged or sent to a model. Built-in detectors cover the
 * common secret shapes; `llm.redact_patterns` adds a deployment's own. Object keys that name a secret
 * have their whole value replaced, whatever it looks like.
 */
export const REDACTED = '[REDACTED]';

const BUILT_IN: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{8,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  /\bwrt_[a-z0-9]{16}_[A-Za-z0-9_-]{43}/g,
  /\bhvs\.[A-Za-z0-9_-]{20,}/g,
  // key=value and key: value forms of secret-named settings.
  /\b(?:password|passwd|pwd|secret|client_secret|token|access_token|api[_-]?key|private[_-]?key)\b(\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s&,;"']+)/gi,
  // user:password@host in URLs.
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+(?=@)/gi,
];

const SECRET_KEY =
  /^(?:password|passwd|pwd|secret|.*_secret|secret_.*|token|.*_token|api[_-]?key|apikey|authorization|private[_-]?key|credentials?|cookie|set-cookie|x-api-key)$/i;

export interface Redactor {
  text(value: string): string;
  value<T>(value: T): T;
}

/** Compiles `llm.redact_patterns`: a leading `(?i)`, as in the seed's example, becomes the `i` flag. */
export function compilePattern(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'gi' : 'g');
}

export function createRedactor(patterns: readonly string[] = []): Redactor {
  const all = [...BUILT_IN, ...patterns.map(compilePattern)];
  const text = (value: string): string => {
    let out = value;
    for (const pattern of all) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, (match, separator?: unknown) =>
        // Keep `password=` readable, hide what follows.
        typeof separator === 'string' && match.includes(separator)
          ? `${match.slice(0, match.indexOf(separator) + separator.length)}${REDACTED}`
          : REDACTED,
      );
    }
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          SECRET_KEY.test(key) && inner !== null && inner !== '' && typeof inner !== 'boolean'
            ? REDACTED
            : walk(inner),
        ]),
      );
    }
    return value;
  };
  return { text, value: <T>(value: T) => walk(value) as T };
}
