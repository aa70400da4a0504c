import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { errorFields, type Logger } from '../core/logger.ts';
import { Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { App, Authenticator, RouteModule } from '../core/route-module.ts';
import { createRedactor } from '../redaction/redact.ts';
import { invalidText, invalidTextPath, queryDecodes } from './invalid-text.ts';
import { installStrictJson } from './json-body.ts';
import { completeDocument } from './openapi-contract.ts';

/** What the server records per request; ops/metrics.ts provides it. */
export interface HttpMetrics {
  httpActive: { inc(): void; dec(): void };
  requests: { record(method: string, path: string, status: number, seconds: number): void };
  registry: { contentType: string };
  scrape(): Promise<string>;
}

export interface ServerOptions {
  logger: Logger;
  metrics: HttpMetrics;
  authenticate: Authenticator;
  bodyLimit: number;
  modules: RouteModule[];
  /**
   * Answers /readyz: whether the database responds. A string means ready but degraded, and says why: 200 with
   * status `degraded`, since a 503 would take every replica out of the load balancer, the admin routes that
   * resolve the fault included.
   */
  ready: () => Promise<boolean | string>;
  /** Request-path hooks registered before any route (rate limits, input screening). */
  guards?: (app: App) => Promise<void>;
  /** Hears each finished request (the SLO recorder), with the caller's tenant when it authenticated. */
  onRequestDone?: (statusCode: number, latencyMs: number, tenantId: string | undefined) => void;
}

// Seed 003: request ids are UUID v4. A caller's other id is kept in the log as client_request_id.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Error text may quote a request or a connection string: it is redacted before it is logged.
const redactor = createRedactor();

export async function buildServer(options: ServerOptions): Promise<App> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && UUID_V4.test(given) ? given.toLowerCase() : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Refusals before routing (a path whose percent-encoding is not UTF-8) answer as problems too; no hook runs.
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, clientProblem(error) ?? new Problem(400, 'bad_request', error.message)),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only; webhook routes that need another media type add their own parser in their scope.
  app.removeContentTypeParser('text/plain');
  installStrictJson(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Warrant API',
        version: '1',
        description:
          'The governance control plane for AI agents: plans, approvals, authorization, runs, audit.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      'openapiObject' in document ? completeDocument(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('actor', undefined as unknown as Actor);
  app.decorateRequest('startedAt', 0n);
  app.decorateRequest('failure', undefined);
  // Callback-style hooks: on every request, a promise per hook is measurable overhead.
  app.addHook('onRequest', (request, reply, done) => {
    request.startedAt = process.hrtime.bigint();
    options.metrics.httpActive.inc();
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    observe(options, request, reply);
    done();
  });
  // A URL carries NUL or a lone surrogate percent-encoded; refused, as in bodies, before any handler.
  app.addHook('preValidation', (request, _reply, done) => {
    const where = queryDecodes(request.url)
      ? (invalidTextPath(request.params, 'params') ?? invalidTextPath(request.query, 'query'))
      : 'query';
    done(where === undefined ? undefined : invalidText(where));
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status === 503) {
      const after = problem.extra.retry_after_seconds;
      reply.header('retry-after', typeof after === 'number' ? String(after) : '2');
    }
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new Problem(404, 'route_not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await options.ready().catch(() => false);
    if (typeof ready === 'string') return reply.code(200).send({ status: 'degraded', reason: ready });
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unavailable' });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(options.metrics.registry.contentType).send(await options.metrics.scrape()),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await options.guards?.(app);
  for (const module of options.modules.filter((m) => m.public)) {
    await app.register(async (scope) => {
      // These routes check their own signatures or links: the document must not ask for the bearer key.
      scope.addHook('onRoute', (route) => {
        route.schema = { security: [], ...route.schema };
      });
      await module.register(scope);
    });
  }
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', async (request) => {
        request.actor = await options.authenticate(request.headers.authorization);
      });
      for (const module of options.modules.filter((m) => !m.public)) await module.register(v1);
    },
    { prefix: '/v1' },
  );
  return app;
}

function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://warrant.dev/problems/${problem.code}`,
      title: titleFor(problem.status),
      status: problem.status,
      code: problem.code,
      detail: problem.message,
      instance: reply.request.url.split('?')[0],
      request_id: reply.request.id,
      ...problem.extra,
    });
}

/** Maps framework and validation errors to stable codes; anything unexpected is a 500, logged on the request's line. */
function toProblem(error: unknown, request: FastifyRequest): Problem {
  const known = clientProblem(error);
  if (known) return known;
  request.failure = error;
  if (isDatabaseUnavailable(error)) {
    return new Problem(503, 'database_unavailable', 'the database is unavailable; retry shortly', {
      retry_after_seconds: 2,
    });
  }
  return new Problem(500, 'internal', 'an internal error occurred; the request id names it in the logs');
}

/** The problem an error stands for when the client caused it (a Problem, a validation or framework 4xx). */
export function clientProblem(error: unknown): Problem | undefined {
  if (error instanceof Problem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`.replace(
        /\.$/,
        '',
      ),
      message: issue.message,
    }));
    const first = issues[0];
    return new Problem(
      400,
      'validation_failed',
      first ? `${first.path}: ${first.message}` : 'invalid request',
      {
        issues,
      },
    );
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem(400, 'malformed_json', `the body is not valid JSON: ${fastifyError.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'body_too_large', 'the request body is over the size limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem(400, 'bad_content_length', fastifyError.message);
    case 'FST_ERR_BAD_URL':
      // Percent-encoding that is not UTF-8 (such as %ED%A0%80, an unpaired surrogate) decodes to no text.
      return new Problem(400, 'invalid_text', 'the URL path is not percent-encoded UTF-8 text');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new Problem(fastifyError.statusCode, 'bad_request', fastifyError.message);
  }
  return undefined;
}

function observe(options: ServerOptions, request: FastifyRequest, reply: FastifyReply): void {
  const latencyMs = Number(process.hrtime.bigint() - request.startedAt) / 1e6;
  // Route templates, never raw ids, keep label cardinality bounded.
  const path = request.routeOptions.url ?? 'unmatched';
  options.metrics.httpActive.dec();
  options.metrics.requests.record(request.method, path, reply.statusCode, latencyMs / 1000);
  options.onRequestDone?.(reply.statusCode, latencyMs, request.actor?.tenant_id);
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!options.logger.isLevelEnabled(level)) return;
  const given = request.headers['x-request-id'];
  // One line per request (timestamp, level, message, request fields); the query string is left out, it may
  // carry a secret.
  options.logger[level]({
    request_id: request.id,
    ...(typeof given === 'string' && given !== request.id && CLIENT_REQUEST_ID.test(given)
      ? { client_request_id: given }
      : {}),
    method: request.method,
    path: request.url.split('?')[0],
    status_code: status,
    latency_ms: Math.round(latencyMs * 1000) / 1000,
    user_id: request.actor?.id ?? null,
    message: status >= 500 ? 'request failed' : 'request completed',
    ...(level === 'error' ? failureFields(request.failure, status) : {}),
  });
}

/** Seed 003's error fields, required on ERROR lines; a 5xx without an exception still names itself. */
function failureFields(failure: unknown, status: number) {
  if (failure === undefined) {
    return { error_type: 'HttpError', error_message: `answered ${status}`, error_stack_trace: null };
  }
  const fields = errorFields(failure);
  return {
    error_type: fields.error_type,
    error_message: redactor.text(fields.error_message ?? ''),
    error_stack_trace: fields.error_stack_trace ? redactor.text(fields.error_stack_trace) : null,
  };
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Error';
}

// Connection refused or reset, and PostgreSQL's shutdown / cannot-connect / connection-failure states.
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** A database that is restarting or unreachable: the client should retry, nothing is wrong with its request. */
function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|terminating connection|not queryable|the database system is (starting up|shutting down|in recovery mode)/.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}
