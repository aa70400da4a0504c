/**
 * Redaction runs before anything is stored, logged or sent to a model. gitleaks' rule set (secret-rules.ts)
 * finds the secrets of known formats; the detectors below add what it cannot know: Warrant's own API keys,
 * credentials in Authorization values, URLs and secret-named settings, and a private key cut off before its
 * END line (bodies are truncated). `llm.redact_patterns` adds a deployment's own. Object keys that name a
 * secret have their whole value replaced, whatever it looks like.
 */
import { findSecrets } from './secret-rules.ts';

export const REDACTED = '[REDACTED]';

const BUILT_IN: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{8,}/g,
  /\bwrt_[a-z0-9]{16}_[A-Za-z0-9_-]{43}/g,
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
  /**
   * A value under an object key is searched as the JSON text it came from would be, `key: "value"`: some rules
   * know a secret only by its setting's name (`aws_secret_access_key`).
   */
  const text = (value: string, key?: string): string => {
    let out = value;
    const searched = key === undefined ? value : `${key}: "${value}"`;
    // Longest first, so a secret that contains another is hidden whole.
    const found = [...new Set(findSecrets(searched).map((f) => f.secret))].sort(
      (x, y) => y.length - x.length,
    );
    for (const secret of found) out = out.replaceAll(secret, REDACTED);
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
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return text(value, key);
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([name, inner]) => [
          name,
          SECRET_KEY.test(name) && inner !== null && inner !== '' && typeof inner !== 'boolean'
            ? REDACTED
            : walk(inner, name),
        ]),
      );
    }
    return value;
  };
  return { text: (value) => text(value), value: <T>(value: T) => walk(value) as T };
}
