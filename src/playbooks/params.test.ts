import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coerceParam,
  type ParamsSchema,
  parseParamAssignments,
  schemaIssues,
  validateParams,
} from './params.ts';

const schema: ParamsSchema = {
  properties: {
    namespace: { type: 'string', pattern: '^[a-z-]+$' },
    replicas: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: 'number' },
    dry_run: { type: 'boolean', default: false },
    environment: { type: 'string', enum: ['dev', 'stage', 'prod'], default: 'stage' },
  },
  required: ['namespace', 'replicas'],
};

const messages = (given: Record<string, unknown>) => {
  const result = validateParams(schema, given);
  return result.ok ? [] : result.issues.map((issue) => issue.message);
};

describe('validateParams', () => {
  it('applies defaults and keeps types', () => {
    expect(validateParams(schema, { namespace: 'shop', replicas: 3 })).toEqual({
      ok: true,
      values: { namespace: 'shop', replicas: 3, dry_run: false, environment: 'stage' },
    });
  });

  it('names the parameter that is missing, unknown, mistyped, out of bounds, not allowed or malformed', () => {
    expect(messages({ replicas: 3 })).toEqual(['parameter "namespace" is required']);
    expect(messages({ namespace: 'shop', replicas: 3, replica: 4 })).toEqual(['unknown parameter "replica"']);
    expect(messages({ namespace: 'shop', replicas: '3' })).toEqual([
      'parameter "replicas" must be an integer, got string',
    ]);
    expect(messages({ namespace: 'shop', replicas: 2.5 })).toEqual([
      'parameter "replicas" must be an integer, got number',
    ]);
    expect(messages({ namespace: 'shop', replicas: 11 })).toEqual([
      'parameter "replicas" must be <= 10, got 11',
    ]);
    expect(messages({ namespace: 'shop', replicas: 1, environment: 'qa' })).toEqual([
      'parameter "environment" must be one of "dev", "stage", "prod", got "qa"',
    ]);
    expect(messages({ namespace: 'Shop!', replicas: 1 })).toEqual([
      'parameter "namespace" must match ^[a-z-]+$, got "Shop!"',
    ]);
  });

  it('accepts exactly the integers within the bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), (n) => {
        const ok = validateParams(schema, { namespace: 'a', replicas: n }).ok;
        expect(ok).toBe(n >= 1 && n <= 10);
      }),
    );
  });

  it('finds problems in the schema itself', () => {
    expect(
      schemaIssues({
        properties: {
          n: { type: 'integer', minimum: 5, maximum: 1, default: 'x' },
          p: { type: 'string', pattern: '(' },
        },
        required: ['q'],
      }).map((issue) => issue.parameter),
    ).toEqual(['q', 'n', 'n', 'p']);
  });
});

describe('--param parsing', () => {
  it('types a value by the schema so it round-trips', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.string(),
        (i, d, b, s) => {
          expect(coerceParam({ type: 'integer' }, String(i))).toBe(i);
          expect(coerceParam({ type: 'number' }, String(d))).toBe(d === 0 ? 0 : d);
          expect(coerceParam({ type: 'boolean' }, String(b))).toBe(b);
          expect(coerceParam({ type: 'string' }, s)).toBe(s);
          expect(coerceParam(undefined, s)).toBe(s);
        },
      ),
    );
  });

  it('keeps an unparsable value as text for the server to refuse, and splits at the first =', () => {
    expect(parseParamAssignments(['replicas=three', 'namespace=a=b', 'dry_run=yes'], schema)).toEqual({
      replicas: 'three',
      namespace: 'a=b',
      dry_run: 'yes',
    });
    expect(() => parseParamAssignments(['=x'], schema)).toThrow('expected name=value');
  });
});
