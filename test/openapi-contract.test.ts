import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeDocument, errorStatuses, operationIdFor, summaryFor } from '../src/http/openapi-contract.ts';
import { diffDocuments, type OpenApi } from './openapi-diff.ts';
import { ResponseContract } from './response-contract.ts';

const baseline = (): OpenApi =>
  JSON.parse(readFileSync(new URL('../contracts/openapi.json', import.meta.url), 'utf8')) as OpenApi;

const operation = (extra: Record<string, unknown> = {}) => ({
  responses: { 200: { description: 'ok' } },
  ...extra,
});

describe('completing the document', () => {
  it('names, summarizes and tags every operation, keeping what a route set itself', () => {
    const doc = completeDocument({
      paths: {
        '/v1/plans/{id}/approvals': {
          post: operation({ description: 'Vote on a plan. More words.', tags: ['approvals'] }),
        },
        '/v1/worklog/pr-events': { get: operation({ operationId: 'listPrEvents' }) },
      },
    });
    expect(doc.paths['/v1/plans/{id}/approvals'].post).toMatchObject({
      operationId: 'postPlansIdApprovals',
      summary: 'Vote on a plan',
      tags: ['approvals'],
    });
    expect(doc.paths['/v1/worklog/pr-events'].get).toMatchObject({
      operationId: 'listPrEvents',
      summary: 'GET /v1/worklog/pr-events',
      tags: ['worklog'],
    });
    expect((doc as { tags?: unknown }).tags).toEqual([{ name: 'approvals' }, { name: 'worklog' }]);
  });

  it('refuses two operations with one operationId', () => {
    const twin = { get: operation({ operationId: 'same' }) };
    expect(() =>
      completeDocument({ paths: { '/a': twin, '/b': { get: operation({ operationId: 'same' }) } } }),
    ).toThrow(/operationId same/);
  });

  it('documents the problem answers an operation can give, as the shared Problem schema', () => {
    const doc = completeDocument({
      paths: {
        '/v1/plans': { post: operation({ parameters: [{ in: 'header', name: 'idempotency-key' }] }) },
      },
    });
    const responses = doc.paths['/v1/plans'].post.responses as Record<string, { content?: object }>;
    expect(Object.keys(responses)).toEqual(
      ['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'].sort(),
    );
    expect(responses['404']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    expect(
      (doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas.Problem,
    ).toBeDefined();
    expect(errorStatuses('get', {})).toEqual([400, 401, 403, 429, 500, 503]);
    expect(errorStatuses('get', { security: [] })).toEqual([400, 429, 500, 503]);
    expect(errorStatuses('get', { security: [], parameters: [{ in: 'path', name: 'id' }] })).toEqual([
      400, 401, 403, 404, 409, 429, 500, 503,
    ]);
  });

  it('derives names and summaries predictably', () => {
    expect(operationIdFor('put', '/v1/context/services/{id}')).toBe('putContextServicesId');
    expect(operationIdFor('get', '/v1/worklog/pulls/{owner}/{repo}/{number}/ci')).toBe(
      'getWorklogPullsOwnerRepoNumberCi',
    );
    expect(summaryFor('post', '/x', 'Is this covered? Yes.')).toBe('Is this covered?');
    expect(summaryFor('post', '/x', 'Run a plan (202). Break glass.')).toBe('Run a plan (202)');
  });
});

describe('the baseline diff', () => {
  const base = baseline();
  const operations = Object.entries(base.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method })),
  );
  // biome-ignore lint/suspicious/noExplicitAny: the tests reach deep into the document's JSON to change it
  const clone = () => structuredClone(base) as OpenApi & { paths: Record<string, Record<string, any>> };

  it('finds nothing between the baseline and itself', () => {
    expect(diffDocuments(base, baseline())).toEqual([]);
  });

  it('calls a removed operation or response code breaking, whichever it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...operations), fc.boolean(), ({ path, method }, wholeOperation) => {
        const changed = clone();
        const op = changed.paths[path]![method];
        if (wholeOperation) delete changed.paths[path]![method];
        else delete op.responses[Object.keys(op.responses)[0]!];
        expect(diffDocuments(base, changed).some((d) => d.breaking)).toBe(true);
        expect(diffDocuments(changed, base).some((d) => d.breaking)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('calls new required request fields, removed or retyped response properties and narrowed enums breaking', () => {
    const breaking = (change: (doc: ReturnType<typeof clone>) => void) => {
      const changed = clone();
      change(changed);
      return diffDocuments(base, changed)
        .filter((d) => d.breaking)
        .map((d) => `${d.where}: ${d.what}`);
    };
    const submit = (doc: ReturnType<typeof clone>) =>
      doc.paths['/v1/plans']!.post.requestBody.content['application/json'].schema;
    const view = (doc: ReturnType<typeof clone>) =>
      doc.paths['/v1/plans/{id}']!.get.responses['200'].content['application/json'].schema;
    expect(
      breaking((doc) => {
        submit(doc).properties.ticket = { type: 'string' };
        submit(doc).required.push('ticket');
      }),
    ).toEqual(['POST /v1/plans request application/json.ticket: request property added, required']);
    expect(breaking((doc) => delete view(doc).properties.content_hash)).toEqual([
      'GET /v1/plans/{id} response 200.content_hash: response property removed',
    ]);
    expect(breaking((doc) => (view(doc).properties.revision = { type: 'string' }))).toEqual([
      'GET /v1/plans/{id} response 200.revision: retyped from number to string',
    ]);
    expect(
      breaking((doc) => {
        const status = doc.paths['/v1/plans']!.get.parameters.find(
          (p: { name: string }) => p.name === 'status',
        );
        status.schema.enum = status.schema.enum.slice(1);
      }),
    ).toEqual(['GET /v1/plans parameter query status: enum lost "pending_approval"']);
  });
});

describe('checking answers against the document', () => {
  const contract = () =>
    new ResponseContract(
      completeDocument({
        paths: {
          '/v1/things/{id}': {
            get: {
              responses: {
                200: {
                  content: {
                    'application/json': {
                      schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
          '/v1/loose': { post: { responses: { 200: { description: 'Default Response' } } } },
        },
      }) as never,
    );

  it('passes a documented answer and fails an undocumented status or a body off its schema', () => {
    const c = contract();
    c.check('GET', '/v1/things/1?x=1', 200, 'application/json; charset=utf-8', { id: '1' });
    expect(() => c.check('GET', '/v1/things/1', 200, 'application/json', { id: 1 })).toThrow(
      /getThingsId\) answered 200: the body does not match the documented schema: body\/id must be string/,
    );
    expect(() => c.check('GET', '/v1/things/1', 418, 'application/json', {})).toThrow(/does not list/);
  });

  it('holds every operation of the document to it: an unlisted status, an undescribed body or a bad problem throws', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the document's JSON as it is
    const document = baseline() as OpenApi & { paths: Record<string, Record<string, any>> };
    const c = new ResponseContract(document as never);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({ path, method })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...operations),
        fc.integer({ min: 100, max: 599 }),
        ({ path, method }, status) => {
          const operation = document.paths[path]![method];
          const responses = operation.responses as Record<
            string,
            { content?: Record<string, { schema: { type?: string } }> }
          >;
          const answer = (code: number, media: string, body: unknown) => () =>
            c.check(method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x1'), code, media, body);
          const where = `${method.toUpperCase()} ${path} (${operation.operationId}) answered`;
          if (!responses[String(status)]) {
            expect(answer(status, 'application/json', {})).toThrow(
              `${where} ${status}: a status the document`,
            );
          }
          expect(answer(400, 'application/problem+json', { code: 'x' })).toThrow(
            /must have required property/,
          );
          const [success, response] = Object.entries(responses).find(([code]) => code.startsWith('2'))!;
          if (success === '204') return;
          if (!response.content) {
            expect(answer(Number(success), 'application/json', { a: 1 })).toThrow('gives this status none');
            return;
          }
          expect(answer(Number(success), 'application/x-other', 'x')).toThrow(
            `${where} ${success}: application/x-other`,
          );
          for (const [media, { schema }] of Object.entries(response.content)) {
            if (!/json$/.test(media) || !(schema.type === 'object' || schema.type === 'array')) continue;
            expect(answer(Number(success), media, 'not JSON of that shape')).toThrow(
              /does not match the documented/,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
