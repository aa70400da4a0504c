import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolCatalog, validateStepInput, zodFromJsonSchema } from './tool-catalog.ts';

const catalog = new ToolCatalog();

describe('tool catalog', () => {
  it('holds the built-in tools', () => {
    expect(catalog.list().map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'k8s.scale',
        'http.request',
        'prometheus.query',
        'tempo.search',
        'argocd.rollback',
      ]),
    );
    expect(catalog.get('k8s.scale')?.supportsRollback).toBe(true);
    expect(catalog.get('http.request')?.effect).toBe('by_input');
  });

  it('names the deployment a scale touches', () => {
    const result = catalog.validateStep('k8s.scale', {
      namespace: 'shop',
      deployment: 'checkout',
      replicas: 0,
    });
    expect(result).toEqual({
      ok: true,
      input: { namespace: 'shop', deployment: 'checkout', replicas: 0 },
      effect: 'write',
      resources: [{ kind: 'deployment', name: 'checkout', namespace: 'shop', scope: 'namespace' }],
    });
  });

  it('gives readable issues for a bad input', () => {
    const result = catalog.validateStep('k8s.scale', { namespace: 'shop', replicas: -1, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['deployment', 'replicas', '(input)']));
    expect(result.issues.every((i) => i.message.length > 0)).toBe(true);
  });

  it('refuses an unknown tool', () => {
    expect(catalog.validateStep('rm.rf', {})).toEqual({
      ok: false,
      issues: [{ path: 'tool', message: 'unknown tool rm.rf' }],
    });
  });

  it('lets the HTTP method decide the effect', () => {
    const tool = catalog.get('http.request')!;
    fc.assert(
      fc.property(fc.constantFrom('get', 'HEAD', 'options', 'POST', 'put', 'DELETE', 'PATCH'), (method) => {
        const result = validateStepInput(tool, { method, url: 'https://example.com/x' });
        expect(result.ok && result.effect).toBe(
          ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 'read' : 'write',
        );
      }),
    );
  });

  it('merges tenant tools described by a JSON Schema subset', () => {
    const tenant = new ToolCatalog([
      {
        name: 'pagerduty.ack',
        description: 'Acknowledge an incident',
        effect: 'write',
        input_schema: {
          type: 'object',
          properties: { incident: { type: 'string' }, minutes: { type: 'integer' } },
          required: ['incident'],
        },
      },
    ]);
    expect(tenant.validateStep('pagerduty.ack', { incident: 'P1' })).toMatchObject({
      ok: true,
      effect: 'write',
    });
    expect(tenant.validateStep('pagerduty.ack', { minutes: 1.5 }).ok).toBe(false);
    expect(tenant.get('k8s.scale')).toBeDefined();
  });

  it('will not let a tenant shadow a built-in', () => {
    const spec = { name: 'k8s.scale', description: '', effect: 'read' as const };
    expect(() => new ToolCatalog([{ ...spec, input_schema: { type: 'object', properties: {} } }])).toThrow(
      /already defined/,
    );
  });

  it('converts scalar JSON Schema types', () => {
    const schema = zodFromJsonSchema({
      type: 'object',
      properties: { s: { type: 'string' }, n: { type: 'number' }, b: { type: 'boolean' } },
      required: ['s', 'n', 'b'],
    });
    expect(schema.safeParse({ s: 'x', n: 1.5, b: false }).success).toBe(true);
    expect(schema.safeParse({ s: 'x', n: 1.5 }).success).toBe(false);
    expect(schema.safeParse({ s: 'x', n: 1, b: true, z: 1 }).success).toBe(false);
  });
});
