/**
 * Completes the OpenAPI document @fastify/swagger builds from the route schemas, in one place instead of in
 * every route: each operation gets an operationId, a summary, tags and the problem+json answers it can give.
 */

type Json = Record<string, unknown>;

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  security?: unknown[];
  responses?: Record<string, Json>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  tags?: { name: string }[];
  components?: { schemas?: Record<string, unknown> } & Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** What src/http/server.ts's sendProblem writes (RFC 9457 plus a stable `code` and the request id). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An error (RFC 9457). `code` is stable and meant for programs; `detail` is for people.',
  required: ['type', 'title', 'status', 'code', 'detail', 'instance', 'request_id'],
  properties: {
    type: { type: 'string', description: 'https://warrant.dev/problems/{code}' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', description: 'e.g. validation_failed, invalid_text, duplicate_key, not_found' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'the request path' },
    request_id: { type: 'string' },
    issues: {
      type: 'array',
      description:
        'What is wrong: {path, message} objects for validation_failed; playbooks and models add their own forms',
      items: {},
    },
    retry_after_seconds: { type: 'integer', description: '429 and 503: when to try again' },
  },
  additionalProperties: true,
} as const;

const ERRORS: Record<number, string> = {
  400: 'The request is invalid (validation_failed, malformed_json, invalid_text, duplicate_key, …)',
  401: 'No valid credentials (unauthorized, bad_signature, …)',
  403: "The caller's roles do not allow this (forbidden, self_approval, …)",
  404: 'Not found, or not the caller’s tenant’s (not_found)',
  409: 'The state does not allow this now (conflict, stale_revision, duplicate_vote, …)',
  413: 'The request body is over the size limit (body_too_large)',
  415: 'The body is not JSON (unsupported_media_type)',
  422: 'The Idempotency-Key was used before for another request (idempotency_key_reused)',
  429: 'Too many requests (rate_limited); see Retry-After',
  500: 'An internal error; the request id names it in the logs (internal)',
  503: 'Unavailable for now; retry after Retry-After (database_unavailable, model_unavailable, context_source_unavailable)',
};

const problemResponse = (status: number) => ({
  description: ERRORS[status],
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The errors an operation can answer. Any request can be refused (400), limited (429) or fail (500, 503);
 * whatever names a thing by id (a path parameter or a body) can miss it or find it in a state that does not allow
 * the request (a proof of an event not yet integrated); whatever can carry a body can be too large or not JSON. Operations behind the bearer key can lack it or a role,
 * and so can those without (`security: []`) that name something: they check a signature or a signed link.
 * An Idempotency-Key sent again with another request is refused.
 */
export function errorStatuses(method: string, operation: Operation): number[] {
  const bearer = !(Array.isArray(operation.security) && operation.security.length === 0);
  const carriesBody = method === 'post' || method === 'put' || method === 'patch' || method === 'delete';
  const parameters = operation.parameters ?? [];
  const namesThings = carriesBody || parameters.some((p) => p.in === 'path');
  return [
    400,
    ...(bearer || namesThings ? [401, 403] : []),
    ...(namesThings ? [404, 409] : []),
    ...(carriesBody ? [413, 415] : []),
    ...(parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key') ? [422] : []),
    429,
    500,
    503,
  ];
}

/** `POST /v1/plans/{id}/approvals` → `postPlansIdApprovals`: stable, and unique because method + path is. */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .replace(/^\/v1(?=\/|$)/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

/** A description's first sentence, without its full stop; else the method and path. */
export function summaryFor(method: string, path: string, description?: string): string {
  const first = description?.trim().match(/^.+?[.?!](?=\s|$)/s)?.[0] ?? description?.trim();
  return first ? first.replace(/\.$/, '') : `${method.toUpperCase()} ${path}`;
}

/** Fills in what the route schemas leave out; what a route sets itself is kept. */
export function completeDocument<T extends object>(given: T): T {
  // The OpenAPI typings' unions make this walk unreadable; only the parts named in OpenApiDocument are touched.
  const document = given as OpenApiDocument;
  const seen = new Map<string, string>();
  const tags = new Set((document.tags ?? []).map((tag) => tag.name));
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      operation.operationId ??= operationIdFor(method, path);
      const other = seen.get(operation.operationId);
      if (other)
        throw new Error(`operationId ${operation.operationId} of ${method} ${path} is also ${other}'s`);
      seen.set(operation.operationId, `${method} ${path}`);
      operation.summary ??= summaryFor(method, path, operation.description);
      if (!operation.tags?.length) operation.tags = [path.split('/')[2] ?? 'default'];
      for (const tag of operation.tags) tags.add(tag);
      operation.responses ??= {};
      const responses = operation.responses;
      for (const status of errorStatuses(method, operation)) responses[status] ??= problemResponse(status);
    }
  }
  // Tags are declared once, at the top, as the document's table of contents.
  document.tags = [...tags].sort().map((name) => ({ name, ...document.tags?.find((t) => t.name === name) }));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  return given;
}
