import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchema, validatePolicySet } from './policy-set.ts';
import { defaultPolicyText } from './service.ts';
import { recordShippedCheck, shippedCheck } from './shipped-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'warrant-shipped-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schema = loadSchema();

describe("the shipped set's recorded check", () => {
  it('is what validation gives, and is used only for the same set and schema', () => {
    const file = join(dir, 'policy-check.json');
    expect(recordShippedCheck(defaultPolicyText, schema, file)).toBeGreaterThan(0);
    expect(shippedCheck(defaultPolicyText, schema, file)).toEqual(
      validatePolicySet(defaultPolicyText, schema),
    );
    // Marked, to tell a recorded answer from a fresh one.
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    recorded.check.policies[0].id = 'from-the-record';
    writeFileSync(file, JSON.stringify(recorded));
    const ids = (text: string, schemaText: string) => {
      const check = shippedCheck(text, schemaText, file);
      return check.ok ? check.policies.map((p) => p.id) : [];
    };
    expect(ids(defaultPolicyText, schema)).toContain('from-the-record');
    expect(ids(`${defaultPolicyText}\n// another release\n`, schema)).not.toContain('from-the-record');
    expect(ids(defaultPolicyText, `${schema}\n`)).not.toContain('from-the-record');
    expect(shippedCheck(defaultPolicyText, schema, join(dir, 'none.json'))).toEqual(
      validatePolicySet(defaultPolicyText, schema),
    );
  });

  it('is never recorded for a set that does not validate', () => {
    const file = join(dir, 'bad.json');
    expect(() =>
      recordShippedCheck('permit (principal, action, resource) when { nope };', schema, file),
    ).toThrow(/does not validate/);
    expect(() => readFileSync(file)).toThrow();
  });
});
