import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, createRedactor, REDACTED } from './redact.ts';

const redactor = createRedactor(['(?i)password=.*']);

const secrets = [
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'AKIAIOSFODNN7EXAMPLE',
  'xoxb-123456789012-abcdefghijkl',
  'sk-proj-abcdefghijklmnopqrstuvwxyz123456',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  'wrt_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
  'hvs.CAESIJ0123456789abcdefghijkl',
];

describe('redaction', () => {
  it.each(secrets)('hides %s inside text', (secret) => {
    const out = redactor.text(`before ${secret} after`);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(out).toMatch(/^before .*after$|^before /);
  });

  it('keeps the name of a secret setting and hides its value', () => {
    expect(redactor.text('api_key=abc123def&x=1')).toBe(`api_key=${REDACTED}&x=1`);
    expect(redactor.text('Authorization: Bearer abcdefghijkl')).toBe(`Authorization: ${REDACTED}`);
    expect(redactor.text('postgres://app:hunter2@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it('replaces values under secret-named keys, deeply', () => {
    const out = redactor.value({
      a: { password: 'p', nested: [{ client_secret: 42 }] },
      replicas: 3,
      token: null,
    });
    expect(out).toEqual({
      a: { password: REDACTED, nested: [{ client_secret: REDACTED }] },
      replicas: 3,
      token: null,
    });
  });

  it('applies configured patterns, with (?i) as a flag', () => {
    expect(compilePattern('(?i)password=.*').flags).toContain('i');
    expect(redactor.text('PASSWORD=swordfish')).not.toContain('swordfish');
  });

  it('never lets a planted secret through, wherever it sits in a JSON document', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(...secrets),
        fc.string({ maxLength: 8 }),
        (doc, secret, prefix) => {
          const planted = { doc, list: [doc, `${prefix} ${secret}`], text: `x ${secret} y` };
          expect(JSON.stringify(redactor.value(planted))).not.toContain(secret.split('\n')[0]);
        },
      ),
    );
  });
});
