import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { memoizeFrozen } from '../core/immutable.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import { Problem } from '../core/problem.ts';
import { originOf, withOrigin } from '../core/request-context.ts';
import type { App } from '../core/route-module.ts';
import type { Orm } from '../db/connect.ts';
import { enforceRouteRoles } from '../tenancy/route-roles.ts';
import { detectInjection } from './injection.ts';
import { recordSecurityEvent, type SecurityEventInput } from './security-events.ts';

export interface GuardOptions {
  orm: Orm;
  clock: Clock;
  logger: Logger;
  perKeyPerMinute: number;
  perIpPerMinute: number;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

const WINDOW_MS = 60_000;
// A body memoized by a hot route is the same frozen value on every request: screened once.
const screenBody = memoizeFrozen((body: object) => detectInjection(body));
// Probes and scrapes are never limited: a limit there would only blind monitoring.
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The request path's guards: the role rules of routes (tenancy/route-roles.ts), the /metrics token, a rate
 * limit per client IP (before authentication) and per API key (after it), an injection screen on /v1 JSON
 * bodies, and the request's origin made known to the code below (security events recorded deep inside, e.g.
 * by authorize). Limits are kept per process.
 */
export async function registerGuards(app: App, options: GuardOptions): Promise<void> {
  const { orm, clock, logger } = options;
  const record = (request: FastifyRequest, input: Omit<SecurityEventInput, 'at' | 'origin'>) =>
    recordSecurityEvent(orm, { ...input, at: clock.now(), origin: originOf(request) }).catch(
      (error: unknown) => logger.warn({ ...errorFields(error), message: 'security event not recorded' }),
    );

  enforceRouteRoles(app);
  await app.register(rateLimit, { global: false });
  const perIp = app.createRateLimit({
    max: options.perIpPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `ip:${request.ip}`,
  });
  const perKey = app.createRateLimit({
    max: options.perKeyPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `actor:${request.actor.id}`,
  });
  // A flood is one event per key and window, not one row per refused request.
  const reported = new Map<string, number>();
  const firstInWindow = (key: string): boolean => {
    const now = clock.now().getTime();
    if ((reported.get(key) ?? 0) > now - WINDOW_MS) return false;
    if (reported.size > 10_000) reported.clear();
    reported.set(key, now);
    return true;
  };
  const limit = async (request: FastifyRequest, reply: FastifyReply, check: typeof perIp, scope: string) => {
    const result = await check(request);
    // isAllowed means allow-listed; otherwise the answer says whether this request is over the limit.
    if (result.isAllowed || !result.isExceeded) return;
    if (firstInWindow(result.key)) {
      await record(request, {
        attack_type: 'rate_limit_exceeded',
        kind: `rate_limit_${scope}`,
        payload: `${request.method} ${request.url.split('?')[0]}: over ${result.max} requests a minute per ${scope}`,
        action_taken: 'rejected_429',
        status_code: 429,
        tenant_id: request.actor?.tenant_id ?? null,
        actor_id: request.actor?.id ?? null,
      });
    }
    reply.header('retry-after', String(result.ttlInSeconds));
    throw new Problem(429, 'rate_limited', `too many requests; over ${result.max} a minute per ${scope}`, {
      retry_after_seconds: result.ttlInSeconds,
    });
  };

  if (options.metricsToken) {
    const expected = digest(options.metricsToken);
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.url !== '/metrics') return;
      const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      // Digests of equal length, compared in constant time: neither the token nor its length leaks.
      if (given && timingSafeEqual(digest(given), expected)) return;
      if (firstInWindow(`metrics:${request.ip}`)) {
        await record(request, {
          attack_type: 'invalid_input',
          kind: 'metrics_unauthorized',
          payload: `GET /metrics ${given ? 'with a wrong token' : 'without a token'}`,
          action_taken: 'rejected_400',
          status_code: 401,
        });
      }
      throw new Problem(401, 'unauthorized', 'send the metrics token as "Authorization: Bearer <token>"');
    });
  }
  if (options.perIpPerMinute > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (!UNLIMITED.has(request.url.split('?')[0]!)) await limit(request, reply, perIp, 'ip');
    });
  }
  // preParsing runs after every onRequest hook, so /v1's authentication has named the actor.
  if (options.perKeyPerMinute > 0) {
    app.addHook('preParsing', async (request, reply, payload) => {
      if (request.actor) await limit(request, reply, perKey, 'key');
      return payload;
    });
  }

  app.addHook('preValidation', (request, _reply, done) => {
    // Webhooks carry third-party text and prove their origin by signature; /v1 JSON is what agents send.
    if (!request.actor || typeof request.body !== 'object' || request.body === null) return done();
    const found = screenBody(request.body);
    if (!found) return done();
    refuseInjection(request, found).then(() => done(), done);
  });
  const refuseInjection = async (
    request: FastifyRequest,
    found: NonNullable<ReturnType<typeof detectInjection>>,
  ) => {
    await record(request, {
      attack_type: found.attack_type,
      kind: 'injection',
      payload: found.value,
      action_taken: 'rejected_400',
      status_code: 400,
      tenant_id: request.actor.tenant_id,
      actor_id: request.actor.id,
    });
    throw new Problem(
      400,
      'rejected_input',
      `a field looks like a ${found.attack_type.replace('_', ' ')} attempt and was refused`,
    );
  };

  app.addHook('preHandler', (request, _reply, done) => withOrigin(originOf(request), done));
}
