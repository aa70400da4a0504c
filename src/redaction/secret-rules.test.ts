import randexp from 'randexp';
import { describe, expect, it } from 'vitest';
import data from './gitleaks/rules.json' with { type: 'json' };
import { goRegExp } from './go-regexp.ts';
import { findSecrets, SECRET_RULE_IDS } from './secret-rules.ts';

// randexp is CommonJS whose module.exports is the class, while its types declare it as `default`.
const RandExp = randexp as unknown as typeof randexp.default;

const vendored = data.rules as { id: string; regex?: string; keywords?: string[] }[];

/** mulberry32: examples that are random-looking (gitleaks wants entropy) yet the same on every run. */
function seeded(seed: number): (low: number, high: number) => number {
  let state = seed;
  return (low, high) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return low + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (high - low + 1));
  };
}

describe("gitleaks' rules", () => {
  it('are all in use but the two curl rules, whose `.*?` is quadratic on a backtracking engine', () => {
    const withRegex = vendored.filter((rule) => rule.regex !== undefined).map((rule) => rule.id);
    expect(withRegex.filter((id) => !SECRET_RULE_IDS.includes(id))).toEqual([
      'curl-auth-header',
      'curl-auth-user',
    ]);
    expect(SECRET_RULE_IDS.length).toBeGreaterThan(200);
  });

  // A generator that writes what a pattern matches (randexp) cannot write these: it ignores `(?-i:…)` inside
  // a case-insensitive pattern, and writes any character for the `.` in a keyword such as `hooks.slack.com`,
  // so its text lacks the keyword that gitleaks requires before it runs the rule.
  const UNWRITABLE = new Set([
    'airtable-personnal-access-token',
    'facebook-access-token',
    'hashicorp-tf-api-token',
    'sidekiq-sensitive-url',
    'slack-config-access-token',
    'slack-webhook-url',
  ]);

  it.each(SECRET_RULE_IDS.filter((id) => !UNWRITABLE.has(id)))(
    '%s finds a secret its own pattern writes',
    (id) => {
      const rule = vendored.find((r) => r.id === id)!;
      const regex = goRegExp(rule.regex!);
      // Written case-sensitively (the generator cannot write `(?i:…)`), which the rule also matches.
      const generator = new RandExp(new RegExp(regex.source.replace(/\(\?-?i:/g, '(?:')));
      generator.max = 4;
      generator.randInt = seeded(id.length);
      const examples = Array.from({ length: 20 }, () => ` ${generator.gen()} `);
      expect(examples.some((text) => findSecrets(text).some((found) => found.rule === id))).toBe(true);
    },
  );

  it('finds no secret in text made of ids and hashes', () => {
    const text = [
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged',
      'run 550e8400-e29b-41d4-a716-446655440000 step s1',
      'content_hash: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
      '{"id":"0b1c7f6e-98a4-4f61-9d0e-3f0e2a7c5b11","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}',
    ].join('\n');
    expect(findSecrets(text)).toEqual([]);
  });

  // Redaction sees whatever an agent or a tool sends: text written to make a rule backtrack must still be answered.
  // Time per call is measured by `npm run bench patterns` (bench/patterns.bench.ts), not asserted here.
  it('answers on 64 KiB written to make each rule backtrack (each keyword, and `keyword="`, repeated)', () => {
    const keywords = [...new Set(vendored.flatMap((rule) => rule.keywords ?? []))];
    const fill = (unit: string) => unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
    for (const keyword of keywords) {
      for (const unit of [keyword, `${keyword}="`]) {
        expect(findSecrets(fill(unit))).toBeInstanceOf(Array);
      }
    }
  });
});
