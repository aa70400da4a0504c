import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineColumn, policyVersionHash, validatePolicySet } from './policy-set.ts';

const defaults = readFileSync(new URL('../../policies/default.cedar', import.meta.url), 'utf8');

describe('policy sets', () => {
  it('accepts the default set and reads its annotations', () => {
    const check = validatePolicySet(defaults);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const prod = check.policies.find((p) => p.id === 'destructive-in-prod');
    expect(prod?.requirement).toEqual({
      tier: 'high',
      quorum: 2,
      approvers: ['approver', 'admin'],
      ttl_hours: 2,
    });
    expect(check.policies.find((p) => p.id === 'read-anywhere')?.requirement).toBeUndefined();
  });

  it('refuses an unparseable set, saying where', () => {
    const check = validatePolicySet('permit(principal, action, resource)\n  when { resource.tool == };');
    expect(check).toEqual({
      ok: false,
      errors: [expect.objectContaining({ message: 'unexpected token `}`', line: 2, column: 27 })],
    });
  });

  it('refuses a set that does not fit the schema, naming the policy', () => {
    const text =
      '@id("typo")\npermit(principal, action, resource)\n  when { resource.enviroment == "prod" };';
    const check = validatePolicySet(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors[0]).toMatchObject({
      policy_id: 'typo',
      line: 3,
      column: 10,
      help: expect.stringContaining('environment'),
    });
    expect(check.errors[0]?.message).toMatch(/enviroment/);
  });

  it('refuses bad approval annotations and duplicate ids', () => {
    const bad = validatePolicySet('@id("a") @tier("urgent") permit(principal, action, resource);');
    expect(bad.ok || bad.errors[0]?.message).toMatch(/@tier/);
    const dup = validatePolicySet(
      '@id("a") permit(principal, action, resource);\n@id("a") forbid(principal, action, resource);',
    );
    expect(dup.ok || dup.errors[0]).toMatchObject({ message: 'duplicate policy id "a"', line: 2 });
  });

  it('refuses what the engine cannot load exactly: conditions on action, integers past 2^53', () => {
    const onAction = validatePolicySet(
      'permit(principal, action, resource) when { action == Warrant::Action::"execute" };',
    );
    expect(onAction.ok || onAction.errors[0]?.message).toMatch(/may not refer to `action`/);
    const big = validatePolicySet('forbid(principal, action, resource) when { 9223372036854775807 > 0 };');
    expect(big.ok || big.errors[0]?.message).toMatch(/2\^53/);
  });

  it('pairs ids with policies past ten (Cedar sorts policy10 before policy2)', () => {
    const text = Array.from(
      { length: 12 },
      (_, i) => `@id("p${i}") permit(principal, action, resource);`,
    ).join('\n');
    const check = validatePolicySet(text);
    expect(check.ok && check.policies.map((p) => [p.cedar_id, p.id])).toEqual(
      expect.arrayContaining([
        ['policy2', 'p2'],
        ['policy10', 'p10'],
        ['policy11', 'p11'],
      ]),
    );
  });

  it('hashes the text with SHA-256', () => {
    expect(policyVersionHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
