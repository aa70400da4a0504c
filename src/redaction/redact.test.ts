import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, createRedactor, REDACTED } from './redact.ts';

const redactor = createRedactor(['(?i)password=.*']);

// Realistic shapes (gitleaks wants the lengths and the randomness of real ones), none of them real.
const AWS_SECRET = 'U89K1D5a0HECbLMQsNcCGctd76LCNUH1lS+2wLfK';
const PRIVATE_KEY = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAkJacmIynp//TcaiG1pQ19WEzNuCxwXTjsdAs0lHL2RPYzQF6dcSc400lsEFcwfvH',
  '-----END RSA PRIVATE KEY-----',
].join('\n');
const JWT =
  'eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiYWdlbnQtNyIsICJpYXQiOiAxNzY3MjI1NjAwLCAic2NvcGUiOiAiZGVwbG95In0.MHM4OjHWN9cpoQZI5LBIb8azk1tCR0nIbOvV1LUBuzf';
/** [what, the secret]: each one is recognizable on its own, wherever it sits. */
const standalone: Array<[string, string]> = [
  ['npm token', 'npm_f1YaHxpFjttuDDekSEU2aC13Fa61ESYhD1Nf'],
  ['Google API key', 'AIza_csDZVefZO9jDOmlpFbYfogYtGEwbEFonsI'],
  ['GitHub token', 'ghp_yAczD4UDDqcdbTmBQq79GygZnhAOgshDBj1z'],
  [
    'GitHub fine-grained token',
    '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',
  ],
  ['Slack bot token', 'xoxb-356993040602-8338848099837-LEwiTDVT6lgmbf7xUsP0P9gj'],
  ['Slack user token', 'xoxp-029135396121-710922236051-6641969357560-50c067b074b65ae714f6b6b68beaf037'],
  ['AWS access key id', 'AKIABDHAIUFT4J3S2FJC'],
  ['JSON Web Token', JWT],
  ['private key block', PRIVATE_KEY],
  ['Warrant API key', 'wrt_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  [
    'OpenAI key',
    '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',
  ],
  [
    'Vault token',
    'hvs.3nI3EPj26FVJUO4lFRbFl4MTuVlXR-qtmVZLyeQLGuSNNr23WaINK5V-MQOMg7v-T1BciR8cIe__UWFMZOWIQIBjzSNwnb1',
  ],
];
const secrets = standalone.map(([, secret]) => secret);

describe('redaction', () => {
  it.each(standalone)('hides a %s inside text', (_what, secret) => {
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

describe('secrets of known formats (gitleaks rules)', () => {
  it.each(standalone)('hides a %s in free text and in nested objects, under any key', (_what, secret) => {
    const text = redactor.text(`deploy log: got ${secret} from the vault, retrying`);
    expect(text).toBe(`deploy log: got ${REDACTED} from the vault, retrying`);
    const nested = redactor.value({
      evidence: { steps: [{ output: `token=${secret};` }, { note: secret }] },
    });
    expect(JSON.stringify(nested)).not.toContain(secret.split('\n')[1] ?? secret);
    expect(nested.evidence.steps[1]!.note).toBe(REDACTED);
  });

  it.each([
    ['key = "value"', `aws_secret_access_key = "${AWS_SECRET}"`],
    ['environment', `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`],
    ['JSON text', `{"aws_secret_access_key": "${AWS_SECRET}", "region": "eu-west-1"}`],
    ['YAML', `credentials:\n  aws_secret_access_key: ${AWS_SECRET}\n`],
  ])('hides an AWS secret access key written as %s', (_form, text) => {
    const out = redactor.text(text);
    expect(out).not.toContain(AWS_SECRET);
    expect(out).toContain(REDACTED);
  });

  it('hides an AWS secret access key in a nested object, known by its key', () => {
    const out = redactor.value({
      profile: { default: [{ aws_secret_access_key: AWS_SECRET, region: 'eu-west-1' }] },
    });
    expect(out).toEqual({ profile: { default: [{ aws_secret_access_key: REDACTED, region: 'eu-west-1' }] } });
  });

  const sha256 = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';
  const sha1 = '9fceb02d0ae598e95dc970b74767f19372d61af8';
  const uuid = '550e8400-e29b-41d4-a716-446655440000';

  it('keeps content hashes, commit SHAs and ids, as values and in text', () => {
    const stored = {
      id: uuid,
      plan_id: uuid,
      run_id: uuid,
      api_key_id: uuid,
      content_hash: sha256,
      input_hash: `sha256:${sha256}`,
      commit: sha1,
      head_sha: sha1,
      evidence: [{ sha256, key: `evidence/${uuid}/${sha256}.json` }],
    };
    expect(redactor.value(stored)).toEqual(stored);
    const text = `plan ${uuid} content_hash ${sha256} (sha256:${sha256}) at commit ${sha1}, merged as ${sha1.slice(0, 7)}`;
    expect(redactor.text(text)).toBe(text);
  });

  it('keeps any hash or id, whatever its digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.stringMatching(/^[0-9a-f]{40}$/),
        fc.uuid(),
        (hash, commit, id) => {
          const stored = { id, content_hash: hash, commit, note: `run ${id} hashed ${hash} at ${commit}` };
          expect(redactor.value(stored)).toEqual(stored);
        },
      ),
    );
  });
});
