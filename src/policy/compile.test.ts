import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, likeMatches } from './compile.ts';
import type { SuppliedAttributes } from './slice.ts';

const SUPPLIED: SuppliedAttributes = {
  principal: { type: 'String', roles: 'Set<String>' },
  resource: { namespace: 'String', teams: 'Set<String>' },
};

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The reference: a pattern as a regular expression over code points. */
const reference = (text: string, pattern: cedar.PatternElem[]) =>
  new RegExp(`^${pattern.map((e) => (e === 'Wildcard' ? '.*' : literal(e.Literal))).join('')}$`, 'su').test(
    text,
  );

const alphabet = fc.constantFrom('a', 'b', '*', 'é', '😀');
const patternElem: fc.Arbitrary<cedar.PatternElem> = fc.oneof(
  fc.constant('Wildcard' as const),
  fc.string({ unit: alphabet, minLength: 1, maxLength: 3 }).map((Literal) => ({ Literal })),
);

describe('like', () => {
  it('matches as the pattern read as a regular expression does', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 12 }),
        fc.array(patternElem, { maxLength: 6 }),
        (text, pattern) => {
          expect(likeMatches(text, pattern)).toBe(reference(text, pattern));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('answers a pattern built to backtrack without exploring every split', () => {
    const pattern: cedar.PatternElem[] = [
      ...Array.from({ length: 200 }, () => ['Wildcard', { Literal: 'a' }]).flat(),
      { Literal: 'b' },
    ] as cedar.PatternElem[];
    expect(likeMatches('a'.repeat(5_000), pattern)).toBe(false);
    expect(likeMatches(`${'a'.repeat(5_000)}b`, pattern)).toBe(true);
  });
});

describe('compilePolicy', () => {
  const policy = (text: string) => {
    const parsed = cedar.policyToJson(text);
    if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed.errors));
    return parsed.json;
  };
  it('compiles the fragment that cannot fail', () => {
    for (const text of [
      'permit(principal, action, resource) when { resource.namespace like "shop-*" };',
      'forbid(principal is Warrant::Actor, action, resource) unless { principal.roles.containsAny(["admin"]) };',
      'permit(principal, action, resource) when { resource has namespace && resource.teams.isEmpty() };',
    ])
      expect(compilePolicy(policy(text), SUPPLIED), text).toBeTypeOf('function');
  });
  it('leaves to Cedar what could fail or reads what the engine does not supply', () => {
    for (const text of [
      'permit(principal, action, resource) when { 9007199254740991 * 2048 > 0 };',
      'permit(principal, action, resource) when { decimal("1.0") < decimal("2.0") };',
      'permit(principal, action, resource) when { context.x == "y" };',
      'permit(principal, action, resource) when { resource.unsupplied == "y" };',
      'permit(principal, action, resource) when { resource.namespace && true };',
      'permit(principal, action, resource) when { [].isEmpty() };',
    ])
      expect(compilePolicy(policy(text), SUPPLIED), text).toBeUndefined();
  });
});
