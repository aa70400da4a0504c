import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';

/** Who sent the request being served: lets deep code (authorize) record security events with it. */
export interface RequestOrigin {
  request_id: string;
  ip_address: string | null;
  user_agent: string | null;
  method: string;
  endpoint: string;
}

const storage = new AsyncLocalStorage<RequestOrigin>();

/** Runs the rest of a request (from its preHandler on) with its origin known. */
export const withOrigin = (origin: RequestOrigin, next: () => void): void => storage.run(origin, next);

export const currentOrigin = (): RequestOrigin | undefined => storage.getStore();

export const originOf = (request: FastifyRequest): RequestOrigin => ({
  request_id: request.id,
  ip_address: request.ip ?? null,
  user_agent: request.headers['user-agent'] ?? null,
  method: request.method,
  endpoint: request.url.split('?')[0] ?? '/',
});
